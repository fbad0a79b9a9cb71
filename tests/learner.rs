//! The learner core without a terminal: grading of every kind, the Leitner
//! scheduler with injected dates, quiz sessions, and the progress store (round
//! trip, merge, corrupt files, locking).

use std::collections::BTreeMap;

use acttutor::course::{Course, NumericKey, Question, QuestionKind, Source};
use acttutor::learner::grade::{grade, within};
use acttutor::learner::schedule::{after_answer, Card};
use acttutor::learner::session::{pass_mark, Session};
use acttutor::learner::{Answer, Change, Date, Now, Progress, Score, Store, Verdict};

fn question(kind: QuestionKind) -> Question {
    Question {
        id: "q".into(),
        prompt: "?".into(),
        explanation: "because".into(),
        kind,
        line: 1,
    }
}

fn choice() -> Question {
    question(QuestionKind::Choice {
        options: vec!["[0, ∞)".into(), "(0, 1)".into(), "(-1, 1)".into()],
        answer: 0,
        why: vec!["".into(), "That is the sigmoid's range.".into(), "".into()],
    })
}

fn numeric(key: NumericKey, tolerance: f64) -> Question {
    question(QuestionKind::Numeric { key, tolerance })
}

fn verdict(q: &Question, given: &str) -> Verdict {
    grade(q, given).verdict
}

fn day(n: i64) -> Date {
    Date::from_ymd(2025, 3, 1).add_days(n)
}

#[test]
fn choice_is_graded_by_number_and_says_why_a_pick_is_wrong() {
    let q = choice();
    assert_eq!(verdict(&q, "1"), Verdict::Right);
    assert_eq!(verdict(&q, " 1 "), Verdict::Right);
    let wrong = grade(&q, "2");
    assert_eq!(wrong.verdict, Verdict::Wrong);
    assert_eq!(wrong.right_answer, "1. [0, ∞)");
    assert_eq!(
        wrong.why_wrong.as_deref(),
        Some("Why not 2: That is the sigmoid's range.")
    );
    // An option without a reason still says it is not the one.
    assert!(grade(&q, "3").why_wrong.unwrap().contains("Option 3"));
    // The option's text works too (scripts); out of range is not an answer.
    assert_eq!(verdict(&q, "(0, 1)"), Verdict::Wrong);
    assert!(matches!(verdict(&q, "4"), Verdict::NotGraded(_)));
    assert!(matches!(verdict(&q, "0"), Verdict::NotGraded(_)));
    assert!(matches!(verdict(&q, "maybe"), Verdict::NotGraded(_)));
}

#[test]
fn numeric_tolerance_edges_are_inclusive() {
    let q = numeric(NumericKey::Literal(0.5), 0.001);
    for given in ["0.5", " .5 ", "0.501", "0.499", "1/2", "0.5000001"] {
        assert_eq!(verdict(&q, given), Verdict::Right, "{given}");
    }
    for given in ["0.5011", "0.4989", "1/3", "-0.5"] {
        assert_eq!(verdict(&q, given), Verdict::Wrong, "{given}");
    }
    assert!(matches!(verdict(&q, "half"), Verdict::NotGraded(_)));
    assert!(matches!(verdict(&q, ""), Verdict::NotGraded(_)));
    assert!(
        within(0.25, 0.25, 0.0),
        "zero tolerance accepts the exact key"
    );
    assert!(!within(0.2500001, 0.25, 0.0));
}

#[test]
fn numeric_keys_come_from_the_catalog() {
    let slope = NumericKey::Catalog {
        function: "sigmoid".into(),
        params: BTreeMap::new(),
        at: Some(0.0),
        of: acttutor::course::Quantity::Slope,
    };
    let q = numeric(slope, 1e-6);
    assert_eq!(verdict(&q, "0.25"), Verdict::Right);
    assert_eq!(verdict(&q, "1/4"), Verdict::Right);
    assert_eq!(verdict(&q, "0.2500011"), Verdict::Wrong);
    assert_eq!(grade(&q, "0.3").right_answer, "0.25");
    let expr = numeric(NumericKey::Expr("4^(-1)".into()), 0.0);
    assert_eq!(verdict(&expr, "0.25"), Verdict::Right);
}

#[test]
fn text_ignores_case_and_spaces() {
    let q = question(QuestionKind::Text {
        accept: vec!["he".into(), "kaiming he".into()],
    });
    for given in ["he", "HE", " He ", "Kaiming He", "kaimingHE", "kai ming he"] {
        assert_eq!(verdict(&q, given), Verdict::Right, "{given}");
    }
    for given in ["xavier", "h e x", "kaiming"] {
        assert_eq!(verdict(&q, given), Verdict::Wrong, "{given}");
    }
    assert!(matches!(verdict(&q, "  "), Verdict::NotGraded(_)));
    assert_eq!(
        grade(&q, "x").right_answer,
        "he (also accepted: kaiming he)"
    );
}

