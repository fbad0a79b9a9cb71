//! The full-screen app. Only this module and `cli` know about terminals.
//!
//! One synchronous loop: block on input (no CPU while idle), apply the key's
//! action, redraw only when something changed.

pub mod action;
pub mod app;
pub mod chart_view;
pub mod keys;
pub mod learning;
pub mod theme;
pub mod views;
pub mod widgets;

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

fn event_loop(terminal: &mut DefaultTerminal, app: &mut App) -> anyhow::Result<()> {
    let mut dirty = true;
    while !app.quit {
        if dirty {
            terminal.draw(|frame| views::draw(app, frame))?;
            dirty = false;
            // Lets the end-to-end test prove the terminal is restored after a panic.
            if std::env::var_os("ACTTUTOR_TEST_PANIC").is_some() {
                panic!("ACTTUTOR_TEST_PANIC is set: panicking on purpose");
            }
        }
        match event::read()? {
            Event::Key(key) if key.kind == KeyEventKind::Press => dirty = app.handle_key(key),
            Event::Resize(..) => dirty = true,
            _ => {}
        }
    }
    Ok(())
}
