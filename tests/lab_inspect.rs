//! The neuron inspector and the narrations, against independent values: a unit's
//! bias and weight gradients against central finite differences of the training
//! loss (each head, several smooth activations); one point's backward product of
//! weights and slopes against the gradient the network computes and against finite
//! differences of that point's loss; narrations on a dying-ReLU run, a deep-sigmoid
//! run and a healthy run (conditions and bands, not exact steps).

use acttutor::activation::find;
use acttutor::func::Func;
use acttutor::lab::inspect::{self, UnitRef};
use acttutor::lab::narrate::Narrator;
use acttutor::lab::{scenario, DatasetKind, Head, Init, Lab, LabConfig, Network, Workspace};

fn catalog(name: &str) -> Func {
    Func::Catalog(find(name).expect("in the catalog").configured())
}

/// The mean training loss of `net` on the lab's training set.
fn training_loss(lab: &Lab, net: &Network) -> f64 {
    let train = &lab.data().train;
    let mut ws = Workspace::new();
    net.evaluate(&lab.config().activation, &train.x, &train.y, &mut ws)
        .loss
}

/// Central difference of the training loss in parameter `index`.
fn finite_difference(lab: &Lab, index: usize) -> f64 {
    let h = 1e-5;
    let mut net = lab.network().clone();
    let at = |net: &mut Network, value: f64| {
        net.params_mut()[index] = value;
        training_loss(lab, net)
    };
    let theta = net.params()[index];
    (at(&mut net, theta + h) - at(&mut net, theta - h)) / (2.0 * h)
}

fn assert_close(what: &str, shown: f64, expected: f64, tolerance: f64) {
    let scale = shown.abs().max(expected.abs());
    assert!(
        (shown - expected).abs() <= tolerance * scale,
        "{what}: shown {shown}, finite difference {expected}"
    );
}

/// A small lab trained a few steps (biases no longer 0) on `dataset` with `head`.
fn trained(activation: &str, dataset: DatasetKind, head: Head) -> Lab {
    let config = LabConfig {
        activation: catalog(activation),
        dataset,
        output: Some(head),
        points: 60,
        hidden: vec![5, 4],
        lr: 0.1,
        ..LabConfig::default()
    };
    let mut lab = Lab::new(config).expect("a valid config");
    lab.steps(5);
    lab
}

#[test]
fn gradients_shown_equal_finite_differences_for_every_head() {
    let cases = [
        ("tanh", DatasetKind::Circle, Head::Sigmoid),
        ("sigmoid", DatasetKind::Spiral3, Head::Softmax),
        ("softplus", DatasetKind::Sine, Head::Linear),
        ("gelu", DatasetKind::Blobs4, Head::Sigmoid),
        ("tanh", DatasetKind::Blobs4, Head::Softmax),
        ("gelu", DatasetKind::Square, Head::Linear),
    ];
    for (activation, dataset, head) in cases {
        let lab = trained(activation, dataset, head);
        for unit in [UnitRef { layer: 1, unit: 2 }, UnitRef { layer: 2, unit: 3 }] {
            let report = inspect::inspect(&lab, unit).expect("a hidden unit");
            let case = format!("{activation} {dataset} {head} {unit}");
            let (w_range, b_range) = lab.network().layout(unit.layer - 1);
            let fan_in = report.weights.len();
            let bias_index = b_range.start + unit.unit;
            assert_close(
                &format!("{case} bias"),
                report.bias_grad,
                finite_difference(&lab, bias_index),
                1e-6,
            );
            for (k, &g) in report.weight_grad.iter().enumerate() {
                let index = w_range.start + unit.unit * fan_in + k;
                assert_close(
                    &format!("{case} w{k}"),
                    g,
                    finite_difference(&lab, index),
                    1e-6,
                );
            }
            // The mean of δ·f′(z) over the points is the bias gradient.
            assert_close(
                &format!("{case} mean δ·f′"),
                report.mean_delta_slope,
                report.bias_grad,
                1e-9,
            );
        }
    }
}

