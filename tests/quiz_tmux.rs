//! The quiz in the real binary in a real terminal (tmux): `q` typed into an answer
//! box types a q instead of quitting, the answer is saved, and `acttutor` reopens
//! where the learner left with the Today panel. `.ci/run` installs tmux.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

struct Tmux {
    socket: String,
}

impl Tmux {
    /// Run `acttutor ARGS` in a detached 100x30 tmux session with ACTTUTOR_HOME=home.
    fn start(name: &str, home: &Path, args: &str) -> Tmux {
        assert!(
            Command::new("tmux").arg("-V").output().is_ok(),
            "tmux is needed for this test (apt-get install tmux; .ci/run installs it)"
        );
        let socket = format!("acttutor-quiz-{name}-{}", std::process::id());
        let script = format!(
            "export ACTTUTOR_HOME='{}' TERM=xterm-256color; unset NO_COLOR ACTTUTOR_LESSONS ACTTUTOR_TODAY; '{}' {args}; echo ACTTUTOR_EXIT=$?; sleep 60",
            home.display(),
            env!("CARGO_BIN_EXE_acttutor")
        );
        let status = Command::new("tmux")
            .args([
                "-L",
                &socket,
                "new-session",
                "-d",
                "-s",
                "t",
                "-x",
                "100",
                "-y",
                "30",
                "sh",
                "-c",
                &script,
            ])
            .status()
            .unwrap();
        assert!(status.success());
        Tmux { socket }
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    fn wait_for(&self, what: &str, test: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.tmux(&["capture-pane", "-p", "-t", "t"]);
            if test(&screen) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "timed out waiting for {what}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn wait_text(&self, text: &str) -> String {
        self.wait_for(text, |s| s.contains(text))
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

#[test]
fn q_typed_into_an_answer_does_not_quit() {
    let home = tempfile::tempdir().unwrap();
    let t = Tmux::start("typing", home.path(), "quiz 6");
    t.wait_text("Day 6 quiz · question 1 of 7");
    t.wait_text("Enter answers · Esc leaves the box");
    t.keys(&["q"]);
    let screen = t.wait_text("│q");
    assert!(
        !screen.contains("ACTTUTOR_EXIT"),
        "q must not quit while typing:\n{screen}"
    );
    t.keys(&["BSpace", "1", "Enter"]);
    t.wait_text("✓ Right: 1");
    t.keys(&["q"]);
    let screen = t.wait_text("ACTTUTOR_EXIT=");
    assert!(screen.contains("ACTTUTOR_EXIT=0"), "{screen}");
    drop(t);
    let progress =
        acttutor::learner::store::parse(&std::fs::read(home.path().join("progress.json")).unwrap())
            .unwrap();
    assert_eq!(progress.answers.len(), 1);
    assert_eq!(
        (progress.answers[0].id.as_str(), progress.answers[0].correct),
        ("relu-slope-at-2", true)
    );
    // `acttutor` reopens there, with the Today panel first.
    let t = Tmux::start("resume", home.path(), "");
    t.wait_text("Today");
    t.wait_text("Day 1 of 22");
    t.keys(&["Enter"]);
    let screen = t.wait_for("the Today panel closed", |s| !s.contains("Reviews due"));
    assert!(
        screen.contains("Day 6 quiz"),
        "resumed on day 6's quiz:\n{screen}"
    );
    // Esc and q apart: sent together a terminal reads them as Alt-q.
    t.keys(&["Escape"]);
    t.wait_text("Enter to type");
    t.keys(&["q"]);
    t.wait_text("ACTTUTOR_EXIT=0");
}
