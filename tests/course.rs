//! The course: the embedded lessons validate, broken courses are reported as
//! `file:line: message`, and `list`, `show`, `check`, `--lessons` and
//! `ACTTUTOR_LESSONS` work end to end.

mod common;
use common::{acttutor, stdout_of};

use std::path::Path;

use acttutor::course::{Course, NumericKey, QuestionKind, Source};

const GOOD: &str = r#"+++
day = 1
slug = "one"
title = "Day one"
plot = ["relu"]

[[quiz]]
id = "one-a"
kind = "choice"
prompt = "Pick"
options = ["yes", "no"]
answer = 1
why = ["", "Because."]
explanation = "Yes."
+++
# One

Body.
"#;

fn lesson(day: u32, slug: &str, id: &str) -> String {
    GOOD.replace("day = 1", &format!("day = {day}"))
        .replace("slug = \"one\"", &format!("slug = \"{slug}\""))
        .replace("one-a", id)
}

fn write_course(dir: &Path, files: &[(&str, String)]) {
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

#[test]
fn the_embedded_course_is_complete_and_valid() {
    let course = Course::load(&Source::Embedded);
    assert!(course.problems.is_empty(), "{:#?}", course.problems);
    assert!(course.lessons.len() >= 21);
    for (i, lesson) in course.lessons.iter().enumerate() {
        assert_eq!(lesson.day as usize, i + 1, "days are contiguous");
        assert!(
            lesson.quiz.len() >= 4,
            "{} has {} questions",
            lesson.file,
            lesson.quiz.len()
        );
        let kinds: std::collections::BTreeSet<&str> =
            lesson.quiz.iter().map(|q| q.kind.name()).collect();
        assert!(kinds.len() >= 2, "{} mixes question kinds", lesson.file);
        assert!(
            lesson.body.contains("What to look at in the chart"),
            "{}",
            lesson.file
        );
        let body = lesson.body.to_lowercase();
        for apis in [["torch", "torch"], ["keras", "keras"], ["jax", "jnp."]] {
            let named = apis.iter().any(|api| body.contains(api));
            assert!(
                named || lesson.day == 22,
                "{} names its {} API",
                lesson.file,
                apis[0]
            );
        }
    }
    // Topics the issue requires, by slug.
    for slug in [
        "why-nonlinearity",
        "step-perceptron",
        "sigmoid",
        "tanh",
        "vanishing-gradients",
        "relu",
        "dying-relu",
        "leaky-relu",
        "elu-celu",
        "selu",
        "initialisation",
        "output-layers",
        "softplus-softsign",
        "gelu",
        "swish-silu",
        "mish",
        "hard-variants",
        "gated-units",
        "choosing",
        "progress-timeline",
        "final-review",
    ] {
        assert!(course.find(slug).is_some(), "missing topic {slug}");
    }
}

/// A numeric key typed by hand must not be a catalog function's value or slope at
/// a point: those are written as references, so the program computes them.
#[test]
fn numeric_keys_about_function_values_are_computed() {
    let course = Course::load(&Source::Embedded);
    let names: Vec<String> = acttutor::activation::all_names()
        .map(str::to_lowercase)
        .collect();
    let mut references = 0;
    for (lesson, q) in course
        .lessons
        .iter()
        .flat_map(|l| l.quiz.iter().map(move |q| (l, q)))
    {
        let QuestionKind::Numeric { key, .. } = &q.kind else {
            continue;
        };
        match key {
            NumericKey::Literal(_) => {
                let prompt = q.prompt.to_lowercase().replace(['′', '\''], "");
                for name in &names {
                    // "relu(2)", "sigmoid(0)", "σ(0)": a function at a number.
                    for (i, _) in prompt.match_indices(&format!("{name}(")) {
                        let after = &prompt[i + name.len() + 1..];
                        let at_a_number =
                            after.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '−');
                        assert!(
                            !at_a_number,
                            "{}: '{}' types the value of {name}",
                            lesson.file, q.id
                        );
                    }
                }
            }
            NumericKey::Catalog { .. } => references += 1,
            NumericKey::Expr(_) => {}
        }
        assert!(key.compute().is_ok());
    }
    assert!(
        references >= 30,
        "the course computes its keys ({references} references)"
    );
}

#[test]
fn check_prints_the_summary_line() {
    let text = stdout_of(&["check"]);
    let course = Course::load(&Source::Embedded);
    assert_eq!(
        text,
        format!(
            "{} lessons, {} questions, 0 problems\n",
            course.lessons.len(),
            course.question_count()
        )
    );
}

