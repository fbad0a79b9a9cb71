//! The quiz, Today panel, note pad and resume in the app: TestBackend + insta
//! snapshots (tests/snapshots/tui_quiz__*.snap), driven by synthetic keys.

use acttutor::course::{Course, Source};
use acttutor::learner::{Date, Now, Progress, Resume, Store};
use acttutor::tui::action::View;
use acttutor::tui::learning::Learner;
use acttutor::tui::widgets::buffer_to_text;
use acttutor::tui::{App, Options};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn fixed_now() -> Now {
    Now::fixed(Date::from_ymd(2025, 3, 2))
}

fn app() -> App {
    App::new(Course::load(&Source::Embedded), Options::default())
}

fn app_with(progress: Progress, start: Option<(u32, View)>) -> App {
    let mut app = app();
    app.attach_learner(Learner::in_memory(progress, fixed_now), start);
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

/// The screen at 80×24 (the app is told the size first, as by the terminal).
fn screen(app: &mut App) -> String {
    app.resize(80, 24);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    buffer_to_text(terminal.backend().buffer(), false)
}

#[test]
fn a_wrong_choice_shows_the_right_answer_and_why() {
    let mut app = app();
    press(&mut app, "4");
    let text = screen(&mut app);
    assert!(text.contains("Day 1 quiz · question 1 of 6"), "{text}");
    assert!(text.contains("› 1. Exactly what one layer"), "{text}");
    press(&mut app, "j");
    assert_eq!(app.screens.quiz.selected, 1, "↓ moves the highlight");
    press(&mut app, "2");
    let text = screen(&mut app);
    assert!(text.contains("✗ Wrong. The answer is 1."), "{text}");
    assert!(
        text.contains("✓ 1. Exactly") && text.contains("✗ 2. More than one"),
        "{text}"
    );
    assert!(text.contains("0 right of 6"), "the score line: {text}");
    assert_eq!(app.learner.progress.answers.len(), 1, "recorded");
    assert!(!app.learner.progress.answers[0].correct);
    insta::assert_snapshot!("quiz_choice_wrong_80x24", text);
    // Digits no longer answer: they switch views again.
    press(&mut app, "1");
    assert_eq!(app.view, View::Lesson);
}

#[test]
fn a_numeric_answer_is_typed_and_letters_do_not_quit() {
    let mut app = app();
    press(&mut app, "4");
    key(&mut app, KeyCode::Enter); // choice 1: right
    key(&mut app, KeyCode::Enter); // next: the formula question, box focused
    assert!(app.screens.quiz.typing);
    press(&mut app, "6*x - 1");
    key(&mut app, KeyCode::Enter);
    assert!(screen(&mut app).contains("✓ Right: 6*x - 1"));
    key(&mut app, KeyCode::Enter); // next: numeric
    press(&mut app, "q2");
    assert!(!app.quit, "q types into the box");
    assert_eq!(app.view, View::Quiz, "digits type too");
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Backspace);
    press(&mut app, "3");
    let text = screen(&mut app);
    assert!(
        text.contains("a number · Enter answers · Esc leaves the box"),
        "{text}"
    );
    assert!(text.contains("│3"), "{text}");
    insta::assert_snapshot!("quiz_numeric_input_80x24", text);
    key(&mut app, KeyCode::Esc);
    assert!(!app.screens.quiz.typing, "Esc leaves the box");
    press(&mut app, "q");
    assert!(app.quit, "outside the box q quits");
}

#[test]
fn a_formula_that_does_not_parse_is_not_graded() {
    let mut app = app();
    press(&mut app, "41");
    key(&mut app, KeyCode::Enter);
    press(&mut app, "6*x -");
    key(&mut app, KeyCode::Enter);
    let text = screen(&mut app);
    assert!(text.contains("Not graded — try again:"), "{text}");
    assert!(app.screens.quiz.typing && app.screens.quiz.feedback.is_none());
    assert_eq!(
        app.learner.progress.answers.len(),
        1,
        "only the choice is recorded"
    );
}

#[test]
fn passing_the_quiz_opens_the_next_day() {
    let mut app = app();
    press(&mut app, "41");
    for answer in ["6*x - 1", "3", "2*tanh(1) - tanh(2)", "affine"] {
        key(&mut app, KeyCode::Enter);
        press(&mut app, answer);
        key(&mut app, KeyCode::Enter);
    }
    key(&mut app, KeyCode::Enter);
    press(&mut app, "2"); // the last one wrong: 5 of 6 still passes
    key(&mut app, KeyCode::Enter);
    let text = screen(&mut app);
    assert!(
        text.contains("Score: 5 of 6 right (83%)") && text.contains("Passed!"),
        "{text}"
    );
    assert_eq!(app.learner.progress.current_day, 2);
    press(&mut app, "n");
    let text = screen(&mut app);
    assert!(
        text.contains("Day 2 quiz · question 1 of 6 ·"),
        "no review the same day: {text}"
    );
}

