//! Issue #11, the app's part: Compare sorts numerically, keeps the highlight on
//! its function and opens it in Explore; Explore's filter lets an exact name win
//! and Esc clears it; `{`/`}` only where a function has two parameters; the
//! Lesson view shows a chart at 80x24 and other common sizes.

mod common;
use common::screen::{app, key, press, screen};

use acttutor::activation::compare::{range_bounds, smoothness_rank};
use acttutor::tui::action::View;
use acttutor::tui::App;
use crossterm::event::KeyCode;

fn footer(text: &str) -> &str {
    text.lines().last().unwrap_or_default()
}

fn braille_cells(text: &str) -> usize {
    text.chars()
        .filter(|c| ('\u{2801}'..='\u{28ff}').contains(c))
        .count()
}

/// Move Compare's highlight onto `name`.
fn select_in_compare(app: &mut App, name: &str) {
    press(app, "g");
    while app.screens.compare.selected_function().map(|a| a.name) != Some(name) {
        let before = app.screens.compare.selected;
        press(app, "j");
        assert_ne!(
            app.screens.compare.selected, before,
            "{name} not in the table"
        );
    }
}

fn compare_names(app: &App) -> Vec<&'static str> {
    app.screens.compare.rows().iter().map(|a| a.name).collect()
}

fn position(names: &[&str], name: &str) -> usize {
    names.iter().position(|n| *n == name).unwrap()
}

#[test]
fn compare_sorts_range_by_its_bounds_and_smoothness_in_order() {
    let mut app = app();
    press(&mut app, "3s");
    let rows = app.screens.compare.rows();
    assert!(screen(&mut app, 120, 30).contains("range ▲"));
    let bounds: Vec<(f64, f64)> = rows.iter().map(|a| range_bounds(&a.configured())).collect();
    assert!(
        bounds.windows(2).all(|w| w[0] <= w[1]),
        "by lower, then upper bound: {bounds:?}"
    );
    // Known ranges: tanh (−1, 1) before sigmoid (0, 1) before relu [0, ∞); a text
    // sort put "(0, 1)" after "(-1, 1)" only by accident of the characters.
    let names = compare_names(&app);
    assert!(position(&names, "tanh") < position(&names, "sigmoid"));
    assert!(position(&names, "sigmoid") < position(&names, "relu"));
    assert!(
        position(&names, "identity") < position(&names, "tanh"),
        "(−∞, ∞) first"
    );

    press(&mut app, "sss");
    assert!(screen(&mut app, 120, 30).contains("smooth ▲"));
    let rows = app.screens.compare.rows();
    let labels: Vec<&str> = rows.iter().map(|a| a.smooth.label()).collect();
    assert_eq!(labels[0], "none", "discontinuous first: {labels:?}");
    assert_eq!(*labels.last().unwrap(), "C∞", "{labels:?}");
    let ranks: Vec<u8> = rows.iter().map(|a| smoothness_rank(a.smooth)).collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{labels:?}");
    let names = compare_names(&app);
    assert!(
        position(&names, "step") < position(&names, "relu"),
        "none < C0"
    );
    assert!(
        position(&names, "relu") < position(&names, "elu"),
        "C0 < C1"
    );
    assert!(
        position(&names, "elu") < position(&names, "sigmoid"),
        "C1 < C∞"
    );
}

#[test]
fn compare_highlight_follows_the_function_through_sorts() {
    let mut app = app();
    press(&mut app, "3");
    select_in_compare(&mut app, "elu");
    for keys in ["s", "s", "r", "s", "r"] {
        press(&mut app, keys);
        let name = app.screens.compare.selected_function().map(|a| a.name);
        assert_eq!(name, Some("elu"), "after {keys}");
    }
    // The highlighted row on screen is elu's too.
    let row = compare_names(&app)[app.screens.compare.selected];
    assert_eq!(row, "elu");
}

#[test]
fn enter_in_compare_opens_the_function_in_explore() {
    let mut app = app();
    press(&mut app, "2/tanh");
    key(&mut app, KeyCode::Enter);
    press(&mut app, "3");
    select_in_compare(&mut app, "mish");
    assert!(footer(&screen(&mut app, 120, 30)).contains("Enter explore"));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.view, View::Explore);
    let explore = &app.screens.explore;
    assert!(explore.filter.is_empty(), "the old filter would hide it");
    assert_eq!(explore.current().map(|c| c.act.name), Some("mish"));
    assert!(screen(&mut app, 80, 24).contains("Mish"));
}

