//! The real binary in a pseudo-terminal, driven from Rust: send keys, pastes and
//! mouse events, resize, wait for text on the screen, read the process's CPU time
//! and state from /proc, and check the terminal was restored on exit. Needs no
//! tmux and no procps: `portable-pty` opens the terminal and `vt100` keeps the
//! screen, fed by a reader thread from the moment the app starts.
//!
//! Every wait has a generous timeout (the tests share a loaded machine) and fails
//! showing the screen. Dropping a [`Pty`] kills the app, so a failed test leaves
//! nothing running.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{mpsc, Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, SlavePty};

/// How long a wait may take before the test fails: generous, since ~7 builds and
/// test runs may share two cores.
pub const WAIT: Duration = Duration::from_secs(30);

/// How long after the app has exited a wait keeps reading its last output before
/// failing.
const AFTER_EXIT: Duration = Duration::from_secs(5);

/// Text the shell prints when the app is suspended (see [`Launch::job_control`]).
pub const SUSPENDED: &str = "acttutor-suspended";

/// How to start the app.
pub struct Launch<'a> {
    /// Arguments after `acttutor`.
    pub args: &'a [&'a str],
    /// Extra environment variables.
    pub env: &'a [(&'a str, &'a str)],
    /// Terminal width and height in cells.
    pub size: (u16, u16),
    /// ACTTUTOR_HOME; `None` gives a fresh folder under target/ (see
    /// [`super::fresh_home`]), removed when the [`Pty`] is dropped.
    pub home: Option<&'a Path>,
    /// Run the app as a job of a POSIX shell with job control (`sh`, `set -m`), as
    /// a learner's shell does. Needed to test Ctrl-Z: the kernel discards a SIGTSTP
    /// sent to a process whose group has no parent in its session (an orphaned
    /// group), which is what an app started directly in a new terminal is. When
    /// the app stops, the shell prints [`SUSPENDED`] and waits for a line, then
    /// runs `fg` (see [`Pty::resume_with_fg`]).
    pub job_control: bool,
}

impl Default for Launch<'_> {
    fn default() -> Self {
        Launch {
            args: &[],
            env: &[],
            size: (100, 30),
            home: None,
            job_control: false,
        }
    }
}

/// A named key, sent as the bytes an xterm-compatible terminal sends for it.
#[derive(Clone, Copy, Debug)]
pub enum Key {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Up,
    Down,
    Right,
    Left,
    Home,
    End,
    PageUp,
    PageDown,
    /// F1 to F12.
    F(u8),
    /// Control plus a letter: Ctrl('c') is 0x03, Ctrl('z') is 0x1a.
    Ctrl(char),
    /// Alt plus a character: Esc then the character.
    Alt(char),
}

impl Key {
    pub fn bytes(self) -> Vec<u8> {
        let text: &str = match self {
            Key::Char(c) => return c.to_string().into_bytes(),
            Key::Ctrl(c) => return vec![(c.to_ascii_lowercase() as u8) & 0x1f],
            Key::Alt(c) => return format!("\x1b{c}").into_bytes(),
            Key::F(n) => return function_key(n).as_bytes().to_vec(),
            Key::Enter => "\r",
            Key::Esc => "\x1b",
            Key::Tab => "\t",
            Key::BackTab => "\x1b[Z",
            Key::Backspace => "\x7f",
            Key::Delete => "\x1b[3~",
            Key::Up => "\x1b[A",
            Key::Down => "\x1b[B",
            Key::Right => "\x1b[C",
            Key::Left => "\x1b[D",
            Key::Home => "\x1b[H",
            Key::End => "\x1b[F",
            Key::PageUp => "\x1b[5~",
            Key::PageDown => "\x1b[6~",
        };
        text.as_bytes().to_vec()
    }
}

