//! The quiz, Today panel, note pad, resume and the read rule in the app:
//! TestBackend + insta snapshots (tests/snapshots/tui_quiz__*.snap), driven by
//! synthetic keys. Choice options come in a shuffled order: the tests seed it and
//! find an option by its text on the screen, the right one from the lesson file.

mod common;

use acttutor::course::{Course, QuestionKind, Source};
use acttutor::learner::{Date, Now, Progress, Resume, Store};
use acttutor::tui::action::View;
use acttutor::tui::learning::Learner;
use acttutor::tui::widgets::buffer_to_text;
use acttutor::tui::{App, Options};
use common::screen::click;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn fixed_now() -> Now {
    Now::fixed(Date::from_ymd(2025, 3, 2))
}

/// The seed of the options' order in these tests (any seed would do: the tests
/// find options by their text).
const SEED: u64 = 7;

/// The app on day 1's lesson, its quiz not started yet: seeded.
fn app() -> App {
    let mut app = App::new(Course::load(&Source::Embedded), Options::default());
    app.screens.quiz.seed = Some(SEED);
    app
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
    screen_at(app, 80, 24)
}

fn screen_at(app: &mut App, width: u16, height: u16) -> String {
    app.resize(width, height);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    buffer_to_text(terminal.backend().buffer(), false)
}

/// The current choice question's options as the lesson file has them, and the
/// file's index of the right one.
fn file_options(app: &App) -> (Vec<String>, usize) {
    let session = app.screens.quiz.session.as_ref().expect("a quiz");
    let question = session.question(&app.course).expect("a question");
    match &question.kind {
        QuestionKind::Choice {
            options, answer, ..
        } => (options.clone(), *answer),
        other => panic!("not a choice question: {other:?}"),
    }
}

fn right_option(app: &App) -> String {
    let (options, answer) = file_options(app);
    options[answer].clone()
}

fn wrong_option(app: &App) -> String {
    let (options, answer) = file_options(app);
    options[(answer + 1) % options.len()].clone()
}

/// The options as drawn, top to bottom: (shown number, first row of the text).
fn shown_options(screen: &str) -> Vec<(char, String)> {
    screen
        .lines()
        .filter_map(|line| {
            let rest = line.trim_start_matches([' ', '›', '✓', '✗']);
            let (number, text) = rest.split_once(". ")?;
            let mut digits = number.chars();
            match (digits.next(), digits.next()) {
                (Some(d), None) if d.is_ascii_digit() => Some((d, text.trim_end().to_string())),
                _ => None,
            }
        })
        .collect()
}

/// The number the screen shows before the option `text`.
fn shown_number(screen: &str, text: &str) -> char {
    shown_options(screen)
        .into_iter()
        .find(|(_, first_row)| text.starts_with(first_row.as_str()))
        .map(|(number, _)| number)
        .unwrap_or_else(|| panic!("“{text}” is not shown:\n{screen}"))
}

/// Pick the option `text` by the number it is shown with.
fn pick(app: &mut App, text: &str) {
    let number = shown_number(&screen(app), text);
    press(app, &number.to_string());
}

