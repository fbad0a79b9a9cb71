//! Issue #14 (and #12's damaged-file item) through the real binary: what the
//! store refuses, what it repairs, what it never blocks on, and that no control
//! character from a file or an argument reaches the terminal. Every test works in
//! its own temp folder; /dev/null and other system files are never named
//! directly (a link to them is made inside the temp folder instead).

#![cfg(unix)]

mod common;

use std::io::Read;
use std::path::Path;
use std::process::{Command as StdCommand, Stdio};
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;

/// Day 1's right answers, as typed.
use common::{files_starting, DAY1_RIGHT};

fn acttutor(home: &Path) -> Command {
    let mut cmd = common::acttutor();
    cmd.env("ACTTUTOR_HOME", home)
        .timeout(Duration::from_secs(60));
    cmd
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn pass_day_one(home: &Path) {
    acttutor(home)
        .args(["quiz", "1", "--plain"])
        .write_stdin(DAY1_RIGHT)
        .assert()
        .success();
}

fn mkfifo(path: &Path) {
    let status = StdCommand::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

fn has_control(text: &str) -> bool {
    text.chars()
        .any(|c| c != '\n' && acttutor::sanitize::is_control(c))
}

// ---- 1. --export refuses what is not a regular file ----

#[test]
fn export_refuses_links_fifos_folders_own_files_and_existing_files() {
    let home = tempfile::tempdir().unwrap();
    pass_day_one(home.path());
    let out_dir = tempfile::tempdir().unwrap();
    let dir = out_dir.path();
    // A link to the null device, made here: refused before anything is written.
    let link = dir.join("null-link");
    std::os::unix::fs::symlink("/dev/null", &link).unwrap();
    let fifo = dir.join("fifo");
    mkfifo(&fifo);
    let folder = dir.join("folder");
    std::fs::create_dir(&folder).unwrap();
    let cases = [
        (link.clone(), "symbolic link"),
        (fifo.clone(), "not a regular file"),
        (folder.clone(), "folder"),
        (home.path().join("progress.lock"), "acttutor's own files"),
        (home.path().join("progress.json"), "acttutor's own files"),
    ];
    for (target, why) in &cases {
        let out = acttutor(home.path())
            .args(["progress", "--export"])
            .arg(target)
            .arg("--force")
            .assert()
            .failure();
        let err = stderr(out.get_output());
        assert!(err.contains(why), "{}: {err}", target.display());
    }
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    {
        use std::os::unix::fs::FileTypeExt;
        let null = std::fs::metadata("/dev/null").unwrap();
        assert!(null.file_type().is_char_device(), "/dev/null is untouched");
        let fifo_type = std::fs::symlink_metadata(&fifo).unwrap().file_type();
        assert!(fifo_type.is_fifo(), "the FIFO is still a FIFO");
    }
    assert!(std::fs::read(home.path().join("progress.lock"))
        .unwrap()
        .is_empty());
    // An existing file: refused, then overwritten with --force.
    let file = dir.join("mine.txt");
    std::fs::write(&file, "keep me").unwrap();
    let out = acttutor(home.path())
        .args(["progress", "--export"])
        .arg(&file)
        .assert()
        .failure();
    assert!(stderr(out.get_output()).contains("exists; pass --force"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");
    acttutor(home.path())
        .args(["progress", "--export"])
        .arg(&file)
        .arg("--force")
        .assert()
        .success();
    let exported: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(exported["current_day"], 2);
}

#[test]
fn export_dash_writes_the_progress_to_stdout() {
    let home = tempfile::tempdir().unwrap();
    pass_day_one(home.path());
    let cwd = tempfile::tempdir().unwrap();
    let out = acttutor(home.path())
        .current_dir(cwd.path())
        .args(["progress", "--export", "-"])
        .assert()
        .success();
    let exported: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(exported["current_day"], 2);
    assert_eq!(exported["answers"].as_array().unwrap().len(), 6);
    assert!(!cwd.path().join("-").exists(), "no file named '-'");
}

// ---- 4. a newer or unreadable file is left alone; #12: a damaged one is restored ----

#[test]
fn a_file_from_a_newer_version_is_left_untouched_and_never_written() {
    let home = tempfile::tempdir().unwrap();
    let newer = b"{\"version\": 2, \"current_day\": 5, \"something_new\": [1, 2]}\n";
    std::fs::write(home.path().join("progress.json"), newer).unwrap();
    let out = acttutor(home.path()).arg("progress").assert().failure();
    let err = stderr(out.get_output());
    assert!(
        err.contains("newer acttutor") && err.contains("format version 2"),
        "{err}"
    );
    let out = acttutor(home.path())
        .args(["quiz", "1", "--plain"])
        .write_stdin("1\n")
        .assert();
    assert!(stderr(out.get_output()).contains("format version 2"));
    assert_eq!(
        std::fs::read(home.path().join("progress.json")).unwrap(),
        newer
    );
    assert!(files_starting(home.path(), "progress.json.").is_empty());
}

#[test]
fn a_file_that_cannot_be_read_is_an_error_not_corruption() {
    let home = tempfile::tempdir().unwrap();
    // A folder where the file should be: reading fails (as an unreadable file would).
    std::fs::create_dir(home.path().join("progress.json")).unwrap();
    let out = acttutor(home.path()).arg("progress").assert().failure();
    assert!(
        stderr(out.get_output()).contains("cannot read"),
        "{:?}",
        out
    );
    assert!(
        home.path().join("progress.json").is_dir(),
        "not moved aside"
    );
    assert!(files_starting(home.path(), "progress.json.corrupt").is_empty());
}

#[test]
fn a_damaged_file_is_restored_from_a_good_backup_and_kept_aside() {
    let home = tempfile::tempdir().unwrap();
    pass_day_one(home.path());
    let path = home.path().join("progress.json");
    let backup = home.path().join("progress.json.bak");
    std::fs::copy(&path, &backup).unwrap();
    let good = std::fs::read(&backup).unwrap();
    std::fs::write(&path, b"{\"version\": 1, \"answers\": [tru").unwrap();
    let out = acttutor(home.path())
        .args(["progress", "--json"])
        .assert()
        .success();
    let err = stderr(out.get_output());
    assert!(
        err.contains("damaged") && err.contains("restored") && err.contains(".bak"),
        "{err}"
    );
    let state: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(state["current_day"], 2, "day 1's pass survives");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        good,
        "the backup is back in place"
    );
    let kept = files_starting(home.path(), "progress.json.corrupt-");
    assert_eq!(kept.len(), 1);
    assert_eq!(
        std::fs::read(&kept[0]).unwrap(),
        b"{\"version\": 1, \"answers\": [tru"
    );
}

// ---- 5. importing twice is importing once ----

#[test]
fn importing_the_same_file_twice_changes_nothing_the_second_time() {
    let from = tempfile::tempdir().unwrap();
    let file = from.path().join("notes.json");
    std::fs::write(
        &file,
        r#"{"version": 1, "current_day": 3, "notes": {"relu": "kinks at 0"},
            "playground": ["x*sigmoid(x)"]}"#,
    )
    .unwrap();
    let home = tempfile::tempdir().unwrap();
    pass_day_one(home.path());
    for _ in 0..2 {
        acttutor(home.path())
            .args(["progress", "--import"])
            .arg(&file)
            .assert()
            .success();
    }
    let out = acttutor(home.path())
        .args(["progress", "--import"])
        .arg(&file)
        .assert()
        .success();
    assert!(stdout(out.get_output()).contains("Nothing new"));
    let saved: Value =
        serde_json::from_slice(&std::fs::read(home.path().join("progress.json")).unwrap()).unwrap();
    assert_eq!(saved["notes"]["relu"], "kinks at 0", "not appended again");
    assert_eq!(saved["playground"].as_array().unwrap().len(), 1);
    assert_eq!(
        files_starting(home.path(), "progress.json.import-").len(),
        1
    );
}

// ---- 7. reading needs no write access ----

#[test]
fn progress_reads_where_it_cannot_write_and_says_why_saving_fails() {
    let home = tempfile::tempdir().unwrap();
    pass_day_one(home.path());
    // The lock cannot be opened for writing (as in a read-only home; the tests
    // may run as root, who can write anywhere, so a folder stands in the way).
    let lock = home.path().join("progress.lock");
    std::fs::remove_file(&lock).unwrap();
    std::fs::create_dir(&lock).unwrap();
    let out = acttutor(home.path())
        .args(["progress", "--json"])
        .assert()
        .success();
    let state: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(state["current_day"], 2);
    let out = acttutor(home.path())
        .args(["quiz", "2", "--plain"])
        .write_stdin("1\n")
        .assert();
    let err = stderr(out.get_output());
    assert!(err.contains("cannot save progress in"), "{err}");
}

#[test]
fn a_read_only_home_shows_its_progress() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().unwrap();
    pass_day_one(home.path());
    std::fs::remove_file(home.path().join("progress.lock")).unwrap();
    std::fs::set_permissions(home.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
    // Root ignores permissions: then this case is the test above.
    let privileged = std::fs::write(home.path().join("probe"), "").is_ok();
    let out = acttutor(home.path())
        .args(["progress", "--json"])
        .output()
        .unwrap();
    std::fs::set_permissions(home.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    if privileged {
        return;
    }
    assert!(out.status.success(), "{}", stderr(&out));
    let state: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(state["current_day"], 2);
}

// ---- 8. no control character reaches the terminal ----

#[test]
fn control_characters_in_arguments_are_shown_as_escapes() {
    let home = tempfile::tempdir().unwrap();
    let osc = "\x1b]0;pwned\x07\x1b]52;c;ZWNobw==\x07";
    let runs: Vec<Vec<String>> = vec![
        vec![
            "values".into(),
            format!("relu{osc}"),
            "--at".into(),
            "0".into(),
        ],
        vec!["plot".into(), format!("gelu{osc}")],
        vec![
            "values".into(),
            "relu".into(),
            "--param".into(),
            format!("a{osc}=1"),
            "--at".into(),
            "0".into(),
        ],
        vec![
            "values".into(),
            "--expr".into(),
            format!("x{osc}"),
            "--at".into(),
            "0".into(),
        ],
        vec!["show".into(), format!("day{osc}")],
        vec!["quiz".into(), format!("day{osc}"), "--plain".into()],
        vec![format!("--bogus{osc}")],
        vec!["progress".into(), "--import".into(), format!("{osc}.json")],
    ];
    for args in runs {
        let out = acttutor(home.path()).args(&args).output().unwrap();
        assert!(!out.status.success(), "{args:?}");
        let err = stderr(&out);
        assert!(!has_control(&err), "{args:?}: {err:?}");
        // clap drops escape sequences itself when stderr is no terminal; the
        // rest show them as visible escapes.
        let clap_parse_error = args[0].starts_with("--");
        assert!(
            clap_parse_error || err.contains("\\x1b") || err.contains("\\u{1b}"),
            "{args:?}: {err:?}"
        );
        assert!(!has_control(&stdout(&out)), "{args:?}");
    }
}

#[test]
fn a_formula_with_a_carriage_return_is_refused_not_echoed() {
    // A carriage return and NEL pass the formula lexer as whitespace, and the
    // formula is echoed in plot titles, legends and lab reports.
    for args in [
        &["plot", "--expr", "x\r+1\u{85}"][..],
        &["lab", "--expr", "x\r+1", "--steps", "1"][..],
        &["values", "--expr", "x\u{85}", "--at", "0"][..],
    ] {
        let err = common::one_line_error(args);
        assert!(err.contains("control character"), "{err:?}");
        assert!(!has_control(&err), "{err:?}");
    }
}

#[test]
fn file_names_notes_formulas_and_echoed_answers_are_cleaned() {
    let home = tempfile::tempdir().unwrap();
    pass_day_one(home.path());
    let out_dir = tempfile::tempdir().unwrap();
    let hostile = out_dir.path().join("a\x1b]0;x\x07.json");
    let out = acttutor(home.path())
        .args(["progress", "--export"])
        .arg(&hostile)
        .assert()
        .success();
    let said = stdout(out.get_output());
    assert!(
        said.contains("\\x1b]0;x\\x07.json") && !has_control(&said),
        "{said:?}"
    );
    // A progress file carrying escapes in notes and formulas: refused on import,
    // and cleaned when the store loads it.
    let bad = out_dir.path().join("bad.json");
    std::fs::write(
        &bad,
        "{\"version\": 1, \"notes\": {\"relu\": \"\\u001b]52;c;eA==\\u0007\"}, \"playground\": [\"x\\u001b[2J\"]}",
    )
    .unwrap();
    let out = acttutor(home.path())
        .args(["progress", "--import"])
        .arg(&bad)
        .assert()
        .failure();
    let err = stderr(out.get_output());
    assert!(
        err.contains("control characters") && !has_control(&err),
        "{err:?}"
    );
    let other = tempfile::tempdir().unwrap();
    std::fs::copy(&bad, other.path().join("progress.json")).unwrap();
    let out = acttutor(other.path())
        .args(["progress", "--export", "-"])
        .assert()
        .success();
    let loaded: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(loaded["notes"]["relu"], "\\x1b]52;c;eA==\\x07");
    assert_eq!(loaded["playground"][0], "x\\x1b[2J");
    // An answer typed with an escape is echoed as text.
    let out = acttutor(home.path())
        .args(["quiz", "2", "--plain"])
        .write_stdin("\x1b]0;t\x07\n")
        .assert();
    let said = stdout(out.get_output());
    assert!(
        said.contains("> \\x1b]0;t\\x07") && !has_control(&said),
        "{said:?}"
    );
}

// ---- 9. the time zone: jiff, and nothing a TZ file holds can crash or hang ----

#[test]
fn a_truncated_or_hostile_tz_file_does_not_crash_or_hang() {
    let dir = tempfile::tempdir().unwrap();
    // A version-2 TZif header promising 100 transitions, and nothing after it:
    // the old reader sliced past the end and panicked.
    let mut truncated = b"TZif2".to_vec();
    truncated.extend([0; 15]);
    for n in [0u32, 0, 0, 100, 1, 4] {
        truncated.extend(n.to_be_bytes());
    }
    let zone = dir.path().join("truncated");
    std::fs::write(&zone, &truncated).unwrap();
    let fifo = dir.path().join("fifo");
    mkfifo(&fifo);
    let zero = dir.path().join("zero-link");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    for tz in [
        zone.display().to_string(),
        format!(":{}", fifo.display()),
        zero.display().to_string(),
        "EST5EDT,M3.2.0,M11.1.0".into(),
    ] {
        let home = tempfile::tempdir().unwrap();
        let out = acttutor(home.path())
            .env("TZ", &tz)
            .args(["progress", "--json"])
            .timeout(Duration::from_secs(20))
            .assert()
            .success();
        let state: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
        assert_eq!(state["current_day"], 1, "TZ={tz}");
    }
}

#[test]
fn answers_are_dated_by_the_local_zone() {
    // Far east of UTC (+14) and far west (−12): whatever the hour now, the two
    // dates are one or two days apart, never the same.
    let date = |tz: &str| {
        let home = tempfile::tempdir().unwrap();
        acttutor(home.path())
            .env("TZ", tz)
            .args(["quiz", "1", "--plain"])
            .write_stdin("1\n")
            .assert()
            .success();
        let saved: Value =
            serde_json::from_slice(&std::fs::read(home.path().join("progress.json")).unwrap())
                .unwrap();
        let text = saved["answers"][0]["date"].as_str().unwrap().to_string();
        acttutor::learner::Date::parse(&text).unwrap()
    };
    let east = date("Pacific/Kiritimati");
    let west = date("<-12>12");
    assert!(matches!(east.since(west), 1 | 2), "{east} vs {west}");
}

// ---- 11. no unbounded reads, no blocking on a FIFO ----

#[test]
fn import_and_progress_refuse_fifos_and_devices_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo");
    mkfifo(&fifo);
    let zero = dir.path().join("zero-link");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let home = tempfile::tempdir().unwrap();
    for from in [&fifo, &zero] {
        let out = acttutor(home.path())
            .args(["progress", "--import"])
            .arg(from)
            .timeout(Duration::from_secs(20))
            .assert()
            .failure();
        assert!(stderr(out.get_output()).contains("not a regular file"));
    }
    for target in [&fifo, &zero] {
        let home = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(target, home.path().join("progress.json")).unwrap();
        let out = acttutor(home.path())
            .arg("progress")
            .timeout(Duration::from_secs(20))
            .assert()
            .failure();
        assert!(stderr(out.get_output()).contains("not a regular file"));
        assert!(std::fs::symlink_metadata(home.path().join("progress.json")).is_ok());
    }
}

#[test]
fn an_endless_input_line_is_refused_not_buffered() {
    let home = tempfile::tempdir().unwrap();
    let zero = std::fs::File::open("/dev/zero").unwrap();
    let out = StdCommand::new(env!("CARGO_BIN_EXE_acttutor"))
        .args(["quiz", "1", "--plain"])
        .env("ACTTUTOR_HOME", home.path())
        .env_remove("ACTTUTOR_LESSONS")
        .stdin(Stdio::from(zero))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("longer than"), "{}", stderr(&out));
    // Long but finite: also refused, nothing stored.
    let out = acttutor(home.path())
        .args(["quiz", "1", "--plain"])
        .write_stdin(format!("{}\n", "7".repeat(200_000)))
        .assert()
        .failure();
    assert!(stderr(out.get_output()).contains("longer than"));
    assert!(!home.path().join("progress.json").exists());
}

// ---- 12. the did-you-mean search is capped; answers and imports are bounded ----

#[test]
fn a_huge_unknown_plot_name_in_a_lesson_gives_a_short_warning() {
    let dir = tempfile::tempdir().unwrap();
    let lesson = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons/day02-step-perceptron.md"),
    )
    .unwrap();
    let huge = "q".repeat(1_000_000);
    let lesson = lesson
        .replace("day = 2", "day = 1")
        .replace("plot = [\"step\"]", &format!("plot = [\"{huge}\"]"));
    std::fs::write(dir.path().join("day01-step.md"), lesson).unwrap();
    let home = tempfile::tempdir().unwrap();
    let out = acttutor(home.path())
        .arg("--lessons")
        .arg(dir.path())
        .arg("list")
        .output()
        .unwrap();
    let err = stderr(&out);
    assert!(
        err.contains("unknown activation 'qqq"),
        "{}",
        &err[..err.len().min(300)]
    );
    assert!(
        err.len() < 2_000,
        "the warning quotes the whole name: {} bytes",
        err.len()
    );
}

