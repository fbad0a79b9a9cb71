//! Derivatives on screen and the chart as SVG (issue 15, the app's parts): the
//! Playground's f′ line and steps, the derivation overlay of Lesson and Explore,
//! and the `S` key's SVG export. TestBackend + insta snapshots.

mod common;
use common::screen::{app, key, press, screen};

use std::path::Path;

use acttutor::tui::action::View;
use acttutor::tui::App;
use crossterm::event::KeyCode;

/// The Playground with `formula` typed into its box (the box left again).
fn playground_with(formula: &str) -> App {
    let mut app = app();
    press(&mut app, "6");
    press(&mut app, "i");
    while !app.screens.playground.text().is_empty() {
        key(&mut app, KeyCode::Backspace);
    }
    press(&mut app, formula);
    key(&mut app, KeyCode::Esc);
    assert!(!app.screens.playground.editing);
    app
}

/// Explore with `name` selected through the filter.
fn explore_on(name: &str) -> App {
    let mut app = app();
    press(&mut app, "2/");
    press(&mut app, name);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.view, View::Explore);
    let current = app.screens.explore.current().expect("a function selected");
    assert_eq!(current.act.name, name);
    app
}

#[test]
fn the_playground_shows_the_derivative_under_the_box_as_you_type() {
    let mut app = playground_with("x*sigmoid(x)");
    let text = screen(&mut app, 80, 24);
    // (x·σ)′ = σ + x·σ′ and σ′ = σ(1 − σ): the textbook form of swish's slope.
    assert!(text.contains("f′(x) = σ(x) + x·σ(x)·(1 − σ(x))"), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    let row = lines
        .iter()
        .position(|l| l.contains(" f(x) = x*sigmoid(x)"))
        .expect("the box");
    assert!(
        lines[row + 1].starts_with("f′(x) = σ(x)"),
        "under the box: {text}"
    );
    let derivation = app
        .screens
        .playground
        .derivation()
        .unwrap()
        .as_ref()
        .unwrap();
    assert_eq!(
        derivation.text(),
        "sigmoid(x) + x*sigmoid(x)*(1 - sigmoid(x))"
    );
    // Independent check of what is shown: its value against a central difference
    // of x·σ(x) at a few points.
    let shown = acttutor::expr::parse(derivation.text()).unwrap();
    let f = |x: f64| x / (1.0 + (-x).exp());
    for x in [-3.0, -0.5, 0.0, 1.25, 4.0] {
        let h = 1e-5;
        let numeric = (f(x + h) - f(x - h)) / (2.0 * h);
        assert!((shown.eval(x).0 - numeric).abs() < 1e-8, "at {x}");
    }
}

#[test]
fn a_half_typed_formula_shows_no_derivative_and_says_why() {
    let mut app = playground_with("x*sigmoid(");
    let text = screen(&mut app, 80, 24);
    assert!(app.screens.playground.derivation().is_none());
    assert!(
        text.contains("f′(x): shown when the formula parses"),
        "{text}"
    );
    assert!(!text.lines().any(|l| l.starts_with("f′(x) = ")), "{text}");
    // Fixing the text brings it back, with no other key.
    press(&mut app, "i");
    press(&mut app, "x)");
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("f′(x) = σ(x) + x·σ(x)·(1 − σ(x))"), "{text}");
}

#[test]
fn a_derivative_too_large_to_print_says_so() {
    // Each nested sigmoid multiplies the derivative's length.
    let formula = (0..9).fold("x".to_string(), |inner, _| format!("sigmoid({inner})*x"));
    let mut app = playground_with(&formula);
    let text = screen(&mut app, 100, 30);
    assert!(
        matches!(
            app.screens.playground.derivation(),
            Some(Err(acttutor::expr::DeriveError::TooLarge { .. }))
        ),
        "{text}"
    );
    assert!(
        text.contains("f′(x): too large to show as a formula"),
        "{text}"
    );
}