#[test]
fn the_today_panel_shows_the_day_lesson_reviews_and_streak() {
    let mut app = app_with(Progress::default(), None);
    assert!(app.today_open);
    press(&mut app, "4");
    assert!(!app.today_open, "any key closes it");
    assert_eq!(app.view, View::Quiz, "and does what it says");
    // Day 1 passed yesterday with one miss: a review is due today.
    let mut app = self::app();
    let yesterday = || Now::fixed(Date::from_ymd(2025, 3, 1));
    let learner = Learner::in_memory(Progress::default(), yesterday);
    app.attach_learner(learner, Some((1, View::Quiz)));
    press(&mut app, "2");
    for answer in ["6*x - 1", "3", "2*tanh(1) - tanh(2)", "affine"] {
        key(&mut app, KeyCode::Enter);
        press(&mut app, answer);
        key(&mut app, KeyCode::Enter);
    }
    key(&mut app, KeyCode::Enter);
    press(&mut app, "1");
    let mut progress = app.learner.progress.clone();
    // Not a first start (that shows the tour): back on day 2's lesson.
    progress.resume = Some(Resume {
        day: 2,
        view: "lesson".into(),
    });
    let mut app = app_with(progress, None);
    let text = screen(&mut app);
    let lines = [
        "Day 2 of 22",
        "New lesson: The step function",
        "Reviews due: 1",
        "Streak: 1 day",
        "Days passed: 1 of 22",
    ];
    for line in lines {
        assert!(text.contains(line), "{line}: {text}");
    }
    insta::assert_snapshot!("today_80x24", text);
}

#[test]
fn notes_are_edited_in_the_lesson_view_and_saved() {
    let mut app = app_with(Progress::default(), Some((6, View::Lesson)));
    press(&mut app, "e");
    assert!(app.screens.lesson.notes.is_open());
    press(&mut app, "kinks at 0, q");
    assert!(!app.quit && app.view == View::Lesson, "letters type");
    assert!(screen(&mut app).contains("your notes · Esc saves and closes"));
    key(&mut app, KeyCode::Esc);
    assert!(!app.screens.lesson.notes.is_open());
    assert_eq!(app.learner.progress.notes["relu"], "kinks at 0, q");
    press(&mut app, "e");
    assert_eq!(
        app.screens.lesson.notes.text().unwrap(),
        "kinks at 0, q",
        "reopens with the saved text"
    );
}

#[test]
fn the_app_resumes_where_it_was_left_and_saves_as_it_goes() {
    let home = tempfile::tempdir().unwrap();
    let store = Store::new(home.path());
    let progress = Progress {
        resume: Some(Resume {
            day: 3,
            view: "quiz".into(),
        }),
        ..Progress::default()
    };
    let learner = Learner {
        store: Some(store.clone()),
        progress,
        notice: None,
        clock: fixed_now,
    };
    let mut app = app();
    app.attach_learner(learner, None);
    key(&mut app, KeyCode::Esc); // close Today
    assert_eq!(
        (app.view, app.current_lesson().unwrap().day),
        (View::Quiz, 3)
    );
    press(&mut app, "1");
    key(&mut app, KeyCode::Enter);
    let saved = store.load().progress;
    assert_eq!(saved.answers.len(), 1, "saved after the answer");
    assert_eq!(
        saved.resume,
        Some(Resume {
            day: 3,
            view: "quiz".into()
        })
    );
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Esc); // leave the next question's answer box
    press(&mut app, "2n");
    app.save_progress().unwrap();
    let saved = store.load().progress;
    assert_eq!(
        saved.resume,
        Some(Resume {
            day: 4,
            view: "explore".into()
        })
    );
}

#[test]
fn a_failed_save_is_a_notice_not_a_crash() {
    let home = tempfile::tempdir().unwrap();
    let blocked = home.path().join("file");
    std::fs::write(&blocked, "not a folder").unwrap();
    let learner = Learner {
        store: Some(Store::new(blocked.join("acttutor"))),
        progress: Progress::default(),
        notice: None,
        clock: fixed_now,
    };
    let mut app = app();
    app.attach_learner(learner, Some((1, View::Quiz)));
    press(&mut app, "1");
    let notice = app.notice.clone().unwrap();
    assert!(
        notice.starts_with("could not save your progress"),
        "{notice}"
    );
    assert_eq!(app.learner.progress.answers.len(), 1, "kept in memory");
}

#[test]
fn long_feedback_scrolls_on_a_small_screen() {
    let mut app = app_with(Progress::default(), Some((11, View::Quiz)));
    let current = |app: &App| {
        app.screens
            .quiz
            .session
            .as_ref()
            .unwrap()
            .current()
            .unwrap()
            .id
            .clone()
    };
    while current(&app) != "selu-meaning" {
        if app.screens.quiz.typing {
            press(&mut app, "0");
            key(&mut app, KeyCode::Enter);
        } else {
            press(&mut app, "1");
        }
        key(&mut app, KeyCode::Enter);
    }
    press(&mut app, "4");
    let text = screen(&mut app);
    assert!(
        text.contains("↓/j shows more") && !text.contains("Enter: next question"),
        "{text}"
    );
    press(&mut app, "jjjjjjjjjj");
    let text = screen(&mut app);
    assert!(
        text.contains("Enter: next question") && text.contains("↑/k scrolls back"),
        "{text}"
    );
    press(&mut app, "kkkkkkkkkkkk");
    assert!(screen(&mut app).contains("✗ Wrong. The answer is 1."));
}
