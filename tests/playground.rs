//! The playground view (issue 7): a formula box with a live chart of f and f′, the
//! parse error under the box, a comparison with a catalog function, a table of
//! values and the learner's saved formulas. TestBackend + insta snapshots.

use acttutor::course::{Course, Source};
use acttutor::tui::action::View;
use acttutor::tui::widgets::buffer_to_text;
use acttutor::tui::{App, Options};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

/// The app on the playground, the formula box not focused.
fn app() -> App {
    let mut app = App::new(Course::load(&Source::Embedded), Options::default());
    press(&mut app, "6");
    assert_eq!(app.view, View::Playground);
    app
}

fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// Focus the box, clear it and type `formula`.
fn type_formula(app: &mut App, formula: &str) {
    press(app, "i");
    assert!(app.screens.playground.editing);
    while !app.screens.playground.text().is_empty() {
        key(app, KeyCode::Backspace);
    }
    press(app, formula);
}

/// The screen at `width`×`height`: the app is told the size first, as the
/// terminal would (layout is worked out then, never while drawing).
fn screen(app: &mut App, width: u16, height: u16) -> String {
    app.resize(width, height);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    buffer_to_text(terminal.backend().buffer(), false)
}

fn has_braille(text: &str) -> bool {
    text.chars().any(|c| ('\u{2801}'..='\u{28ff}').contains(&c))
}

#[test]
fn a_valid_formula_draws_live_with_values_and_comparison() {
    let mut app = app();
    type_formula(&mut app, "x/(1+exp(-x))");
    key(&mut app, KeyCode::Esc);
    // c cycles through the catalog until silu is the comparison.
    while app.screens.playground.comparison_name() != Some("silu") {
        press(&mut app, "c");
    }
    let text = screen(&mut app, 80, 24);
    assert!(has_braille(&text), "{text}");
    assert!(text.contains("f(x) = x/(1+exp(-x))"), "{text}");
    assert!(text.contains("✓ f equals silu"), "{text}");
    // The table: silu(1) = 0.73106, silu′(0) = 0.5.
    assert!(text.contains("0.73106"), "{text}");
    assert!(app.screens.playground.error().is_none());
    insta::assert_snapshot!("playground_silu_80x24", text);
}

#[test]
fn the_comparison_says_equal_for_silu_and_not_for_gelu() {
    let mut app = app();
    type_formula(&mut app, "x/(1+exp(-x))");
    key(&mut app, KeyCode::Esc);
    while app.screens.playground.comparison_name() != Some("silu") {
        press(&mut app, "c");
    }
    assert!(app.screens.playground.verdict().unwrap().equivalent);
    while app.screens.playground.comparison_name() != Some("gelu") {
        press(&mut app, "C");
    }
    let verdict = app.screens.playground.verdict().unwrap();
    assert!(!verdict.equivalent, "{verdict:?}");
    assert!(screen(&mut app, 80, 24).contains("✗ f differs from gelu"));
}

#[test]
fn the_example_equals_mish_at_the_start() {
    let app = app();
    assert_eq!(app.screens.playground.text(), "x*tanh(ln(1+exp(x)))");
    assert_eq!(app.screens.playground.comparison_name(), Some("mish"));
    assert!(app.screens.playground.verdict().unwrap().equivalent);
}

#[test]
fn an_error_shows_a_caret_under_its_column_and_the_old_chart_stays() {
    let mut app = app();
    type_formula(&mut app, "x*tanh(x)");
    let good = app.screens.playground.current().unwrap().label();
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Backspace);
    assert_eq!(app.screens.playground.text(), "x*tanh");
    let err = app
        .screens
        .playground
        .error()
        .expect("x*tanh does not parse")
        .clone();
    assert!(app.screens.playground.is_stale());
    assert_eq!(app.screens.playground.current().unwrap().label(), good);
    let text = screen(&mut app, 80, 24);
    assert!(
        has_braille(&text),
        "the last good formula stays drawn: {text}"
    );
    assert!(text.contains("(old) x*tanh(x)"), "marked as old: {text}");
    // The caret line sits right under the echoed input, at the error's column.
    let lines: Vec<&str> = text.lines().collect();
    let echo = lines.iter().position(|l| l.trim() == "x*tanh").unwrap();
    let caret_line = lines[echo + 1];
    let x_at = lines[echo].find('x').unwrap();
    let caret_at = caret_line.find('^').unwrap();
    assert_eq!(caret_at - x_at + 1, err.column, "{text}");
    assert!(caret_line.contains(&err.message), "{text}");
    insta::assert_snapshot!("playground_error_80x24", text);
}