/// xterm's sequences for F1–F12.
fn function_key(n: u8) -> &'static str {
    match n {
        1 => "\x1bOP",
        2 => "\x1bOQ",
        3 => "\x1bOR",
        4 => "\x1bOS",
        5 => "\x1b[15~",
        6 => "\x1b[17~",
        7 => "\x1b[18~",
        8 => "\x1b[19~",
        9 => "\x1b[20~",
        10 => "\x1b[21~",
        11 => "\x1b[23~",
        12 => "\x1b[24~",
        _ => panic!("no key F{n}"),
    }
}

/// A mouse button in SGR mouse reports.
#[derive(Clone, Copy, Debug)]
pub enum Mouse {
    Left,
    Middle,
    Right,
    WheelUp,
    WheelDown,
}

impl Mouse {
    /// The button number of an SGR (mode 1006) report.
    fn code(self) -> u8 {
        match self {
            Mouse::Left => 0,
            Mouse::Middle => 1,
            Mouse::Right => 2,
            Mouse::WheelUp => 64,
            Mouse::WheelDown => 65,
        }
    }
}

/// What the reader thread has seen.
struct Output {
    /// The screen as a terminal shows it.
    parser: vt100::Parser,
    /// Every byte the app wrote, to check the mode-reset sequences arrived.
    raw: Vec<u8>,
}

