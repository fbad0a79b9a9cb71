//! The derivation overlay (`D` in Lesson and Explore): the function on the chart
//! differentiated from its definition, the rules applied one line each, then f′ in
//! reading form and in the expression language (to type into the Playground). It
//! scrolls when long; its lines are wrapped for the terminal's size when it opens
//! and on resize, never while drawing.

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use super::help::hint_line;
use super::quiz::wrap;
use crate::expr::Derivation;
use crate::tui::action::Action;
use crate::tui::keys::{layer_hints, Scope};
use crate::tui::theme::Theme;

/// The overlay is at most this wide, so lines stay easy to read on wide terminals.
const MAX_WIDTH: u16 = 100;

/// How a line of the overlay is styled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Heading,
    Step,
    Result,
    Note,
}

#[derive(Debug, Default)]
pub struct DerivationState {
    pub open: bool,
    /// What was differentiated, e.g. `gelu(x)`.
    subject: String,
    /// The lines before wrapping.
    source: Vec<(Kind, String)>,
    /// The lines wrapped for the last size laid out.
    lines: Vec<(Kind, String)>,
    scroll: usize,
    /// Rows of text the overlay shows at the last size.
    rows: usize,
}

impl DerivationState {
    /// Open on `derivation`, laid out for a terminal of `area`.
    pub fn open(&mut self, derivation: &Derivation, area: Rect) {
        self.subject = derivation.subject.clone();
        self.source = source_lines(derivation);
        self.open = true;
        self.scroll = 0;
        self.relayout(area);
    }

    pub fn close(&mut self) {
        self.open = false;
    }

    /// The lines as shown (wrapped), for tests and the hint of more below.
    pub fn text(&self) -> Vec<&str> {
        self.lines.iter().map(|(_, l)| l.as_str()).collect()
    }

    /// Wrap the lines for `area` and work out how many fit (on open and resize).
    pub fn relayout(&mut self, area: Rect) {
        let room = usize::from(popup_width(area).saturating_sub(4));
        self.lines = self
            .source
            .iter()
            .flat_map(|(kind, line)| {
                wrap_indented(line, room)
                    .into_iter()
                    .map(move |l| (*kind, l))
            })
            .collect();
        self.rows = usize::from(popup(area, self.lines.len() + 1).height.saturating_sub(2));
        self.scroll = self.scroll.min(self.last());
    }

    /// The text rows below the overlay's own key line.
    fn text_rows(&self) -> usize {
        self.rows.saturating_sub(1)
    }

    fn last(&self) -> usize {
        self.lines.len().saturating_sub(self.text_rows())
    }

    /// Scroll with the overlay's keys (and the mouse wheel).
    pub fn scroll_by(&mut self, action: Action) {
        let page = self.text_rows().max(2) - 1;
        self.scroll = super::scrolled(self.scroll, action, page, self.last());
    }

    pub fn draw(&self, theme: Theme, frame: &mut Frame, area: Rect) {
        let rect = popup(area, self.lines.len() + 1);
        let visible = self.text_rows();
        let mut block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.key())
            .title(Line::styled(
                format!(" d/dx {} — derivation ", self.subject),
                theme.title(),
            ));
        if self.scroll + visible < self.lines.len() {
            block = block.title_bottom(Line::styled(" more ↓ ", theme.dim()));
        }
        let style = |kind| match kind {
            Kind::Heading => theme.title(),
            Kind::Step => ratatui::style::Style::default(),
            Kind::Result => theme.good(),
            Kind::Note => theme.dim(),
        };
        let mut shown = vec![hint_line(&layer_hints(Scope::Derivation), theme)];
        shown.extend(
            self.lines
                .iter()
                .skip(self.scroll)
                .take(visible)
                .map(|(kind, text)| Line::styled(format!(" {text}"), style(*kind))),
        );
        frame.render_widget(Clear, rect);
        frame.render_widget(Paragraph::new(shown).block(block), rect);
    }
}

/// The derivation as lines: the steps, then the result two ways.
fn source_lines(d: &Derivation) -> Vec<(Kind, String)> {
    let mut lines = vec![(Kind::Heading, "The rules, outermost first:".to_string())];
    lines.extend(
        d.lines()
            .into_iter()
            .map(|l| (Kind::Step, format!("  {l}"))),
    );
    lines.push((Kind::Note, String::new()));
    lines.push((Kind::Result, format!("f′(x) = {}", d.pretty())));
    lines.push((Kind::Note, format!("as a formula: {}", d.text())));
    lines
}

/// The overlay's width: most of the terminal, at most `MAX_WIDTH`.
fn popup_width(area: Rect) -> u16 {
    area.width.saturating_sub(4).min(MAX_WIDTH)
}

/// The overlay's place: centred, `lines` tall at most (plus its border).
fn popup(area: Rect, lines: usize) -> Rect {
    let height = (lines as u16)
        .saturating_add(2)
        .min(area.height.saturating_sub(2));
    super::today::centered(area, popup_width(area), height)
}

/// `line` wrapped to `width` columns, continuation lines indented two more than
/// the line's own indent; a word longer than the room (a long product) is cut.
pub fn wrap_indented(line: &str, width: usize) -> Vec<String> {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    let room = width.saturating_sub(indent + 2).max(10);
    if trimmed.is_empty() {
        return vec![String::new()];
    }
    let mut out = Vec::new();
    for (i, piece) in wrap(trimmed, room).into_iter().enumerate() {
        let lead = if i == 0 { indent } else { indent + 2 };
        let chars: Vec<char> = piece.chars().collect();
        for chunk in chars.chunks(room) {
            out.push(format!(
                "{}{}",
                " ".repeat(lead),
                chunk.iter().collect::<String>()
            ));
        }
        if chars.is_empty() {
            out.push(String::new());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_wrap_under_their_indent_and_long_words_are_cut() {
        let wrapped = wrap_indented("  product rule on a·b: (a)′·b + a·(b)′", 24);
        assert!(wrapped.len() > 1, "{wrapped:?}");
        assert!(wrapped[0].starts_with("  product"), "{wrapped:?}");
        assert!(wrapped[1].starts_with("    "), "{wrapped:?}");
        assert!(
            wrapped.iter().all(|l| l.chars().count() <= 24),
            "{wrapped:?}"
        );
        let word = "x".repeat(50);
        let cut = wrap_indented(&word, 20);
        assert_eq!(cut.concat().replace(' ', ""), word);
        assert!(cut.iter().all(|l| l.chars().count() <= 20), "{cut:?}");
        assert_eq!(wrap_indented("", 20), vec![String::new()]);
    }
}
