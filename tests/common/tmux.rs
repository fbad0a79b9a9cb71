//! The real binary in a detached tmux session: send keys, read the screen, wait
//! for text. `.ci/run` installs tmux.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

pub struct Tmux {
    socket: String,
    /// A fresh ACTTUTOR_HOME when the caller did not give one.
    _home: Option<tempfile::TempDir>,
}

impl Tmux {
    /// `acttutor ARGS` with a fresh ACTTUTOR_HOME, extra environment and a size.
    pub fn start(name: &str, args: &str, env: &[(&str, &str)], size: (u16, u16)) -> Tmux {
        let home = tempfile::tempdir().expect("a temporary home");
        let mut tmux = Tmux::start_in(home.path(), name, args, env, size);
        tmux._home = Some(home);
        tmux
    }

    /// The same with ACTTUTOR_HOME = `home` (to look at progress afterwards).
    pub fn start_in(
        home: &Path,
        name: &str,
        args: &str,
        env: &[(&str, &str)],
        (width, height): (u16, u16),
    ) -> Tmux {
        assert!(
            Command::new("tmux").arg("-V").output().is_ok(),
            "tmux is needed for this test (apt-get install tmux; .ci/run installs it)"
        );
        let socket = format!("acttutor-{name}-{}", std::process::id());
        let mut exports = format!(
            "export ACTTUTOR_HOME='{}' TERM=xterm-256color; unset NO_COLOR ACTTUTOR_LESSONS ACTTUTOR_TODAY; ",
            home.display()
        );
        for (k, v) in env {
            exports.push_str(&format!("export {k}='{v}'; "));
        }
        let script = format!(
            "{exports}'{}' {args}; echo ACTTUTOR_EXIT=$?; sleep 60",
            env!("CARGO_BIN_EXE_acttutor")
        );
        let (width, height) = (width.to_string(), height.to_string());
        let status = Command::new("tmux")
            .args([
                "-L",
                &socket,
                "new-session",
                "-d",
                "-s",
                "t",
                "-x",
                &width,
                "-y",
                &height,
                "sh",
                "-c",
                &script,
            ])
            .status()
            .expect("tmux runs");
        assert!(status.success());
        Tmux {
            socket,
            _home: None,
        }
    }

    /// Run a tmux command against this session's server; its stdout.
    pub fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "t"])
    }

    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    /// Whether the pane is in the alternate screen (the full-screen app's).
    pub fn alternate_screen(&self) -> bool {
        self.tmux(&["display-message", "-p", "-t", "t", "#{alternate_on}"])
            .trim()
            == "1"
    }

    /// Wait until the screen satisfies `test`, or fail showing the screen.
    pub fn wait_for(&self, what: &str, test: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
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

    pub fn wait_text(&self, text: &str) -> String {
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
