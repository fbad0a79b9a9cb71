//! The quiz, Today panel, note pad and resume in the app: TestBackend + insta
//! snapshots (tests/snapshots/tui_quiz__*.snap), driven by synthetic keys.

use acttutor::course::{Course, Source};
use acttutor::learner::{Date, Now, Progress, Resume, Store};
use acttutor::tui::action::View;
use acttutor::tui::learning::Learner;
use acttutor::tui::widgets::buffer_to_text;
use acttutor::tui::{App, Options};
use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
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
    assert!(text.contains("› 1. At most what one layer"), "{text}");
    press(&mut app, "j");
    assert_eq!(app.screens.quiz.selected, 1, "↓ moves the highlight");
    press(&mut app, "2");
    let text = screen(&mut app);
    assert!(text.contains("✗ Wrong. The answer is 1."), "{text}");
    assert!(
        text.contains("✓ 1. At most") && text.contains("✗ 2. More than one"),
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
    for answer in ["6*x - 1", "3", "0.559", "affine"] {
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
    for answer in ["6*x - 1", "3", "0.559", "affine"] {
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
    // A paste keeps its line breaks in the note pad, as one insertion.
    app.handle_event(Event::Paste("\nline two\r\nline three".into()));
    app.settle();
    assert_eq!(
        app.screens.lesson.notes.text().unwrap(),
        "kinks at 0, q\nline two\nline three"
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

/// The app on `day`'s quiz (no learner attached: no tour, no Today panel).
fn quiz_on(day: u32) -> App {
    let mut app = App::new(
        Course::load(&Source::Embedded),
        Options {
            start_day: day,
            ..Options::default()
        },
    );
    press(&mut app, "4");
    app
}

fn footer(app: &mut App) -> String {
    screen(app).lines().last().unwrap_or("").to_string()
}

#[test]
fn keys_in_the_answer_box_type_and_esc_gives_them_back() {
    // Day 2 opens on a numeric question: its box has the keys at once.
    let mut app = quiz_on(2);
    assert!(app.screens.quiz.typing);
    let foot = footer(&mut app);
    assert!(
        foot.contains("Esc leave box") && foot.contains("Enter answer"),
        "{foot}"
    );
    assert!(!foot.contains("next day"), "n and p type here: {foot}");
    press(&mut app, "ppp");
    assert_eq!(app.screens.quiz.input.lines(), ["ppp"]);
    assert_eq!(app.lesson_index, 1, "p typed, the day stayed");
    // Tab and F-keys switch views from inside the box; the box keeps its text.
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.view, View::Lab);
    key(&mut app, KeyCode::F(4));
    assert_eq!(app.view, View::Quiz);
    assert!(app.screens.quiz.typing);
    assert_eq!(app.screens.quiz.input.lines(), ["ppp"]);
    // After Esc, n and p move between days again and the footer says so.
    key(&mut app, KeyCode::Esc);
    assert!(!app.screens.quiz.typing);
    assert!(footer(&mut app).contains("n next day"));
    press(&mut app, "p");
    assert_eq!(app.lesson_index, 0);
    assert_eq!(app.screens.quiz.session.as_ref().unwrap().day, 1);
}

#[test]
fn a_paste_goes_into_the_answer_box_as_one_line() {
    let mut app = quiz_on(2);
    app.handle_event(Event::Paste("1\n".into()));
    app.settle();
    assert_eq!(app.screens.quiz.input.lines(), ["1 "]);
    assert!(
        app.learner.progress.answers.is_empty(),
        "pasting does not answer"
    );
    assert!(app.screens.quiz.feedback.is_none());
}

#[test]
fn a_click_on_an_option_picks_it() {
    let mut app = quiz_on(1);
    let text = screen(&mut app);
    let row = text
        .lines()
        .position(|l| l.trim_start().starts_with("2. "))
        .unwrap_or_else(|| panic!("{text}"));
    app.handle_event(Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 6,
        row: row as u16,
        modifiers: KeyModifiers::NONE,
    }));
    app.settle();
    assert_eq!(app.screens.quiz.selected, 1);
    assert!(app.screens.quiz.feedback.is_some(), "answered");
    assert_eq!(app.learner.progress.answers.len(), 1);
}

/// Progress that has reached day 3 and was left on day 5's lab.
fn on_day_three_left_on_day_five() -> Progress {
    Progress {
        current_day: 3,
        resume: Some(Resume {
            day: 5,
            view: "lab".into(),
        }),
        ..Progress::default()
    }
}

#[test]
fn today_s_enter_and_4_open_the_day_it_names() {
    let mut app = app_with(on_day_three_left_on_day_five(), None);
    assert!(app.today_open && !app.tour.is_open());
    assert_eq!((app.view, app.lesson_index), (View::Lab, 4));
    assert!(
        screen(&mut app).contains("Day 3 of 22"),
        "the panel names day 3"
    );
    key(&mut app, KeyCode::Enter);
    assert!(!app.today_open);
    assert_eq!(
        (app.view, app.lesson_index),
        (View::Lesson, 2),
        "day 3's lesson"
    );
    let mut app = app_with(on_day_three_left_on_day_five(), None);
    press(&mut app, "4");
    assert_eq!(app.view, View::Quiz);
    assert_eq!(
        app.screens.quiz.session.as_ref().unwrap().day,
        3,
        "day 3's quiz"
    );
}

#[test]
fn the_tour_shows_on_the_first_start_only_and_again_from_the_help() {
    let mut app = app_with(Progress::default(), None);
    assert!(app.tour.is_open());
    let first = screen(&mut app);
    for shown in [
        "Welcome to acttutor",
        "Quit with q",
        "4 Quiz",
        "6 Playground",
    ] {
        assert!(first.contains(shown), "{shown}: {first}");
    }
    insta::assert_snapshot!("tour_80x24", first);
    key(&mut app, KeyCode::Right);
    assert!(screen(&mut app).contains("Passing a day"));
    key(&mut app, KeyCode::Esc);
    assert!(!app.tour.is_open());
    assert!(app.today_open, "the Today panel is next");
    app.save_progress().unwrap();
    let mut again = app_with(app.learner.progress.clone(), None);
    assert!(!again.tour.is_open(), "shown once");
    key(&mut again, KeyCode::Esc); // the Today panel
    press(&mut again, "?T");
    assert!(again.tour.is_open() && !again.help.open);
    assert!(screen(&mut again).contains("Welcome to acttutor"));
}
