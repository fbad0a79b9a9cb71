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
        Some("name,formula,derivative,range,zero_centered,monotonic,smooth,saturates,year,paper,params,answered,still_suffers")
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
            &["values", "sigmoid", "--param", "alpha=1", "--at", "1"],
            "sigmoid takes no parameters",
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

/// A CSV line split into fields (RFC 4180 quotes, as `table` writes them).
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(String::new()),
            _ => fields.last_mut().unwrap().push(c),
        }
    }
    fields
}

#[test]
fn values_help_lists_every_parameter_with_its_default() {
    let help = stdout_of(&["values", "--help"]);
    for (name, setting) in [
        ("leaky_relu", "alpha=0.01"),
        ("prelu", "alpha=0.25"),
        ("elu", "alpha=1"),
        ("swish", "beta=1"),
        ("glu", "gate=1"),
        ("softplus", "beta=1"),
        ("relu", "max_value=inf"),
        ("hard_tanh", "min_val=-1"),
    ] {
        let line = help
            .lines()
            .skip_while(|l| !l.trim_start().starts_with(&format!("{name} ")))
            .take(2)
            .collect::<Vec<_>>()
            .join("\n");
        assert!(line.contains(setting), "{name} {setting} in:\n{help}");
    }
    assert!(help.contains("∂f/∂x"), "{help}");
}

#[test]
fn table_lists_parameters_and_never_calls_gates_monotonic() {
    let text = stdout_of(&["table", "--format", "csv"]);
    let header = csv_fields(text.lines().next().unwrap());
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<Vec<String>> = text.lines().skip(1).map(csv_fields).collect();
    let row = |name: &str| rows.iter().find(|r| r[0] == name).unwrap().clone();
    for r in &rows {
        assert_eq!(r.len(), header.len(), "{r:?}");
    }
    assert_eq!(row("leaky_relu")[column("params")], "alpha=0.01");
    assert_eq!(row("softplus")[column("params")], "beta=1;threshold=40");
    assert_eq!(row("sigmoid")[column("params")], "");
    for gate in ["glu", "swiglu", "geglu"] {
        assert_eq!(row(gate)[column("monotonic")], "no", "{gate}");
        assert_eq!(row(gate)[column("params")], "gate=1");
    }
    // Every parameter the table lists is one `values` accepts, at its default.
    for r in &rows {
        for setting in r[column("params")].split(';').filter(|s| !s.is_empty()) {
            stdout_of(&["values", &r[0], "--param", setting, "--at", "0.5"]);
        }
    }
    let text_table = stdout_of(&["table"]);
    assert!(text_table.contains("params") && text_table.contains("alpha=0.01"));
    let md = stdout_of(&["table", "--format", "markdown"]);
    assert!(md.contains("| params | answered | still suffers |"));
}

#[test]
fn table_says_why_each_function_came_and_what_it_still_suffers() {
    let text = stdout_of(&["table", "--format", "csv"]);
    let header = csv_fields(text.lines().next().unwrap());
    let (answered, suffers) = (
        header.iter().position(|h| h == "answered").unwrap(),
        header.iter().position(|h| h == "still_suffers").unwrap(),
    );
    let rows: Vec<Vec<String>> = text.lines().skip(1).map(csv_fields).collect();
    let names: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    let row = |name: &str| rows.iter().find(|r| r[0] == name).unwrap();
    for r in &rows {
        assert!(!r[answered].is_empty() && !r[suffers].is_empty(), "{r:?}");
        // `→ a, b` names the catalog entries that took the problem on next.
        if let Some((_, next)) = r[suffers].split_once('→') {
            for successor in next.split(',').map(str::trim) {
                assert!(names.contains(&successor), "{}: {successor}", r[0]);
            }
        }
    }
    // The seed chain of the field: sigmoid's vanishing gradients → ReLU, ReLU's
    // dying units → Leaky ReLU, which answers them.
    assert!(row("sigmoid")[suffers].contains("vanishing gradients"));
    assert!(row("sigmoid")[suffers].contains("→ tanh, relu"));
    assert!(row("relu")[answered].contains("vanishing gradients"));
    assert!(row("relu")[suffers].contains("dying units"));
    assert!(row("relu")[suffers].contains("leaky_relu"));
    assert!(row("leaky_relu")[answered].contains("dying units"));
    let text_table = stdout_of(&["table"]);
    assert!(text_table.contains("still suffers") && text_table.contains("dying units"));
}

#[test]
fn gated_values_say_which_gate_and_that_df_is_along_x() {
    let out = common::acttutor()
        .args(["values", "glu", "--at", "1"])
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("g = 1") && stderr.contains("∂f/∂x"),
        "{stderr}"
    );
    // The CSV itself is untouched: f = x·σ(1), df = σ(1) (Dauphin et al. 2016).
    let stdout = String::from_utf8(out.stdout).unwrap();
    let sigma1 = 1.0 / (1.0 + (-1.0f64).exp());
    let row: Vec<f64> = stdout
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .map(|c| c.parse().unwrap())
        .collect();
    assert!((row[1] - sigma1).abs() < 1e-15 && (row[2] - sigma1).abs() < 1e-15);
    let out = common::acttutor()
        .args(["values", "swiglu", "--param", "gate=-2", "--at", "1"])
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(String::from_utf8(out.stderr).unwrap().contains("g = -2"));
    // Scalar functions print no note.
    let out = common::acttutor()
        .args(["values", "relu", "--at", "1"])
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(out.stderr.is_empty());
    // The chart names the gated derivative ∂f/∂x too.
    assert!(stdout_of(&["plot", "glu"]).contains("∂glu/∂x"));
}

#[test]
fn softmax_json_matches_its_csv() {
    let json = stdout_of(&["softmax", "1", "2", "3", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
    let want = [0.0900305731703805, 0.244728471054798, 0.665240955774822];
    for (i, w) in want.iter().enumerate() {
        assert_eq!(rows[i]["logit"], (i + 1) as f64);
        let p = rows[i]["probability"].as_f64().unwrap();
        assert!((p - w).abs() < 1e-14, "{json}");
    }
    assert!(
        json.contains(r#"{"logit":1.0,"probability":"#),
        "keys in CSV order: {json}"
    );
    let csv = stdout_of(&["softmax", "1", "2", "3", "--format", "csv"]);
    assert_eq!(csv, stdout_of(&["softmax", "1", "2", "3"]));
    assert!(one_line_error(&["softmax", "1", "--format", "xml"]).contains("xml"));
}
