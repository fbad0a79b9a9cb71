//! `acttutor derive` and `acttutor plot --format svg` end to end.

mod common;
use common::{acttutor, stdout_of};

use acttutor::activation::{self, CATALOG};
use predicates::prelude::*;

/// `values --expr F --at X` → f′(x) from the dual numbers.
fn slope_at(formula: &str, x: f64) -> (f64, f64) {
    let out = stdout_of(&["values", "--expr", formula, "--at", &x.to_string()]);
    let row = out.lines().nth(1).unwrap();
    let cols: Vec<f64> = row.split(',').map(|c| c.parse().unwrap()).collect();
    (cols[1], cols[2])
}

#[test]
fn derive_prints_one_line_that_reads_back() {
    let out = stdout_of(&["derive", "x*sigmoid(x)"]);
    assert_eq!(out, "sigmoid(x) + x*sigmoid(x)*(1 - sigmoid(x))\n");
    // Fed back to --expr, its values are the dual numbers' slopes of the formula.
    for x in [-2.5, -0.3, 0.7, 3.1] {
        let (_, dual) = slope_at("x*sigmoid(x)", x);
        let (symbolic, _) = slope_at(out.trim(), x);
        assert!(
            (symbolic - dual).abs() <= 1e-9 * dual.abs().max(1e-3),
            "{x}"
        );
    }
}

#[test]
fn pretty_and_steps() {
    let pretty = stdout_of(&["derive", "--pretty", "x*sigmoid(x)"]);
    assert_eq!(pretty, "σ(x) + x·σ(x)·(1 − σ(x))\n");
    let steps = stdout_of(&["derive", "--steps", "x*sigmoid(x)"]);
    let lines: Vec<&str> = steps.lines().collect();
    assert_eq!(lines[0], "d/dx x·σ(x)");
    assert_eq!(lines[1], "  product rule on x·σ(x): (x)′·σ(x) + x·(σ(x))′");
    assert_eq!(lines[2], "    (σ(x))′ = σ(x)·(1 − σ(x))");
    assert_eq!(
        lines.last().unwrap(),
        &"sigmoid(x) + x*sigmoid(x)*(1 - sigmoid(x))"
    );
    let both = stdout_of(&["derive", "--steps", "--pretty", "gelu"]);
    assert!(both.contains("definition: gelu(x) = x·Φ(x)"), "{both}");
    assert!(both.ends_with("\nΦ(x) + x·φ(x)\n"), "{both}");
}

#[test]
fn every_catalog_name_derives_to_its_slope() {
    for act in CATALOG.iter() {
        let c = act.configured();
        let out = stdout_of(&["derive", act.name]);
        assert_eq!(out.lines().count(), 1, "{}: {out}", act.name);
        for x in [-2.3, -0.4, 0.6, 2.2] {
            let (got, _) = slope_at(out.trim(), x);
            let want = c.df(x);
            assert!(
                (got - want).abs() <= 1e-9 * want.abs() + 1e-12,
                "{}′({x}) = {got}, catalog {want}",
                act.name
            );
        }
        let steps = stdout_of(&["derive", "--steps", act.name]);
        assert!(steps.lines().count() >= 3, "{}: {steps}", act.name);
    }
    // Aliases and case work like everywhere else.
    assert_eq!(
        stdout_of(&["derive", "Logistic"]),
        stdout_of(&["derive", "sigmoid"])
    );
    assert!(activation::find("logistic").is_some());
}

#[test]
fn a_formula_that_does_not_parse_gets_the_positioned_error() {
    acttutor()
        .args(["derive", "2x"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "implicit multiplication is not supported at column 2; use 2*x",
        ));
    acttutor()
        .args(["derive", "sigmod(x)"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("did you mean 'sigmoid'?"));
}

#[test]
fn a_derivative_too_large_says_so() {
    let tower = "sigmoid(".repeat(12) + "x" + &")".repeat(12);
    acttutor()
        .args(["derive", &tower])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "the derivative is too large to print",
        ));
}

