//! `acttutor lab --inspect LAYER:UNIT --trace POINT`: the records in the JSON lines,
//! the narrations in JSON and text, and bad input naming the valid range.

mod common;
use common::acttutor;

use serde_json::Value;

fn json_lines(args: &[&str]) -> Vec<Value> {
    let out = acttutor()
        .arg("lab")
        .args(args)
        .arg("--json")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out)
        .expect("UTF-8")
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

fn stderr_of_failure(args: &[&str]) -> String {
    let out = acttutor()
        .arg("lab")
        .args(args)
        .assert()
        .code(1)
        .get_output()
        .stderr
        .clone();
    String::from_utf8(out).expect("UTF-8")
}

#[test]
fn inspect_adds_its_record_to_every_line_and_trace_to_the_last() {
    let lines = json_lines(&[
        "--hidden",
        "3,2",
        "--steps",
        "4",
        "--every",
        "2",
        "--inspect",
        "2:1",
        "--trace",
        "7",
    ]);
    assert_eq!(lines.len(), 3);
    for line in &lines {
        let record = &line["inspect"];
        let keys: Vec<&str> = record
            .as_object()
            .expect("an object")
            .keys()
            .map(String::as_str)
            .take(9)
            .collect();
        assert_eq!(
            keys,
            [
                "layer",
                "unit",
                "weights",
                "bias",
                "flat_share",
                "saturated_share",
                "mean_delta",
                "bias_grad",
                "weight_grad"
            ]
        );
        assert_eq!(
            (record["layer"].as_u64(), record["unit"].as_u64()),
            (Some(2), Some(1))
        );
        assert_eq!(record["weights"].as_array().map(Vec::len), Some(3));
        assert_eq!(record["weight_grad"].as_array().map(Vec::len), Some(3));
        // The mean of δ·f′ over the points is the bias gradient.
        let (a, b) = (
            record["mean_delta_slope"].as_f64().expect("a number"),
            record["bias_grad"].as_f64().expect("a number"),
        );
        assert!((a - b).abs() <= 1e-9 * b.abs().max(1e-12), "{a} vs {b}");
    }
    assert!(lines[0]["inspect"]["last_update"].is_null(), "no step yet");
    assert!(lines[2]["inspect"]["last_update"]["norm"].as_f64() > Some(0.0));
    assert!(lines[..2].iter().all(|l| l.get("trace").is_none()));
    let trace = &lines[2]["trace"];
    assert_eq!(trace["point"], 7);
    assert_eq!(trace["forward"].as_array().map(Vec::len), Some(3));
    assert_eq!(trace["backward"][0]["layer"], 3, "the output's δ first");
    assert_eq!(trace["path"].as_array().map(Vec::len), Some(1));
    assert_eq!(trace["target"]["layer"], 2);
    // δ at the target times its inputs (layer 1's f(z)) is the point's weight gradient.
    let delta = trace["product"].as_f64().expect("a number");
    let inputs = trace["forward"][0]["f"].as_array().expect("f(z)");
    for (a, g) in inputs
        .iter()
        .zip(trace["weight_grad"].as_array().expect("grads"))
    {
        let (a, g) = (a.as_f64().expect("a"), g.as_f64().expect("g"));
        assert!(
            (delta * a - g).abs() <= 1e-12 + 1e-9 * g.abs(),
            "{delta}·{a} vs {g}"
        );
    }
}

#[test]
fn a_dying_run_narrates_in_json_and_text() {
    let lines = json_lines(&[
        "--scenario",
        "relu-large-lr",
        "--steps",
        "60",
        "--every",
        "20",
    ]);
    let told: Vec<&str> = lines
        .iter()
        .filter_map(|l| l.get("narration"))
        .flat_map(|n| n.as_array().expect("a list"))
        .filter_map(Value::as_str)
        .collect();
    assert!(told.iter().any(|l| l.contains("died")), "{told:?}");
    assert!(told.iter().all(|l| l.starts_with("step ")), "{told:?}");
    let text = common::stdout_of(&["lab", "--scenario", "relu-large-lr", "--steps", "60"]);
    assert!(text.contains("▸ step ") && text.contains("died"), "{text}");
    // A healthy run tells nothing.
    let healthy = json_lines(&["--steps", "100", "--every", "50"]);
    assert!(healthy.iter().all(|l| l.get("narration").is_none()));
}

#[test]
fn bad_specs_name_the_valid_range() {
    let cases: [(&[&str], &str); 6] = [
        (&["--inspect", "0:0"], "hidden layers 1 to 2"),
        (&["--inspect", "3:0"], "hidden layers 1 to 2"),
        (&["--inspect", "1:8"], "0 to 7"),
        (&["--inspect", "one"], "LAYER:UNIT"),
        (&["--trace", "400"], "0 to 399"),
        (&["--trace", "x"], "0 to 399"),
    ];
    for (args, expected) in cases {
        let err = stderr_of_failure(&[args, &["--steps", "1"]].concat());
        assert!(err.contains(expected), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    }
}

#[test]
fn help_documents_the_flags() {
    let help = common::stdout_of(&["lab", "--help"]);
    for needle in ["--inspect <LAYER:UNIT>", "--trace <P>", "narration"] {
        assert!(help.contains(needle), "{needle}");
    }
}