#[test]
fn the_report_holds_the_units_numbers() {
    let lab = trained("tanh", DatasetKind::Circle, Head::Sigmoid);
    let unit = UnitRef { layer: 2, unit: 1 };
    let report = inspect::inspect(&lab, unit).expect("a hidden unit");
    let net = lab.network();
    assert_eq!(report.weights, net.weights(1)[5..10].to_vec());
    assert_eq!(report.bias, net.biases(1)[1]);
    assert_eq!(report.z.len(), lab.data().train.len());
    // z at a point is w·a + b with a the layer below's outputs: check one point.
    let trace = inspect::trace(&lab, 7, unit).expect("a point");
    let below = &trace.layers[0].a;
    let z: f64 = report
        .weights
        .iter()
        .zip(below)
        .map(|(w, a)| w * a)
        .sum::<f64>()
        + report.bias;
    assert!((z - report.z[7]).abs() < 1e-12);
    // The last update was −lr × the last step's gradient, and moved the unit.
    let update = report.last_update.as_ref().expect("steps were taken");
    assert_eq!(update.weights.len(), 5);
    assert!(update.norm > 0.0 && report.moved >= update.norm * 0.5);
    let fresh = Lab::new(lab.config().clone()).expect("valid");
    let report = inspect::inspect(&fresh, unit).expect("a hidden unit");
    assert!(report.last_update.is_none());
    assert_eq!(report.moved, 0.0);
}

/// A chain of single units: the backward product δ_out · Π wᵢ·f′(zᵢ) · x is the
/// first weight's gradient, by the chain rule written out.
#[test]
fn a_chains_product_of_weights_and_slopes_is_its_gradient() {
    for (activation, head, dataset) in [
        ("sigmoid", Head::Sigmoid, DatasetKind::Circle),
        ("tanh", Head::Linear, DatasetKind::Sine),
        // One output: with K outputs the top hop sums K terms (the wide test's case).
        ("softplus", Head::Linear, DatasetKind::Abs),
    ] {
        let config = LabConfig {
            activation: catalog(activation),
            dataset,
            output: Some(head),
            points: 40,
            hidden: vec![1, 1, 1, 1],
            init_gain: 2.0,
            ..LabConfig::default()
        };
        let lab = Lab::new(config).expect("valid");
        let target = UnitRef { layer: 1, unit: 0 };
        let trace = inspect::trace(&lab, 3, target).expect("a point");
        assert_eq!(trace.path.len(), 4);
        let mut product = trace.output_delta;
        for step in &trace.path {
            product *= step.weight * step.slope;
            assert!(
                (step.factor - step.weight * step.slope).abs()
                    <= 1e-12 * step.factor.abs().max(1e-300)
            );
        }
        let x = &trace.input;
        for (k, &g) in trace.weight_grad.iter().enumerate() {
            let expected = product * x[k];
            assert!(
                (g - expected).abs() <= 1e-12 * expected.abs().max(1e-300),
                "{activation}: {g} vs {expected}"
            );
        }
        assert!((trace.bias_grad - product).abs() <= 1e-12 * product.abs());
        assert!((trace.path_product() - trace.layers[0].delta[0]).abs() <= 1e-12 * product.abs());
    }
}

/// On a wide net the path's factors multiply to the network's δ at the target, and
/// that δ times the inputs is the point's weight gradient, which finite
/// differences of the point's loss confirm.
#[test]
fn a_points_trace_matches_the_network_and_finite_differences() {
    let lab = trained("tanh", DatasetKind::Spiral3, Head::Softmax);
    let target = UnitRef { layer: 1, unit: 4 };
    let point = 11;
    let trace = inspect::trace(&lab, point, target).expect("a point");
    let delta = trace.layers[0].delta[4];
    assert!((trace.path_product() - delta).abs() <= 1e-12 * delta.abs());
    for step in &trace.path {
        assert!((step.delta - step.slope * step.signal).abs() <= 1e-12 * step.signal.abs());
    }
    // One point's loss, by finite differences in the target's first weight.
    let train = &lab.data().train;
    let (x, y) = (train.input(point).to_vec(), [train.y[point]]);
    let index = lab.network().layout(0).0.start + 4 * x.len();
    let loss_at = |value: f64| {
        let mut net = lab.network().clone();
        net.params_mut()[index] = value;
        let mut ws = Workspace::new();
        net.evaluate(&lab.config().activation, &x, &y, &mut ws).loss
    };
    let theta = lab.network().params()[index];
    let h = 1e-5;
    let fd = (loss_at(theta + h) - loss_at(theta - h)) / (2.0 * h);
    assert_close("point weight gradient", trace.weight_grad[0], fd, 1e-6);
    assert_close("δ·x", delta * x[0], fd, 1e-6);
    let p: f64 = trace.output.iter().sum();
    assert!((p - 1.0).abs() < 1e-12, "softmax outputs sum to 1");
}

