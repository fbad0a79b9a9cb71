//! What the lessons tell the learner to see in the lab, checked against the lab:
//! each "try it" preset, trained as the lesson says, shows what its text claims.

use acttutor::course::{Course, Source};
use acttutor::lab::{self, Health, Init, Lab, LabConfig};

/// The config of day `day`'s `[lab]` preset.
fn preset(day: u32) -> (LabConfig, u64) {
    let course = Course::load(&Source::Embedded);
    let lesson = course.day(day).expect("the lesson exists");
    let p = lesson.lab.as_ref().expect("the lesson has a lab preset");
    (
        LabConfig::from_preset(p).expect("a valid preset"),
        u64::from(p.steps.unwrap_or(500)),
    )
}

fn trained(config: LabConfig, steps: u64) -> Health {
    let mut lab = Lab::new(config).unwrap();
    lab.steps(steps);
    lab.health()
}

fn at_start(config: LabConfig) -> Health {
    Lab::new(config).unwrap().health()
}

fn dead(h: &Health) -> usize {
    h.layers.iter().map(|l| l.dead).sum()
}

#[test]
fn every_lesson_preset_is_a_valid_lab_config() {
    let course = Course::load(&Source::Embedded);
    for lesson in &course.lessons {
        if let Some(p) = &lesson.lab {
            let config = LabConfig::from_preset(p);
            assert!(config.is_ok(), "day {}: {config:?}", lesson.day);
        }
    }
}

/// Day 7: "15 of the 16 end up dead … with their gradient bars at zero. The
/// boundary collapses to one class." A run this violent is chaotic (a last-digit
/// change in one exp moves a unit or two), so the count is held to a band around
/// the lesson's 15: most units dead, and no gradient left below them.
#[test]
fn day_7_relu_with_a_large_learning_rate_dies() {
    let (config, steps) = preset(7);
    let h = trained(config, steps);
    assert!((13..=16).contains(&dead(&h)), "{h:?}");
    for l in &h.layers {
        assert_eq!(l.dead + l.blocked, l.width, "dead or cut off: {l:?}");
        assert_eq!(l.grad_norm, 0.0, "{l:?}");
    }
    assert!(
        h.test_accuracy < 0.6,
        "collapsed to one class: {}",
        h.test_accuracy
    );
}

/// Day 8: "no unit dies, and the net separates the moons".
#[test]
fn day_8_leaky_relu_survives_the_same_run() {
    let (config, steps) = preset(8);
    let h = trained(config, steps);
    assert_eq!(dead(&h), 0, "{h:?}");
    assert!(h.test_accuracy > 0.95, "{}", h.test_accuracy);
}

/// Day 5: the loss sits on a plateau while the input layers barely change.
#[test]
fn day_5_deep_sigmoid_vanishes() {
    let (config, steps) = preset(5);
    let start = at_start(config.clone());
    let first = start.layers.first().unwrap().grad_norm;
    let last = start.layers.last().unwrap().grad_norm;
    assert!(first < 1e-3 * last, "first {first} vs last {last}");
    let h = trained(config, steps);
    assert!(
        (h.loss - std::f64::consts::LN_2).abs() < 0.01,
        "plateau at ln 2: {}",
        h.loss
    );
    // "On the plateau the weights' gradients are tiny at every layer … the error
    // signal δ still shrinks at each layer on its way down, a thousandth or less
    // by layer 1."
    let weights = h.grad_norms();
    assert!(weights.iter().all(|&g| g < 1e-4), "{weights:?}");
    let signals = h.delta_rms();
    assert!(
        signals.windows(2).all(|p| p[0] < 0.5 * p[1]),
        "δ shrinks toward the input: {signals:?}"
    );
    assert!(signals[0] < 1e-3 * signals[6], "{signals:?}");
    // "switch the activation to relu, the initialisation to he and the learning rate
    // to 0.1 … and train again": it learns.
    let (mut fixed, _) = preset(5);
    fixed.activation = lab_activation("relu");
    fixed.init = Init::He;
    fixed.lr = 0.1;
    assert!(trained(fixed, steps).test_accuracy > 0.95);
}

/// Day 10: with Glorot the spread shrinks layer by layer (≈ 0.15 → 0.02); with He
/// it holds at about 0.25–0.4.
#[test]
fn day_10_glorot_shrinks_and_he_holds_the_spread() {
    let (config, _) = preset(10);
    let glorot = at_start(config.clone());
    let stds: Vec<f64> = glorot.layers.iter().map(|l| l.std).collect();
    assert!(
        stds[0] > 0.1 && stds[0] < 0.2 && *stds.last().unwrap() < 0.03,
        "{stds:?}"
    );
    let he = at_start(LabConfig {
        init: Init::He,
        ..config
    });
    assert!(
        he.layers.iter().all(|l| (0.2..0.45).contains(&l.std)),
        "{:?}",
        he.layers
    );
}

/// Day 11 (and day 22): SELU + LeCun keeps means within ±0.1 and spreads in a band
/// of about 0.5–0.9; He makes them grow past 3; ReLU + LeCun collapses them.
#[test]
fn day_11_selu_with_lecun_self_normalises() {
    for day in [11, 22] {
        let (config, _) = preset(day);
        let h = at_start(config.clone());
        for l in &h.layers {
            assert!(l.mean.abs() < 0.11, "day {day}: mean {}", l.mean);
            assert!((0.45..1.0).contains(&l.std), "day {day}: std {}", l.std);
        }
        let he = at_start(LabConfig {
            init: Init::He,
            ..config.clone()
        });
        assert!(
            he.layers.last().unwrap().std > 3.0,
            "day {day}: {:?}",
            he.layers.last()
        );
        let relu = at_start(LabConfig {
            activation: lab_activation("relu"),
            ..config
        });
        assert!(relu.layers.last().unwrap().std < 0.05, "day {day}");
    }
}

