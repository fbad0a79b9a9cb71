//! The real binary in a real terminal (tmux): it opens on Day 1, view 2 shows
//! braille, `?` shows help, `n` goes to Day 2, resizing redraws, `q` and Ctrl-C exit
//! with status 0, and a panic leaves the terminal restored. `.ci/run` installs tmux.

mod common;
use common::tmux::Tmux;

use std::process::Command;
use std::time::{Duration, Instant};

fn has_braille(screen: &str) -> bool {
    screen
        .chars()
        .any(|c| ('\u{2801}'..='\u{28ff}').contains(&c))
}

#[test]
fn a_learner_session_in_a_real_terminal() {
    let t = Tmux::start("session", "", &[], (100, 30));
    t.wait_text("Day 1 of");
    t.keys(&["2"]);
    t.wait_for("braille in Explore", has_braille);
    t.keys(&["?"]);
    t.wait_text("Esc or ? closes");
    t.keys(&["Escape"]);
    t.wait_for("help closed", |s| !s.contains("Esc or ? closes"));
    t.keys(&["n"]);
    t.wait_text("Day 2 of");
    // Resizing redraws; too small says so and the app recovers.
    t.tmux(&["resize-window", "-t", "t", "-x", "50", "-y", "15"]);
    t.wait_text("Terminal too small");
    t.tmux(&["resize-window", "-t", "t", "-x", "100", "-y", "30"]);
    t.wait_text("Day 2 of");
    t.keys(&["q"]);
    let screen = t.wait_text("ACTTUTOR_EXIT=");
    assert!(screen.contains("ACTTUTOR_EXIT=0"), "{screen}");
    assert!(!t.alternate_screen(), "left the alternate screen");
}

/// CPU time (user + system, in clock ticks) of the acttutor process in the pane.
fn cpu_ticks(t: &Tmux) -> u64 {
    let shell = t.tmux(&["display-message", "-p", "-t", "t", "#{pane_pid}"]);
    let children = Command::new("pgrep")
        .args(["-P", shell.trim()])
        .output()
        .unwrap();
    let pid = String::from_utf8_lossy(&children.stdout)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    assert!(
        stat.contains("(acttutor)"),
        "found the acttutor process (pid '{pid}'): {stat}"
    );
    // Fields after the command name (which may hold spaces) start after ") ".
    let fields: Vec<&str> = stat
        .rsplit_once(") ")
        .map(|(_, rest)| rest)
        .unwrap_or("")
        .split(' ')
        .collect();
    let field = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .expect("utime/stime in /proc/PID/stat")
    };
    field(11) + field(12)
}

#[test]
fn idle_uses_no_cpu() {
    let t = Tmux::start("idle", "", &[], (100, 30));
    t.wait_text("Day 1 of");
    t.keys(&["2"]);
    t.wait_for("braille", has_braille);
    let before = cpu_ticks(&t);
    std::thread::sleep(Duration::from_millis(1500));
    let after = cpu_ticks(&t);
    // 100 ticks per second: a busy loop would burn ~150 here.
    assert!(
        after - before <= 2,
        "idle app used {} ticks in 1.5 s",
        after - before
    );
    t.keys(&["q"]);
    t.wait_text("ACTTUTOR_EXIT=0");
}

#[test]
fn ctrl_c_quits_cleanly() {
    let t = Tmux::start("ctrlc", "", &[], (90, 26));
    t.wait_text("Day 1 of");
    t.keys(&["C-c"]);
    let screen = t.wait_text("ACTTUTOR_EXIT=");
    assert!(screen.contains("ACTTUTOR_EXIT=0"), "{screen}");
}

#[test]
fn a_panic_restores_the_terminal() {
    let t = Tmux::start("panic", "", &[("ACTTUTOR_TEST_PANIC", "1")], (90, 26));
    let screen = t.wait_text("ACTTUTOR_EXIT=");
    assert!(
        screen.contains("panicking on purpose"),
        "the message is readable: {screen}"
    );
    assert!(!screen.contains("ACTTUTOR_EXIT=0"));
    assert!(!t.alternate_screen(), "left the alternate screen");
    // Raw mode is off again: typed text echoes as usual.
    t.keys(&["echo typed-after-panic", "Enter"]);
    t.wait_text("typed-after-panic");
}

/// The step counter on the lab's status line.
fn lab_step(screen: &str) -> Option<u64> {
    let rest = &screen[screen.find("step ")? + 5..];
    rest.split(' ').next()?.parse().ok()
}

#[test]
fn a_running_lab_answers_keys_and_idles_when_paused() {
    let t = Tmux::start("lab", "", &[], (100, 30));
    t.wait_text("Day 1 of");
    t.keys(&["5"]);
    t.wait_text("‖ paused");
    // The heaviest preset: 16 layers of SELU.
    t.keys(&["$", "r"]);
    t.wait_text("▶ running");
    t.wait_for("training to advance", |s| {
        lab_step(s).is_some_and(|n| n > 20)
    });
    // Pausing goes back to blocking on input: no CPU.
    t.keys(&["r"]);
    t.wait_text("‖ paused");
    let before = cpu_ticks(&t);
    std::thread::sleep(Duration::from_millis(1500));
    let after = cpu_ticks(&t);
    assert!(
        after - before <= 2,
        "paused lab used {} ticks",
        after - before
    );
    // Running again, q still quits at once.
    t.keys(&["r"]);
    t.wait_text("▶ running");
    let start = Instant::now();
    t.keys(&["q"]);
    let screen = t.wait_text("ACTTUTOR_EXIT=");
    assert!(screen.contains("ACTTUTOR_EXIT=0"), "{screen}");
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "q took {:?} while training",
        start.elapsed()
    );
}
