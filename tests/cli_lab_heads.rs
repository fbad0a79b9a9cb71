//! `acttutor lab` with output heads and the new data sets, through the binary:
//! `--output`, the JSON fields `output`, `classes`, `test_loss` and the digits'
//! confusion matrix, `--help`, and bad input naming the valid choices.

mod common;
use common::{acttutor, one_line_error, stdout_of};

use serde_json::Value;

fn json_lines(args: &[&str]) -> Vec<Value> {
    let mut all = vec!["lab", "--json"];
    all.extend_from_slice(args);
    stdout_of(&all)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

#[test]
fn classification_reports_its_head_classes_and_test_loss() {
    let lines = json_lines(&["--dataset", "spiral3", "--steps", "20", "--every", "10"]);
    for line in &lines {
        assert_eq!(line["output"], "softmax");
        assert_eq!(line["classes"], 3);
        assert!(line["test_loss"].as_f64().unwrap() > 0.0);
        assert!((0.0..=1.0).contains(&line["accuracy"].as_f64().unwrap()));
        assert!(line.get("confusion").is_none(), "only digits");
    }
    let circle = json_lines(&["--steps", "1"]);
    assert_eq!(
        (&circle[0]["output"], &circle[0]["classes"]),
        (&"sigmoid".into(), &2.into())
    );
    let per_class = json_lines(&["--dataset", "blobs4", "--output", "sigmoid", "--steps", "1"]);
    assert_eq!(per_class[0]["output"], "sigmoid");
    assert_eq!(per_class[0]["classes"], 4);
}

#[test]
fn regression_has_no_accuracy() {
    let lines = json_lines(&["--dataset", "sine", "--steps", "30", "--every", "30"]);
    let last = lines.last().unwrap();
    assert_eq!(last["output"], "linear");
    assert!(last["classes"].is_null());
    assert!(last["accuracy"].is_null() && last["test_accuracy"].is_null());
    assert!(last["loss"].as_f64().unwrap() < lines[0]["loss"].as_f64().unwrap());
    assert!(last["test_loss"].as_f64().unwrap() >= 0.0);
    let text = stdout_of(&["lab", "--dataset", "square", "--steps", "5"]);
    assert!(text.contains("loss (MSE)"), "{text}");
    assert!(text.contains("1-8-8-1 tanh, linear output"), "{text}");
}

#[test]
fn digits_report_a_confusion_matrix_on_the_last_line() {
    let lines = json_lines(&[
        "--dataset",
        "digits",
        "--activation",
        "relu",
        "--init",
        "he",
        "--hidden",
        "16",
        "--lr",
        "0.5",
        "--steps",
        "30",
        "--every",
        "15",
    ]);
    assert_eq!(lines.len(), 3);
    assert!(lines[..2].iter().all(|l| l.get("confusion").is_none()));
    let last = &lines[2];
    assert_eq!(
        (&last["output"], &last["classes"]),
        (&"softmax".into(), &10.into())
    );
    let matrix = last["confusion"].as_array().unwrap();
    assert_eq!(matrix.len(), 10);
    let mut total = 0;
    let mut right = 0;
    for (class, row) in matrix.iter().enumerate() {
        let row = row.as_array().unwrap();
        assert_eq!(row.len(), 10);
        total += row.iter().map(|c| c.as_u64().unwrap()).sum::<u64>();
        right += row[class].as_u64().unwrap();
    }
    assert_eq!(total, 359, "the test split: 20% of 1797");
    let accuracy = last["test_accuracy"].as_f64().unwrap();
    assert!((accuracy - right as f64 / 359.0).abs() < 1e-12);
}

#[test]
fn help_lists_the_heads_and_the_datasets() {
    let help = stdout_of(&["lab", "--help"]);
    for word in [
        "--output", "sigmoid", "softmax", "linear", "spiral3", "blobs4", "sine", "abs", "step",
        "square", "digits",
    ] {
        assert!(help.contains(word), "{word} missing from:\n{help}");
    }
}

#[test]
fn bad_heads_and_datasets_name_the_valid_choices() {
    let head = one_line_error(&["lab", "--output", "tanh"]);
    assert!(
        head.contains("unknown output 'tanh'; choose one of sigmoid, softmax, linear"),
        "{head}"
    );
    let dataset = one_line_error(&["lab", "--dataset", "mnist"]);
    assert!(
        dataset.contains(
            "circle, xor, gauss, spiral, moons, spiral3, blobs4, sine, abs, step, square, digits"
        ),
        "{dataset}"
    );
    let softmax = one_line_error(&["lab", "--dataset", "sine", "--output", "softmax"]);
    assert!(
        softmax.contains("K = 1") && softmax.contains("--output linear"),
        "{softmax}"
    );
    let sigmoid = one_line_error(&["lab", "--dataset", "abs", "--output", "sigmoid"]);
    assert!(sigmoid.contains("--output linear"), "{sigmoid}");
    let linear = one_line_error(&["lab", "--dataset", "digits", "--output", "linear"]);
    assert!(linear.contains("sigmoid or softmax"), "{linear}");
    let points = one_line_error(&["lab", "--dataset", "digits", "--points", "100"]);
    assert!(
        points.contains("--points does not apply to digits"),
        "{points}"
    );
    assert!(points.contains("circle, xor"), "{points}");
    let noise = one_line_error(&["lab", "--dataset", "digits", "--noise", "0.1"]);
    assert!(
        noise.contains("--noise does not apply to digits"),
        "{noise}"
    );
    acttutor()
        .args(["lab", "--dataset", "sine", "--output", "softmax"])
        .assert()
        .code(1);
}
