//! The full-screen app. Only this module and `cli` know about terminals.
//!
//! One synchronous loop: block on input (no CPU while idle), apply the key's
//! action, redraw only when something changed. Only while the lab trains does
//! the loop wake up on its own, once a frame, for a time-boxed slice of steps.

pub mod action;
pub mod app;
pub mod chart_view;
pub mod keys;
pub mod lab_settings;
pub mod learning;
pub mod theme;
pub mod views;
pub mod widgets;

use std::time::{Duration, Instant};

use crossterm::event::{self, Event, KeyEventKind};
use ratatui::DefaultTerminal;

pub use app::{App, Options};

/// Run the app until the learner quits. The terminal is restored on every exit
/// path: normal return, error (here) and panic (ratatui's hook).
pub fn run(app: &mut App) -> anyhow::Result<()> {
    let mut terminal = ratatui::try_init()?;
    let result = event_loop(&mut terminal, app);
    ratatui::restore();
    result
}

/// How often a running lab trains and redraws (about 30 frames a second).
const FRAME: Duration = Duration::from_millis(30);

fn event_loop(terminal: &mut DefaultTerminal, app: &mut App) -> anyhow::Result<()> {
    // The view may have been set after `App::new` (resuming in the lab).
    app.sync_lab();
    let mut dirty = true;
    let mut next_tick = Instant::now();
    while !app.quit {
        if dirty {
            terminal.draw(|frame| views::draw(app, frame))?;
            dirty = false;
            // Lets the end-to-end test prove the terminal is restored after a panic.
            if std::env::var_os("ACTTUTOR_TEST_PANIC").is_some() {
                panic!("ACTTUTOR_TEST_PANIC is set: panicking on purpose");
            }
        }
        // Block while nothing trains: an idle app uses no CPU.
        let input = if app.ticking() {
            let wait = next_tick.saturating_duration_since(Instant::now());
            event::poll(wait)?.then(event::read).transpose()?
        } else {
            next_tick = Instant::now();
            Some(event::read()?)
        };
        match input {
            Some(Event::Key(key)) if key.kind == KeyEventKind::Press => {
                dirty |= app.handle_key(key)
            }
            Some(Event::Resize(..)) => dirty = true,
            _ => {}
        }
        // Train on schedule even while keys keep coming (key repeat).
        if app.ticking() && Instant::now() >= next_tick {
            dirty |= app.tick();
            next_tick = Instant::now() + FRAME;
        }
    }
    Ok(())
}
