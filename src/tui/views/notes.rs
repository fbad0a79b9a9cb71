//! The note pad of the Lesson view: `e` opens the learner's notes for the lesson in
//! a text editor over the lesson; Esc closes it and hands the text back to be saved
//! with the progress.

use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear};
use ratatui::Frame;
use tui_textarea::{CursorMove, TextArea};

use crate::learner::{Change, Progress};
use crate::tui::theme::Theme;

#[derive(Default)]
pub struct NotesState {
    /// The open editor and the slug of the lesson it belongs to.
    editor: Option<(String, TextArea<'static>)>,
    /// The notes as they were when the pad opened: if another app changed them
    /// meanwhile, the store keeps both texts instead of this app's alone.
    before: String,
}

impl NotesState {
    pub fn is_open(&self) -> bool {
        self.editor.is_some()
    }

    /// The text being edited.
    pub fn text(&self) -> Option<String> {
        self.editor.as_ref().map(|(_, e)| e.lines().join("\n"))
    }

    /// Open the pad on the notes kept for `slug`.
    pub fn open(&mut self, slug: &str, progress: &Progress) {
        let text = progress.notes.get(slug).cloned().unwrap_or_default();
        self.before = text.clone();
        let mut editor = TextArea::new(text.lines().map(String::from).collect());
        editor.set_cursor_line_style(Style::default());
        editor.set_placeholder_text("Your notes on this lesson…");
        // Carry on writing where the notes end.
        editor.move_cursor(CursorMove::Bottom);
        editor.move_cursor(CursorMove::End);
        self.editor = Some((slug.to_string(), editor));
    }

    /// Close the pad; the change that saves its text.
    pub fn close(&mut self) -> Option<Change> {
        let text = self.text()?;
        let (slug, _) = self.editor.take()?;
        let before = std::mem::take(&mut self.before);
        Some(Change::NoteEdit { slug, before, text })
    }

    pub fn type_key(&mut self, key: KeyEvent) {
        if let Some((_, editor)) = self.editor.as_mut() {
            editor.input(key);
        }
    }

    /// A paste goes in as one insertion, line breaks included.
    pub fn paste(&mut self, text: &str) {
        if let Some((_, editor)) = self.editor.as_mut() {
            editor.insert_str(text.replace("\r\n", "\n").replace('\r', "\n"));
        }
    }

    /// The editor over the lower part of `area`.
    pub fn draw(&self, theme: Theme, frame: &mut Frame, area: Rect) {
        let Some((_, editor)) = &self.editor else {
            return;
        };
        let height = (area.height * 3 / 5).max(5).min(area.height);
        let rect = Rect {
            y: area.y + area.height - height,
            height,
            ..area
        };
        let mut editor = editor.clone();
        let title = Line::styled(" your notes · Esc saves and closes ", theme.title());
        editor.set_block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.key())
                .title(title),
        );
        frame.render_widget(Clear, rect);
        frame.render_widget(&editor, rect);
    }
}