#[test]
fn an_unknown_name_shows_the_hint() {
    let mut app = app();
    type_formula(&mut app, "sigmod(x)");
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("did you mean 'sigmoid'?"), "{text}");
}

#[test]
fn letters_and_digits_type_into_the_box_and_never_quit_or_switch() {
    let mut app = app();
    type_formula(&mut app, "q1234n?pjk");
    assert!(!app.quit);
    assert_eq!(app.view, View::Playground);
    assert!(!app.help.open);
    assert_eq!(app.screens.playground.text(), "q1234n?pjk");
    // Tab switches views from inside the box too; coming back, the box still
    // has the text and the focus.
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.view, View::Lesson, "Tab works inside the box");
    key(&mut app, KeyCode::BackTab);
    assert_eq!(app.view, View::Playground);
    assert!(app.screens.playground.editing);
    assert_eq!(app.screens.playground.text(), "q1234n?pjk");
    // Esc leaves the box; then q quits as everywhere.
    key(&mut app, KeyCode::Esc);
    assert!(!app.screens.playground.editing);
    assert!(!app.quit);
    press(&mut app, "q");
    assert!(app.quit);
}

#[test]
fn ctrl_c_quits_even_while_typing() {
    let mut app = app();
    press(&mut app, "i");
    app.handle_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(app.quit);
}

#[test]
fn enter_keeps_the_formula_and_the_list_loads_and_removes() {
    let mut app = app();
    type_formula(&mut app, "max(0,x)");
    key(&mut app, KeyCode::Enter);
    assert!(
        app.screens.playground.editing,
        "the box keeps focus after Enter"
    );
    assert_eq!(app.screens.playground.saved_formulas(), ["max(0,x)"]);
    // The app records the change in the learner's progress right after the key.
    assert_eq!(app.learner.progress.playground, ["max(0,x)"]);
    assert!(
        !app.screens.playground.take_saved_changed(),
        "the change was taken"
    );
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        app.screens.playground.saved_formulas().len(),
        1,
        "no duplicates"
    );
    type_formula(&mut app, "tanh(x)");
    key(&mut app, KeyCode::Enter);
    // A formula that does not parse is not kept.
    type_formula(&mut app, "tanh(");
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        app.screens.playground.saved_formulas(),
        ["max(0,x)", "tanh(x)"]
    );
    let text = screen(&mut app, 80, 24);
    assert!(
        text.contains("1. max(0,x)") && text.contains("2. tanh(x)"),
        "{text}"
    );
    // Out of the box: k selects the first, Enter loads it back, x removes it.
    key(&mut app, KeyCode::Esc);
    press(&mut app, "k");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.screens.playground.text(), "max(0,x)");
    assert!(app.screens.playground.error().is_none());
    press(&mut app, "x");
    assert_eq!(app.screens.playground.saved_formulas(), ["tanh(x)"]);
    assert_eq!(app.learner.progress.playground, ["tanh(x)"]);
    key(&mut app, KeyCode::Delete);
    assert!(app.screens.playground.saved_formulas().is_empty());
    assert!(app.learner.progress.playground.is_empty());
    // With nothing saved, Enter focuses the box.
    key(&mut app, KeyCode::Enter);
    assert!(app.screens.playground.editing);
}

#[test]
fn saved_formulas_round_trip_for_progress() {
    let mut app = app();
    app.screens
        .playground
        .set_saved_formulas(vec!["x".into(), "x^2".into()]);
    assert!(!app.screens.playground.take_saved_changed());
    assert!(screen(&mut app, 80, 24).contains("2. x^2"));
    assert_eq!(app.screens.playground.saved_formulas(), ["x", "x^2"]);
}

