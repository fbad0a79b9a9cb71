//! End-to-end tests of `acttutor lab`: JSON lines, reporting schedule, divergence,
//! the text report and bad input.

mod common;
use common::{acttutor, stdout_of};

use serde_json::Value;

/// Run `acttutor lab ARGS --json`, expecting `code`, and parse every line.
fn json_lines(args: &[&str], code: i32) -> Vec<Value> {
    let out = acttutor()
        .arg("lab")
        .args(args)
        .arg("--json")
        .assert()
        .code(code)
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

fn keys(value: &Value) -> Vec<&str> {
    value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect()
}

fn steps(lines: &[Value]) -> Vec<u64> {
    lines.iter().map(|l| l["step"].as_u64().unwrap()).collect()
}

#[test]
fn json_lines_have_the_documented_keys_in_order() {
    let lines = json_lines(&["--hidden", "6,4", "--steps", "20", "--every", "10"], 0);
    assert_eq!(steps(&lines), vec![0, 10, 20]);
    for line in &lines {
        assert_eq!(
            keys(line),
            [
                "step",
                "output",
                "classes",
                "loss",
                "test_loss",
                "accuracy",
                "test_accuracy",
                "layers"
            ]
        );
        let layers = line["layers"].as_array().unwrap();
        assert_eq!(layers.len(), 2);
        assert_eq!(layers[0]["width"], 6);
        assert_eq!(layers[1]["width"], 4);
        for layer in layers {
            assert_eq!(
                keys(layer),
                [
                    "width",
                    "dead",
                    "saturated",
                    "blocked",
                    "mean",
                    "std",
                    "grad_norm",
                    "delta_rms"
                ]
            );
            assert!(layer["dead"].is_u64() && layer["saturated"].is_u64());
            assert!(layer["delta_rms"].as_f64().unwrap() > 0.0);
            assert!(layer["grad_norm"].as_f64().unwrap() >= 0.0);
        }
        let accuracy = line["accuracy"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&accuracy));
    }
    // Step 0 is before any update: a fresh network is near chance.
    let loss0 = lines[0]["loss"].as_f64().unwrap();
    assert!((0.5..1.0).contains(&loss0), "{loss0}");
}

/// Issue 11: on the deep-sigmoid plateau the weights' gradients are alike at every
/// layer, while the error signal still falls layer by layer toward the input; the
/// help says what both numbers are, and the text report has both columns.
#[test]
fn deep_sigmoid_reports_an_error_signal_that_shrinks_toward_the_input() {
    let args = [
        "--scenario",
        "deep-sigmoid",
        "--steps",
        "300",
        "--every",
        "300",
    ];
    let lines = json_lines(&args, 0);
    let last = lines.last().unwrap();
    let column = |key: &str| -> Vec<f64> {
        let layers = last["layers"].as_array().unwrap();
        layers.iter().map(|l| l[key].as_f64().unwrap()).collect()
    };
    let (weights, signals) = (column("grad_norm"), column("delta_rms"));
    assert!(
        (last["loss"].as_f64().unwrap() - std::f64::consts::LN_2).abs() < 0.01,
        "on the plateau: {last}"
    );
    let spread =
        |v: &[f64]| v.iter().cloned().fold(0.0, f64::max) / v.iter().cloned().fold(1.0, f64::min);
    assert!(
        spread(&weights) < 100.0,
        "weights' gradients alike: {weights:?}"
    );
    assert!(signals.windows(2).all(|p| p[0] < 0.5 * p[1]), "{signals:?}");
    assert!(signals[0] < 1e-2 * signals[5], "{signals:?}");
    let text = stdout_of(&[&["lab"][..], &args[..]].concat());
    assert!(text.contains("grad norm  delta rms"), "{text}");
    let help = stdout_of(&["lab", "--help"]);
    assert!(help.contains("delta_rms  the error signal"), "{help}");
}

#[test]
fn every_is_honoured_and_the_last_step_is_reported() {
    let lines = json_lines(&["--steps", "25", "--every", "10"], 0);
    assert_eq!(steps(&lines), vec![0, 10, 20, 25]);
    let lines = json_lines(&["--steps", "3", "--every", "1"], 0);
    assert_eq!(steps(&lines), vec![0, 1, 2, 3]);
    let lines = json_lines(&["--steps", "0"], 0);
    assert_eq!(steps(&lines), vec![0]);
    // The default: a tenth of the steps.
    let lines = json_lines(&["--steps", "50"], 0);
    assert_eq!(
        steps(&lines),
        vec![0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50]
    );
}

