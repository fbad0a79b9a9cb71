//! Helpers shared by the integration tests: the binary under test, its one-line
//! errors, and (in `tmux`) a driver for the real app in a real terminal.
// Each test crate uses its own subset of these helpers.
#![allow(dead_code)]

pub mod tmux;

use assert_cmd::Command;

/// The binary with a predictable environment: the built-in course, no colour, and
/// progress kept under target/ rather than in the real data folder (a test that
/// looks at progress sets its own ACTTUTOR_HOME).
pub fn acttutor() -> Command {
    let mut cmd = Command::cargo_bin("acttutor").expect("the acttutor binary is built");
    cmd.env_remove("ACTTUTOR_LESSONS")
        .env_remove("ACTTUTOR_TODAY")
        .env(
            "ACTTUTOR_HOME",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/acttutor-home"),
        )
        .env("NO_COLOR", "1");
    cmd
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
