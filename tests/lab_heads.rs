//! The lab's output heads (sigmoid, softmax, linear) and its new data sets: each
//! head's gradient against central finite differences of its loss, softmax against
//! published values, the digits file against the UCI set's published counts, and
//! the configurations a head cannot fit.

use acttutor::activation::find;
use acttutor::func::Func;
use acttutor::lab::data::{digits, target, DIGIT_COUNT};
use acttutor::lab::network::softmax_into;
use acttutor::lab::{
    Dataset, DatasetKind, Head, Init, Lab, LabConfig, Network, Rng, Task, Workspace,
};

fn catalog(name: &str) -> Func {
    Func::Catalog(find(name).expect("in the catalog").configured())
}

/// A small network with non-zero biases, its points and labels for `head` with
/// `outputs` outputs (labels: class indices, 0/1, or targets).
fn setup(inputs: usize, outputs: usize, head: Head, seed: u64) -> (Network, Vec<f64>, Vec<f64>) {
    let mut rng = Rng::new(seed);
    let mut net = Network::with_shape(inputs, &[5, 4], outputs, head, Init::Xavier, 1.5, &mut rng);
    for p in net.params_mut() {
        *p += 0.1 * rng.normal();
    }
    let n = 9;
    let points: Vec<f64> = (0..n * inputs).map(|_| rng.uniform(-1.0, 1.0)).collect();
    let labels: Vec<f64> = match head {
        Head::Linear => (0..n).map(|_| rng.uniform(-1.0, 1.0)).collect(),
        _ if outputs == 1 => (0..n).map(|i| (i % 2) as f64).collect(),
        _ => (0..n).map(|i| (i % outputs) as f64).collect(),
    };
    (net, points, labels)
}

/// Largest |analytic − central difference| of the loss over every parameter,
/// relative to the gradient's scale.
fn gradient_error(net: &mut Network, points: &[f64], labels: &[f64]) -> f64 {
    let func = catalog("tanh");
    let mut ws = Workspace::new();
    net.loss_and_gradient(&func, points, labels, &mut ws);
    let analytic = ws.grads().to_vec();
    let scale = analytic.iter().fold(1e-3_f64, |m, g| m.max(g.abs()));
    let loss = |net: &Network| {
        net.evaluate(&func, points, labels, &mut Workspace::new())
            .loss
    };
    let h = 1e-6;
    let mut worst = 0.0_f64;
    for (i, &grad) in analytic.iter().enumerate() {
        let original = net.params()[i];
        net.params_mut()[i] = original + h;
        let up = loss(net);
        net.params_mut()[i] = original - h;
        let down = loss(net);
        net.params_mut()[i] = original;
        worst = worst.max(((up - down) / (2.0 * h) - grad).abs() / scale);
    }
    worst
}

#[test]
fn every_head_gradient_matches_finite_differences() {
    let cases = [
        (2, 1, Head::Sigmoid),
        (2, 3, Head::Sigmoid),
        (2, 2, Head::Softmax),
        (3, 4, Head::Softmax),
        (1, 1, Head::Linear),
    ];
    for (inputs, outputs, head) in cases {
        let (mut net, points, labels) = setup(inputs, outputs, head, 21);
        let error = gradient_error(&mut net, &points, &labels);
        assert!(error < 1e-6, "{head} with {outputs} outputs: {error:e}");
    }
}

/// For one point, ∂loss/∂(output bias) is ∂loss/∂z: softmax with cross-entropy
/// gives p − y, computed here from the logits independently of the lab.
#[test]
fn softmax_gradient_at_the_logits_is_p_minus_y() {
    let (net, points, _) = setup(2, 4, Head::Softmax, 5);
    let func = catalog("tanh");
    let point = &points[..2];
    for class in 0..4 {
        let mut ws = Workspace::new();
        net.loss_and_gradient(&func, point, &[class as f64], &mut ws);
        let logits = ws.logits().to_vec();
        let exps: Vec<f64> = logits.iter().map(|z| z.exp()).collect();
        let total: f64 = exps.iter().sum();
        let last = net.weight_layers() - 1;
        let bias_grads = &ws.grads()[net.layout(last).1];
        for c in 0..4 {
            let y = if c == class { 1.0 } else { 0.0 };
            let expected = exps[c] / total - y;
            assert!(
                (bias_grads[c] - expected).abs() < 1e-12,
                "class {class}, output {c}"
            );
        }
    }
}