/// Day 4: "in the two deeper layers more than half of the units start out
/// saturated … and they stay that way … it still misclassifies some training points
/// and gets about 85% of the test points right, where the same network with the
/// usual Xavier weights gets them all."
#[test]
fn day_4_tanh_with_a_large_init_saturates() {
    let scenario = lab::scenario("tanh-large-init").unwrap();
    let more_than_half = |h: &Health| h.layers[1..].iter().all(|l| 2 * l.saturated > l.width);
    let start = at_start(scenario.config());
    assert!(more_than_half(&start), "{start:?}");
    let end = trained(scenario.config(), scenario.steps);
    assert!(more_than_half(&end), "{end:?}");
    assert!(end.accuracy < 1.0, "misclassifies some: {}", end.accuracy);
    assert!(
        (0.78..0.92).contains(&end.test_accuracy),
        "about 85%: {}",
        end.test_accuracy
    );
    let usual = trained(
        LabConfig {
            init_gain: 1.0,
            ..scenario.config()
        },
        scenario.steps,
    );
    assert!(usual.test_accuracy >= 0.99, "{usual:?}");
    assert_eq!(usual.layers.iter().map(|l| l.saturated).sum::<usize>(), 0);
}

fn lab_activation(name: &str) -> acttutor::func::Func {
    acttutor::func::Func::Catalog(acttutor::activation::find(name).unwrap().configured())
}

/// A preset can reach the "tanh with a large init" scenario: `init_gain`.
#[test]
fn a_preset_can_set_the_init_gain() {
    let preset = acttutor::course::LabPreset {
        activation: "tanh".into(),
        dataset: Some("circle".into()),
        hidden: Some(vec![16, 16, 16]),
        init_gain: Some(16.0),
        lr: Some(0.1),
        ..Default::default()
    };
    let config = LabConfig::from_preset(&preset).unwrap();
    assert_eq!(config.init_gain, 16.0);
    assert_eq!(config, lab::scenario("tanh-large-init").unwrap().config());
}

/// Day 17's Keras example: "64 inputs, 32 ReLU units with He initialisation, a
/// 10-way softmax, learning rate 0.5, 300 full-batch steps … Test accuracy passes
/// 90% … 2410 parameters in all"; the scenario it names: "lr 5 kills every hidden
/// unit within the run and the accuracy falls to about one in ten"; "one sigmoid per
/// class … learns too, but its ten probabilities no longer sum to 1".
#[test]
fn day_17_the_keras_digit_classifier_learns_and_dies_with_a_large_lr() {
    use acttutor::lab::{DatasetKind, Head};
    let (config, steps) = preset(17);
    assert_eq!(steps, 300);
    assert_eq!(config.dataset, DatasetKind::Digits);
    assert_eq!(
        (config.hidden.clone(), config.init, config.lr),
        (vec![32], Init::He, 0.5)
    );
    assert_eq!(config.batch, 0, "full batch");
    let mut lab = Lab::new(config.clone()).unwrap();
    assert_eq!(lab.output_kind(), Head::Softmax);
    assert_eq!(lab.network().sizes(), &[64, 32, 10]);
    assert_eq!(lab.network().params().len(), 2410);
    lab.steps(steps);
    let health = lab.health();
    assert!(health.test_accuracy > 0.9, "{}", health.test_accuracy);

    let scenario = lab::scenario("relu-large-lr-digits").expect("the lesson names it");
    assert_eq!(
        scenario.config(),
        LabConfig {
            lr: 5.0,
            ..config.clone()
        }
    );
    let dying = trained(scenario.config(), scenario.steps);
    assert_eq!(dying.layers[0].dead, 32, "every hidden unit");
    assert!(
        (0.03..0.2).contains(&dying.test_accuracy),
        "{}",
        dying.test_accuracy
    );

    let mut sigmoids = Lab::new(LabConfig {
        output: Some(Head::Sigmoid),
        ..config
    })
    .unwrap();
    sigmoids.steps(steps);
    assert!(sigmoids.health().test_accuracy > 0.9);
    let image = sigmoids.data().test.input(0).to_vec();
    let total: f64 = sigmoids.class_probabilities(&image).iter().sum();
    assert!((total - 1.0).abs() > 1e-3, "ten sigmoids sum to {total}");
}

/// Day 17: "A ReLU network fits sin(πx) with a curve made of straight pieces, a tanh
/// network with a smooth one; with identity hidden layers … the error stays near
/// 0.19, the best a line can do (½ − 3/π² ≈ 0.196)".
#[test]
fn day_17_identity_hidden_layers_fit_only_a_line() {
    let best_line = 0.5 - 3.0 / std::f64::consts::PI.powi(2);
    assert!((best_line - 0.196).abs() < 5e-4);
    let identity = lab::scenario("identity-sine").unwrap();
    let h = trained(identity.config(), identity.steps);
    assert!((0.17..0.23).contains(&h.loss), "{}", h.loss);
    let relu = lab::scenario("relu-vs-tanh-sine").unwrap();
    assert!(trained(relu.config(), relu.steps).loss < 0.01);
    let tanh = LabConfig {
        activation: lab_activation("tanh"),
        ..relu.config()
    };
    assert!(trained(tanh, relu.steps).loss < 0.01);
}
