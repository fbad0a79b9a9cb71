//! Helpers shared by the integration tests: the binary under test, its one-line
//! errors, and (in `pty`) a driver for the real app in a pseudo-terminal.
// Each test crate uses its own subset of these helpers.
#![allow(dead_code)]

pub mod pty;
pub mod screen;

use assert_cmd::Command;

use std::path::Path;

/// Where the tests keep progress: under target/, never the learner's data folder.
const TEST_HOME: &str = concat!(env!("CARGO_TARGET_TMPDIR"), "/acttutor-home");

/// The binary with a predictable environment: the built-in course, no colour, and
/// progress kept under target/ rather than in the real data folder (a test that
/// looks at progress sets its own ACTTUTOR_HOME).
pub fn acttutor() -> Command {
    let mut cmd = Command::cargo_bin("acttutor").expect("the acttutor binary is built");
    for (key, value) in test_env(Path::new(TEST_HOME)) {
        match value {
            Some(value) => cmd.env(key, value),
            None => cmd.env_remove(key),
        };
    }
    cmd
}

/// The variables every test run of the binary sets (`Some`) or removes (`None`):
/// the built-in course, the real date, no colour, and progress in `home`.
pub fn test_env(home: &Path) -> Vec<(&'static str, Option<String>)> {
    vec![
        ("ACTTUTOR_LESSONS", None),
        ("ACTTUTOR_TODAY", None),
        ("ACTTUTOR_HOME", Some(home.display().to_string())),
        ("NO_COLOR", Some("1".to_string())),
    ]
}

/// A fresh, empty ACTTUTOR_HOME under target/ (removed when dropped), for a test
/// that must start as a new learner or looks at the progress it wrote.
pub fn fresh_home() -> tempfile::TempDir {
    std::fs::create_dir_all(env!("CARGO_TARGET_TMPDIR")).expect("target/tmp exists");
    tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("a temporary home under target/")
}

/// Stdout of a command that must succeed.
pub fn stdout_of(args: &[&str]) -> String {
    let out = acttutor()
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).expect("utf-8 output")
}

/// A failing command: non-zero exit, exactly one line on stderr, nothing on stdout,
/// no panic. Returns the line.
pub fn one_line_error(args: &[&str]) -> String {
    let out = acttutor()
        .args(args)
        .assert()
        .failure()
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).expect("utf-8 output");
    assert_eq!(
        stderr.lines().count(),
        1,
        "one line on stderr, got: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.stdout.is_empty());
    stderr
}

/// Day 1's first question's right option. Choice answers are typed as the
/// option's text: the options come in a fresh order at every sitting.
pub const DAY1_FIRST_RIGHT: &str = "At most what one layer y = A·x + c can represent";
/// Day 1's right answers, as typed.
pub const DAY1_RIGHT: &str = "At most what one layer y = A·x + c can represent\n6*x - 1\n3\n0.559\naffine\nNo straight line has both 1-points on one side and both 0-points on the other\n";
/// Day 1 with only the first question missed (passed at 5 of 6).
pub const DAY1_FIRST_WRONG: &str = "More than one layer can, because it has more parameters\n6*x - 1\n3\n0.559\naffine\nNo straight line has both 1-points on one side and both 0-points on the other\n";
/// Day 1 answered wrong throughout (and never the same text as `DAY1_RIGHT`).
pub const DAY1_WRONG: &str = "More than one layer can, because it has more parameters\n6*x\n105\n0.9\nlinear\nXOR needs more than two inputs\n";

/// The files in `dir` whose names start with `prefix`, sorted.
pub fn files_starting(dir: &Path, prefix: &str) -> Vec<std::path::PathBuf> {
    let mut found: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}