#[test]
fn a_wrong_choice_shows_the_right_answer_and_why() {
    let mut app = app();
    press(&mut app, "4");
    let text = screen(&mut app);
    assert!(text.contains("Day 1 quiz · 0 of 6 answered"), "{text}");
    assert!(!text.contains('›'), "no option highlighted yet: {text}");
    press(&mut app, "j");
    assert_eq!(app.screens.quiz.selected, Some(0), "↓ highlights the first");
    press(&mut app, "j");
    assert_eq!(app.screens.quiz.selected, Some(1), "↓ moves the highlight");
    let before = screen(&mut app);
    let right = shown_number(&before, &right_option(&app));
    let wrong_text = wrong_option(&app);
    let wrong = shown_number(&before, &wrong_text);
    pick(&mut app, &wrong_text);
    let text = screen(&mut app);
    // Named by the numbers shown, not the file's.
    let verdict = format!("✗ Wrong. The answer is {right}. At most");
    assert!(text.contains(&verdict), "{text}");
    assert!(text.contains(&format!("Why not {wrong}: ")), "{text}");
    assert!(
        text.contains(&format!("✓ {right}. At most")) && text.contains(&format!("✗ {wrong}. ")),
        "{text}"
    );
    assert!(
        text.contains("1 of 6 answered · 0 right · pass: 5"),
        "the counters: {text}"
    );
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
    let right = right_option(&app);
    pick(&mut app, &right);
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
    press(&mut app, "4");
    press(&mut app, "1");
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

/// Answer day 1's four typed questions right (the quiz is on the first one's
/// feedback).
fn answer_day_one_typed_questions(app: &mut App) {
    for answer in ["6*x - 1", "3", "0.559", "affine"] {
        key(app, KeyCode::Enter);
        press(app, answer);
        key(app, KeyCode::Enter);
    }
    key(app, KeyCode::Enter);
}

#[test]
fn passing_the_quiz_opens_the_next_day() {
    let mut app = app();
    press(&mut app, "4");
    let right = right_option(&app);
    pick(&mut app, &right);
    answer_day_one_typed_questions(&mut app);
    let wrong = wrong_option(&app);
    pick(&mut app, &wrong); // the last one wrong: 5 of 6 still passes
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
        text.contains("Day 2 quiz · 0 of 6 answered · 0 right · pass: 5"),
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
    let wrong = wrong_option(&app);
    pick(&mut app, &wrong);
    answer_day_one_typed_questions(&mut app);
    let right = right_option(&app);
    pick(&mut app, &right);
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
    let wrong = wrong_option(&app);
    pick(&mut app, &wrong);
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
    assert!(screen(&mut app).contains("✗ Wrong. The answer is"));
}

/// The app on `day`'s quiz (no learner attached: no tour, no Today panel).
fn quiz_on(day: u32) -> App {
    seeded_quiz_on(day, SEED)
}

/// As `quiz_on`, its options' order drawn from `seed`.
fn seeded_quiz_on(day: u32, seed: u64) -> App {
    let mut app = App::new(
        Course::load(&Source::Embedded),
        Options {
            start_day: day,
            ..Options::default()
        },
    );
    app.screens.quiz.seed = Some(seed);
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
    click(&mut app, 6, row as u16);
    assert_eq!(app.screens.quiz.selected, Some(1));
    assert!(app.screens.quiz.feedback.is_some(), "answered");
    assert_eq!(app.learner.progress.answers.len(), 1);
}

#[test]
fn a_click_on_the_right_option_where_it_is_shown_is_right() {
    for seed in [1, 2, 3] {
        let mut app = seeded_quiz_on(1, seed);
        let text = screen(&mut app);
        let right = right_option(&app);
        let row = text
            .lines()
            .position(|l| l.contains(&right))
            .unwrap_or_else(|| panic!("{text}"));
        // The option's second row (when it wraps) is part of it too: its first row
        // is the one to click here.
        click(&mut app, 10, row as u16);
        let answers = &app.learner.progress.answers;
        assert_eq!(answers.len(), 1, "seed {seed}");
        assert!(answers[0].correct, "seed {seed}: {}", screen(&mut app));
    }
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

#[test]
fn enter_on_a_fresh_choice_question_answers_nothing() {
    let mut app = quiz_on(1);
    let text = screen(&mut app);
    assert!(!text.contains('›'), "no option highlighted: {text}");
    assert!(text.contains("↑↓ to choose, Enter to answer"), "{text}");
    key(&mut app, KeyCode::Enter);
    assert!(
        app.screens.quiz.feedback.is_none(),
        "Enter alone answers nothing"
    );
    assert!(app.learner.progress.answers.is_empty());
    assert_eq!(screen(&mut app), text, "nothing changed");
    // ↑ from no highlight lands on the last option; Enter answers it.
    key(&mut app, KeyCode::Up);
    let (options, _) = file_options(&app);
    assert_eq!(app.screens.quiz.selected, Some(options.len() - 1));
    let text = screen(&mut app);
    assert!(text.contains(&format!("› {}. ", options.len())), "{text}");
    key(&mut app, KeyCode::Enter);
    assert!(app.screens.quiz.feedback.is_some());
    assert_eq!(app.learner.progress.answers.len(), 1);
}

#[test]
fn options_come_in_a_new_order_at_each_sitting_and_the_right_one_is_graded_right() {
    let orders: Vec<Vec<String>> = [5, 6]
        .into_iter()
        .map(|seed| {
            let mut app = seeded_quiz_on(1, seed);
            let text = screen(&mut app);
            let (options, answer) = file_options(&app);
            let shown: Vec<String> = shown_options(&text).into_iter().map(|(_, t)| t).collect();
            // Every option of the file is shown once, whatever the order.
            assert_eq!(shown.len(), options.len(), "{text}");
            for option in &options {
                let matches = shown.iter().filter(|s| option.starts_with(s.as_str()));
                assert_eq!(matches.count(), 1, "{option}: {text}");
            }
            // The right option, picked where it is shown, is right and recorded by
            // its number in the file (`answer` counts from 0 there).
            let number = shown_number(&text, &options[answer]);
            press(&mut app, &number.to_string());
            let text = screen(&mut app);
            assert!(text.contains(&format!("✓ Right: {number}. ")), "{text}");
            let recorded = &app.learner.progress.answers[0];
            assert!(recorded.correct);
            assert_eq!(recorded.given, (answer + 1).to_string());
            shown
        })
        .collect();
    assert_ne!(orders[0], orders[1], "two sittings, two orders");
    // A seed reproduces its sitting.
    let mut again = seeded_quiz_on(1, 5);
    let text = screen(&mut again);
    let shown: Vec<String> = shown_options(&text).into_iter().map(|(_, t)| t).collect();
    assert_eq!(shown, orders[0]);
}

#[test]
fn a_retake_is_a_new_sitting_in_a_new_order() {
    let mut app = quiz_on(1);
    let first = shown_options(&screen(&mut app));
    let wrong = wrong_option(&app);
    pick(&mut app, &wrong);
    press(&mut app, "r");
    let text = screen(&mut app);
    assert!(text.contains("Day 1 quiz · 0 of 6 answered"), "{text}");
    assert_ne!(shown_options(&text), first, "{text}");
}

#[test]
fn the_counters_say_answered_right_and_the_pass_mark() {
    let mut app = quiz_on(1);
    // Day 1 has 6 questions; 75% of 6 is 4.5, rounded up: 5 to pass.
    assert!(screen(&mut app).contains("Day 1 quiz · 0 of 6 answered · 0 right · pass: 5"));
    let right = right_option(&app);
    pick(&mut app, &right);
    assert!(screen(&mut app).contains("Day 1 quiz · 1 of 6 answered · 1 right · pass: 5"));
    key(&mut app, KeyCode::Enter);
    press(&mut app, "x");
    key(&mut app, KeyCode::Enter);
    let text = screen(&mut app);
    assert!(
        text.contains("Day 1 quiz · 2 of 6 answered · 1 right · pass: 5"),
        "{text}"
    );
    assert!(!text.contains("question 1 of"), "the old header is gone");
}

/// Day 1's quiz on its `n`th question (1-based), the ones before answered right.
fn day_one_on_question(n: usize) -> App {
    let mut app = quiz_on(1);
    let right = right_option(&app);
    pick(&mut app, &right);
    for answer in ["6*x - 1", "3", "0.559", "affine"].into_iter().take(n - 2) {
        key(&mut app, KeyCode::Enter);
        press(&mut app, answer);
        key(&mut app, KeyCode::Enter);
    }
    key(&mut app, KeyCode::Enter);
    app
}

#[test]
fn a_one_letter_slip_is_right_with_the_spelling_shown() {
    // Question 5 wants "affine".
    let mut app = day_one_on_question(5);
    press(&mut app, "afine");
    key(&mut app, KeyCode::Enter);
    let text = screen(&mut app);
    assert!(text.contains("✓ Right: affine"), "{text}");
    assert!(text.contains("Accepted; it is spelled “affine”."), "{text}");
    let answers = &app.learner.progress.answers;
    let slip = answers.iter().find(|a| a.id == "why-nonlinearity-affine");
    let slip = slip.expect("recorded");
    assert!(slip.correct && slip.given == "afine", "{slip:?}");
}

#[test]
fn a_right_number_short_of_decimals_is_a_hint_not_a_miss() {
    // Question 4: 2·tanh(1) − tanh(2) = 2·0.7615942 − 0.9640276 = 0.5591608, to 3
    // decimals (tolerance 0.0005).
    let mut app = day_one_on_question(4);
    press(&mut app, "0.56");
    key(&mut app, KeyCode::Enter);
    let text = screen(&mut app);
    assert!(text.contains("right so far; give 3 decimals"), "{text}");
    assert!(
        text.contains("3 of 6 answered · 3 right"),
        "not counted: {text}"
    );
    assert_eq!(app.learner.progress.answers.len(), 3, "nothing recorded");
    assert!(app.screens.quiz.typing, "the box keeps the keys");
    for _ in 0..4 {
        key(&mut app, KeyCode::Backspace);
    }
    press(&mut app, "0.559");
    key(&mut app, KeyCode::Enter);
    let text = screen(&mut app);
    assert!(text.contains("✓ Right"), "{text}");
    assert!(text.contains("4 of 6 answered · 4 right"), "{text}");
}

#[test]
fn paging_past_a_lesson_does_not_mark_it_read_but_reaching_its_end_does() {
    let mut app = app();
    screen(&mut app);
    assert!(
        app.screens.lesson.line_count() > 30,
        "day 1 is longer than a screen"
    );
    assert!(
        !app.learner.progress.read.contains(&1),
        "only its top shown"
    );
    press(&mut app, "n");
    screen(&mut app);
    assert_eq!(app.current_lesson().map(|l| l.day), Some(2));
    assert!(
        !app.learner.progress.read.contains(&1),
        "paged past with n: not read"
    );
    press(&mut app, "p");
    press(&mut app, "jjj");
    assert!(
        !app.learner.progress.read.contains(&1),
        "still short of the end"
    );
    press(&mut app, "G");
    assert!(
        app.learner.progress.read.contains(&1),
        "its end was on screen"
    );
    assert!(!app.learner.progress.read.contains(&2));
}

#[test]
fn a_lesson_that_fits_the_screen_is_read_at_once() {
    let mut app = app();
    press(&mut app, "n");
    assert!(!app.learner.progress.read.contains(&2));
    // A terminal tall enough for the whole lesson (and its chart below).
    screen_at(&mut app, 100, 600);
    assert!(app.screens.lesson.line_count() < 500, "fits");
    assert!(
        app.learner.progress.read.contains(&2),
        "its end is on screen"
    );
}

#[test]
fn a_lesson_under_the_today_panel_is_not_read() {
    let progress = Progress {
        resume: Some(Resume {
            day: 2,
            view: "lesson".into(),
        }),
        ..Progress::default()
    };
    let mut app = app_with(progress, None);
    assert!(app.today_open);
    screen_at(&mut app, 100, 600);
    assert!(
        !app.learner.progress.read.contains(&2),
        "the panel covers it"
    );
    key(&mut app, KeyCode::Esc);
    assert!(
        app.learner.progress.read.contains(&2),
        "shown once the panel closes"
    );
}
