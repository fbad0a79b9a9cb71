//! The `?` overlay: the keys of the current view, straight from the key table.

use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use crate::tui::app::App;
use crate::tui::keys::help_lines_in;

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let entries = help_lines_in(app.view);
    let key_width = entries
        .iter()
        .map(|(k, _, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let lines: Vec<Line> = entries
        .into_iter()
        .map(|(keys, help, scope)| {
            let pad = " ".repeat(key_width - keys.chars().count());
            let mut spans = vec![
                Span::styled(format!(" {keys}{pad}  "), theme.key()),
                Span::raw(help),
            ];
            if !scope.is_empty() {
                spans.push(Span::styled(format!("  ({scope})"), theme.dim()));
            }
            Line::from(spans)
        })
        .collect();
    let width = (lines.iter().map(Line::width).max().unwrap_or(40) as u16 + 2).min(area.width);
    let height = (lines.len() as u16 + 2).min(area.height);
    let [popup] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.key())
        .title(Line::styled(
            format!(" keys in {} — Esc or ? closes ", app.view.title()),
            theme.title(),
        ));
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
