//! Two apps on one home (issue #14, item 3): each keeps a formula and writes a
//! note; both formulas and both notes survive, whichever saves last.

use acttutor::course::{Course, Source};
use acttutor::learner::{Date, Now, Store};
use acttutor::tui::action::View;
use acttutor::tui::learning::Learner;
use acttutor::tui::{App, Options};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// An app started on `view` of day 1, with the progress in `store` as it is now.
fn open(store: &Store, view: View) -> App {
    let mut app = App::new(Course::load(&Source::Embedded), Options::default());
    let learner = Learner {
        store: Some(store.clone()),
        progress: store.load().progress,
        notice: None,
        clock: || Now::fixed(Date::from_ymd(2025, 3, 2)),
    };
    app.attach_learner(learner, Some((1, view)));
    app
}

/// Type `formula` into the playground's box and keep it.
fn keep_formula(app: &mut App, formula: &str) {
    press(app, "i");
    while !app.screens.playground.text().is_empty() {
        key(app, KeyCode::Backspace);
    }
    press(app, formula);
    key(app, KeyCode::Enter);
}

#[test]
fn two_apps_keep_both_formulas() {
    let home = tempfile::tempdir().unwrap();
    let store = Store::new(home.path());
    let mut a = open(&store, View::Playground);
    let mut b = open(&store, View::Playground);
    keep_formula(&mut a, "x*sigmoid(x)");
    keep_formula(&mut b, "x*tanh(x)");
    assert_eq!(
        store.load().progress.playground,
        ["x*sigmoid(x)", "x*tanh(x)"]
    );
    // B's formula shows in A after A's next save, and A's next one joins both.
    keep_formula(&mut a, "relu(x)");
    let all = ["x*sigmoid(x)", "x*tanh(x)", "relu(x)"];
    assert_eq!(store.load().progress.playground, all);
    assert_eq!(a.screens.playground.saved_formulas(), all);
}

#[test]
fn two_apps_keep_both_notes() {
    let home = tempfile::tempdir().unwrap();
    let store = Store::new(home.path());
    let mut a = open(&store, View::Lesson);
    let mut b = open(&store, View::Lesson);
    for (app, text) in [(&mut a, "from A"), (&mut b, "from B")] {
        press(app, "e");
        press(app, text);
        key(app, KeyCode::Esc);
    }
    let notes = store.load().progress.notes;
    let note = notes.values().next().expect("a note");
    assert_eq!(note, "from A\n\nfrom B");
}
