//! `acttutor plot` read back as a learner reads it: every axis label must sit at
//! the column (x) or row (y) of the value it names, to within half a cell, over
//! many ranges — asymmetric, tiny, huge and offset — in braille and with `--dots`.
//!
//! The x position of a value is known from the arguments alone: `--from` lands on
//! the first dot of the plot, `--to` on the last, dots evenly spaced (2 per cell in
//! braille, 1 with `--dots`). The y mapping is not an argument, so it is measured
//! from the curve itself: each plot is of a straight line, whose dots give the row
//! of every y by a least-squares fit; labels are checked against that fit.

mod common;
use common::stdout_of;

/// One parsed chart: its text as cells, and where its axes are.
struct Chart {
    cells: Vec<Vec<char>>,
    /// The row of the x-axis line (`└──┬──`).
    axis_row: usize,
    /// The column of the y-axis line.
    axis_col: usize,
    /// The first row of the plot.
    top: usize,
    /// Plot size in cells.
    cols: usize,
    rows: usize,
}

impl Chart {
    fn parse(text: &str) -> Chart {
        let cells: Vec<Vec<char>> = text.lines().map(|l| l.chars().collect()).collect();
        let axis_row = cells
            .iter()
            .position(|l| l.contains(&'└'))
            .expect("an x-axis corner");
        let axis_col = cells[axis_row].iter().position(|&c| c == '└').unwrap();
        let cols = cells[axis_row][axis_col + 1..]
            .iter()
            .take_while(|&&c| c == '─' || c == '┬')
            .count();
        let top = (0..axis_row)
            .rev()
            .take_while(|&r| matches!(cells[r].get(axis_col), Some('│' | '┤')))
            .last()
            .expect("a y-axis");
        Chart {
            rows: axis_row - top,
            cells,
            axis_row,
            axis_col,
            top,
            cols,
        }
    }

    /// (first column, text) of each label on a line, from `from` on.
    fn tokens(line: &[char], from: usize, to: usize) -> Vec<(usize, String)> {
        let mut tokens = Vec::new();
        let mut current: Option<(usize, String)> = None;
        for (i, &c) in line.iter().enumerate().take(to).skip(from) {
            if c == ' ' {
                tokens.extend(current.take());
            } else {
                current.get_or_insert((i, String::new())).1.push(c);
            }
        }
        tokens.extend(current);
        tokens
    }

    /// (centre column relative to the plot's left edge, value) of each x label.
    fn x_labels(&self) -> Vec<(f64, f64)> {
        let line = self
            .cells
            .get(self.axis_row + 1)
            .cloned()
            .unwrap_or_default();
        Self::tokens(&line, 0, line.len())
            .into_iter()
            .map(|(start, text)| {
                let value: f64 = text.parse().unwrap_or_else(|_| panic!("x label {text}"));
                let centre = start as f64 + text.chars().count() as f64 / 2.0;
                (centre - (self.axis_col + 1) as f64, value)
            })
            .collect()
    }

    /// (row relative to the plot's top, value) of each y label.
    fn y_labels(&self) -> Vec<(usize, f64)> {
        (self.top..self.axis_row)
            .filter(|&r| self.cells[r][self.axis_col] == '┤')
            .map(|r| {
                let tokens = Self::tokens(&self.cells[r], 0, self.axis_col);
                let (_, text) = tokens.last().expect("a label beside each y tick");
                let value: f64 = text.parse().unwrap_or_else(|_| panic!("y label {text}"));
                (r - self.top, value)
            })
            .collect()
    }