#[test]
fn bad_units_and_points_name_the_valid_range() {
    let lab = trained("tanh", DatasetKind::Circle, Head::Sigmoid);
    let err = inspect::inspect(&lab, UnitRef { layer: 0, unit: 0 }).unwrap_err();
    assert!(err.contains("hidden layers 1 to 2"), "{err}");
    let err = inspect::inspect(&lab, UnitRef { layer: 3, unit: 0 }).unwrap_err();
    assert!(err.contains("hidden layers 1 to 2"), "{err}");
    let err = inspect::inspect(&lab, UnitRef { layer: 2, unit: 4 }).unwrap_err();
    assert!(err.contains("0 to 3"), "{err}");
    let len = lab.data().train.len();
    let err = inspect::trace(&lab, len, UnitRef { layer: 1, unit: 0 }).unwrap_err();
    assert!(err.contains(&format!("0 to {}", len - 1)), "{err}");
}

/// Every narration of a run of `steps` steps, with the health at each step.
fn narrations(config: LabConfig, steps: u64) -> Vec<(u64, String)> {
    let mut lab = Lab::new(config).expect("valid");
    let mut narrator = Narrator::new();
    let mut lines = Vec::new();
    for step in 0..=steps {
        if step > 0 {
            lab.step();
        }
        let health = lab.health();
        for n in narrator.observe(&lab, &health) {
            lines.push((n.step, n.to_string()));
        }
    }
    lines
}

/// Units die in this run (seed 1, lr 5): a "died" line for a layer exactly at the
/// steps where its dead count rose, and a whole-layer line exactly when all are dead.
#[test]
fn a_dying_relu_run_is_told_its_units_died_exactly_when_they_do() {
    let config = scenario("relu-large-lr").expect("a scenario").config();
    let mut lab = Lab::new(config).expect("valid");
    let mut narrator = Narrator::new();
    let mut dead_before = [0; 2];
    let mut deaths = 0;
    for step in 0..=200 {
        if step > 0 {
            lab.step();
        }
        let health = lab.health();
        let told: Vec<String> = narrator
            .observe(&lab, &health)
            .iter()
            .map(ToString::to_string)
            .collect();
        for (i, layer) in health.layers.iter().enumerate() {
            let name = format!("in L{} ", i + 1);
            let said_died = told.iter().any(|l| {
                l.contains(&name) && (l.contains("died") || l.contains("dead from the start"))
            });
            assert_eq!(
                said_died,
                layer.dead > dead_before[i],
                "step {step}: {told:?}"
            );
            let said_all = told
                .iter()
                .any(|l| l.contains(&format!("every unit in L{} is dead:", i + 1)));
            assert_eq!(
                said_all,
                layer.dead == layer.width && layer.dead > dead_before[i],
                "step {step}"
            );
            deaths += usize::from(said_died);
            dead_before[i] = layer.dead;
        }
        for line in told.iter().filter(|l| l.contains("died")) {
            assert!(line.contains("z < 0 on every point; largest z −"), "{line}");
        }
    }
    assert!(deaths >= 2, "units die in this run");
}

