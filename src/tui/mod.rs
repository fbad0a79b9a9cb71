//! The full-screen app. Only this module and `cli` know about terminals.
//!
//! One synchronous loop: block on input (no CPU while idle), drain every event
//! already waiting, let the screen finish its work once, redraw. Only while the lab
//! trains does the loop wake up on its own, once a frame, for a time-boxed slice of
//! steps. The terminal is set up with bracketed paste and mouse capture and put
//! back on every exit: quit, error, panic and Ctrl-Z (until `fg`).

pub mod action;
pub mod app;
pub mod chart_view;
pub mod export;
pub mod keys;
pub mod lab_settings;
pub mod learning;
pub mod screen;
pub mod theme;
pub mod views;
pub mod widgets;

use std::io::stdout;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use ratatui::DefaultTerminal;

pub use app::{App, Options};

/// How often a running lab trains and redraws (about 30 frames a second).
const FRAME: Duration = Duration::from_millis(30);

/// Run the app until the learner quits. The terminal is restored on every exit
/// path: normal return, error (here) and panic (the hook set in `setup`).
pub fn run(app: &mut App) -> anyhow::Result<()> {
    let mut terminal = setup()?;
    let resumed = watch_resume();
    let result = event_loop(&mut terminal, app, &resumed);
    restore();
    result
}

/// Raw mode, the alternate screen, bracketed paste and mouse capture; a panic
/// hook that undoes them before the message is printed.
fn setup() -> anyhow::Result<DefaultTerminal> {
    // ratatui's own hook restores raw mode and the screen; ours first stops the
    // mouse and paste reports, then calls it.
    let terminal = ratatui::try_init()?;
    let ratatui_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste);
        ratatui_hook(info);
    }));
    execute!(stdout(), EnableBracketedPaste, EnableMouseCapture)?;
    Ok(terminal)
}

/// Put the terminal back as the shell expects it.
fn restore() {
    let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste);
    ratatui::restore();
}

/// Enter raw mode and the alternate screen again (after a suspend) and redraw
/// everything on the next frame.
fn reenter(terminal: &mut DefaultTerminal) -> anyhow::Result<()> {
    // crossterm skips enabling raw mode when it believes it is on already; after
    // an outside stop the shell turned it off behind its back.
    let _ = crossterm::terminal::disable_raw_mode();
    crossterm::terminal::enable_raw_mode()?;
    execute!(
        stdout(),
        crossterm::terminal::EnterAlternateScreen,
        EnableBracketedPaste,
        EnableMouseCapture
    )?;
    terminal.clear()?;
    Ok(())
}

/// Ctrl-Z: give the terminal back to the shell and stop until `fg`.
fn suspend(terminal: &mut DefaultTerminal) -> anyhow::Result<()> {
    // ratatui hides the cursor while drawing and shows it again only when the
    // terminal is dropped; the shell needs it now. The next draw hides it again.
    terminal.show_cursor()?;
    restore();
    stop_self();
    reenter(terminal)
}

#[cfg(unix)]
fn stop_self() {
    // SIGTSTP's default action stops the process; `fg` sends SIGCONT and the
    // call returns.
    let _ = signal_hook::low_level::raise(signal_hook::consts::SIGTSTP);
}

#[cfg(not(unix))]
fn stop_self() {}

/// crossterm 0.28 reads the terminal 1024 bytes at a time and stops at the first
/// whole event, but waits for more with edge-triggered epoll (mio): bytes left
/// unread in the terminal after a burst (a held key, a long paste) are not seen
/// until the next byte arrives. When the terminal still holds unread input, set
/// its attributes to what they are: the kernel's line discipline then wakes the
/// terminal's readers (n_tty_set_termios), which gives epoll a new edge. Returns
/// whether there was unread input.
#[cfg(unix)]
fn wake_unread_input() -> bool {
    use rustix::termios::{tcgetattr, tcsetattr, OptionalActions};
    use std::io::IsTerminal;
    let stdin = std::io::stdin();
    if !stdin.is_terminal() || !rustix::io::ioctl_fionread(&stdin).is_ok_and(|n| n > 0) {
        return false;
    }
    tcgetattr(&stdin).is_ok_and(|modes| tcsetattr(&stdin, OptionalActions::Now, &modes).is_ok())
}

#[cfg(not(unix))]
fn wake_unread_input() -> bool {
    false
}

/// Set when the process was continued after a stop it did not ask for (`kill
/// -STOP`, then `fg`): the shell left the terminal in line mode. The watcher
/// also raises SIGWINCH so the blocked read wakes up with a resize event.
#[cfg(unix)]
fn watch_resume() -> Arc<AtomicBool> {
    use signal_hook::consts::{SIGCONT, SIGWINCH};
    let flag = Arc::new(AtomicBool::new(false));
    if let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGCONT]) {
        let seen = flag.clone();
        std::thread::spawn(move || {
            for _ in signals.forever() {
                seen.store(true, Ordering::SeqCst);
                let _ = signal_hook::low_level::raise(SIGWINCH);
            }
        });
    }
    flag
}

#[cfg(not(unix))]
fn watch_resume() -> Arc<AtomicBool> {
    Arc::new(AtomicBool::new(false))
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    resumed: &AtomicBool,
) -> anyhow::Result<()> {
    let size = terminal.size()?;
    app.resize(size.width, size.height);
    let mut dirty = true;
    let mut next_tick = Instant::now();
    while !app.quit {
        if dirty {
            app.settle();
            terminal.draw(|frame| app.draw(frame))?;
            dirty = false;
            // Lets the end-to-end test prove the terminal is restored after a panic.
            if std::env::var_os("ACTTUTOR_TEST_PANIC").is_some() {
                panic!("ACTTUTOR_TEST_PANIC is set: panicking on purpose");
            }
        }
        // Block while nothing trains: an idle app uses no CPU.
        let first = if app.ticking() {
            let wait = next_tick.saturating_duration_since(Instant::now());
            event::poll(wait)?.then(event::read).transpose()?
        } else {
            next_tick = Instant::now();
            Some(event::read()?)
        };
        // Then everything already waiting, so a burst of keys (key repeat, a
        // paste without bracketing) costs one frame, not one frame per key.
        let mut event = first;
        while let Some(e) = event.take() {
            let resize = matches!(e, event::Event::Resize(..));
            app.handle_event(e);
            dirty = true;
            if resize {
                terminal.autoresize()?;
                if resumed.swap(false, Ordering::SeqCst) {
                    reenter(terminal)?;
                }
                // A resize storm or a return from a stop: draw every cell anew.
                terminal.clear()?;
            }
            if app.suspend || app.quit {
                break;
            }
            if event::poll(Duration::ZERO)? || (wake_unread_input() && event::poll(Duration::ZERO)?)
            {
                event = Some(event::read()?);
            }
        }
        if app.suspend {
            app.suspend = false;
            suspend(terminal)?;
            resumed.store(false, Ordering::SeqCst);
            dirty = true;
        }
        // Train on schedule even while keys keep coming (key repeat).
        if app.ticking() && Instant::now() >= next_tick {
            dirty |= app.tick();
            next_tick = Instant::now() + FRAME;
        }
    }
    Ok(())
}