#[test]
fn chart_keys_work_outside_the_box() {
    let mut app = app();
    press(&mut app, "lllll");
    assert!(app.screens.playground.chart.cursor > 0.9);
    assert!(screen(&mut app, 80, 24).contains("x = 1 "));
    press(&mut app, "+");
    assert!(app.screens.playground.chart.half_width < 5.0);
    press(&mut app, "0");
    assert_eq!(app.screens.playground.chart.half_width, 5.0);
    press(&mut app, "d");
    assert!(!app.screens.playground.chart.show_derivative);
    // Inside the box the same letters type.
    press(&mut app, "i");
    press(&mut app, "d");
    assert!(!app.screens.playground.chart.show_derivative);
    assert!(app.screens.playground.text().ends_with('d'));
}

#[test]
fn an_empty_box_shows_the_placeholder_and_keeps_the_chart() {
    let mut app = app();
    type_formula(&mut app, "");
    assert!(
        app.screens.playground.error().is_none(),
        "empty is not an error"
    );
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("type a formula in x"), "{text}");
    assert!(has_braille(&text));
}

#[test]
fn small_and_odd_terminals_do_not_panic() {
    let mut app = app();
    type_formula(&mut app, &"(x+".repeat(40));
    for (w, h) in [
        (1, 1),
        (0, 0),
        (60, 20),
        (61, 21),
        (200, 20),
        (60, 60),
        (300, 80),
    ] {
        screen(&mut app, w, h);
    }
    assert!(screen(&mut app, 50, 15).contains("Terminal too small"));
    // A long broken formula still shows the caret within the screen.
    let text = screen(&mut app, 60, 20);
    assert!(text.contains('^'), "{text}");
}

#[test]
fn playground_keys_are_in_the_help() {
    let mut app = app();
    press(&mut app, "?");
    let text = screen(&mut app, 120, 60);
    assert!(
        text.contains("compare with the next catalog function"),
        "{text}"
    );
    assert!(text.contains("remove the selected saved formula"), "{text}");
}

#[test]
fn saved_formulas_are_stored_with_progress_and_come_back() {
    use acttutor::learner::{Date, Now, Progress, Store};
    use acttutor::tui::learning::Learner;
    let home = tempfile::tempdir().unwrap();
    let store = Store::new(home.path());
    let learner = |progress| Learner {
        store: Some(store.clone()),
        progress,
        notice: None,
        clock: || Now::fixed(Date::from_ymd(2025, 3, 2)),
    };
    let mut app = app();
    app.attach_learner(learner(Progress::default()), Some((1, View::Playground)));
    type_formula(&mut app, "x*sigmoid(1.702*x)");
    key(&mut app, KeyCode::Enter);
    let saved = store.load().progress;
    assert_eq!(saved.playground, vec!["x*sigmoid(1.702*x)".to_string()]);

    let mut again = self::app();
    again.attach_learner(learner(saved), Some((1, View::Playground)));
    assert_eq!(
        again.screens.playground.saved_formulas(),
        ["x*sigmoid(1.702*x)".to_string()]
    );
    assert!(screen(&mut again, 100, 30).contains("x*sigmoid(1.702*x)"));
}

#[test]
fn a_long_paste_is_one_insertion_and_one_parse() {
    use crossterm::event::Event;
    let mut app = app();
    type_formula(&mut app, "");
    // 20,000 characters: "x+" ten thousand times, with line breaks inside.
    let mut text = "x+".repeat(9_999);
    text.push_str("x\n");
    app.handle_event(Event::Paste(text));
    app.settle();
    let typed = app.screens.playground.text();
    assert_eq!(typed.chars().count(), 20_000);
    assert!(!typed.contains('\n'), "the box stays one line");
    // Longer than a formula may be: one clear message, the last chart stays.
    let error = app
        .screens
        .playground
        .error()
        .expect("too long")
        .message
        .clone();
    assert!(
        error.contains("too long (20000 characters, at most 500)"),
        "{error}"
    );
    assert!(app.screens.playground.current().is_some());
    assert!(screen(&mut app, 80, 24).contains("too long"));
    // Outside the box a paste is dropped.
    key(&mut app, KeyCode::Esc);
    app.handle_event(Event::Paste("sin(x)".into()));
    assert_eq!(app.screens.playground.text().chars().count(), 20_000);
}
