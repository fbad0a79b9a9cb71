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
    // And the curve is where SiLU's values map, column by column.
    let silu = |x: f64| x / (1.0 + (-x).exp());
    for (from, to) in [(-5.0, 5.0), (-4.0, 2.0)] {
        let chart = stdout_of(&[
            "plot",
            "--expr",
            "x/(1+exp(-x))",
            "--no-derivative",
            "--width",
            "60",
            "--height",
            "40",
            "--from",
            &from.to_string(),
            "--to",
            &to.to_string(),
        ]);
        assert_curve_follows(&chart, silu, from, to);
    }
}

/// Every braille cell of the chart (the legend's sample aside) lies within 1.5
/// rows of where `f` maps over its column, and nearly every column holds one. Rows map to values through the
/// y-axis labels (the top and bottom labelled rows); columns evenly span
/// [from, to].
fn assert_curve_follows(chart: &str, f: impl Fn(f64) -> f64, from: f64, to: f64) {
    let lines: Vec<Vec<char>> = chart.lines().skip(1).map(|l| l.chars().collect()).collect();
    let axis_row = lines
        .iter()
        .position(|l| l.iter().find(|&&c| c != ' ') == Some(&'└'))
        .expect("an x axis");
    let axis_col = lines[axis_row].iter().position(|&c| c == '└').unwrap();
    let width = lines[axis_row][axis_col + 1..]
        .iter()
        .filter(|&&c| c == '─' || c == '┬')
        .count();
    let labels: Vec<(f64, f64)> = lines[..axis_row]
        .iter()
        .enumerate()
        .filter_map(|(row, l)| {
            let label: String = l.iter().take(axis_col).collect();
            label.trim().parse::<f64>().ok().map(|v| (row as f64, v))
        })
        .collect();
    assert!(labels.len() >= 2, "y labels: {labels:?}\n{chart}");
    let ((top_row, top), (bottom_row, bottom)) = (labels[0], labels[labels.len() - 1]);
    let row_of = |y: f64| top_row + (top - y) / (top - bottom) * (bottom_row - top_row);
    let is_braille = |c: char| ('\u{2801}'..='\u{28FF}').contains(&c);
    let mut columns_drawn = 0;
    for col in 0..width {
        let span = (to - from) / width as f64;
        let rows: Vec<f64> = (0..=8)
            .map(|k| row_of(f(from + span * (col as f64 + k as f64 / 8.0))))
            .collect();
        // A label names its row, not a point in it, and a dot's cell is a
        // quarter to a whole row from the point: 1.5 rows of slack.
        let low = rows.iter().copied().fold(f64::INFINITY, f64::min) - 1.5;
        let high = rows.iter().copied().fold(f64::NEG_INFINITY, f64::max) + 1.5;
        let mut drawn = false;
        for (row, line) in lines[..axis_row].iter().enumerate() {
            // The legend sits inside the plot in a corner no curve passes; its
            // line names the curve and shows a sample of its glyph.
            let after_axis = line.get(axis_col + 1..).unwrap_or(&[]);
            let is_legend = after_axis.iter().any(|c| c.is_ascii_alphabetic());
            let Some(&c) = line.get(axis_col + 1 + col).filter(|_| !is_legend) else {
                continue;
            };
            if is_braille(c) {
                drawn = true;
                let row = row as f64;
                assert!(
                    (low..=high).contains(&row),
                    "column {col}: a dot in row {row}, the curve is in rows {low:.1}..{high:.1}\n{chart}"
                );
            }
        }
        columns_drawn += usize::from(drawn);
    }
    assert!(
        columns_drawn * 100 >= width * 95,
        "{columns_drawn} of {width} columns drawn\n{chart}"
    );
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