/// Deep sigmoid: a vanishing line exactly at the steps where layer 1's gradient
/// norm, over the largest other layer's, is at most 10⁻³ and a power of ten lower
/// than at the step before (the norms read from the health report).
#[test]
fn a_deep_sigmoid_run_is_told_its_gradient_vanishes() {
    let config = scenario("deep-sigmoid").expect("a scenario").config();
    let mut lab = Lab::new(config).expect("valid");
    let mut narrator = Narrator::new();
    let mut before: Option<i32> = None;
    let mut told_any = false;
    for step in 0..=100 {
        if step > 0 {
            lab.step();
        }
        let health = lab.health();
        let norms = health.grad_norms();
        let top = norms[1..].iter().copied().fold(0.0, f64::max);
        let ratio = norms[0] / top;
        let decade = ratio.log10().round() as i32;
        let vanishing = ratio <= 1e-3;
        let expected = vanishing && before.is_none_or(|d| decade < d);
        let told = narrator.observe(&lab, &health);
        let said = told
            .iter()
            .any(|n| n.text.starts_with("L1's gradient is 10⁻"));
        assert_eq!(said, expected, "step {step}: ratio {ratio}, {told:?}");
        before = vanishing.then_some(decade);
        told_any |= said;
    }
    assert!(told_any, "σ′ ≤ 0.25 six times over: L1's gradient vanishes");
}

#[test]
fn a_healthy_run_has_nothing_to_tell() {
    let config = LabConfig {
        activation: catalog("tanh"),
        init: Init::Xavier,
        ..LabConfig::default()
    };
    let lines = narrations(config, 300);
    assert!(lines.is_empty(), "{lines:?}");
}

/// Day 5's "try it" paragraph: the deep-sigmoid trace's f′ factors are at most 0.25,
/// the step-0 narration puts layer 1's gradient at 10⁻⁵ of the output layer's, and
/// with ReLU the factors on the path are 1 or 0.
#[test]
fn day_5s_inspector_paragraph_holds() {
    let lesson = include_str!("../lessons/day05-vanishing-gradients.md");
    assert!(lesson.contains("--scenario deep-sigmoid\n--steps 100 --inspect 1:0 --trace 3"));
    let config = scenario("deep-sigmoid").expect("a scenario").config();
    let mut lab = Lab::new(config.clone()).expect("valid");
    let health = lab.health();
    let told = Narrator::new().observe(&lab, &health);
    assert!(
        told.iter().any(|n| n
            .to_string()
            .starts_with("step 0: L1's gradient is 10⁻⁵ of the output layer's")),
        "{told:?}"
    );
    lab.steps(100);
    let trace = inspect::trace(&lab, 3, UnitRef { layer: 1, unit: 0 }).expect("a point");
    let slopes = trace.slopes_on_path();
    assert_eq!(slopes.len(), 6);
    assert!(slopes.iter().all(|&s| s > 0.0 && s <= 0.25), "{slopes:?}");
    let relu = LabConfig {
        activation: catalog("relu"),
        init: Init::He,
        lr: 0.1,
        ..config
    };
    let mut lab = Lab::new(relu).expect("valid");
    lab.steps(100);
    let trace = inspect::trace(&lab, 3, UnitRef { layer: 1, unit: 0 }).expect("a point");
    assert!(trace.slopes_on_path().iter().all(|&s| s == 0.0 || s == 1.0));
}

#[test]
fn a_click_finds_the_nearest_training_point() {
    let lab = trained("tanh", DatasetKind::Circle, Head::Sigmoid);
    let train = &lab.data().train;
    for i in [0, 5, train.len() - 1] {
        let at = train.input(i).to_vec();
        let found = inspect::nearest_training_point(&lab, &at).expect("a point");
        assert_eq!(train.input(found), &at[..], "a point at the same place");
    }
    assert_eq!(
        inspect::nearest_training_point(&lab, &[0.0]),
        None,
        "wrong length"
    );
}