#[test]
fn a_long_answer_is_stored_cut_to_the_limit() {
    let home = tempfile::tempdir().unwrap();
    let long = "a".repeat(10_000);
    acttutor(home.path())
        .args(["quiz", "1", "--plain"])
        .write_stdin(format!("1\n6*x - 1\n3\n0.9\n{long}\n"))
        .assert()
        .success();
    let saved: Value =
        serde_json::from_slice(&std::fs::read(home.path().join("progress.json")).unwrap()).unwrap();
    let answers = saved["answers"].as_array().unwrap();
    assert_eq!(answers.len(), 5);
    let longest = answers
        .iter()
        .map(|a| a["given"].as_str().unwrap().chars().count())
        .max()
        .unwrap();
    assert_eq!(longest, acttutor::learner::progress::MAX_GIVEN);
}

#[test]
fn imports_are_validated_like_lessons() {
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let cases = [
        (
            r#"{"version": 1, "current_day": 4294967295}"#,
            "current_day 4294967295",
        ),
        (r#"{"version": 1, "read": [0]}"#, "day 0"),
        (
            r#"{"version": 1, "passed": {"1": {"right": 9, "of": 6}}}"#,
            "impossible",
        ),
        (r#"{"version": 3}"#, "newer acttutor"),
    ];
    for (text, why) in cases {
        let file = dir.path().join("in.json");
        std::fs::write(&file, text).unwrap();
        let out = acttutor(home.path())
            .args(["progress", "--import"])
            .arg(&file)
            .assert()
            .failure();
        let err = stderr(out.get_output());
        assert!(
            err.contains("is not valid") && err.contains(why),
            "{text}: {err}"
        );
    }
    assert!(!home.path().join("progress.json").exists());
}

// ---- 13. a closed pipe ends quietly ----

#[test]
fn a_closed_pipe_ends_the_command_quietly_with_status_zero() {
    for args in [
        &["values", "relu", "--range", "0:100000:1"][..],
        &["table", "--format", "csv"][..],
        &["show", "1"][..],
    ] {
        let mut child = StdCommand::new(env!("CARGO_BIN_EXE_acttutor"))
            .args(args)
            .env_remove("ACTTUTOR_LESSONS")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 10];
        let mut pipe = child.stdout.take().unwrap();
        pipe.read_exact(&mut first).unwrap();
        drop(pipe);
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {:?} {}",
            out.status,
            stderr(&out)
        );
        assert_eq!(stderr(&out), "", "{args:?}");
    }
}

