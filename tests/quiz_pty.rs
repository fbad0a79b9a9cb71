//! The quiz in the real binary in a pseudo-terminal: `q` typed into an answer box
//! types a q instead of quitting, the answer is saved, and `acttutor` reopens where
//! the learner left with the Today panel; `n`/`p` type in the box and change day
//! after Esc; the Today panel's Enter and `4` open the day it names.
mod common;
use common::pty::{Key, Pty};

/// Day 1's title, as its lesson shows it (lessons/day01-why-nonlinearity.md).
const DAY1_TITLE: &str = "Why networks need non-linearity";

#[test]
fn q_typed_into_an_answer_does_not_quit() {
    let home = common::fresh_home();
    let launch = |args| Pty::start_in(home.path(), args);
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

/// Keys in the quiz's answer box are typed, `n` and `p` included, and the footer
/// shows what works there; Esc leaves the box and `n`/`p` change day again. Tab
/// and F-keys switch views from inside the box.
#[test]
fn keys_type_in_the_answer_box_and_after_esc_n_and_p_change_day() {
    let t = Pty::start(&["quiz", "6"], (100, 30));
    t.wait_text("Day 6 quiz · 0 of 7 answered");
    t.wait_text("Enter answers · Esc leaves the box");
    // `p` three times, then `n`: typed, the day stays (the first bug).
    t.type_text("pppn");
    let screen = t.wait_text("│pppn");
    assert!(screen.contains("Day 6 quiz"), "still day 6:\n{screen}");
    assert!(
        screen.contains("leave box") && !screen.contains("prev day"),
        "the footer shows the box's keys, not n/p:\n{screen}"
    );
    // Esc leaves the box; then p and n move between days.
    t.press(Key::Esc);
    t.wait_text("Enter to type");
    t.press(Key::Char('p'));
    t.wait_text("Day 5 quiz");
    t.press(Key::Char('n'));
    t.wait_text("Day 6 quiz");
    // Back in the box, Tab switches view (Quiz → Lab) rather than typing.
    t.press(Key::Enter);
    t.wait_text("Enter answers · Esc leaves the box");
    t.press(Key::Tab);
    t.wait_text("‖ paused");
    // F4 comes back to the quiz, whose box kept what was typed; F6 from inside
    // the box goes to the Playground.
    t.press(Key::F(4));
    t.wait_text("Day 6 quiz");
    t.press(Key::Enter);
    t.wait_text("Enter answers · Esc leaves the box");
    t.press(Key::F(6));
    t.wait_for("the Playground", |s| !s.contains("Day 6 quiz"));
    t.press(Key::Ctrl('c'));
    t.wait_success();
    t.assert_terminal_restored();
}

/// Left on day 6's quiz with today's day 1: the Today panel names day 1, its
/// Enter opens day 1's lesson and its `4` day 1's quiz, not day 6's.
#[test]
fn todays_enter_and_4_open_the_day_it_names() {
    let home = common::fresh_home();
    let launch = |args| Pty::start_in(home.path(), args);
    // Leave the app on day 6's quiz (quitting saves where it was).
    let t = launch(&["quiz", "6"]);
    t.wait_text("Day 6 quiz · 0 of 7 answered");
    t.press(Key::Ctrl('c'));
    t.wait_success();
    drop(t);

    let t = launch(&[]);
    t.wait_text("Reviews due");
    t.wait_text("Day 1 of 22");
    t.press(Key::Enter);
    let screen = t.wait_for("the Today panel closed", |s| !s.contains("Reviews due"));
    assert!(
        !screen.contains("Day 6") && screen.contains(DAY1_TITLE),
        "Enter opens day 1's lesson:\n{screen}"
    );
    t.press(Key::Char('q'));
    t.wait_success();
    drop(t);

    let t = launch(&[]);
    t.wait_text("Reviews due");
    t.press(Key::Char('4'));
    t.wait_text("Day 1 quiz · 0 of");
    t.press(Key::Ctrl('c'));
    t.wait_success();
}