#[test]
fn formulas_are_graded_by_evaluation_and_a_parse_error_is_not_an_answer() {
    let q = question(QuestionKind::Formula {
        reference: "max(0, x)".into(),
    });
    assert_eq!(verdict(&q, "relu(x)"), Verdict::Right);
    assert_eq!(verdict(&q, "(x + abs(x))/2"), Verdict::Right);
    let wrong = grade(&q, "abs(x)");
    assert_eq!(wrong.verdict, Verdict::Wrong);
    assert!(wrong.why_wrong.unwrap().contains("at x = "));
    match verdict(&q, "max(0, x") {
        Verdict::NotGraded(message) => assert!(message.contains('^'), "{message}"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(verdict(&q, "2x"), Verdict::NotGraded(_)));
}

#[test]
fn leitner_boxes_follow_the_1_2_4_7_14_day_schedule() {
    let today = day(0);
    assert_eq!(
        after_answer(None, true, today),
        None,
        "right first time: no review"
    );
    let missed = after_answer(None, false, today).unwrap();
    assert_eq!(
        missed,
        Card {
            box_: 1,
            due: day(1)
        },
        "a miss is due tomorrow"
    );
    let mut card = missed;
    let mut date = day(1);
    for (box_, wait) in [(2, 2), (3, 4), (4, 7), (5, 14), (5, 14)] {
        card = after_answer(Some(card), true, date).unwrap();
        assert_eq!(
            card,
            Card {
                box_,
                due: date.add_days(wait)
            }
        );
        date = card.due;
    }
    let back = after_answer(Some(card), false, date).unwrap();
    assert_eq!(
        back,
        Card {
            box_: 1,
            due: date.add_days(1)
        }
    );
}

fn answer(id: &str, date: Date, time: u64, correct: bool) -> Change {
    Change::Answer(Answer {
        id: id.into(),
        day: 1,
        date,
        time,
        given: "x".into(),
        correct,
        review: false,
        uid: 0,
    })
}

#[test]
fn reviews_fall_due_and_the_streak_counts_study_days() {
    let mut p = Progress::default();
    p.apply_all([answer("a", day(0), 1, false), answer("b", day(0), 2, true)]);
    assert!(p.reviews_due(day(0)).is_empty());
    assert_eq!(p.reviews_due(day(1)), vec!["a"]);
    assert_eq!(p.streak_on(day(0)), 1);
    p.apply_all([answer("a", day(1), 3, true)]);
    assert!(p.reviews_due(day(2)).is_empty());
    assert_eq!(p.reviews_due(day(3)), vec!["a"], "box 2 waits two days");
    assert_eq!(p.streak_on(day(1)), 2);
    assert_eq!(
        p.streak_on(day(2)),
        2,
        "the streak holds through the next day"
    );
    assert_eq!(p.streak_on(day(3)), 0, "a whole day missed breaks it");
    p.apply_all([answer("c", day(5), 4, true)]);
    assert_eq!(p.streak_on(day(5)), 1);
}

#[test]
fn merging_unites_answers_without_duplicates() {
    let mut a = Progress::default();
    a.apply_all([answer("a", day(0), 1, false), answer("b", day(0), 2, true)]);
    let mut b = a.clone();
    b.apply_all([answer("c", day(1), 3, false)]);
    a.apply_all([answer("d", day(1), 4, true)]);
    a.merge(&b);
    let ids: Vec<&str> = a.answers.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c", "d"]);
    assert!(
        a.cards.contains_key("c"),
        "cards are replayed from the merged answers"
    );
}

#[test]
fn passing_moves_the_current_day_on() {
    let mut p = Progress::default();
    let passed = |day, right| Change::Passed {
        day,
        score: Score { right, of: 6 },
        last_day: 3,
    };
    p.apply_all([passed(1, 5)]);
    assert_eq!(p.current_day, 2);
    p.apply_all([passed(1, 6)]);
    assert_eq!(
        p.passed[&1],
        Score { right: 6, of: 6 },
        "the best score is kept"
    );
    p.apply_all([passed(3, 5)]);
    assert_eq!(p.current_day, 3, "never past the last day");
}

/// A right answer as the learner would type it.
fn right_answer(q: &Question) -> String {
    match &q.kind {
        QuestionKind::Choice { answer, .. } => (answer + 1).to_string(),
        QuestionKind::Numeric { key, .. } => key.compute().unwrap().to_string(),
        QuestionKind::Text { accept } => accept[0].clone(),
        QuestionKind::Formula { reference } => reference.clone(),
    }
}

fn course() -> Course {
    Course::load(&Source::Embedded)
}

#[test]
fn a_session_passes_at_75_percent_of_first_answers() {
    assert_eq!(
        (pass_mark(6), pass_mark(7), pass_mark(8), pass_mark(4)),
        (5, 6, 6, 3)
    );
    let course = course();
    let now = Now::fixed(day(0));
    let mut session = Session::new(&course, 1, &Progress::default(), now).unwrap();
    assert_eq!(session.items.len(), course.day(1).unwrap().quiz.len());
    let mut progress = Progress::default();
    let mut n = 0;
    while let Some(q) = session.question(&course) {
        // Right except the first question.
        let given = if n == 0 {
            "2".to_string()
        } else {
            right_answer(q)
        };
        let graded = grade(q, &given);
        let changes = session.answer(&graded, &given, now);
        assert!(
            session.answer(&graded, &given, now).is_empty(),
            "one answer per item"
        );
        progress.apply_all(changes);
        session.advance();
        n += 1;
    }
    assert_eq!(session.score(), Score { right: 5, of: 6 });
    assert!(session.passed());
    assert!(progress.is_passed(1));
    assert_eq!(progress.current_day, 2);
    // The miss comes back the next day, mixed into day 2's quiz.
    let review = Session::new(&course, 2, &progress, Now::fixed(day(1))).unwrap();
    assert_eq!(review.reviews(), 1);
    assert!(
        review.items[1].review,
        "mixed in after the first lesson question"
    );
    assert_eq!(review.items[1].id, "why-nonlinearity-collapse");
    let none = Session::new(&course, 2, &progress, Now::fixed(day(0))).unwrap();
    assert_eq!(none.reviews(), 0, "not due yet on the same day");
}

#[test]
fn store_round_trip_and_backup() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    assert_eq!(store.load().progress, Progress::default());
    let mut changes = vec![answer("a", day(0), 1, false), Change::Read(1)];
    changes.push(Change::Note {
        slug: "relu".into(),
        text: "max(0, x)\nkinks at 0".into(),
    });
    changes.push(Change::Formulas(vec!["x*sigmoid(x)".into()]));
    let saved = store.apply(&Progress::default(), changes).unwrap().progress;
    let loaded = store.load();
    assert!(loaded.notice.is_none());
    assert_eq!(loaded.progress, saved);
    assert_eq!(saved.notes["relu"], "max(0, x)\nkinks at 0");
    assert_eq!(saved.playground, ["x*sigmoid(x)"]);
    assert!(
        !store.backup_path().exists(),
        "no backup before a second write"
    );
    store
        .apply(&saved, vec![answer("b", day(0), 2, true)])
        .unwrap();
    let backup =
        acttutor::learner::store::parse(&std::fs::read(store.backup_path()).unwrap()).unwrap();
    assert_eq!(
        backup.answers.len(),
        1,
        "the backup is the previous version"
    );
    assert_eq!(store.load().progress.answers.len(), 2);
    let text = std::fs::read_to_string(store.path()).unwrap();
    assert!(
        text.contains("\"version\": 1") && text.contains("\"date\": \"2025-03-01\""),
        "{text}"
    );
}

