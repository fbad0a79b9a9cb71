//! The quiz in the real binary in a real terminal (tmux): `q` typed into an answer
//! box types a q instead of quitting, the answer is saved, and `acttutor` reopens
//! where the learner left with the Today panel. `.ci/run` installs tmux.

mod common;
use common::tmux::Tmux;

#[test]
fn q_typed_into_an_answer_does_not_quit() {
    let home = tempfile::tempdir().unwrap();
    let t = Tmux::start_in(home.path(), "typing", "quiz 6", &[], (100, 30));
    t.wait_text("Day 6 quiz · question 1 of 7");
    t.wait_text("Enter answers · Esc leaves the box");
    t.keys(&["q"]);
    let screen = t.wait_text("│q");
    assert!(
        !screen.contains("ACTTUTOR_EXIT"),
        "q must not quit while typing:\n{screen}"
    );
    t.keys(&["BSpace", "1", "Enter"]);
    t.wait_text("✓ Right: 1");
    t.keys(&["q"]);
    let screen = t.wait_text("ACTTUTOR_EXIT=");
    assert!(screen.contains("ACTTUTOR_EXIT=0"), "{screen}");
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
    let t = Tmux::start_in(home.path(), "resume", "", &[], (100, 30));
    t.wait_text("Today");
    t.wait_text("Day 1 of 22");
    t.keys(&["Enter"]);
    let screen = t.wait_for("the Today panel closed", |s| !s.contains("Reviews due"));
    assert!(
        screen.contains("Day 6 quiz"),
        "resumed on day 6's quiz:\n{screen}"
    );
    // Esc and q apart: sent together a terminal reads them as Alt-q.
    t.keys(&["Escape"]);
    t.wait_text("Enter to type");
    t.keys(&["q"]);
    t.wait_text("ACTTUTOR_EXIT=0");
}
