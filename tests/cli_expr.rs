//! `--expr` end to end: formulas work in `values` and `plot` like catalog names.

mod common;
use common::{one_line_error, stdout_of};

/// The (x, f, df) rows of `values` CSV output.
fn rows(csv: &str) -> Vec<[f64; 3]> {
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("x,f,df"));
    lines
        .map(|line| {
            let cells: Vec<f64> = line.split(',').map(|c| c.parse().unwrap()).collect();
            [cells[0], cells[1], cells[2]]
        })
        .collect()
}

#[test]
fn values_of_a_formula_match_the_catalog() {
    let points = "-20,-6,-2.5,-1,-0.3,0,0.3,1,2.5,6,20";
    let formula = rows(&stdout_of(&[
        "values",
        "--expr",
        "x*tanh(ln(1+exp(x)))",
        "--at",
        points,
    ]));
    let catalog = rows(&stdout_of(&["values", "mish", "--at", points]));
    assert_eq!(formula.len(), 11);
    for (got, want) in formula.iter().zip(&catalog) {
        assert_eq!(got[0], want[0]);
        for i in 1..3 {
            assert!(
                (got[i] - want[i]).abs() <= 1e-12,
                "at x={}: {got:?} vs {want:?}",
                got[0]
            );
        }
    }
}

#[test]
fn values_take_ranges_json_and_leading_minus() {
    let out = stdout_of(&["values", "--expr", "-x^2", "--range", "-1:1:1"]);
    assert_eq!(out, "x,f,df\n-1,-1,2\n0,-0,-0\n1,-1,-2\n");
    let json = stdout_of(&[
        "values", "--expr", "max(0,x)", "--at", "0,2", "--format", "json",
    ]);
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed[1]["f"], 2.0);
    assert_eq!(parsed[0]["df"], 0.0);
}

#[test]
fn plot_draws_a_formula() {
    let args = ["--width", "60", "--height", "15"];
    let formula = stdout_of(&[&["plot", "--expr", "x/(1+exp(-x))"][..], &args].concat());
    let catalog = stdout_of(&[&["plot", "silu"][..], &args].concat());
    assert!(formula.starts_with("f(x) = x/(1+exp(-x))\n"), "{formula}");
    assert_eq!(formula.lines().count(), catalog.lines().count());
    // The curves are the same; only the labels differ.
    let last = |s: &str| s.lines().last().unwrap().to_string();
    assert_eq!(last(&formula), last(&catalog));
}

#[test]
fn parse_errors_are_one_line_with_the_column() {
    let err = one_line_error(&["values", "--expr", "x*", "--at", "0"]);
    assert_eq!(
        err.trim_end(),
        "acttutor: --expr: expected a number, x or '(' at column 3"
    );
    let err = one_line_error(&["plot", "--expr", "sigmod(x)"]);
    assert!(err.contains("did you mean 'sigmoid'?"), "{err}");
    let err = one_line_error(&["values", "--expr", &"(".repeat(100), "--at", "0"]);
    assert!(err.contains("nested too deeply"), "{err}");
    one_line_error(&["values", "--expr", "2x\nmore", "--at", "0"]);
}

#[test]
fn expr_conflicts_with_a_name_and_params() {
    let err = one_line_error(&["values", "gelu", "--expr", "x", "--at", "0"]);
    assert!(err.contains("cannot be used with"), "{err}");
    let err = one_line_error(&["values", "--expr", "x", "--param", "alpha=1", "--at", "0"]);
    assert!(err.contains("cannot be used with"), "{err}");
}