#[test]
fn compare_at_80_columns_cuts_with_an_ellipsis_and_shows_the_problems() {
    let mut app = app();
    press(&mut app, "3");
    select_in_compare(&mut app, "selu");
    let text = screen(&mut app, 80, 24);
    // SELU's peak slope is λα ≈ 1.0507 × 1.6733 ≈ 1.758 (Klambauer et al. 2017):
    // either in full or cut with an ellipsis, never a shorter number.
    let selu = text
        .lines()
        .find(|l| l.starts_with("selu"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        selu.contains("1.758") || selu.contains('…'),
        "a cut number ends in …: {selu}"
    );
    assert!(!selu.contains("1.75 "), "{selu}");
    // The side panel carries the seed question of the selected row.
    assert!(text.contains("answered:"), "{text}");
    assert!(text.contains("still suffers:"), "{text}");
    insta::assert_snapshot!("compare_selu_80x24", text);
    // Wide enough, the table has the problem columns.
    let wide = screen(&mut app, 200, 40);
    let header = wide.lines().find(|l| l.contains("name")).unwrap();
    assert!(
        header.contains("answered") && header.contains("still suffers"),
        "{header}"
    );
}

#[test]
fn compare_side_chart_grows_with_the_terminal() {
    let mut app = app();
    press(&mut app, "3");
    let small = braille_cells(&screen(&mut app, 80, 24));
    let tall = braille_cells(&screen(&mut app, 80, 40));
    assert!(small > 0, "a chart at 80x24");
    assert!(tall > small, "more rows, a taller chart: {small} vs {tall}");
}

#[test]
fn explore_filter_exact_name_wins_and_esc_clears_it() {
    let mut app = app();
    press(&mut app, "2/elu");
    assert_eq!(
        app.screens.explore.current().map(|c| c.act.name),
        Some("elu")
    );
    key(&mut app, KeyCode::Esc);
    let explore = &app.screens.explore;
    assert!(explore.filter.is_empty() && !explore.filtering);
    assert_eq!(explore.current().map(|c| c.act.name), Some("elu"), "kept");
    assert_eq!(explore.visible().len(), acttutor::activation::CATALOG.len());

    press(&mut app, "/swish");
    assert_eq!(
        app.screens.explore.current().map(|c| c.act.name),
        Some("swish")
    );
    key(&mut app, KeyCode::Enter);
    let explore = &app.screens.explore;
    assert_eq!(explore.filter, "swish", "Enter keeps the filter");
    assert!(!explore.filtering);
    insta::assert_snapshot!("explore_swish_80x24", screen(&mut app, 80, 24));
}

#[test]
fn braces_are_offered_only_with_two_parameters() {
    let mut app = app();
    // Sigmoid has no parameter: no `{` in the footer, and `}` does nothing.
    press(&mut app, "2");
    assert!(!footer(&screen(&mut app, 250, 30)).contains("which param"));
    press(&mut app, "}");
    assert_eq!(app.screens.explore.chart.param, 0);
    // Leaky ReLU has one.
    press(&mut app, "/leaky");
    key(&mut app, KeyCode::Enter);
    assert!(!footer(&screen(&mut app, 250, 30)).contains("which param"));
    // Softplus has two (β and the threshold, as in PyTorch's Softplus).
    press(&mut app, "/");
    key(&mut app, KeyCode::Esc);
    press(&mut app, "/softplus");
    key(&mut app, KeyCode::Enter);
    let text = screen(&mut app, 250, 30);
    assert!(footer(&text).contains("{ which param"), "{}", footer(&text));
    press(&mut app, "}");
    assert_eq!(app.screens.explore.chart.param, 1);
    press(&mut app, "{");
    assert_eq!(app.screens.explore.chart.param, 0);
}

#[test]
fn the_lesson_shows_a_chart_at_common_sizes() {
    for (width, height) in [(80, 24), (90, 24), (80, 32), (100, 35), (140, 40)] {
        let mut app = app();
        let text = screen(&mut app, width, height);
        assert!(
            braille_cells(&text) > 0,
            "no chart at {width}x{height}:\n{text}"
        );
        assert!(text.contains("chart"), "{width}x{height}");
        assert!(footer(&text).contains("cursor"), "chart keys offered");
    }
    let mut app = app();
    let text = screen(&mut app, 80, 24);
    assert!(footer(&text).contains("c chart"), "{}", footer(&text));
    insta::assert_snapshot!("lesson_chart_80x24", text);
}

#[test]
fn c_shows_the_lesson_chart_full_height_and_back() {
    let mut app = app();
    let split = braille_cells(&screen(&mut app, 80, 24));
    press(&mut app, "c");
    let full = screen(&mut app, 80, 24);
    assert!(braille_cells(&full) > split, "a taller chart");
    assert!(full.contains("c: back to the text"), "{full}");
    press(&mut app, "c");
    assert_eq!(braille_cells(&screen(&mut app, 80, 24)), split);
    // The note pad brings the text back.
    press(&mut app, "ce");
    assert!(!app.screens.lesson.full_chart);
    key(&mut app, KeyCode::Esc);
}