#[test]
fn the_same_flags_give_the_same_numbers() {
    let args = [
        "--dataset",
        "spiral",
        "--activation",
        "gelu",
        "--steps",
        "30",
        "--seed",
        "9",
    ];
    assert_eq!(json_lines(&args, 0), json_lines(&args, 0));
    let other = [
        "--dataset",
        "spiral",
        "--activation",
        "gelu",
        "--steps",
        "30",
        "--seed",
        "10",
    ];
    assert_ne!(json_lines(&args, 0), json_lines(&other, 0));
}

#[test]
fn a_diverging_run_says_so_in_valid_json_and_exits_3() {
    let lines = json_lines(
        &["--activation", "identity", "--lr", "1000", "--steps", "100"],
        3,
    );
    let last = lines.last().unwrap();
    assert_eq!(last["diverged"], true);
    assert!(last["loss"].is_null());
    assert!(last["accuracy"].is_null() && last["test_accuracy"].is_null());
    assert!(last["step"].as_u64().unwrap() < 100);
    assert_eq!(
        keys(last),
        [
            "step",
            "output",
            "classes",
            "loss",
            "test_loss",
            "accuracy",
            "test_accuracy",
            "layers",
            "diverged"
        ]
    );
    assert!(lines[..lines.len() - 1]
        .iter()
        .all(|l| l.get("diverged").is_none()));
}

#[test]
fn scenarios_and_overrides() {
    let lines = json_lines(&["--scenario", "deep-sigmoid", "--steps", "0"], 0);
    let layers = lines[0]["layers"].as_array().unwrap();
    assert_eq!(layers.len(), 6);
    let first = layers[0]["grad_norm"].as_f64().unwrap();
    let last = layers[5]["grad_norm"].as_f64().unwrap();
    assert!(first * 100.0 < last);
    let lines = json_lines(
        &[
            "--scenario",
            "relu-large-lr",
            "--hidden",
            "4",
            "--steps",
            "0",
        ],
        0,
    );
    assert_eq!(lines[0]["layers"][0]["width"], 4);
}

/// The numbers of a run, without the step.
fn numbers(lines: &[Value]) -> Vec<Value> {
    lines
        .iter()
        .map(|l| {
            let mut l = l.clone();
            l.as_object_mut().unwrap().remove("step");
            l
        })
        .collect()
}

/// Leaky ReLU with α = 1 is the identity and with α = 0 is ReLU (slopes at 0
/// included: α), so --param must give those runs number for number; α = 0.5 is
/// neither.
#[test]
fn param_sets_the_activation_parameter() {
    let run = |activation: &str, param: Option<&str>| {
        let mut args = vec!["--activation", activation, "--steps", "20", "--lr", "1"];
        if let Some(p) = param {
            args.extend(["--param", p]);
        }
        numbers(&json_lines(&args, 0))
    };
    let identity = run("identity", None);
    let relu = run("relu", None);
    assert_eq!(run("leaky_relu", Some("alpha=1")), identity);
    assert_eq!(run("leaky_relu", Some("alpha=0")), relu);
    let half = run("leaky_relu", Some("alpha=0.5"));
    assert_ne!(half, identity);
    assert_ne!(half, relu);
}

/// Every report's numbers agree with each other and with the run's shape.
fn assert_consistent(line: &Value, hidden: &[u64], train: f64, test: f64) {
    let layers = line["layers"].as_array().unwrap();
    let widths: Vec<u64> = layers
        .iter()
        .map(|l| l["width"].as_u64().unwrap())
        .collect();
    assert_eq!(widths, hidden, "{line}");
    for layer in layers {
        let count = |key: &str| layer[key].as_u64().unwrap();
        let width = count("width");
        assert!(count("dead") + count("saturated") <= width, "{layer}");
        assert!(count("blocked") <= width - count("dead"), "{layer}");
        assert!(layer["std"].as_f64().unwrap() >= 0.0, "{layer}");
        assert!(layer["grad_norm"].as_f64().unwrap() >= 0.0, "{layer}");
    }
    // Accuracies are shares of whole points: k/400 on the training set, k/100 on
    // the test set (500 points, 80/20).
    for (key, n) in [("accuracy", train), ("test_accuracy", test)] {
        let hits = line[key].as_f64().unwrap() * n;
        assert!((hits - hits.round()).abs() < 1e-9, "{key} × {n} = {hits}");
        assert!((0.0..=n).contains(&hits));
    }
}