#[test]
fn leading_minus_is_a_formula_not_a_flag() {
    assert_eq!(stdout_of(&["derive", "-x^2"]), "-2*x\n");
}

// ---- plot --format svg ----

struct Axis {
    /// value = a + b·pixel, from two ticks.
    a: f64,
    b: f64,
}

impl Axis {
    fn value(&self, pixel: f64) -> f64 {
        self.a + self.b * pixel
    }
    fn pixel(&self, value: f64) -> f64 {
        (value - self.a) / self.b
    }
}

/// The axis mapping read off the drawn ticks: their positions and their labels.
fn axis(doc: &roxmltree::Document, which: &str) -> Axis {
    let coordinate = if which == "x" { "x" } else { "y" };
    let labels: Vec<(f64, f64)> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some(&format!("tick-{which}-label")[..]))
        .map(|n| {
            let pixel: f64 = n.attribute(coordinate).unwrap().parse().unwrap();
            // y labels sit 4 px below their line, to centre the text on it.
            let pixel = if which == "y" { pixel - 4.0 } else { pixel };
            let value: f64 = n.text().unwrap().parse().unwrap();
            (pixel, value)
        })
        .collect();
    assert!(labels.len() >= 2, "{which}: {labels:?}");
    let (first, last) = (labels[0], labels[labels.len() - 1]);
    let b = (last.1 - first.1) / (last.0 - first.0);
    Axis {
        a: first.1 - b * first.0,
        b,
    }
}

fn points(d: &str) -> Vec<(f64, f64)> {
    d.split_whitespace()
        .map(|p| {
            let (x, y) = p[1..].split_once(',').unwrap();
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect()
}

fn svg_of(args: &[&str]) -> String {
    let mut all = vec!["plot"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "svg"]);
    stdout_of(&all)
}

/// Every point of a curve, mapped back through the axes, lies on the function
/// within a pixel: f, over the half pixel to either side (the coordinates are
/// written to 0.01 px, which matters where f is steep), passes within one pixel
/// vertically. f is continuous over each such stretch in these tests, so lying
/// between its lowest and highest pixel there means f passes through the point.
fn assert_on_curve(svg: &str, id: &str, f: impl Fn(f64) -> f64) {
    let doc = roxmltree::Document::parse(svg).expect("the SVG is well-formed XML");
    let (x_axis, y_axis) = (axis(&doc, "x"), axis(&doc, "y"));
    let path = doc
        .descendants()
        .find(|n| n.attribute("id") == Some(id))
        .unwrap_or_else(|| panic!("no {id}"));
    let pts = points(path.attribute("d").unwrap());
    assert!(pts.len() > 500, "{id}: {} points", pts.len());
    for (px, py) in pts {
        let wants: Vec<f64> = (-5..=5)
            .map(|i| y_axis.pixel(f(x_axis.value(px + f64::from(i) * 0.1))))
            .collect();
        let lowest = wants.iter().copied().fold(f64::INFINITY, f64::min);
        let highest = wants.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let x = x_axis.value(px);
        assert!(
            py >= lowest - 1.0 && py <= highest + 1.0,
            "{id} at x = {x}: y pixel {py}, f between {lowest} and {highest}"
        );
    }
}

#[test]
fn svg_is_xml_and_its_curves_lie_on_f_and_f_prime() {
    let svg = svg_of(&["gelu", "--compare", "relu,tanh"]);
    assert!(svg.starts_with("<?xml"));
    assert!(!svg.contains("<script"), "no scripts");
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.attribute("version"), Some("1.1"));
    let gelu = activation::find("gelu").unwrap().configured();
    assert_on_curve(&svg, "curve-value", |x| gelu.f(x));
    assert_on_curve(&svg, "curve-slope", |x| gelu.df(x));
    assert_on_curve(&svg, "curve-overlay-0", |x| x.max(0.0));
    assert_on_curve(&svg, "curve-overlay-1", f64::tanh);
    // A legend names every curve.
    let legend: String = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("legend"))
        .flat_map(|g| g.descendants().filter_map(|n| n.text()))
        .collect();
    for label in ["gelu", "gelu′", "relu", "tanh"] {
        assert!(legend.contains(label), "{legend}");
    }
}

