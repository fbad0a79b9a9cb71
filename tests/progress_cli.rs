//! End to end through the real binary: `quiz DAY --plain`, `progress` (--json,
//! --reset, --export, --import), two processes answering at once, and writers
//! killed mid-save. Every test has its own ACTTUTOR_HOME.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command as StdCommand, Stdio};
use std::time::Duration;

use acttutor::learner::store::parse;
use assert_cmd::Command;
use serde_json::Value;

use common::{files_starting, DAY1_FIRST_RIGHT, DAY1_FIRST_WRONG, DAY1_RIGHT, DAY1_WRONG};

/// The binary with its own ACTTUTOR_HOME.
fn acttutor(home: &Path) -> Command {
    let mut cmd = common::acttutor();
    cmd.env("ACTTUTOR_HOME", home);
    cmd
}

fn quiz(home: &Path, day: &str, input: &str) -> String {
    let out = acttutor(home)
        .args(["quiz", day, "--plain"])
        .write_stdin(input)
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

fn json(home: &Path) -> Value {
    let out = acttutor(home)
        .args(["progress", "--json"])
        .assert()
        .success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

#[test]
fn plain_quiz_all_right_passes_and_opens_day_two() {
    let home = tempfile::tempdir().unwrap();
    let out = quiz(home.path(), "1", DAY1_RIGHT);
    assert!(
        out.starts_with("Day 1 · Why networks need non-linearity — quiz: 6 questions\n"),
        "{out}"
    );
    assert!(
        out.contains("Question 1 of 6\n") && out.contains(". At most what one layer"),
        "{out}"
    );
    assert!(out.contains("Answer with a number, 1 to 4:"), "{out}");
    assert_eq!(out.matches("\nRight. ").count(), 6, "{out}");
    assert!(
        out.contains("Score: 6 of 6 right (100%) — passed; day 2 is next."),
        "{out}"
    );
    let state = json(home.path());
    assert_eq!(state["current_day"], 2);
    assert_eq!(state["days"][0]["passed"], true);
    let list = acttutor(home.path()).arg("list").assert().success();
    let list = String::from_utf8(list.get_output().stdout.clone()).unwrap();
    let lines: Vec<&str> = list.lines().collect();
    assert!(
        lines[0].ends_with("passed 6/6") && lines[1].ends_with("current"),
        "{list}"
    );
    assert!(!lines[2].ends_with("current"), "{list}");
}

#[test]
fn wrong_answers_show_the_right_one_and_why() {
    let home = tempfile::tempdir().unwrap();
    let out = quiz(home.path(), "why-nonlinearity", DAY1_WRONG);
    assert!(
        out.contains(
            "> More than one layer can, because it has more parameters\nWrong. The answer is "
        ),
        "{out}"
    );
    assert!(out.contains(". At most what one layer"), "{out}");
    assert!(out.contains("Why not "), "the wrong option's reason: {out}");
    assert!(
        out.contains("Substituting one layer into the next"),
        "the explanation: {out}"
    );
    assert!(out.contains("not passed yet (5 needed)"), "{out}");
    assert_eq!(json(home.path())["current_day"], 1);
}

#[test]
fn end_of_input_ends_early_and_keeps_the_answers() {
    let home = tempfile::tempdir().unwrap();
    // A formula that does not parse is not an answer: the same question is asked on.
    let first = format!("{DAY1_FIRST_RIGHT}\nmax(0, x\n6*x - 1\n");
    let out = quiz(home.path(), "1", &first);
    assert!(
        out.contains("Not graded: ") && out.contains("Try again."),
        "{out}"
    );
    assert!(
        out.contains("Input ended: 2 of 6 answered; your answers are kept."),
        "{out}"
    );
    let day1 = &json(home.path())["days"][0];
    assert_eq!(
        (day1["answered"].as_u64(), day1["correct"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(day1["passed"], false);
    // Empty input: nothing recorded, still a clean exit.
    let empty = tempfile::tempdir().unwrap();
    quiz(empty.path(), "1", "");
    assert_eq!(json(empty.path())["days"][0]["answered"], 0);
}

#[test]
fn misses_come_back_as_reviews_mixed_into_later_quizzes() {
    let home = tempfile::tempdir().unwrap();
    let on = |date: &str, args: &[&str], input: &str| {
        let out = acttutor(home.path())
            .env("ACTTUTOR_TODAY", date)
            .args(args)
            .write_stdin(input)
            .assert()
            .success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    };
    // Day 1 on March 1st with the first question missed: passed at 5 of 6.
    on("2025-03-01", &["quiz", "1", "--plain"], DAY1_FIRST_WRONG);
    let due = |date| {
        serde_json::from_str::<Value>(&on(date, &["progress", "--json"], "")).unwrap()
            ["reviews_due"]
            .clone()
    };
    assert_eq!(due("2025-03-01"), 0);
    assert_eq!(due("2025-03-02"), 1, "due the next day");
    let out = on("2025-03-02", &["quiz", "2", "--plain"], "");
    assert!(out.contains("quiz: 6 questions and 1 review"), "{out}");
    let out = on(
        "2025-03-02",
        &["quiz", "2", "--plain"],
        &format!("1\n{DAY1_FIRST_RIGHT}\n"),
    );
    assert!(out.contains("Question 2 of 7 · review from day 1"), "{out}");
    assert_eq!(
        due("2025-03-03"),
        0,
        "answered right: box 2, due in two days"
    );
    assert_eq!(due("2025-03-04"), 1);
}

#[test]
fn progress_json_has_exactly_the_documented_shape() {
    let home = tempfile::tempdir().unwrap();
    let today = "2025-03-01";
    let run = |args: &[&str], input: &str| {
        acttutor(home.path())
            .env("ACTTUTOR_TODAY", today)
            .args(args)
            .write_stdin(input)
            .assert()
            .success()
    };
    run(&["quiz", "1", "--plain"], DAY1_FIRST_WRONG);
    run(&["quiz", "1", "--plain"], &format!("{DAY1_FIRST_RIGHT}\n"));
    let out = run(&["progress", "--json"], "");
    let state: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let keys: Vec<&String> = state.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["current_day", "streak", "reviews_due", "days"]);
    assert_eq!(state["current_day"], 2);
    assert_eq!(state["streak"], 1);
    assert_eq!(
        state["reviews_due"], 0,
        "the miss was answered right again today"
    );
    let days = state["days"].as_array().unwrap();
    assert_eq!(days.len(), 22, "one entry per lesson");
    let expected = serde_json::json!({
        "day": 1, "slug": "why-nonlinearity", "answered": 7, "correct": 6, "passed": true, "read": false
    });
    assert_eq!(
        days[0], expected,
        "answered/correct count every recorded answer"
    );
    let keys: Vec<&String> = days[0].as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["day", "slug", "answered", "correct", "passed", "read"]
    );
    assert_eq!(days[21]["day"], 22);
    assert_eq!(days[21]["answered"], 0);
}

#[test]
fn reset_asks_first_and_keeps_a_backup() {
    let home = tempfile::tempdir().unwrap();
    quiz(home.path(), "1", "1\n");
    let before = std::fs::read(home.path().join("progress.json")).unwrap();
    // No: nothing changes, and the refusal is an error.
    let out = acttutor(home.path())
        .args(["progress", "--reset"])
        .write_stdin("n\n")
        .assert()
        .failure();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("A backup is kept. [y/N]"), "{stdout}");
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("not reset"));
    assert_eq!(
        std::fs::read(home.path().join("progress.json")).unwrap(),
        before
    );
    // End of input is a no as well.
    acttutor(home.path())
        .args(["progress", "--reset"])
        .assert()
        .failure();
    // Yes: moved aside, bytes kept, and the next start is fresh.
    let out = acttutor(home.path())
        .args(["progress", "--reset"])
        .write_stdin("y\n")
        .assert()
        .success();
    assert!(String::from_utf8_lossy(&out.get_output().stdout)
        .contains("Progress reset. The old progress is kept in"));
    let kept = files_starting(home.path(), "progress.json.reset-");
    assert_eq!(kept.len(), 1);
    assert_eq!(std::fs::read(&kept[0]).unwrap(), before);
    assert_eq!(json(home.path())["days"][0]["answered"], 0);
    // --yes does not ask.
    quiz(home.path(), "1", "1\n");
    let out = acttutor(home.path())
        .args(["progress", "--reset", "--yes"])
        .assert()
        .success();
    assert!(!String::from_utf8_lossy(&out.get_output().stdout).contains("[y/N]"));
    assert_eq!(files_starting(home.path(), "progress.json.reset-").len(), 2);
}

#[test]
fn export_and_import_round_trip_merge_and_replace() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    quiz(a.path(), "1", DAY1_RIGHT);
    let file = a.path().join("moved.json");
    acttutor(a.path())
        .args(["progress", "--export"])
        .arg(&file)
        .assert()
        .success();
    // Into an empty home: the same state.
    let c = tempfile::tempdir().unwrap();
    acttutor(c.path())
        .args(["progress", "--import"])
        .arg(&file)
        .assert()
        .success();
    assert_eq!(json(c.path()), json(a.path()));
    // Merge with answers of its own: united, and the old file backed up first.
    quiz(b.path(), "2", "1\n");
    let out = acttutor(b.path())
        .args(["progress", "--import"])
        .arg(&file)
        .assert()
        .success();
    let said = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        said.starts_with("Merged ") && said.contains("kept in"),
        "{said}"
    );
    let merged = json(b.path());
    assert_eq!(merged["days"][0]["answered"], 6);
    assert_eq!(merged["days"][1]["answered"], 1);
    assert_eq!(files_starting(b.path(), "progress.json.import-").len(), 1);
    // Replace: exactly the imported state.
    let out = acttutor(b.path())
        .args(["progress", "--import"])
        .arg(&file)
        .arg("--replace")
        .assert()
        .success();
    assert!(
        String::from_utf8_lossy(&out.get_output().stdout).starts_with("Replaced the progress with")
    );
    assert_eq!(json(b.path())["days"][1]["answered"], 0);
    // An invalid file is refused and changes nothing.
    let bad = a.path().join("bad.json");
    std::fs::write(&bad, "{\"answers\": 3}").unwrap();
    let before = std::fs::read(b.path().join("progress.json")).unwrap();
    let out = acttutor(b.path())
        .args(["progress", "--import"])
        .arg(&bad)
        .assert()
        .failure();
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("is not valid"));
    assert_eq!(
        std::fs::read(b.path().join("progress.json")).unwrap(),
        before
    );
}