/// The error signal the lab's bars show (`delta_rms`) is, per layer, the root mean
/// square over points p and units j of ∂ℓₚ/∂bⱼ, which equals δ at (p, j): here
/// by central finite differences of each point's own loss, for each head.
#[test]
fn the_error_signal_is_the_rms_of_each_points_bias_gradients() {
    for (dataset, head) in [
        (DatasetKind::Circle, Head::Sigmoid),
        (DatasetKind::Spiral3, Head::Softmax),
        (DatasetKind::Sine, Head::Linear),
    ] {
        let mut lab = trained("tanh", dataset, head);
        let health = lab.health();
        let train = lab.data().train.clone();
        let net = lab.network().clone();
        let h = 1e-6;
        for (l, shown) in health.delta_rms().into_iter().enumerate() {
            let biases = net.layout(l).1;
            let mut sum = 0.0;
            for p in 0..train.len() {
                let (x, y) = (train.input(p).to_vec(), [train.y[p]]);
                for b in biases.clone() {
                    let loss_at = |value: f64| {
                        let mut net = net.clone();
                        net.params_mut()[b] = value;
                        let mut ws = Workspace::new();
                        net.evaluate(&lab.config().activation, &x, &y, &mut ws).loss
                    };
                    let theta = net.params()[b];
                    let fd = (loss_at(theta + h) - loss_at(theta - h)) / (2.0 * h);
                    sum += fd * fd;
                }
            }
            let expected = (sum / (train.len() * biases.len()) as f64).sqrt();
            assert_close(&format!("{head:?} layer {}", l + 1), shown, expected, 1e-6);
        }
    }
}

/// Day 5's in-app paragraphs: the δ bars shrink by about four powers of ten from
/// the output to layer 1 at step 0 and still at step 740 on a plateau at ln 2,
/// where the weight gradients are alike; point 0's slopes on the path are at most
/// 0.25 and layer 1's δ is below 10⁻⁴ of the output's; unit L1:0's bias gradient
/// is about 10⁻⁵ at step 0 and below 10⁻⁶ on the plateau.
#[test]
fn day_5s_lab_paragraphs_hold() {
    let lesson = include_str!("../lessons/day05-vanishing-gradients.md");
    for phrase in [
        "at step\n740 they still do",
        "by about four powers of ten",
        "less than\na ten-thousandth of the output's",
        "about 10⁻⁵ at step\n0 and below a millionth once the loss sits on its plateau",
    ] {
        assert!(lesson.contains(phrase), "the lesson says: {phrase}");
    }
    let config = scenario("deep-sigmoid").expect("a scenario").config();
    let mut lab = Lab::new(config).expect("valid");
    for step in [0, 740] {
        lab.steps(step - lab.step_count());
        let health = lab.health();
        let signals = health.delta_rms();
        let decades = (signals[6] / signals[0]).log10();
        assert!((3.5..5.0).contains(&decades), "step {step}: {signals:?}");
        assert!(signals.windows(2).all(|p| p[0] < p[1]), "step {step}");
        let trace = inspect::trace(&lab, 0, UnitRef { layer: 1, unit: 0 }).expect("a point");
        assert!(trace.slopes_on_path().iter().all(|&s| s <= 0.25));
        assert!(trace.path_product().abs() < 1e-4 * trace.output_delta.abs());
        let unit = inspect::inspect(&lab, UnitRef { layer: 1, unit: 0 }).expect("a unit");
        let band = if step == 0 { 3e-6..3e-5 } else { 0.0..1e-6 };
        assert!(
            band.contains(&unit.bias_grad.abs()),
            "step {step}: {}",
            unit.bias_grad
        );
        if step == 740 {
            assert!((health.loss - std::f64::consts::LN_2).abs() < 1e-3);
            let weights = health.grad_norms();
            let (lo, hi) = weights
                .iter()
                .fold((f64::MAX, 0.0f64), |(lo, hi), &g| (lo.min(g), hi.max(g)));
            assert!(hi < 1e-4 && hi / lo < 100.0, "alike and tiny: {weights:?}");
        }
    }
}

/// The narrator reads the pass the next full-batch step makes and that step
/// reuses it (`Lab::training_pass`): narrating between steps must change no
/// number of the run, with full batches or mini-batches.
#[test]
fn narrating_between_steps_changes_no_number() {
    let configs = [
        scenario("deep-sigmoid").expect("a scenario").config(),
        scenario("relu-large-lr").expect("a scenario").config(),
        LabConfig {
            batch: 32,
            ..LabConfig::default()
        },
    ];
    for config in configs {
        let mut plain = Lab::new(config.clone()).expect("valid");
        let mut told = Lab::new(config).expect("valid");
        let mut narrator = Narrator::new();
        for _ in 0..40 {
            plain.step();
            narrator.observe_lab(&mut told);
            told.step();
        }
        assert_eq!(plain.loss_history(), told.loss_history());
        assert_eq!(plain.network().params(), told.network().params());
    }
}