/// The default run (tanh on the circle, an easy set) must learn, for any seed:
/// a fresh network's logits are near 0, so its loss is near ln 2 = 0.693 (the
/// cross-entropy of guessing ½); 500 steps take it below 0.1 and the test accuracy
/// above 95%.
#[test]
fn a_default_run_learns_the_circle() {
    for seed in ["1", "2", "3"] {
        let lines = json_lines(&["--seed", seed], 0);
        assert_eq!(lines.len(), 11, "step 0 and every 50 of 500");
        for line in &lines {
            assert_consistent(line, &[8, 8], 400.0, 100.0);
            for layer in line["layers"].as_array().unwrap() {
                // tanh outputs lie in (−1, 1).
                assert!(layer["mean"].as_f64().unwrap().abs() < 1.0);
                assert!(layer["std"].as_f64().unwrap() <= 1.0);
            }
        }
        let loss = |line: &Value| line["loss"].as_f64().unwrap();
        let first = loss(&lines[0]);
        assert!(
            (first - std::f64::consts::LN_2).abs() < 0.05,
            "seed {seed}: {first}"
        );
        let last = lines.last().unwrap();
        assert!(loss(last) < 0.1, "seed {seed}: {last}");
        assert!(
            last["test_accuracy"].as_f64().unwrap() >= 0.95,
            "seed {seed}: {last}"
        );
    }
}

/// Issue 11: a layer can report 0 dead units while its gradient is exactly 0,
/// because a layer above is entirely dead. ReLU at lr 5 kills all of layer 2 (seed
/// 1); the unit of layer 1 that still has a slope is reported blocked.
#[test]
fn units_below_a_dead_layer_are_blocked() {
    let lines = json_lines(&["--scenario", "relu-large-lr"], 0);
    for line in &lines {
        assert_consistent(line, &[8, 8], 400.0, 100.0);
    }
    let last = lines.last().unwrap();
    let layers = last["layers"].as_array().unwrap();
    let count = |l: &Value, key: &str| l[key].as_u64().unwrap();
    assert_eq!(count(&layers[1], "dead"), 8, "{last}");
    assert_eq!(layers[0]["grad_norm"], 0.0);
    assert!(count(&layers[0], "dead") < 8, "{last}");
    assert_eq!(
        count(&layers[0], "dead") + count(&layers[0], "blocked"),
        8,
        "every unit below an all-dead layer is dead or blocked: {last}"
    );
    // A healthy run has none.
    let healthy = json_lines(&["--steps", "50"], 0);
    assert!(healthy
        .iter()
        .flat_map(|l| l["layers"].as_array().unwrap().clone())
        .all(|layer| layer["blocked"] == 0));
}