#[test]
fn d_toggles_the_steps_in_the_playground_and_arrows_scroll_them() {
    let mut app = playground_with("x*sigmoid(x)");
    let before = screen(&mut app, 80, 24);
    assert!(!before.contains("product rule"), "{before}");
    press(&mut app, "D");
    assert!(app.screens.playground.show_steps);
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("product rule"), "{text}");
    assert!(text.contains("D hides steps"), "{text}");
    insta::assert_snapshot!("playground_steps_80x24", text);
    press(&mut app, "D");
    let text = screen(&mut app, 80, 24);
    assert!(!text.contains("product rule"), "{text}");

    // A long derivation scrolls: ↓ moves the first step shown, the saved list stays.
    let mut app = playground_with("x*tanh(ln(1+exp(x)))");
    press(&mut app, "D");
    screen(&mut app, 80, 24);
    let first = app.screens.playground.visible_steps()[0].clone();
    key(&mut app, KeyCode::Down);
    screen(&mut app, 80, 24);
    let moved = app.screens.playground.visible_steps()[0].clone();
    assert_ne!(first, moved, "the steps scrolled");
    key(&mut app, KeyCode::End);
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("simplified:"), "the last step shows: {text}");
    assert_eq!(app.screens.playground.selected, 0);
}

#[test]
fn explore_s_derivation_of_tanh_shows_steps_and_result_and_esc_closes_it() {
    let mut app = explore_on("tanh");
    press(&mut app, "D");
    assert!(app.derivation.open);
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("d/dx tanh(x)"), "{text}");
    // The quotient rule on sinh/cosh and the textbook result (day 4's lesson).
    let shown = app.derivation.text().join("\n");
    assert!(shown.contains("quotient rule"), "{shown}");
    assert!(text.contains("f′(x) = 1 − tanh²(x)"), "{text}");
    insta::assert_snapshot!("explore_derivation_tanh_80x24", text);
    // At 80×24 it is one line longer than the screen: it scrolls, and Esc closes it.
    assert!(text.contains("more ↓"), "{text}");
    key(&mut app, KeyCode::End);
    let end = screen(&mut app, 80, 24);
    assert!(end.contains("as a formula: 1 - tanh(x)^2"), "{end}");
    assert!(!end.contains("more ↓"), "{end}");
    key(&mut app, KeyCode::Esc);
    assert!(!app.derivation.open);
    let text = screen(&mut app, 80, 24);
    assert!(!text.contains("d/dx tanh(x)"), "{text}");
    assert_eq!(app.view, View::Explore, "Esc closed the overlay only");
}

#[test]
fn the_lesson_derives_its_function_too() {
    let mut app = app();
    // Day 3 is the sigmoid's lesson.
    press(&mut app, "nn");
    let main = app.screens.lesson.chart_shown().expect("a chart").main;
    assert_eq!(main.label(), "sigmoid");
    press(&mut app, "D");
    assert!(app.derivation.open);
    let shown = app.derivation.text().join("\n");
    assert!(shown.contains("σ(x)·(1 − σ(x))"), "{shown}");
    // F-keys switch views and close it.
    key(&mut app, KeyCode::F(2));
    assert!(!app.derivation.open);
    assert_eq!(app.view, View::Explore);
}

/// The SVG at `path` parses as XML and draws the value curve.
fn assert_svg(path: &Path) {
    let text = std::fs::read_to_string(path).expect("the file was written");
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    assert!(
        doc.descendants()
            .any(|n| n.attribute("id") == Some("curve-value")),
        "{text}"
    );
}

#[test]
fn s_saves_the_chart_as_svg_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = explore_on("gelu");
    app.export_dir = dir.path().to_path_buf();
    press(&mut app, "S");
    let first = dir.path().join("gelu.svg");
    assert_eq!(
        app.notice.as_deref(),
        Some(format!("chart saved to {}", first.display()).as_str())
    );
    assert_svg(&first);
    let written = std::fs::read(&first).unwrap();
    press(&mut app, "]"); // another parameter value: a different chart
    press(&mut app, "S");
    let second = dir.path().join("gelu-2.svg");
    assert_eq!(
        app.notice.as_deref(),
        Some(format!("chart saved to {}", second.display()).as_str())
    );
    assert_svg(&second);
    assert_eq!(
        std::fs::read(&first).unwrap(),
        written,
        "the first file is untouched"
    );
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("chart saved to"), "{text}");
}

#[test]
fn the_playground_and_lesson_charts_save_too() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = playground_with("x*sigmoid(x)");
    app.export_dir = dir.path().to_path_buf();
    press(&mut app, "S");
    assert_svg(&dir.path().join("x_sigmoid_x.svg"));
    press(&mut app, "1nn");
    press(&mut app, "S");
    assert_svg(&dir.path().join("sigmoid.svg"));
}

#[test]
fn a_folder_that_cannot_be_written_is_a_notice_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = explore_on("relu");
    app.export_dir = dir.path().join("no-such-folder");
    press(&mut app, "S");
    let notice = app.notice.clone().unwrap_or_default();
    assert!(
        notice.starts_with("could not save the chart in"),
        "{notice}"
    );
}