#[test]
fn a_corrupt_file_is_moved_aside_with_its_bytes_and_the_learner_is_told() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    let garbage = b"{\"version\": 1, \"answers\": [tru";
    std::fs::write(store.path(), garbage).unwrap();
    let loaded = store.load();
    assert_eq!(loaded.progress, Progress::default());
    let notice = loaded.notice.unwrap();
    assert!(
        notice.contains("damaged") && notice.contains("corrupt-"),
        "{notice}"
    );
    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("progress.json.corrupt-")
        })
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(
        std::fs::read(kept[0].path()).unwrap(),
        garbage,
        "bytes kept"
    );
    assert!(!store.path().exists(), "not silently overwritten");
    // A newer format is not overwritten either.
    std::fs::write(store.path(), b"{\"version\": 99}").unwrap();
    let notice = store.load().notice.unwrap();
    assert!(notice.contains("format version 99"), "{notice}");
}

#[test]
fn saving_over_a_file_damaged_meanwhile_keeps_the_callers_copy() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    let mine = store
        .apply(&Progress::default(), vec![answer("a", day(0), 1, true)])
        .unwrap()
        .progress;
    std::fs::write(store.path(), b"not json").unwrap();
    let saved = store
        .apply(&mine, vec![answer("b", day(0), 2, true)])
        .unwrap();
    assert!(saved.notice.unwrap().contains("corrupt-"));
    assert_eq!(saved.progress.answers.len(), 2);
}

