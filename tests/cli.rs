//! End-to-end tests of the catalog commands: values, plot, table, softmax, and errors.

mod common;
use common::{one_line_error, stdout_of};

#[test]
fn values_csv_has_the_exact_header_and_round_trip_numbers() {
    let text = stdout_of(&["values", "sigmoid", "--at", "-1,0,0.5"]);
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("x,f,df"));
    let rows: Vec<Vec<f64>> = lines
        .map(|l| l.split(',').map(|c| c.parse().unwrap()).collect())
        .collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1], vec![0.0, 0.5, 0.25]);
    // Full precision: the printed number reads back to the same double.
    let sigma = |x: f64| 1.0 / (1.0 + (-x).exp());
    assert_eq!(rows[0][1], sigma(-1.0));
    assert_eq!(rows[2][1], sigma(0.5));
}

#[test]
fn values_range_and_aliases_are_case_insensitive() {
    let text = stdout_of(&["values", "LOGISTIC", "--range", "-1:1:0.5"]);
    assert_eq!(text.lines().count(), 6);
    assert!(text.contains("\n-0.5,"));
    let params = stdout_of(&["values", "Leaky_ReLU", "--param", "alpha=0.2", "--at", "-2"]);
    assert_eq!(params.lines().nth(1), Some("-2,-0.4,0.2"));
}

#[test]
fn values_json_is_an_array_of_rows() {
    let text = stdout_of(&["values", "relu", "--at", "-1,2", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(rows[1]["x"], 2.0);
    assert_eq!(rows[1]["f"], 2.0);
    assert_eq!(rows[1]["df"], 1.0);
    assert!(
        text.contains(r#"{"x":-1.0,"f":0.0,"df":0.0}"#),
        "keys in x,f,df order: {text}"
    );
}

#[test]
fn stable_at_plus_minus_1000() {
    for name in [
        "sigmoid",
        "softplus",
        "mish",
        "gelu",
        "gelu_tanh",
        "silu",
        "selu",
        "tanh",
    ] {
        let text = stdout_of(&["values", name, "--at", "-1000,1000"]);
        assert!(
            !text.contains("NaN") && !text.contains("inf"),
            "{name}: {text}"
        );
    }
}

#[test]
fn plot_fits_in_the_asked_size_with_legend_and_braille() {
    let text = stdout_of(&["plot", "gelu", "--width", "50", "--height", "14"]);
    assert!(text.lines().count() <= 14);
    assert!(text.lines().all(|l| l.chars().count() <= 50), "{text}");
    assert!(text.chars().any(|c| ('\u{2801}'..='\u{28ff}').contains(&c)));
    assert!(text.contains("gelu′"), "legend names the derivative");
    assert!(!text.contains('\x1b'), "no colour into a pipe");
    let no_derivative = stdout_of(&["plot", "gelu", "--no-derivative", "--compare", "relu,silu"]);
    assert!(!no_derivative.contains("gelu′") && no_derivative.contains("silu"));
    let dots = stdout_of(&["--dots", "plot", "relu", "--width", "40", "--height", "10"]);
    assert!(!dots.chars().any(|c| ('\u{2801}'..='\u{28ff}').contains(&c)));
    assert!(dots.contains('•'));
}

#[test]
fn table_csv_columns_are_exact() {
    let text = stdout_of(&["table", "--format", "csv"]);
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("name,formula,derivative,range,zero_centered,monotonic,smooth,saturates,year,paper")
    );
    let relu = text.lines().find(|l| l.starts_with("relu,")).unwrap();
    assert!(relu.contains(",no,yes,C0,"), "{relu}");
    assert_eq!(text.lines().count(), 1 + 26);
    let md = stdout_of(&["table", "--format", "markdown"]);
    assert!(md.starts_with("| name | formula |"));
    assert!(stdout_of(&["table"]).contains("leaky_relu"));
}

#[test]
fn softmax_prints_probabilities() {
    let text = stdout_of(&["softmax", "1", "2", "3"]);
    let p: Vec<f64> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap().parse().unwrap())
        .collect();
    let want = [0.0900305731703805, 0.244728471054798, 0.665240955774822];
    for (a, b) in p.iter().zip(want) {
        assert!((a - b).abs() < 1e-14);
    }
    let hot = stdout_of(&["softmax", "2.0", "1.0", "0.1", "--temperature", "100"]);
    assert!(hot.contains("0.33"));
    assert!(stdout_of(&["softmax", "-1000", "1000"]).contains("1000,1\n"));
}

#[test]
fn bad_input_gets_one_clear_line_and_a_non_zero_exit() {
    let cases: [(&[&str], &str); 11] = [
        (&["values", "rleu", "--at", "1"], "did you mean 'relu'"),
        (
            &["values", "relu", "--param", "alpha=1", "--at", "1"],
            "relu takes no parameters",
        ),
        (
            &["values", "elu", "--param", "beta=1", "--at", "1"],
            "has no parameter 'beta'",
        ),
        (
            &["values", "leaky_relu", "--param", "alpha=5", "--at", "1"],
            "outside its range",
        ),
        (
            &["values", "relu", "--at", "1,abc"],
            "'abc' is not a number",
        ),
        (&["values", "relu"], "--at"),
        (
            &["plot", "relu", "--from", "2", "--to", "1"],
            "--from (2) must be below --to (1)",
        ),
        (&["plot", "relu", "--width", "0"], "--width"),
        (&["softmax", "1", "--temperature", "0"], "--temperature"),
        (&["values", "relu", "--range", "3:1:1"], "must not be above"),
        (&["values", "relu", "--bogus"], "--bogus"),
    ];
    for (args, message) in cases {
        let stderr = one_line_error(args);
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
}
