//! The app on ratatui's TestBackend: built from the embedded course, driven by
//! synthetic key events, drawn at a given size (told first, as a terminal would).

use acttutor::course::{Course, Source};
use acttutor::tui::widgets::buffer_to_text;
use acttutor::tui::widgets::chart::ChartLook;
use acttutor::tui::{App, Options};
use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

pub fn app_with(look: ChartLook) -> App {
    let options = Options {
        look,
        ..Options::default()
    };
    App::new(Course::load(&Source::Embedded), options)
}

pub fn app() -> App {
    app_with(ChartLook::default())
}

/// Each character of `keys` as a key press.
pub fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

pub fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

/// The screen at `width`×`height`: the app is told the size first, as the
/// terminal would (layout is worked out then, never while drawing).
pub fn screen(app: &mut App, width: u16, height: u16) -> String {
    app.resize(width, height);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| app.draw(frame)).unwrap();
    buffer_to_text(terminal.backend().buffer(), false)
}

/// A mouse event at a terminal cell, then the frame's settling, as the event loop
/// would.
pub fn mouse(app: &mut App, kind: MouseEventKind, column: u16, row: u16) {
    app.handle_event(Event::Mouse(MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    }));
    app.settle();
}

/// A left click at a terminal cell.
pub fn click(app: &mut App, column: u16, row: u16) {
    mouse(app, MouseEventKind::Down(MouseButton::Left), column, row);
}