    /// Every drawn dot (dot column, dot row) of the curve, outside legend rows.
    fn curve_dots(&self, braille: bool) -> Vec<(usize, usize)> {
        let mut dots = Vec::new();
        for r in 0..self.rows {
            let line = &self.cells[self.top + r];
            if line.iter().any(|c| c.is_alphabetic()) {
                continue; // the legend's row
            }
            for c in 0..self.cols {
                let ch = line.get(self.axis_col + 1 + c).copied().unwrap_or(' ');
                if braille {
                    let bits = (ch as u32).wrapping_sub(0x2800);
                    if (1..256).contains(&bits) {
                        for (bit, (dc, dr)) in BRAILLE.iter().enumerate() {
                            if bits & (1 << bit) != 0 {
                                dots.push((2 * c + dc, 4 * r + dr));
                            }
                        }
                    }
                } else if ch == '•' {
                    dots.push((c, r));
                }
            }
        }
        dots
    }
}

/// Unicode braille: bit k of the code point minus U+2800 is this (column, row) dot.
const BRAILLE: [(usize, usize); 8] = [
    (0, 0),
    (0, 1),
    (0, 2),
    (1, 0),
    (1, 1),
    (1, 2),
    (0, 3),
    (1, 3),
];

/// Least-squares line through points: (intercept, slope).
fn fit(points: &[(f64, f64)]) -> (f64, f64) {
    let n = points.len() as f64;
    let (sx, sy) = points
        .iter()
        .fold((0.0, 0.0), |(a, b), (x, y)| (a + x, b + y));
    let (mx, my) = (sx / n, sy / n);
    let (sxy, sxx) = points.iter().fold((0.0, 0.0), |(a, b), (x, y)| {
        (a + (x - mx) * (y - my), b + (x - mx) * (x - mx))
    });
    let slope = sxy / sxx;
    (my - slope * mx, slope)
}

/// Labels are evenly spaced nice values: one step of 1, 2 or 5 × 10^k.
fn assert_nice(values: &[f64], what: &str) {
    if values.len() < 2 {
        return;
    }
    let step = (values[1] - values[0]).abs();
    let mantissa = step / 10f64.powf(step.log10().floor());
    assert!(
        [1.0, 2.0, 5.0, 10.0]
            .iter()
            .any(|m| (mantissa - m).abs() < 1e-6),
        "{what}: step {step} is not 1, 2 or 5 × 10^k ({values:?})"
    );
    for pair in values.windows(2) {
        let gap = (pair[1] - pair[0]).abs();
        let k = gap / step;
        assert!(
            (k - k.round()).abs() < 1e-6,
            "{what}: {values:?} are not on one step"
        );
    }
}

fn check(expr: &str, from: f64, to: f64, width: u16, height: u16, braille: bool) {
    let (from_s, to_s, w, h) = (
        from.to_string(),
        to.to_string(),
        width.to_string(),
        height.to_string(),
    );
    let mut args = vec![
        "plot",
        "--expr",
        expr,
        "--from",
        &from_s,
        "--to",
        &to_s,
        "--width",
        &w,
        "--height",
        &h,
        "--no-derivative",
    ];
    if !braille {
        args.push("--dots");
    }
    let text = stdout_of(&args);
    let case = format!("{expr} on [{from}, {to}] at {width}x{height}, braille {braille}\n{text}");
    let chart = Chart::parse(&text);
    let (dx, dy) = if braille { (2.0, 4.0) } else { (1.0, 1.0) };

    // x: the value's position in cells, from the arguments alone.
    let x_position = |v: f64| {
        let dots = chart.cols as f64 * dx;
        ((v - from) / (to - from) * (dots - 1.0) + 0.5) / dx
    };
    let x_labels = chart.x_labels();
    assert!(x_labels.len() >= 2, "two x labels at least: {case}");
    for &(centre, value) in &x_labels {
        let want = x_position(value);
        assert!(
            (centre - want).abs() <= 0.5 + 1e-9,
            "x label {value} is centred at {centre}, its value is at {want}: {case}"
        );
        // The tick mark is in the cell holding the value (a label printed with
        // fewer digits than the double behind it may sit on a cell boundary).
        let ticks = [want - 1e-9, want + 1e-9].map(|w| chart.axis_col + 1 + w.floor() as usize);
        assert!(
            ticks.iter().any(|&t| chart.cells[chart.axis_row][t] == '┬'),
            "x label {value} has its tick mark at column {ticks:?}: {case}"
        );
    }
    assert_nice(
        &x_labels.iter().map(|l| l.1).collect::<Vec<_>>(),
        &format!("x labels of {case}"),
    );

    // y: the dot row of any y, measured from the drawn straight line.
    let f = |x: f64| -> f64 {
        let out = stdout_of(&["values", "--expr", expr, "--at", &x.to_string()]);
        out.lines()
            .nth(1)
            .unwrap()
            .split(',')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap()
    };
    let (f0, f1) = (f(from), f(to));
    let dots_across = chart.cols as f64 * dx;
    let points: Vec<(f64, f64)> = chart
        .curve_dots(braille)
        .into_iter()
        .map(|(i, j)| {
            let x = from + (to - from) * i as f64 / (dots_across - 1.0);
            let y = f0 + (f1 - f0) * (x - from) / (to - from);
            (y, j as f64)
        })
        .collect();
    assert!(points.len() > 10, "the curve is drawn: {case}");
    let (a, b) = fit(&points);
    let y_labels = chart.y_labels();
    assert!(y_labels.len() >= 2, "two y labels at least: {case}");
    for &(row, value) in &y_labels {
        let want = (a + b * value + 0.5) / dy;
        // Half a cell, plus the fit's own error: dots are whole (±½ dot).
        let slack = 0.5 + 0.5 / dy;
        assert!(
            (row as f64 + 0.5 - want).abs() <= slack,
            "y label {value} is on row {row}, its value is at {want}: {case}"
        );
    }
    assert_nice(
        &y_labels.iter().map(|l| l.1).collect::<Vec<_>>(),
        &format!("y labels of {case}"),
    );
}