/// Each broken file and the exact `file:line: message` it must produce.
#[test]
fn check_reports_each_problem_with_file_and_line() {
    let cases: Vec<(&str, String, usize, &str)> = vec![
        (
            "no-front.md",
            "# just markdown\n".into(),
            1,
            "must start with a front-matter block",
        ),
        (
            "unclosed.md",
            "+++\nday = 1\n".into(),
            1,
            "front matter is not closed",
        ),
        (
            "syntax.md",
            GOOD.replace("title = \"Day one\"", "title = Day one"),
            4,
            "invalid",
        ),
        (
            "unknown-fn.md",
            GOOD.replace("plot = [\"relu\"]", "plot = [\"rleu\"]"),
            5,
            "did you mean 'relu'",
        ),
        (
            "typo-field.md",
            GOOD.replace("prompt = \"Pick\"", "promt = \"Pick\""),
            10,
            "unknown field `promt`",
        ),
        (
            "choice-range.md",
            GOOD.replace("answer = 1", "answer = 3"),
            12,
            "answer 3 is out of range",
        ),
        (
            "why-missing.md",
            GOOD.replace("\"Because.\"", "\"\""),
            12,
            "option 2 is wrong but `why` does not say why",
        ),
        (
            "lab.md",
            GOOD.replace(
                "[[quiz]]",
                "[lab]\nactivation = \"relu\"\nnoise = 1.5\n\n[[quiz]]",
            ),
            7,
            "lab: noise must be 0 to 1, got 1.5",
        ),
        (
            "numeric.md",
            GOOD.replace(
                "kind = \"choice\"",
                "kind = \"numeric\"\nanswer = { fn = \"relu\", of = \"min\" }\n#",
            )
            .replace(
                "options = [\"yes\", \"no\"]\nanswer = 1\nwhy = [\"\", \"Because.\"]\n",
                "",
            ),
            10,
            "relu has no minimum",
        ),
        (
            "formula.md",
            GOOD.replace("kind = \"choice\"", "kind = \"formula\"\n#")
                .replace(
                    "options = [\"yes\", \"no\"]\nanswer = 1\nwhy = [\"\", \"Because.\"]\n",
                    "answer = \"x*\"\n",
                ),
            12,
            "expected a number, x or '(' at column 3",
        ),
    ];
    for (name, text, line, message) in cases {
        let dir = tempfile::tempdir().unwrap();
        write_course(dir.path(), &[(name, text)]);
        let out = acttutor()
            .arg("check")
            .arg(dir.path())
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone();
        let text = String::from_utf8(out).unwrap();
        let want = format!("{}:{line}: ", dir.path().join(name).display());
        let problem = text.lines().next().unwrap_or_default();
        assert!(
            problem.starts_with(&want),
            "{name}: expected {want}…, got {text}"
        );
        assert!(
            problem.contains(message),
            "{name}: expected '{message}' in {problem}"
        );
        assert!(
            text.trim_end().ends_with(" problems") || text.trim_end().ends_with(" problem"),
            "{text}"
        );
    }
}

#[test]
fn course_level_problems_point_at_the_second_file() {
    let dir = tempfile::tempdir().unwrap();
    write_course(
        dir.path(),
        &[
            ("day01-a.md", lesson(1, "a", "q1")),
            ("day02-b.md", lesson(1, "b", "q1")),
            ("day04-c.md", lesson(4, "a", "q3")),
        ],
    );
    let course = Course::load(&Source::Dir(dir.path().to_path_buf()));
    let messages: Vec<String> = course.problems.iter().map(|p| p.to_string()).collect();
    let file = |n: &str| dir.path().join(n).display().to_string();
    let has = |s: &str| messages.iter().any(|m| m == s);
    assert!(
        has(&format!(
            "{}:2: day 1 is also used by {}",
            file("day02-b.md"),
            file("day01-a.md")
        )),
        "{messages:#?}"
    );
    assert!(
        has(&format!(
            "{}:8: question id 'q1' is also used at {}:8",
            file("day02-b.md"),
            file("day01-a.md")
        )),
        "{messages:#?}"
    );
    assert!(
        has(&format!(
            "{}:3: slug 'a' is also used by {}",
            file("day04-c.md"),
            file("day01-a.md")
        )),
        "{messages:#?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("days 2–3 are missing")),
        "{messages:#?}"
    );
    // The valid lessons still load.
    assert_eq!(course.lessons.len(), 3);
}

#[test]
fn a_broken_lesson_does_not_stop_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    write_course(
        dir.path(),
        &[
            ("day01-a.md", lesson(1, "a", "q1")),
            ("day02-b.md", "garbage".into()),
        ],
    );
    // A fresh learner (empty ACTTUTOR_HOME): day 1 is the current day.
    let home = tempfile::tempdir().unwrap();
    let out = acttutor()
        .env("ACTTUTOR_HOME", home.path())
        .args(["--lessons"])
        .arg(dir.path())
        .arg("list")
        .assert()
        .success()
        .get_output()
        .clone();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().trim_end(),
        "Day  1  Day one  current"
    );
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("day02-b.md:1:"));
}

#[test]
fn list_and_show_the_embedded_course() {
    let text = stdout_of(&["list"]);
    assert!(
        text.starts_with("Day  1  Why networks need non-linearity"),
        "{text}"
    );
    assert!(text.lines().count() >= 21);
    for which in ["6", "relu", "day 6"] {
        let text = stdout_of(&["show", which]);
        assert!(text.starts_with("Day 6 · ReLU"), "{text}");
        assert!(
            text.lines().all(|l| l.chars().count() <= 80),
            "wrapped to 80 columns"
        );
        assert!(
            !text.contains("**") && !text.contains("+++"),
            "rendered, not raw"
        );
    }
    let err = acttutor()
        .args(["show", "99"])
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();
    assert!(String::from_utf8(err).unwrap().contains("no lesson '99'"));
}

#[test]
fn lessons_flag_and_environment_load_another_course() {
    let dir = tempfile::tempdir().unwrap();
    write_course(dir.path(), &[("day01-a.md", lesson(1, "teachers", "t1"))]);
    for use_env in [false, true] {
        let mut cmd = acttutor();
        if use_env {
            cmd.env("ACTTUTOR_LESSONS", dir.path());
        } else {
            cmd.arg("--lessons").arg(dir.path());
        }
        let out = cmd
            .args(["show", "teachers"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        assert!(String::from_utf8(out)
            .unwrap()
            .starts_with("Day 1 · Day one"));
    }
    let out = acttutor()
        .arg("--lessons")
        .arg(dir.path())
        .arg("check")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "1 lesson, 1 question, 0 problems\n"
    );
    let missing = acttutor()
        .args(["--lessons", "/no/such/dir", "check"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    assert!(String::from_utf8(missing)
        .unwrap()
        .contains("cannot read the course folder"));
}