#[test]
fn two_processes_answering_at_once_lose_nothing() {
    let home = tempfile::tempdir().unwrap();
    for _ in 0..3 {
        let runs: Vec<_> = [DAY1_RIGHT, DAY1_WRONG]
            .into_iter()
            .map(|input| {
                let mut child = StdCommand::new(env!("CARGO_BIN_EXE_acttutor"))
                    .args(["quiz", "1", "--plain"])
                    .env("ACTTUTOR_HOME", home.path())
                    .env_remove("ACTTUTOR_LESSONS")
                    .stdin(Stdio::piped())
                    .stdout(Stdio::null())
                    .spawn()
                    .unwrap();
                child
                    .stdin
                    .take()
                    .unwrap()
                    .write_all(input.as_bytes())
                    .unwrap();
                child
            })
            .collect();
        for mut child in runs {
            assert!(child.wait().unwrap().success());
        }
    }
    let day1 = &json(home.path())["days"][0];
    assert_eq!(day1["answered"], 36, "3 rounds × 2 processes × 6 answers");
    assert_eq!(day1["correct"], 18);
}

/// A tiny deterministic generator for kill delays.
fn next(seed: &mut u64) -> u64 {
    *seed = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    *seed >> 33
}

#[test]
fn killing_writers_mid_save_never_leaves_an_unreadable_file() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("progress.json");
    let mut seed = 0x5eed;
    let mut last_count = 0;
    for round in 0..40 {
        let mut child = StdCommand::new(env!("CARGO_BIN_EXE_acttutor"))
            .args(["quiz", "1", "--plain"])
            .env("ACTTUTOR_HOME", home.path())
            .env_remove("ACTTUTOR_LESSONS")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let input = if round % 2 == 0 {
            DAY1_RIGHT
        } else {
            DAY1_WRONG
        };
        let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
        // A whole run takes ~30 ms in a debug build: kill anywhere in it, and let
        // every eighth run finish.
        if round % 8 != 7 {
            std::thread::sleep(Duration::from_micros(next(&mut seed) % 60_000));
            let _ = child.kill(); // SIGKILL: no chance to clean up
        }
        child.wait().unwrap();
        if path.exists() {
            let progress = parse(&std::fs::read(&path).unwrap())
                .unwrap_or_else(|e| panic!("round {round}: unreadable after a kill: {e:#}"));
            assert!(
                progress.answers.len() >= last_count,
                "round {round}: answers were lost"
            );
            last_count = progress.answers.len();
        }
        assert!(
            files_starting(home.path(), "progress.json.corrupt-").is_empty(),
            "round {round}"
        );
    }
    assert!(last_count > 0, "some saves completed");
    // Temp files of killed writers are cleaned up by the next writer.
    quiz(home.path(), "1", "1\n");
    assert!(files_starting(home.path(), "progress.json.tmp-").is_empty());
}