/// Issue 11: ReLU units on their flat side were marked saturated; only
/// activations whose slope fades toward 0 have saturated units.
#[test]
fn rectifiers_never_count_saturated_units() {
    for activation in ["relu", "leaky_relu"] {
        let lines = json_lines(
            &["--scenario", "relu-large-lr", "--activation", activation],
            0,
        );
        for line in &lines {
            for layer in line["layers"].as_array().unwrap() {
                assert_eq!(layer["saturated"], 0, "{activation}: {line}");
            }
        }
    }
    let lines = json_lines(&["--scenario", "tanh-large-init", "--steps", "0"], 0);
    let saturated: u64 = lines[0]["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["saturated"].as_u64().unwrap())
        .sum();
    assert!(saturated > 0, "{}", lines[0]);
}

/// Issue 11: `lab --help` says what grad_norm and mean/std are of, and why the
/// app's Lab can start elsewhere; the defaults it names are the lab's.
#[test]
fn help_says_what_the_numbers_are() {
    let out = acttutor()
        .args(["lab", "--help"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let help = String::from_utf8(out).unwrap();
    for needle in [
        "grad_norm  Frobenius norm of the gradient of the loss with respect to the weight \
         matrix W feeding the layer",
        "of the layer's outputs f(z) (after the activation)",
        "blocked    units not dead that get no error signal",
        "Defaults: 2-8-8-1 tanh, xavier, lr 0.3,",
        "[default: tanh]",
        "Learning rate [default: 0.3]",
        "The app's Lab opens with the current lesson's [lab] preset",
    ] {
        assert!(help.contains(needle), "{needle} in {help}");
    }
}

#[test]
fn a_typed_formula_trains() {
    let lines = json_lines(
        &[
            "--expr",
            "x*tanh(ln(1+exp(x)))",
            "--dataset",
            "xor",
            "--steps",
            "300",
        ],
        0,
    );
    let last = lines.last().unwrap();
    assert!(last["test_accuracy"].as_f64().unwrap() >= 0.9, "{last}");
}

#[test]
fn the_text_report_has_settings_tables_and_a_chart() {
    let out = acttutor()
        .args(["lab", "--steps", "40", "--every", "20", "--dataset", "xor"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("Network: 2-8-8-1 tanh, xavier, lr 0.3, full batch, xor"),
        "{text}"
    );
    for step in ["step 0:", "step 20:", "step 40:"] {
        assert!(text.contains(step), "{step} in {text}");
    }
    assert!(text.contains("layer width  dead saturated blocked    mean f     std f  grad norm"));
    assert!(
        text.contains("saturated = |f'| < 0.1 × peak |f'| (1) on ≥ 90% of them"),
        "tanh saturates; its peak slope is 1: {text}"
    );
    assert!(text.contains("Training loss by step:"));
    assert!(!text.contains('\x1b'), "no colour with NO_COLOR");
}

#[test]
fn the_text_report_of_a_diverged_run_explains() {
    let out = acttutor()
        .args(["lab", "--activation", "identity", "--lr", "1000"])
        .assert()
        .code(3)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("Diverged at step"), "{text}");
    assert!(
        text.contains("saturated: never for identity (its slope does not fade toward 0)"),
        "{text}"
    );
}

/// A failing `acttutor lab ARGS`: one line on stderr, no panic.
fn one_line_error(args: &[&str]) -> String {
    common::one_line_error(&[&["lab"], args].concat())
}

#[test]
fn bad_input_gets_one_clear_line() {
    let cases: [(&[&str], &str); 11] = [
        (&["--expr", "x/("], "--expr: "),
        (&["--dataset", "donut"], "unknown dataset 'donut'"),
        (
            &["--hidden", "8,0"],
            "hidden widths must be 1 to 256, got 0",
        ),
        (&["--hidden", "8,x"], "--hidden: 'x' is not a layer width"),
        (&["--lr", "0"], "learning rate must be above 0"),
        (&["--lr", "-1"], "learning rate must be above 0"),
        (&["--steps", "100000000"], "--steps must be at most"),
        (&["--every", "0"], "--every must be at least 1"),
        (&["--init", "zeros"], "unknown init 'zeros'"),
        (&["--scenario", "nope"], "unknown scenario 'nope'"),
        (&["--activation", "rleu"], "unknown activation 'rleu'"),
    ];
    for (args, expected) in cases {
        let err = one_line_error(args);
        assert!(err.contains(expected), "{args:?}: {err}");
    }
}

/// Issue 14: each size was checked alone, and 32 layers of 256 on 100,000 points
/// aborted allocating its buffers. Their product is bounded, with a message that
/// names the limit.
#[test]
fn sizes_are_bounded_together() {
    let widest = vec!["256"; 32].join(",");
    let err = one_line_error(&["--hidden", &widest, "--points", "100000"]);
    assert!(err.contains("MB of buffers"), "{err}");
    assert!(err.contains("the lab allows at most 512 MB"), "{err}");
    let err = one_line_error(&["--hidden", "256,256,256", "--points", "2000"]);
    assert!(err.contains("multiply-adds per pass"), "{err}");
    assert!(err.contains("the lab allows at most 1e8"), "{err}");
}
