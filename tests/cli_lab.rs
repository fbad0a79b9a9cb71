//! End-to-end tests of `acttutor lab`: JSON lines, reporting schedule, divergence,
//! the text report and bad input.

mod common;
use common::acttutor;

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
                ["width", "dead", "saturated", "mean", "std", "grad_norm"]
            );
            assert!(layer["dead"].is_u64() && layer["saturated"].is_u64());
            assert!(layer["grad_norm"].as_f64().unwrap() >= 0.0);
        }
        let accuracy = line["accuracy"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&accuracy));
    }
    // Step 0 is before any update: a fresh network is near chance.
    let loss0 = lines[0]["loss"].as_f64().unwrap();
    assert!((0.5..1.0).contains(&loss0), "{loss0}");
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

#[test]
fn param_sets_the_activation_parameter() {
    let base = ["--activation", "leaky_relu", "--steps", "5", "--lr", "1"];
    let a = json_lines(&base, 0);
    let b = json_lines(&[&base[..], &["--param", "alpha=0.5"]].concat(), 0);
    assert_ne!(a.last().unwrap()["loss"], b.last().unwrap()["loss"]);
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
    assert!(text.contains("layer width  dead saturated"));
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
