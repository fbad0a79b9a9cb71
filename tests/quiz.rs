//! The quiz measures learning (issue 12), through `acttutor quiz N --plain`: the
//! options come in a fresh order at every sitting (reproducible with `--seed`), so
//! answering "1" everywhere scores near chance; numeric answers are numbers, not
//! calls, and a right value with too few digits is a hint, not a miss; one-letter
//! slips in longer words and a lesson's synonyms are accepted. Progress written
//! here stays under target/ (each test has its own ACTTUTOR_HOME there).

mod common;

use std::path::{Path, PathBuf};

use acttutor::course::{Course, QuestionKind, Source};
use assert_cmd::Command;

/// A fresh ACTTUTOR_HOME under target/ for one test.
fn home(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("quiz-home-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a test home under target/");
    dir
}

fn plain(home: &Path, args: &[&str], input: &str) -> String {
    let mut cmd: Command = common::acttutor();
    let out = cmd
        .env("ACTTUTOR_HOME", home)
        .env("ACTTUTOR_TODAY", "2025-03-01")
        .args(args)
        .write_stdin(input)
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).expect("utf-8")
}

/// "1" for every choice question of a day, a wrong number for every other one.
fn ones_for_choices(course: &Course, day: u32) -> String {
    let lesson = course.day(day).expect("the day exists");
    lesson
        .quiz
        .iter()
        .map(|q| match q.kind {
            QuestionKind::Choice { .. } => "1\n",
            _ => "-12345\n",
        })
        .collect()
}

#[test]
fn answering_1_everywhere_scores_near_chance() {
    let course = Course::load(&Source::Embedded);
    // Chance: 1/n for a question of n options, summed over the course's choices.
    let choices: Vec<usize> = course
        .lessons
        .iter()
        .flat_map(|l| &l.quiz)
        .filter_map(|q| match &q.kind {
            QuestionKind::Choice { options, .. } => Some(options.len()),
            _ => None,
        })
        .collect();
    let seeds = [11u64, 12, 13, 14];
    let chance: f64 = choices.iter().map(|&n| 1.0 / n as f64).sum::<f64>() * seeds.len() as f64;
    let variance: f64 = choices
        .iter()
        .map(|&n| (1.0 / n as f64) * (1.0 - 1.0 / n as f64))
        .sum::<f64>()
        * seeds.len() as f64;
    let mut right = 0;
    for seed in seeds {
        let home = home(&format!("chance-{seed}"));
        for lesson in &course.lessons {
            let day = lesson.day.to_string();
            let out = plain(
                &home,
                &["quiz", &day, "--plain", "--seed", &seed.to_string()],
                &ones_for_choices(&course, lesson.day),
            );
            assert!(!out.contains("Not graded"), "day {day}: {out}");
            right += out.matches("\nRight. ").count();
        }
    }
    let asked = choices.len() * seeds.len();
    let band = 4.0 * variance.sqrt();
    assert!(
        (right as f64 - chance).abs() <= band,
        "{right} of {asked} right by always answering 1; chance is {chance:.1} ± {band:.1}"
    );
    // The old course: 38 of 41 keys were option 1.
    assert!(right * 2 < asked, "{right} of {asked}");
}

/// The option lines ("  2. …") of a transcript, in order.
fn option_lines(transcript: &str) -> Vec<&str> {
    transcript
        .lines()
        .filter(|l| l.starts_with("  ") && l.chars().nth(3) == Some('.'))
        .collect()
}

#[test]
fn the_order_differs_between_sittings_and_a_seed_reproduces_it() {
    let course = Course::load(&Source::Embedded);
    let input = ones_for_choices(&course, 21);
    let home = home("order");
    let sitting = |extra: &[&str]| {
        let mut args = vec!["quiz", "21", "--plain"];
        args.extend_from_slice(extra);
        plain(&home, &args, &input)
    };
    let (a, b) = (sitting(&[]), sitting(&[]));
    assert!(option_lines(&a).len() >= 6, "{a}");
    assert_ne!(
        option_lines(&a),
        option_lines(&b),
        "two sittings, one order"
    );
    let (c, d) = (sitting(&["--seed", "5"]), sitting(&["--seed", "5"]));
    assert_eq!(option_lines(&c), option_lines(&d));
    assert_eq!(c, d, "the same seed, the same transcript");
    assert_ne!(option_lines(&c), option_lines(&sitting(&["--seed", "6"])));
}

