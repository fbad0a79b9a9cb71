//! What the output heads and the new data sets are there to show, in bands: a
//! ReLU/softmax net learns the digits and dies with a large learning rate; tanh and
//! ReLU fit sin(πx) and an identity net cannot; ReLU's fit is piecewise linear.
//! Reference figures (issue 13, a numpy MLP of the same shapes): digits test accuracy
//! 0.97 at lr 0.5 and ~0.09 at lr 5; sine MSE < 0.01 for tanh and ReLU, ~0.19 for
//! the identity (the best straight line through sin(πx) on [−1, 1] leaves
//! 1/2 − 3/π² ≈ 0.196).

use acttutor::activation::find;
use acttutor::func::Func;
use acttutor::lab::{DatasetKind, Head, Init, Lab, LabConfig, NeuronState};

fn catalog(name: &str) -> Func {
    Func::Catalog(find(name).expect("in the catalog").configured())
}

fn digits(lr: f64, seed: u64) -> LabConfig {
    LabConfig {
        activation: catalog("relu"),
        dataset: DatasetKind::Digits,
        hidden: vec![32],
        init: Init::He,
        lr,
        seed,
        ..LabConfig::default()
    }
}

fn sine(activation: &str) -> LabConfig {
    LabConfig {
        activation: catalog(activation),
        dataset: DatasetKind::Sine,
        hidden: vec![16, 16],
        lr: 0.1,
        noise: 0.0,
        ..LabConfig::default()
    }
}

#[test]
fn digits_are_learned_by_a_relu_softmax_net() {
    let seed = 1;
    let mut lab = Lab::new(digits(0.5, seed)).unwrap();
    lab.steps(300);
    let health = lab.health();
    assert!(
        health.test_accuracy >= 0.9,
        "seed {seed}: {}",
        health.test_accuracy
    );
    assert!(health.loss < 0.3, "seed {seed}: {}", health.loss);
}

#[test]
fn digits_with_a_large_learning_rate_kill_every_unit() {
    let mut lab = Lab::new(digits(5.0, 1)).unwrap();
    lab.steps(300);
    let health = lab.health();
    let layer = &health.layers[0];
    assert_eq!(layer.dead, layer.width, "every hidden unit dead");
    assert!(layer.neurons.iter().all(|n| n.state == NeuronState::Dead));
    // Ten classes: chance is about 0.1.
    assert!(health.test_accuracy < 0.2, "{}", health.test_accuracy);
}

/// tanh and ReLU fit the sine, an identity net only a straight line; ReLU's fit is
/// piecewise linear (its kinks: at most one per hidden unit crossing zero, so a few
/// in 400 grid intervals) while tanh's bends everywhere.
#[test]
fn tanh_and_relu_fit_the_sine_relu_in_pieces_and_identity_cannot() {
    let xs: Vec<f64> = (0..=400).map(|i| -1.0 + i as f64 / 200.0).collect();
    let fit = |activation: &str| {
        let mut lab = Lab::new(sine(activation)).unwrap();
        lab.steps(2000);
        let bends = second_differences(&lab.curve(&xs))
            .iter()
            .filter(|d| d.abs() > 1e-9)
            .count();
        (lab.health().loss, bends)
    };
    let (tanh_loss, tanh_bends) = fit("tanh");
    assert!(tanh_loss < 0.01, "tanh: MSE {tanh_loss}");
    assert!(tanh_bends > 390, "tanh bends at {tanh_bends} of 399");
    let (relu_loss, relu_bends) = fit("relu");
    assert!(relu_loss < 0.01, "relu: MSE {relu_loss}");
    // Each kink bends two neighbouring second differences; the 32 units make a few
    // dozen kinks (measured: 26), so at least four fifths vanish.
    assert!(
        (1..80).contains(&relu_bends),
        "relu bends at {relu_bends} of 399"
    );
    let (line_loss, line_bends) = fit("identity");
    let best_line = 0.5 - 3.0 / (std::f64::consts::PI * std::f64::consts::PI);
    assert!(
        (line_loss - best_line).abs() < 0.03,
        "identity: MSE {line_loss} vs {best_line}"
    );
    assert_eq!(line_bends, 0, "a straight line");
}

fn second_differences(values: &[f64]) -> Vec<f64> {
    values
        .windows(3)
        .map(|w| w[0] - 2.0 * w[1] + w[2])
        .collect()
}

#[test]
fn softmax_and_one_sigmoid_per_class_both_learn_four_blobs() {
    for output in [Head::Softmax, Head::Sigmoid] {
        let mut lab = Lab::new(LabConfig {
            activation: catalog("tanh"),
            dataset: DatasetKind::Blobs4,
            output: Some(output),
            hidden: vec![8],
            lr: 0.5,
            ..LabConfig::default()
        })
        .unwrap();
        lab.steps(500);
        let accuracy = lab.health().test_accuracy;
        assert!(accuracy > 0.9, "{output} on blobs4: {accuracy}");
    }
}