/// Output shared with the reader thread, which signals `changed` after each read.
struct Shared {
    output: Mutex<Output>,
    changed: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Output> {
        // A panicking test thread never holds this lock, so poisoning only means
        // the reader thread died; its data is still good.
        self.output.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The app running in a pseudo-terminal. Dropping it kills the app.
pub struct Pty {
    child: Mutex<Box<dyn Child + Send + Sync>>,
    /// The app's pid: the child's, or under a job-control shell the job's.
    app_pid: Option<u32>,
    master: Box<dyn MasterPty + Send>,
    /// Kept open so the terminal still works after the app exits: what is typed
    /// then is echoed only if the app left cooked mode on.
    _slave: Box<dyn SlavePty + Send>,
    input: mpsc::Sender<Vec<u8>>,
    shared: Arc<Shared>,
    _home: Option<tempfile::TempDir>,
}

impl Pty {
    /// `acttutor ARGS` at `size` (width, height) with a fresh ACTTUTOR_HOME.
    pub fn start(args: &[&str], size: (u16, u16)) -> Pty {
        Pty::launch(Launch {
            args,
            size,
            ..Launch::default()
        })
    }

    /// `acttutor ARGS` at the default size with ACTTUTOR_HOME = `home`, which
    /// outlives the app (to start it again where the learner left).
    pub fn start_in(home: &Path, args: &[&str]) -> Pty {
        Pty::launch(Launch {
            args,
            home: Some(home),
            ..Launch::default()
        })
    }

    pub fn launch(launch: Launch) -> Pty {
        let (width, height) = launch.size;
        let pair = portable_pty::native_pty_system()
            .openpty(PtySize {
                rows: height,
                cols: width,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal opens");
        let temp_home = launch.home.is_none().then(super::fresh_home);
        let home = (temp_home.as_ref().map(|temp| temp.path()))
            .or(launch.home)
            .expect("a home, given or made above");
        let command = app_command(&launch, home);
        let child = pair
            .slave
            .spawn_command(command)
            .expect("acttutor starts in the pseudo-terminal");
        let shared = Arc::new(Shared {
            output: Mutex::new(Output {
                parser: vt100::Parser::new(height, width, 0),
                raw: Vec::new(),
            }),
            changed: Condvar::new(),
        });
        let reader = pair.master.try_clone_reader().expect("a pty reader");
        spawn_reader(reader, Arc::clone(&shared));
        let writer = pair.master.take_writer().expect("a pty writer");
        let mut pty = Pty {
            app_pid: child.process_id(),
            child: Mutex::new(child),
            master: pair.master,
            _slave: pair.slave,
            input: spawn_writer(writer),
            shared,
            _home: temp_home,
        };
        if launch.job_control {
            pty.app_pid = Some(pty.job_pid());
        }
        pty
    }

    /// The job's pid, which the job-control wrapper prints before `exec`. Read
    /// from the raw output: the app may be on its alternate screen by now.
    fn job_pid(&self) -> u32 {
        self.wait_until(&format!("{PID_MARK} from the shell"), |out| {
            let text = String::from_utf8_lossy(&out.raw);
            let rest = &text[text.find(PID_MARK)? + PID_MARK.len()..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            // Complete only once a non-digit follows.
            (digits.len() < rest.len())
                .then(|| digits.parse().ok())
                .flatten()
        })
    }

    // ---- input ----

    /// Bytes as the terminal would send them. A writer thread sends them in
    /// order, so a test never blocks on an app that stopped reading.
    pub fn send(&self, bytes: impl Into<Vec<u8>>) {
        // The writer ends only when the terminal fails; waits then report it.
        let _ = self.input.send(bytes.into());
    }

    /// Plain text, one key per character.
    pub fn type_text(&self, text: &str) {
        self.send(text.as_bytes());
    }

    pub fn press(&self, key: Key) {
        self.send(key.bytes());
    }

    pub fn press_all(&self, keys: &[Key]) {
        self.send(keys.iter().flat_map(|k| k.bytes()).collect::<Vec<u8>>());
    }

    /// A bracketed paste of `text` (sent whether or not the app enabled it, as
    /// a terminal would not: use it once the app does).
    pub fn paste(&self, text: &str) {
        self.send(format!("\x1b[200~{text}\x1b[201~"));
    }

    /// A mouse press or release at cell (`col`, `row`), counted from 0 as in
    /// ratatui, sent as an SGR report (`ESC [ < b ; x ; y M`, `m` on release).
    pub fn mouse(&self, button: Mouse, col: u16, row: u16, pressed: bool) {
        let end = if pressed { 'M' } else { 'm' };
        self.send(format!(
            "\x1b[<{};{};{}{end}",
            button.code(),
            col + 1,
            row + 1
        ));
    }

    /// A left click (press and release) at cell (`col`, `row`).
    pub fn click(&self, col: u16, row: u16) {
        self.mouse(Mouse::Left, col, row, true);
        self.mouse(Mouse::Left, col, row, false);
    }

    /// A left click on the first place `text` shows on the screen.
    pub fn click_text(&self, text: &str) {
        let (col, row) = self
            .find(text)
            .unwrap_or_else(|| panic!("no {text:?} to click on:\n{}", self.screen()));
        self.click(col, row);
    }

    /// One notch of the wheel at cell (`col`, `row`).
    pub fn wheel(&self, button: Mouse, col: u16, row: u16) {
        self.mouse(button, col, row, true);
    }

    /// Resize the terminal (the app gets SIGWINCH); the screen model first, so
    /// what the app draws next is read at the new size.
    pub fn resize(&self, width: u16, height: u16) {
        self.shared.lock().parser.set_size(height, width);
        self.master
            .resize(PtySize {
                rows: height,
                cols: width,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("the pseudo-terminal resizes");
    }

    // ---- the screen ----

    /// The screen's text, rows separated by newlines.
    pub fn screen(&self) -> String {
        self.shared.lock().parser.screen().contents()
    }

    /// Where `text` first shows on the screen: (column, row) from 0.
    pub fn find(&self, text: &str) -> Option<(u16, u16)> {
        find_on(self.shared.lock().parser.screen(), text)
    }

    /// Every byte the app wrote so far.
    pub fn raw_output(&self) -> Vec<u8> {
        self.shared.lock().raw.clone()
    }

    /// Wait until the screen contains `text`; the screen then.
    pub fn wait_text(&self, text: &str) -> String {
        self.wait_for(&format!("{text:?}"), |s| s.contains(text))
    }

    /// Wait until the screen's text passes `test`, or fail showing the screen.
    pub fn wait_for(&self, what: &str, test: impl Fn(&str) -> bool) -> String {
        self.wait_until(what, |out| {
            let text = out.parser.screen().contents();
            test(&text).then_some(text)
        })
    }

    /// Wait until `test` gives a value, checking after each output and at least
    /// every 100 ms (the app may have exited or a condition be about time).
    /// Fails after [`WAIT`], or soon after the app exited, showing the screen.
    fn wait_until<T>(&self, what: &str, test: impl Fn(&Output) -> Option<T>) -> T {
        let start = Instant::now();
        let mut exited_at: Option<Instant> = None;
        let mut output = self.shared.lock();
        loop {
            if let Some(value) = test(&output) {
                return value;
            }
            if exited_at.is_none() && self.exit_status_now().is_some() {
                exited_at = Some(Instant::now());
            }
            let gave_up = match exited_at {
                Some(at) => at.elapsed() > AFTER_EXIT,
                None => start.elapsed() > WAIT,
            };
            if gave_up {
                let screen = output.parser.screen().contents();
                drop(output);
                let why = match self.exit_status_now() {
                    Some(status) => format!("the app exited ({status:?})"),
                    None => format!("timed out after {WAIT:?}"),
                };
                panic!("{why} while waiting for {what}; screen:\n{screen}");
            }
            output = self
                .shared
                .changed
                .wait_timeout(output, Duration::from_millis(100))
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    // ---- the process ----

    /// The exit status if the app (or its shell) has exited.
    fn exit_status_now(&self) -> Option<ExitStatus> {
        let mut child = self.child.lock().unwrap_or_else(|e| e.into_inner());
        child.try_wait().ok().flatten()
    }

    /// Whether the app (or its shell) has exited.
    pub fn has_exited(&self) -> bool {
        self.exit_status_now().is_some()
    }

    /// Wait for the app to exit; its status. Fails after [`WAIT`] showing the screen.
    pub fn wait_exit(&self) -> ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.exit_status_now() {
                return status;
            }
            assert!(
                start.elapsed() < WAIT,
                "the app did not exit within {WAIT:?}; screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Wait for the app to exit and require status 0.
    pub fn wait_success(&self) {
        let status = self.wait_exit();
        assert!(
            status.success(),
            "the app exited with {status:?}; screen:\n{}",
            self.screen()
        );
    }

    /// The app's pid.
    pub fn pid(&self) -> u32 {
        self.app_pid.expect("the app has a pid")
    }

    /// The app's CPU time (user + system) from /proc/PID/stat; `None` where there
    /// is no /proc (macOS) — callers skip their assertion then, saying so.
    pub fn cpu_time(&self) -> Option<Duration> {
        let fields = proc_stat(self.pid())?;
        // utime and stime are fields 14 and 15 of stat(5), in clock ticks.
        let ticks = |i: usize| -> u64 {
            fields
                .get(i - 3)
                .and_then(|f| f.parse().ok())
                .unwrap_or_else(|| panic!("field {i} of /proc/{}/stat", self.pid()))
        };
        let per_second = clock_ticks_per_second();
        Some(Duration::from_secs_f64(
            (ticks(14) + ticks(15)) as f64 / per_second as f64,
        ))
    }

    /// The app's state letter from /proc/PID/stat ('S' sleeping, 'R' running,
    /// 'T' stopped, …); `None` without /proc.
    pub fn process_state(&self) -> Option<char> {
        proc_stat(self.pid())?.first()?.chars().next()
    }

    /// Wait until the app's state is `state` (e.g. 'T' once suspended); returns
    /// false, without waiting, where there is no /proc.
    pub fn wait_process_state(&self, state: char) -> bool {
        if !Path::new("/proc/self/stat").exists() {
            return false;
        }
        self.wait_until(&format!("process state {state:?}"), |_| {
            (self.process_state() == Some(state)).then_some(())
        });
        true
    }

    /// Fail unless the app used at most `limit` CPU time over `window` — the
    /// window is the measurement, not a wait for the app. Skipped, saying so,
    /// where there is no /proc.
    pub fn assert_idle(&self, what: &str, window: Duration, limit: Duration) {
        let Some(before) = self.cpu_time() else {
            eprintln!("skipped the CPU check of {what}: no /proc on this system");
            return;
        };
        std::thread::sleep(window);
        let used = self.cpu_time().unwrap_or(before).saturating_sub(before);
        assert!(
            used <= limit,
            "{what}: used {used:?} of CPU in {window:?} (limit {limit:?}); screen:\n{}",
            self.screen()
        );
    }

    /// Under a job-control shell, after the app stopped: answer the shell's
    /// prompt so it runs `fg`, which gives the app the terminal back and
    /// continues it.
    pub fn resume_with_fg(&self) {
        // A line feed, not Enter's carriage return: the shell's `read` must end
        // even if the app left the terminal raw (no CR-to-LF translation).
        self.send(b"\n".to_vec());
    }

    // ---- the terminal after exit ----

    /// After the app exited (or stopped): the terminal is as the app found it.
    /// The alternate screen is left, the cursor shown, mouse reports and
    /// bracketed paste are off again if they had been turned on (the screen
    /// model's state and the reset sequences themselves), and cooked mode is
    /// back: typed text is echoed by the terminal.
    pub fn assert_terminal_restored(&self) {
        self.wait_until("the terminal modes to be reset", |out| {
            let screen = out.parser.screen();
            (!screen.alternate_screen()
                && !screen.hide_cursor()
                && !screen.bracketed_paste()
                && screen.mouse_protocol_mode() == vt100::MouseProtocolMode::None
                && screen.mouse_protocol_encoding() == vt100::MouseProtocolEncoding::Default)
                .then_some(())
        });
        let raw = self.raw_output();
        for mode in RESET_MODES {
            assert!(
                mode_reset_after_set(&raw, mode),
                "mode ?{mode} was set and not reset; screen:\n{}",
                self.screen()
            );
        }
        assert!(
            contains(&raw, b"\x1b[?1049h"),
            "the app never entered the alternate screen"
        );
        // Echoed as typed; no line end, so a shell waiting on the stopped app
        // (job control) reads nothing yet.
        self.type_text("echo-check");
        self.wait_text("echo-check");
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        let mut child = self.child.lock().unwrap_or_else(|e| e.into_inner());
        if child.try_wait().ok().flatten().is_none() {
            let _ = child.kill();
            let _ = child.wait();
        }
        // A job of a shell outlives its shell when stopped or ignoring SIGHUP.
        if let (Some(pid), Some(shell)) = (self.app_pid, child.process_id()) {
            if pid != shell {
                // SAFETY: kill(2) on the pid of the job this test started (signal
                // 0 only asks whether it is still there); no memory involved.
                unsafe {
                    if libc::kill(pid as libc::pid_t, 0) == 0 {
                        libc::kill(pid as libc::pid_t, libc::SIGKILL);
                    }
                }
            }
        }
    }
}

/// The DEC private modes an app may turn on (`h`) that must be off (`l`) after it
/// exits: alternate screen, bracketed paste, the mouse reports (normal, button,
/// any-motion) and their SGR encoding. (The cursor, hidden with `?25l`, is checked
/// on the screen model.)
const RESET_MODES: [&str; 6] = ["1049", "2004", "1000", "1002", "1003", "1006"];

/// Whether DEC private mode `mode`, if ever set (`ESC [ ? mode h`), was reset
/// (`ESC [ ? mode l`) after the last time it was set.
fn mode_reset_after_set(raw: &[u8], mode: &str) -> bool {
    let set = format!("\x1b[?{mode}h");
    let reset = format!("\x1b[?{mode}l");
    match rfind(raw, set.as_bytes()) {
        None => true,
        Some(at) => contains(&raw[at..], reset.as_bytes()),
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    rfind(haystack, needle).is_some()
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// Where `text` starts on `screen`, by cell (wide characters take two).
fn find_on(screen: &vt100::Screen, text: &str) -> Option<(u16, u16)> {
    let (rows, cols) = screen.size();
    for row in 0..rows {
        // The row's text with the column each character starts at.
        let mut line = String::new();
        let mut starts = Vec::new();
        for col in 0..cols {
            let Some(cell) = screen.cell(row, col) else {
                continue;
            };
            if cell.is_wide_continuation() {
                continue;
            }
            let contents = cell.contents();
            let contents = if contents.is_empty() { " " } else { &contents };
            for _ in contents.char_indices() {
                starts.push(col);
            }
            line.push_str(contents);
        }
        if let Some(byte) = line.find(text) {
            return Some((starts[line[..byte].chars().count()], row));
        }
    }
    None
}

/// Printed by the job-control wrapper before it execs the app.
const PID_MARK: &str = "acttutor-pid=";

/// The command that runs the app: directly, or as a job of `sh`.
fn app_command(launch: &Launch, home: &Path) -> CommandBuilder {
    let binary = assert_cmd::cargo::cargo_bin("acttutor");
    let mut command = if launch.job_control {
        let mut sh = CommandBuilder::new("sh");
        sh.args(["-c", &job_control_script(), "sh"]);
        sh.arg(&binary);
        sh
    } else {
        CommandBuilder::new(&binary)
    };
    command.args(launch.args);
    command.cwd(home);
    for (key, value) in super::test_env(home) {
        match value {
            Some(value) => command.env(key, value),
            None => command.env_remove(key),
        }
    }
    // A learner's terminal: colours on.
    command.env_remove("NO_COLOR");
    command.env("TERM", "xterm-256color");
    for (key, value) in launch.env {
        command.env(key, value);
    }
    command
}

/// `sh -c` script: run "$@" as a job (its own process group, the terminal's
/// foreground), print its pid, and while it is stopped print [`SUSPENDED`], read a
/// line and `fg` it, as a learner at a shell would. Exits with the app's status.
fn job_control_script() -> String {
    format!(
        r#"set -m
sh -c 'echo "{PID_MARK}$$"; exec "$@"' job "$@"
status=$?
while case "$(kill -l "$status" 2>/dev/null)" in TSTP|STOP|TTIN|TTOU) true;; *) false;; esac; do
    echo "{SUSPENDED}"
    read -r line
    fg >/dev/null
    status=$?
done
exit "$status""#
    )
}

/// Fields 3 onward of /proc/PID/stat (after the command name, which may hold
/// spaces); `None` where there is no such file.
fn proc_stat(pid: u32) -> Option<Vec<String>> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let (_, rest) = stat.rsplit_once(") ")?;
    Some(rest.split_whitespace().map(str::to_string).collect())
}

fn clock_ticks_per_second() -> u64 {
    // SAFETY: sysconf only reads a system constant.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    u64::try_from(ticks).ok().filter(|&t| t > 0).unwrap_or(100)
}

/// Read the app's output into the screen model until the terminal closes (when
/// the [`Pty`] is dropped).
fn spawn_reader(mut reader: Box<dyn Read + Send>, shared: Arc<Shared>) {
    std::thread::spawn(move || {
        let mut buffer = [0u8; 8192];
        loop {
            match reader.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => {
                    let mut output = shared.lock();
                    output.parser.process(&buffer[..n]);
                    output.raw.extend_from_slice(&buffer[..n]);
                    drop(output);
                    shared.changed.notify_all();
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
    });
}

/// Send input in order on a thread of its own: a write blocks while the app is
/// not reading, and a test must still be able to time out and fail.
fn spawn_writer(mut writer: Box<dyn Write + Send>) -> mpsc::Sender<Vec<u8>> {
    let (sender, receiver) = mpsc::channel::<Vec<u8>>();
    std::thread::spawn(move || {
        for bytes in receiver {
            if writer
                .write_all(&bytes)
                .and_then(|_| writer.flush())
                .is_err()
            {
                break;
            }
        }
    });
    sender
}