#[test]
fn feedback_names_options_by_the_numbers_shown() {
    let home = home("shown");
    // Seed 4 shows day 1's first question with its right option third.
    let out = plain(&home, &["quiz", "1", "--plain", "--seed", "4"], "2\n");
    let shown = option_lines(&out);
    let right = shown
        .iter()
        .find(|l| l.contains("At most what one layer"))
        .expect("the right option is shown");
    let number = right.trim_start().split('.').next().expect("a number");
    assert_ne!(number, "2", "this seed must not show the key second: {out}");
    assert!(
        out.contains(&format!(
            "Wrong. The answer is {number}. At most what one layer"
        )),
        "{out}"
    );
    // Why the picked (shown) option 2 is wrong is the reason of that very option.
    let picked = shown[1].trim_start()[3..].to_string();
    assert!(out.contains("Why not 2: "), "{out}");
    let course = Course::load(&Source::Embedded);
    let (_, q) = course.question("why-nonlinearity-collapse").expect("q");
    let QuestionKind::Choice { options, why, .. } = &q.kind else {
        panic!("a choice question")
    };
    let index = options.iter().position(|o| *o == picked).expect("shown");
    assert!(out.contains(&format!("Why not 2: {}", why[index])), "{out}");
}

/// A one-lesson course in a temp dir under target/.
fn course_dir(name: &str, quiz: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("quiz-course-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a course dir");
    let lesson = format!(
        "+++\nday = 1\nslug = \"one\"\ntitle = \"One\"\nplot = [\"sigmoid\"]\n{quiz}+++\n\n# One\n\nText.\n"
    );
    std::fs::write(dir.join("day01-one.md"), lesson).expect("written");
    dir
}

#[test]
fn numeric_answers_are_numbers_and_short_ones_get_a_hint_not_a_miss() {
    let dir = course_dir(
        "numeric",
        "[[quiz]]\nid = \"s\"\nkind = \"numeric\"\nprompt = \"sigmoid(-1.5) to 4 decimals?\"\n\
         answer = { fn = \"sigmoid\", at = -1.5, of = \"f\" }\ntolerance = 0.00005\n\
         explanation = \"e\"\n",
    );
    let dir = dir.to_str().expect("utf-8 path");
    // σ(−1.5) = 1/(1 + e^1.5) = 0.18242552…, computed here without the catalog.
    let key = 1.0 / (1.0 + 1.5f64.exp());
    assert!((key - 0.182_425_523_8).abs() < 1e-9);
    let home = home("numeric");
    let out = plain(
        &home,
        &["--lessons", dir, "quiz", "1", "--plain"],
        "sigmoid(-1.5)\n0.18\n0.2\n0.1824\n",
    );
    assert!(
        out.contains("Not graded: give the number itself"),
        "a catalog call does the exercise: {out}"
    );
    assert!(
        out.contains("> 0.18\nNot graded: right so far; give 4 decimals. Try again."),
        "{out}"
    );
    assert!(
        out.contains("> 0.2\nNot graded: right so far"),
        "0.2 is σ(−1.5) rounded to 1 decimal: {out}"
    );
    // 0.1824 is 0.000026 off: within 0.00005.
    assert!(out.contains("> 0.1824\nRight."), "{out}");
    assert!(out.contains("1 of 1 answered · 1 right · pass: 1"), "{out}");
    // Arithmetic is a number: 2^-10 against 1/1024 = 0.0009765625 exactly.
    let dir2 = course_dir(
        "arith",
        "[[quiz]]\nid = \"a\"\nkind = \"numeric\"\nprompt = \"?\"\nanswer = 0.0009765625\n\
         tolerance = 1e-9\nexplanation = \"e\"\n",
    );
    let out = plain(
        &home,
        &[
            "--lessons",
            dir2.to_str().expect("utf-8"),
            "quiz",
            "1",
            "--plain",
        ],
        "2^-10\n",
    );
    assert!(out.contains("> 2^-10\nRight."), "{out}");
}