// ---- 14. small argument cases ----

#[test]
fn softmax_takes_a_leading_dot_negative_logit() {
    let out = common::stdout_of(&["softmax", "-.5", "1"]);
    let mut lines = out.lines().skip(1);
    let row: Vec<f64> = lines
        .next()
        .unwrap()
        .split(',')
        .map(|c| c.parse().unwrap())
        .collect();
    // e^-0.5 / (e^-0.5 + e^1) = 1 / (1 + e^1.5)
    assert_eq!(row[0], -0.5);
    assert!((row[1] - 1.0 / (1.0 + 1.5f64.exp())).abs() < 1e-15);
}

#[test]
fn a_range_of_huge_written_numbers_never_prints_inf() {
    let big = format!("15{}.000000001", "0".repeat(299));
    let out = common::stdout_of(&["values", "relu", "--range", &format!("{big}:{big}:1")]);
    assert!(!out.contains("inf"), "{out}");
    assert_eq!(out.lines().nth(1), Some("1.5e300,1.5e300,1"));
    let err = common::one_line_error(&["values", "relu", "--range", "-1e308:1e308:1e307"]);
    assert!(err.contains("too wide"), "{err}");
}

#[test]
fn a_plot_span_beyond_f64_is_an_error_not_an_empty_chart() {
    let err = common::one_line_error(&["plot", "relu", "--from", "-1e308", "--to", "1e308"]);
    assert!(err.contains("spans more than"), "{err}");
}