#[test]
fn svg_of_a_formula_with_a_pole_breaks_the_curve() {
    let svg = svg_of(&[
        "--expr",
        "1/x",
        "--from",
        "-2",
        "--to",
        "3",
        "--no-derivative",
    ]);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let d = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("curve-value"))
        .unwrap()
        .attribute("d")
        .unwrap()
        .to_string();
    assert!(d.matches('M').count() >= 2, "the pen lifts at the pole");
    assert!(doc
        .descendants()
        .all(|n| n.attribute("id") != Some("curve-slope")));
    assert_on_curve(&svg, "curve-value", |x| 1.0 / x);
}

#[test]
fn svg_ticks_are_true() {
    let svg = svg_of(&["sigmoid", "--from", "-4", "--to", "6"]);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    // The label 0 sits at 40% of the way from −4 to 6.
    let frame = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("plot-area"))
        .unwrap();
    let left: f64 = frame.attribute("x").unwrap().parse().unwrap();
    let width: f64 = frame.attribute("width").unwrap().parse().unwrap();
    let zero = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("tick-x-label") && n.text() == Some("0"))
        .unwrap();
    let at: f64 = zero.attribute("x").unwrap().parse().unwrap();
    assert!((at - (left + 0.4 * width)).abs() < 0.01, "{at}");
}

#[test]
fn svg_output_files_are_never_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gelu.svg");
    let p = path.to_str().unwrap();
    acttutor()
        .args(["plot", "gelu", "--format", "svg", "-o", p])
        .assert()
        .success()
        .stdout("");
    let first = std::fs::read_to_string(&path).unwrap();
    assert!(roxmltree::Document::parse(&first).is_ok());
    acttutor()
        .args(["plot", "relu", "--format", "svg", "--output", p])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "exists already; use --force to replace it",
        ));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), first, "kept");
    acttutor()
        .args(["plot", "relu", "--format", "svg", "--output", p, "--force"])
        .assert()
        .success();
    assert_ne!(std::fs::read_to_string(&path).unwrap(), first);
}

#[test]
fn fresh_names_never_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let a = acttutor::svg::save_fresh(dir.path(), "gelu", "<svg/>").unwrap();
    let b = acttutor::svg::save_fresh(dir.path(), "gelu", "<svg>2</svg>").unwrap();
    assert_eq!(a.file_name().unwrap(), "gelu.svg");
    assert_eq!(b.file_name().unwrap(), "gelu-2.svg");
    assert_eq!(std::fs::read_to_string(&a).unwrap(), "<svg/>");
}

#[test]
fn text_format_is_unchanged_by_default() {
    let default = stdout_of(&["plot", "relu"]);
    let text = stdout_of(&["plot", "relu", "--format", "text"]);
    assert_eq!(default, text);
    assert!(!default.contains("<svg"));
}

/// The README's `derive` examples print what the README shows.
#[test]
fn readme_examples_are_true() {
    let readme = include_str!("../README.md");
    let start = readme
        .find("### Derivatives as formulas, charts as files")
        .expect("the README section");
    let section = &readme[start..];
    let section = &section[..section[4..].find("\n## ").map_or(section.len(), |i| i + 4)];
    let mut checked = 0;
    for block in section.split("```console\n").skip(1) {
        let block = &block[..block.find("```").unwrap()];
        let mut commands = block.split("$ ").filter(|c| !c.is_empty());
        for command in commands.by_ref() {
            let (line, expected) = command.split_once('\n').unwrap();
            if !line.starts_with("acttutor derive") {
                continue;
            }
            let args = shell_words(line.trim_start_matches("acttutor "));
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            assert_eq!(stdout_of(&args), expected, "README: {line}");
            checked += 1;
        }
    }
    assert!(checked >= 4, "{checked} examples");
}

/// Split a command line on spaces, keeping "double-quoted" words whole.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}