#[test]
fn text_answers_take_one_letter_slips_in_long_words_and_synonyms() {
    let dir = course_dir(
        "text",
        "[synonyms]\nheaviside = [\"unit step\"]\n\n\
         [[quiz]]\nid = \"t1\"\nkind = \"text\"\nprompt = \"?\"\naccept = [\"affine\"]\nexplanation = \"e\"\n\n\
         [[quiz]]\nid = \"t2\"\nkind = \"text\"\nprompt = \"?\"\naccept = [\"Heaviside\"]\nexplanation = \"e\"\n\n\
         [[quiz]]\nid = \"t3\"\nkind = \"text\"\nprompt = \"?\"\naccept = [\"Heaviside\"]\nexplanation = \"e\"\n\n\
         [[quiz]]\nid = \"t4\"\nkind = \"text\"\nprompt = \"?\"\naccept = [\"tanh\"]\nexplanation = \"e\"\n\n\
         [[quiz]]\nid = \"t5\"\nkind = \"text\"\nprompt = \"?\"\naccept = [\"affine\"]\nexplanation = \"e\"\n",
    );
    let home = home("text");
    let out = plain(
        &home,
        &[
            "--lessons",
            dir.to_str().expect("utf-8"),
            "quiz",
            "1",
            "--plain",
        ],
        "afine\nHeavyside\nUnit Step\ntahn\naffnie\n",
    );
    assert!(
        out.contains("> afine\nRight. affine\nAccepted; it is spelled “affine”."),
        "{out}"
    );
    assert!(
        out.contains("> Heavyside\nRight. Heaviside (also accepted: unit step)\nAccepted; it is spelled “Heaviside”."),
        "{out}"
    );
    assert!(out.contains("> Unit Step\nRight."), "a synonym: {out}");
    assert!(
        out.contains("> tahn\nWrong."),
        "4 letters: exact only: {out}"
    );
    // A swap of two neighbours is one slip.
    assert!(out.contains("> affnie\nRight."), "{out}");
}

#[test]
fn plain_names_the_learners_current_day_after_a_pass() {
    let dir = course_dir(
        "next",
        "[[quiz]]\nid = \"n\"\nkind = \"numeric\"\nprompt = \"?\"\nanswer = 2\nexplanation = \"e\"\n",
    );
    let dir = dir.to_str().expect("utf-8");
    // A three-day course: copy day 1 into days 2 and 3.
    for day in [2, 3] {
        let text = std::fs::read_to_string(format!("{dir}/day01-one.md"))
            .expect("day 1")
            .replace("day = 1", &format!("day = {day}"))
            .replace("slug = \"one\"", &format!("slug = \"d{day}\""))
            .replace("id = \"n\"", &format!("id = \"n{day}\""));
        std::fs::write(format!("{dir}/day0{day}-d{day}.md"), text).expect("written");
    }
    let home = home("next");
    let run = |day: &str| plain(&home, &["--lessons", dir, "quiz", day, "--plain"], "2\n");
    assert!(run("1").contains("passed; day 2 is next."));
    assert!(run("2").contains("passed; day 3 is next."));
    // Day 1 again while day 3 is current: day 3 is next, not day 2.
    let again = run("1");
    assert!(again.contains("passed; day 3 is next."), "{again}");
    assert!(run("3").contains("every day of the course is passed"));
}

#[test]
fn seed_is_documented_in_quiz_help() {
    let mut cmd: Command = common::acttutor();
    let out = cmd.args(["quiz", "--help"]).assert().success();
    let help = String::from_utf8(out.get_output().stdout.clone()).expect("utf-8");
    assert!(help.contains("--seed <N>"), "{help}");
    assert!(help.contains("reproduce"), "{help}");
}