/// A pass split in two halves (a big network) measures the same layers as one
/// pass over all the points: the same counts, the same statistics to rounding.
#[test]
fn a_split_pass_measures_what_a_whole_pass_does() {
    let mut lab = Lab::new(scenario("selu-lecun").expect("a scenario").config()).expect("valid");
    lab.steps(20);
    let whole = lab.health().layers;
    let profile = lab.slope_profile();
    let (_, net, halves) = lab.training_pass();
    assert_eq!(halves.len(), 2, "this network's pass is split");
    let split = acttutor::lab::health::measure_layers_of(net, halves, profile);
    assert_eq!(split.len(), whole.len());
    for (a, b) in split.iter().zip(&whole) {
        assert_eq!(
            (a.dead, a.saturated, a.blocked),
            (b.dead, b.saturated, b.blocked)
        );
        let neurons = |l: &acttutor::lab::LayerHealth| -> Vec<(f64, f64)> {
            l.neurons
                .iter()
                .map(|n| (n.flat_share, n.zero_share))
                .collect()
        };
        assert_eq!(neurons(a), neurons(b));
        for (x, y) in [(a.mean, b.mean), (a.std, b.std), (a.grad_norm, b.grad_norm)] {
            assert!(
                (x - y).abs() <= 1e-12 * x.abs().max(y.abs()).max(1e-300),
                "{x} vs {y}"
            );
        }
    }
}

/// Day 7's paragraph on the narration and the inspector: the deaths told at the
/// steps it names, L2 all dead at step 21 and the stall after it; at the preset's
/// length unit 1:0 is dead with z < 0 everywhere and zero gradients, and point 0's
/// path back to it meets a zero slope.
#[test]
fn day_7s_inspector_paragraph_holds() {
    let lesson = include_str!("../lessons/day07-dying-relu.md");
    for phrase in [
        "\"step 1: 2 of 8 units in L1 died (z < 0 on every point; largest z\n−0.26)\"",
        "At step 21 it says that every unit of L2 is dead",
        "f′ = 0 on 100%\nof the points",
    ] {
        assert!(lesson.contains(phrase), "the lesson says: {phrase}");
    }
    let config = scenario("relu-large-lr").expect("a scenario").config();
    let steps = 500;
    let lines = narrations(config.clone(), 40);
    let said = |step: u64, text: &str| lines.iter().any(|(s, l)| *s == step && l.contains(text));
    assert!(said(
        1,
        "step 1: 2 of 8 units in L1 died (z < 0 on every point; largest z −0.26)"
    ));
    assert!(said(21, "every unit in L2 is dead"), "{lines:?}");
    let stall = lines
        .iter()
        .find(|(_, l)| l.contains("the loss stopped falling"));
    assert!(
        stall.is_some_and(|(s, _)| (22..=30).contains(s)),
        "{lines:?}"
    );
    let mut lab = Lab::new(config).expect("valid");
    lab.steps(steps);
    let unit = inspect::inspect(&lab, UnitRef { layer: 1, unit: 0 }).expect("a unit");
    assert_eq!(unit.state().label(), "dead");
    assert_eq!(unit.flat_share, 1.0);
    assert!(
        unit.z_range().1 < 0.0,
        "z < 0 everywhere: {:?}",
        unit.z_range()
    );
    assert!(unit.weight_grad.iter().all(|&g| g == 0.0) && unit.bias_grad == 0.0);
    assert_eq!(unit.last_update.map(|u| u.norm), Some(0.0));
    let trace = inspect::trace(&lab, 0, UnitRef { layer: 1, unit: 0 }).expect("a point");
    assert!(trace.slopes_on_path().contains(&0.0));
    assert_eq!(trace.path_product(), 0.0);
}