#[test]
fn threads_saving_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let handles: Vec<_> = (0..4)
        .map(|t| {
            let store = Store::new(dir.path());
            std::thread::spawn(move || {
                for i in 0..25 {
                    let change = answer(&format!("t{t}"), day(0), t * 100 + i, true);
                    store.apply(&Progress::default(), vec![change]).unwrap();
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    assert_eq!(Store::new(dir.path()).load().progress.answers.len(), 100);
}

#[cfg(unix)]
#[test]
fn an_export_never_writes_through_a_planted_temp_file_link() {
    // The old temp names were `progress.json.tmp-<pid>-<n>` in the target's
    // folder, opened following links: plant every such name for this process.
    let home = tempfile::tempdir().unwrap();
    let store = Store::new(home.path());
    store
        .apply(&Progress::default(), vec![answer("a", day(0), 1, true)])
        .unwrap();
    let out = tempfile::tempdir().unwrap();
    let victim = out.path().join("victim.txt");
    std::fs::write(&victim, "the attacker's target").unwrap();
    for n in 0..2000 {
        let name = format!("progress.json.tmp-{}-{n}", std::process::id());
        std::os::unix::fs::symlink(&victim, out.path().join(name)).unwrap();
    }
    store.export(&out.path().join("moved.json"), false).unwrap();
    assert_eq!(
        std::fs::read_to_string(&victim).unwrap(),
        "the attacker's target"
    );
    let moved =
        acttutor::learner::store::parse(&std::fs::read(out.path().join("moved.json")).unwrap())
            .unwrap();
    assert_eq!(moved.answers.len(), 1);
}

#[test]
fn two_apps_keep_each_others_formulas_and_notes() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    // Both apps start from the same (empty) progress.
    let a = store.load().progress;
    let b = store.load().progress;
    let keep = |base: &Progress, formula: &str, note: &str| {
        let mut changes = Change::formula_edits(&base.playground, &[formula.to_string()]);
        changes.push(Change::NoteEdit {
            slug: "silu".into(),
            before: String::new(),
            text: note.into(),
        });
        store.apply(base, changes).unwrap()
    };
    keep(&a, "x*sigmoid(x)", "from A");
    keep(&b, "x*tanh(x)", "from B");
    let saved = store.load().progress;
    assert_eq!(saved.playground, ["x*sigmoid(x)", "x*tanh(x)"]);
    assert_eq!(saved.notes["silu"], "from A\n\nfrom B");
    // A removes its formula from its stale copy: B's stays.
    let edits = Change::formula_edits(&["x*sigmoid(x)".to_string()], &[]);
    let mut a_copy = a.clone();
    a_copy.playground = vec!["x*sigmoid(x)".into()];
    store.apply(&a_copy, edits).unwrap();
    assert_eq!(store.load().progress.playground, ["x*tanh(x)"]);
    // The whole-list change from a stale copy is applied as its edits too.
    store
        .apply(&a, vec![Change::Formulas(vec!["relu(x)".into()])])
        .unwrap();
    assert_eq!(store.load().progress.playground, ["x*tanh(x)", "relu(x)"]);
}

#[test]
fn identical_answers_from_two_processes_are_two_answers() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    // Same question, same millisecond, same text: one answer from each process.
    store
        .apply(&Progress::default(), vec![answer("a", day(0), 7, true)])
        .unwrap();
    let saved = store
        .apply(&Progress::default(), vec![answer("a", day(0), 7, true)])
        .unwrap()
        .progress;
    assert_eq!(saved.answers.len(), 2);
    assert_ne!(saved.answers[0].uid, saved.answers[1].uid);
    // Merging a copy of the same file does not double them.
    let mut copy = saved.clone();
    copy.merge(&saved);
    assert_eq!(copy.answers.len(), 2);
}

#[test]
fn notes_and_formulas_are_cleaned_when_loaded() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("progress.json"),
        "{\"version\": 1, \"current_day\": 4294967295, \"notes\": {\"relu\": \"a\\nb\\u001b]0;t\\u0007\"}, \"playground\": [\"x\\u009b2J\"]}",
    )
    .unwrap();
    let loaded = Store::new(dir.path()).load();
    assert!(loaded.notice.is_none());
    let p = loaded.progress;
    assert_eq!(p.notes["relu"], "a\nb\\x1b]0;t\\x07");
    assert_eq!(p.playground, ["x\\u{9b}2J"]);
    assert_eq!(p.current_day, acttutor::learner::progress::MAX_DAY);
}