/// (formula, from, to): straight lines over ranges of every kind.
const CASES: &[(&str, f64, f64)] = &[
    ("x", -4.0, 6.0),           // the issue's case: 0 is not the middle
    ("x", -3.7, 2.2),           // asymmetric, no nice end
    ("x", -7.0, -3.0),          // all negative
    ("x", 0.1, 0.4),            // small, decimals
    ("x", -1e-6, 3e-6),         // tiny
    ("2*x", 0.0, 3e-9),         // tinier, steeper
    ("x", -2e5, 8e5),           // huge
    ("x/1000", 0.0, 9e5),       // huge x, small y
    ("x-1000", 1000.0, 1001.0), // offset: labels like 1000.2
    ("x-99.5", 99.5, 100.5),    // offset by a non-round amount
    ("0.5*x+3", -12.5, 47.3),   // both ends odd
    ("-x", -1.0, 1.0),          // falling
];

#[test]
fn labels_sit_at_their_values_in_braille() {
    for &(expr, from, to) in CASES {
        for (width, height) in [(80, 24), (41, 12), (123, 37)] {
            check(expr, from, to, width, height, true);
        }
    }
}

#[test]
fn labels_sit_at_their_values_with_dots() {
    for &(expr, from, to) in CASES {
        check(expr, from, to, 70, 20, false);
    }
}

#[test]
fn the_issue_s_relu_kink_sits_under_its_zero_label() {
    // `plot relu --from -4 --to 6` drew the kink one unit left of its "0" label.
    let text = stdout_of(&[
        "plot",
        "relu",
        "--from",
        "-4",
        "--to",
        "6",
        "--no-derivative",
    ]);
    let chart = Chart::parse(&text);
    let zero = chart
        .x_labels()
        .into_iter()
        .find(|l| l.1 == 0.0)
        .expect("a 0 label");
    // The kink: the first column where the curve leaves the floor row.
    let dots = chart.curve_dots(true);
    let floor = dots.iter().map(|d| d.1).max().unwrap();
    let kink = dots
        .iter()
        .filter(|d| d.1 < floor)
        .map(|d| d.0)
        .min()
        .unwrap() as f64
        / 2.0;
    assert!(
        (kink - zero.0).abs() <= 1.0,
        "kink at column {kink}, 0 label at {}: {text}",
        zero.0
    );
}