#[test]
fn softmax_matches_published_values_and_survives_huge_logits() {
    // p = softmax([1, 2, 3]) and logsumexp − z₃, as in any reference (e.g. the
    // PyTorch docs' example values): 0.0900306, 0.2447285, 0.6652410; loss 0.4076060.
    let mut p = [0.0; 3];
    let log_sum = softmax_into(&[1.0, 2.0, 3.0], &mut p);
    for (got, want) in p.iter().zip([0.090_030_573, 0.244_728_471, 0.665_240_956]) {
        assert!((got - want).abs() < 1e-9, "{got} vs {want}");
    }
    assert!((log_sum - 3.0 - 0.407_605_964).abs() < 1e-9);
    let mut q = [0.0; 3];
    let big = softmax_into(&[1000.0, 1001.0, 1002.0], &mut q);
    assert_eq!(p, q, "shift-invariant, no overflow");
    assert!((big - 1_002.407_605_964).abs() < 1e-9);
}

#[test]
fn digits_are_the_uci_set() {
    let all = digits();
    assert_eq!(all.len(), DIGIT_COUNT);
    assert_eq!(all.dim, 64);
    assert!(all.x.iter().all(|p| (0.0..=1.0).contains(p)));
    assert_eq!(
        all.x.iter().cloned().fold(0.0, f64::max),
        1.0,
        "16/16 occurs"
    );
    // The published class counts of the 1797 images (sklearn's load_digits).
    let mut counts = [0; 10];
    for &label in &all.y {
        counts[label as usize] += 1;
    }
    assert_eq!(counts, [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
    // The first image: a 0 whose 64 raw pixels add up to 294.
    let first: f64 = all.input(0).iter().sum::<f64>() * 16.0;
    assert_eq!((first.round(), all.y[0]), (294.0, 0.0));
    let data = Dataset::generate(DatasetKind::Digits, 10, 0.3, &mut Rng::new(1));
    assert_eq!(
        (data.train.len(), data.test.len()),
        (1438, 359),
        "80/20, rounded"
    );
    assert_eq!(data.noise, 0.0, "pixels are not jittered");
}

#[test]
fn broken_digit_files_are_explained() {
    use acttutor::lab::data::decode_digits;
    use std::io::Write;
    let gzip = |text: &str| {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(text.as_bytes()).unwrap();
        encoder.finish().unwrap()
    };
    let short = decode_digits(&gzip("1,2,3\n")).unwrap_err();
    assert!(short.contains("2 pixels, not 64"), "{short}");
    let row = |pixel: &str, label: &str| format!("{}{pixel},{label}\n", "0,".repeat(63));
    let hot = decode_digits(&gzip(&row("17", "1"))).unwrap_err();
    assert!(hot.contains("outside 0–16"), "{hot}");
    let label = decode_digits(&gzip(&row("3", "12"))).unwrap_err();
    assert!(label.contains("not a digit"), "{label}");
    assert!(decode_digits(b"not gzip").is_err());
    assert_eq!(decode_digits(&gzip(&row("16", "7"))).unwrap().y, vec![7.0]);
}

#[test]
fn new_sets_have_their_classes_and_targets() {
    for (kind, classes) in [(DatasetKind::Spiral3, 3), (DatasetKind::Blobs4, 4)] {
        assert_eq!(kind.task(), Task::Classify { classes });
        let data = Dataset::generate(kind, 600, 0.0, &mut Rng::new(3));
        assert_eq!((data.train.len(), data.test.len()), (480, 120));
        let mut counts = vec![0; classes];
        for &y in data.train.y.iter().chain(&data.test.y) {
            counts[y as usize] += 1;
        }
        assert!(
            counts.iter().all(|&c| c == 600 / classes),
            "{kind}: {counts:?}"
        );
        let limit = if kind == DatasetKind::Blobs4 {
            1.5
        } else {
            1.0
        };
        assert!(data.train.x.iter().all(|v| v.abs() <= limit), "{kind}");
    }
    type Target = fn(f64) -> f64;
    let checks: [(DatasetKind, Target); 4] = [
        (DatasetKind::Sine, |x| (std::f64::consts::PI * x).sin()),
        (DatasetKind::Abs, f64::abs),
        (DatasetKind::Step, |x| if x < 0.0 { 0.0 } else { 1.0 }),
        (DatasetKind::Square, |x| x * x),
    ];
    for (kind, f) in checks {
        assert_eq!(kind.task(), Task::Regress);
        let data = Dataset::generate(kind, 200, 0.0, &mut Rng::new(4));
        assert_eq!(data.train.dim, 1);
        for i in 0..data.train.len() {
            let x = data.train.x[i];
            assert!((-1.0..=1.0).contains(&x));
            assert!((data.train.y[i] - f(x)).abs() < 1e-12, "{kind} at {x}");
            assert!((target(kind, x) - f(x)).abs() < 1e-12);
        }
    }
    let err = "donut".parse::<DatasetKind>().unwrap_err();
    assert!(
        err.contains("spiral3, blobs4, sine, abs, step, square, digits"),
        "{err}"
    );
}

#[test]
fn each_dataset_has_its_default_head_and_shape() {
    let shape = |dataset: DatasetKind, output: Option<Head>| {
        let config = LabConfig {
            dataset,
            output,
            ..LabConfig::default()
        };
        let lab = Lab::new(config).expect("a valid config");
        (
            lab.output_kind(),
            lab.network().sizes().to_vec(),
            lab.classes(),
        )
    };
    assert_eq!(
        shape(DatasetKind::Circle, None),
        (Head::Sigmoid, vec![2, 8, 8, 1], Some(2))
    );
    assert_eq!(
        shape(DatasetKind::Spiral3, None),
        (Head::Softmax, vec![2, 8, 8, 3], Some(3))
    );
    assert_eq!(
        shape(DatasetKind::Blobs4, Some(Head::Sigmoid)),
        (Head::Sigmoid, vec![2, 8, 8, 4], Some(4)),
        "one sigmoid per class"
    );
    assert_eq!(
        shape(DatasetKind::Moons, Some(Head::Softmax)),
        (Head::Softmax, vec![2, 8, 8, 2], Some(2))
    );
    assert_eq!(
        shape(DatasetKind::Sine, None),
        (Head::Linear, vec![1, 8, 8, 1], None)
    );
    assert_eq!(
        shape(DatasetKind::Digits, None),
        (Head::Softmax, vec![64, 8, 8, 10], Some(10))
    );
}

#[test]
fn heads_that_cannot_fit_the_data_are_explained() {
    let error = |dataset: DatasetKind, output: Head| {
        Lab::new(LabConfig {
            dataset,
            output: Some(output),
            ..LabConfig::default()
        })
        .unwrap_err()
        .to_string()
    };
    let softmax = error(DatasetKind::Sine, Head::Softmax);
    assert!(
        softmax.contains("K = 1") && softmax.contains("--output linear"),
        "{softmax}"
    );
    let sigmoid = error(DatasetKind::Square, Head::Sigmoid);
    assert!(sigmoid.contains("--output linear"), "{sigmoid}");
    let linear = error(DatasetKind::Digits, Head::Linear);
    assert!(linear.contains("sigmoid or softmax"), "{linear}");
    let err = "tanh".parse::<Head>().unwrap_err();
    assert_eq!(
        err,
        "unknown output 'tanh'; choose one of sigmoid, softmax, linear"
    );
    assert_eq!("Identity".parse::<Head>(), Ok(Head::Linear));
}

#[test]
fn the_view_api_answers_for_every_kind_of_set() {
    let mut digits = Lab::new(LabConfig {
        dataset: DatasetKind::Digits,
        hidden: vec![16],
        activation: catalog("relu"),
        init: Init::He,
        lr: 0.5,
        ..LabConfig::default()
    })
    .unwrap();
    digits.steps(20);
    let test = digits.data().test.clone();
    let probabilities = digits.class_probabilities(test.input(0));
    assert_eq!(probabilities.len(), 10);
    assert!((probabilities.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    let confusion = digits.confusion_matrix();
    assert_eq!(confusion.len(), 10);
    assert_eq!(confusion.iter().flatten().sum::<usize>(), test.len());
    let predicted = digits.predicted_classes(&test.x);
    let right = predicted
        .iter()
        .zip(&test.y)
        .filter(|(p, y)| **p as f64 == **y)
        .count();
    let diagonal: usize = (0..10).map(|c| confusion[c][c]).sum();
    assert_eq!(right, diagonal);
    let health = digits.health();
    assert!((health.test_accuracy - right as f64 / test.len() as f64).abs() < 1e-12);
    let per_class = digits.class_accuracy();
    assert_eq!(per_class.len(), 10);
    assert!(per_class
        .iter()
        .all(|a| a.is_some_and(|a| (0.0..=1.0).contains(&a))));
    assert!(digits.curve(&[0.0]).is_empty(), "no curve for images");
    let grid = digits.decision_grid(3, 2, (-1.0, 1.0));
    assert!(grid.len() == 6 && grid.iter().all(|p| p.is_nan()), "not in the plane");

    // One sigmoid on two classes: [1 − p, p], and p is what `predict` gives.
    let mut moons = Lab::new(LabConfig {
        dataset: DatasetKind::Moons,
        ..LabConfig::default()
    })
    .unwrap();
    let p = moons.predict(&[[0.3, -0.2]])[0];
    assert_eq!(moons.class_probabilities(&[0.3, -0.2]), vec![1.0 - p, p]);
    assert_eq!(moons.decision_classes(4, 3, (-1.0, 1.0)).len(), 12);

    let mut sine = Lab::new(LabConfig {
        dataset: DatasetKind::Sine,
        ..LabConfig::default()
    })
    .unwrap();
    assert_eq!(sine.curve(&[-0.5, 0.0, 0.5]).len(), 3);
    assert!(sine.classes().is_none() && sine.confusion_matrix().is_empty());
    let health = sine.health();
    assert!(health.accuracy.is_nan() && health.loss.is_finite());
}
