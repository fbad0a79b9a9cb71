//! The first-run tour: a few short pages on the six views, how a day is passed
//! and reviewed, and how to quit. Shown once at the first start, and again from the
//! help (`?` then `T`). Its keys come from the key table (scope `Tour`).

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Padding, Paragraph, Wrap};
use ratatui::Frame;

use super::help::hint_line;
use super::today::centered;
use crate::tui::keys::{layer_hints, Scope};
use crate::tui::theme::Theme;

/// Each page: a title and its lines. The first says how to quit: a learner who
/// reads nothing else still knows how to leave.
pub const PAGES: &[(&str, &[&str])] = &[
    (
        "Welcome to acttutor",
        &[
            "A short course on activation functions, one lesson a day, in six views:",
            "  1 Lesson     the day's text, with a live chart of its functions",
            "  2 Explore    any function and its slope f′: cursor, zoom, parameters",
            "  3 Compare    the whole catalog side by side",
            "  4 Quiz       the day's questions, with reviews of earlier misses",
            "  5 Lab        train a small network and watch its neurons",
            "  6 Playground type your own formula in x",
            "",
            "Quit with q (Ctrl-C works everywhere). ? lists the keys of any view.",
        ],
    ),
    (
        "Passing a day",
        &[
            "Read the day's lesson (1), then take its quiz (4).",
            "A day is passed when, in one sitting, your first answers are right for",
            "at least 75% of its questions; then the next day opens.",
            "n and p move between days; reading ahead is always allowed.",
            "",
            "A missed question comes back as a review on later days (after 1, 2, 4,",
            "7 and 14 days as you keep getting it right), mixed into their quizzes.",
            "t shows Today: your day, its lesson, the reviews due and your streak.",
        ],
    ),
    (
        "Getting around",
        &[
            "Tab and Shift-Tab, or F1–F6 (Alt-1…6), switch views, even while you",
            "type in a box; 1–6 switch views elsewhere. Esc leaves a text box.",
            "The footer always shows the keys that work right now.",
            "",
            "The mouse: click a tab, a quiz option, a table row or a chart (to move",
            "its cursor); the wheel scrolls lessons, lists and the help.",
            "",
            "In the Lab, ? also explains every symbol, bar and number on screen.",
            "Ctrl-Z suspends to the shell; fg brings the app back as you left it.",
        ],
    ),
];

const WIDTH: u16 = 78;

#[derive(Debug, Default)]
pub struct TourState {
    /// The page shown, while the tour is open.
    pub page: Option<usize>,
}

impl TourState {
    pub fn is_open(&self) -> bool {
        self.page.is_some()
    }

    pub fn open(&mut self) {
        self.page = Some(0);
    }

    pub fn close(&mut self) {
        self.page = None;
    }

    /// The next page; after the last, the tour closes.
    pub fn next(&mut self) {
        self.page = self.page.map(|p| p + 1).filter(|p| *p < PAGES.len());
    }

    pub fn prev(&mut self) {
        self.page = self.page.map(|p| p.saturating_sub(1));
    }

    pub fn draw(&self, theme: Theme, frame: &mut Frame, area: Rect) {
        let Some(page) = self.page else {
            return;
        };
        let (title, text) = PAGES[page.min(PAGES.len() - 1)];
        let mut lines: Vec<Line> = text.iter().map(|l| Line::raw(*l)).collect();
        lines.push(Line::raw(""));
        lines.push(hint_line(&layer_hints(Scope::Tour), theme));
        let height = lines.len() as u16 + 2;
        let rect = centered(area, WIDTH, height);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.key())
            .padding(Padding::horizontal(1))
            .title(Line::styled(
                format!(" {title} · {} of {} ", page + 1, PAGES.len()),
                theme.title(),
            ));
        frame.render_widget(Clear, rect);
        frame.render_widget(
            Paragraph::new(lines)
                .block(block)
                .wrap(Wrap { trim: false }),
            rect,
        );
    }
}
