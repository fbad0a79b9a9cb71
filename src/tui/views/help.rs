//! The `?` overlay: the keys of the current view, then the keys that work
//! everywhere, straight from the key table. It scrolls when the terminal is short.

use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use crate::tui::app::App;
use crate::tui::keys::help_lines_in;
use crate::tui::theme::Theme;

/// The overlay's lines: a heading for the view's own keys, then one for the rest.
pub fn lines(app: &App) -> Vec<Line<'static>> {
    let theme = app.theme;
    let entries = help_lines_in(app.view);
    let key_width = entries
        .iter()
        .map(|(k, _, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let mut lines = Vec::new();
    let mut section = None;
    for (keys, help, scope) in entries {
        let everywhere = scope.is_empty();
        if section != Some(everywhere) {
            section = Some(everywhere);
            let heading = if everywhere {
                "Everywhere".to_string()
            } else {
                format!("In {}", app.view.title())
            };
            if !lines.is_empty() {
                lines.push(Line::raw(""));
            }
            lines.push(Line::styled(heading, theme.title()));
        }
        lines.push(entry(&keys, help, key_width, theme));
    }
    lines
}

fn entry(keys: &str, help: &'static str, key_width: usize, theme: Theme) -> Line<'static> {
    let pad = " ".repeat(key_width - keys.chars().count());
    Line::from(vec![
        Span::styled(format!(" {keys}{pad}  "), theme.key()),
        Span::raw(help),
    ])
}

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let lines = lines(app);
    let width = (lines.iter().map(Line::width).max().unwrap_or(40) as u16 + 2).min(area.width);
    let height = (lines.len() as u16 + 2).min(area.height);
    let [popup] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(popup);
    let visible = height.saturating_sub(2) as usize;
    app.help_rows.set(visible);
    let scroll = app.help_scroll.min(lines.len().saturating_sub(visible));
    let more = lines.len() > visible;
    let title = if more {
        " keys — ↑↓ scroll · Esc or ? closes "
    } else {
        " keys — Esc or ? closes "
    };
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.key())
        .title(Line::styled(title, theme.title()));
    if scroll + visible < lines.len() {
        block = block.title_bottom(Line::styled(" more ↓ ", theme.dim()));
    }
    frame.render_widget(Clear, popup);
    let shown: Vec<Line> = lines.into_iter().skip(scroll).collect();
    frame.render_widget(Paragraph::new(shown).block(block), popup);
}
