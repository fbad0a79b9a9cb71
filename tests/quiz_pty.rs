//! The quiz in the real binary in a pseudo-terminal: `q` typed into an answer box
//! types a q instead of quitting, the answer is saved, and `acttutor` reopens where
//! the learner left with the Today panel.

mod common;
use common::pty::{Key, Launch, Pty};

#[test]
fn q_typed_into_an_answer_does_not_quit() {
    let home = common::fresh_home();
    let launch = |args| {
        Pty::launch(Launch {
            args,
            home: Some(home.path()),
            ..Launch::default()
        })
    };
    let t = launch(&["quiz", "6"]);
    t.wait_text("Day 6 quiz · 0 of 7 answered · 0 right · pass: 6");
    t.wait_text("Enter answers · Esc leaves the box");
    t.press(Key::Char('q'));
    let screen = t.wait_text("│q");
    assert!(!t.has_exited(), "q must not quit while typing:\n{screen}");
    t.press_all(&[Key::Backspace, Key::Char('1'), Key::Enter]);
    t.wait_text("✓ Right: 1");
    t.press(Key::Char('q'));
    t.wait_success();
    t.assert_terminal_restored();
    drop(t);
    let progress =
        acttutor::learner::store::parse(&std::fs::read(home.path().join("progress.json")).unwrap())
            .unwrap();
    assert_eq!(progress.answers.len(), 1);
    assert_eq!(
        (progress.answers[0].id.as_str(), progress.answers[0].correct),
        ("relu-slope-at-2", true)
    );
    // `acttutor` reopens there, with the Today panel first.
    let t = launch(&[]);
    t.wait_text("Today");
    t.wait_text("Day 1 of 22");
    // Esc closes the panel and stays put (Enter would open the lesson it names).
    t.press(Key::Esc);
    let screen = t.wait_for("the Today panel closed", |s| !s.contains("Reviews due"));
    assert!(
        screen.contains("Day 6 quiz"),
        "resumed on day 6's quiz:\n{screen}"
    );
    // Esc and q apart: sent together a terminal reads them as Alt-q.
    t.press(Key::Esc);
    t.wait_text("Enter to type");
    t.press(Key::Char('q'));
    t.wait_success();
}
