//! The note pad of the Lesson view: `e` opens the learner's notes for the lesson in
//! a text editor over the lesson; Esc saves them with the progress and closes it.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear};
use ratatui::Frame;
use tui_textarea::TextArea;

use crate::learner::Change;
use crate::tui::app::App;

#[derive(Default)]
pub struct NotesState {
    /// The open editor and the slug of the lesson it belongs to.
    pub editor: Option<(String, TextArea<'static>)>,
}

impl NotesState {
    pub fn is_open(&self) -> bool {
        self.editor.is_some()
    }

    /// The text being edited.
    pub fn text(&self) -> Option<String> {
        self.editor.as_ref().map(|(_, e)| e.lines().join("\n"))
    }
}

impl App {
    pub(crate) fn open_notes(&mut self) {
        let Some(slug) = self.current_lesson().map(|l| l.slug.clone()) else {
            return;
        };
        let text = self
            .learner
            .progress
            .notes
            .get(&slug)
            .cloned()
            .unwrap_or_default();
        let mut editor = TextArea::new(text.lines().map(String::from).collect());
        editor.set_cursor_line_style(Style::default());
        editor.set_placeholder_text("Your notes on this lesson…");
        self.notes.editor = Some((slug, editor));
    }

    /// Keys while the note pad is open: Esc saves and closes, the rest edits.
    pub(crate) fn notes_key(&mut self, key: KeyEvent) -> bool {
        if key.code == KeyCode::Esc {
            let text = self.notes.text().unwrap_or_default();
            if let Some((slug, _)) = self.notes.editor.take() {
                // The note as opened: if another app changed it since, both are kept.
                let before = self.learner.progress.notes.get(&slug).cloned();
                let before = before.unwrap_or_default();
                self.record_or_notice(vec![Change::NoteEdit { slug, before, text }]);
            }
        } else if let Some((_, editor)) = self.notes.editor.as_mut() {
            editor.input(key);
        }
        true
    }
}

/// The editor over the lower part of the lesson.
pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let Some((_, editor)) = &app.notes.editor else {
        return;
    };
    let height = (area.height * 3 / 5).max(5).min(area.height);
    let rect = Rect {
        y: area.y + area.height - height,
        height,
        ..area
    };
    let mut editor = editor.clone();
    let title = Line::styled(" your notes · Esc saves and closes ", app.theme.title());
    editor.set_block(
        Block::default()
            .borders(Borders::ALL)
            .border_style(app.theme.key())
            .title(title),
    );
    frame.render_widget(Clear, rect);
    frame.render_widget(&editor, rect);
}
