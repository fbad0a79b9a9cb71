//! Rendered Markdown lines as ratatui `Line`s, styled by the theme.

use ratatui::text::{Line, Span};

use crate::course::markdown::MdLine;
use crate::tui::theme::Theme;

pub fn to_lines(lines: &[MdLine], theme: Theme) -> Vec<Line<'static>> {
    lines
        .iter()
        .map(|line| {
            Line::from(
                line.pieces
                    .iter()
                    .map(|p| Span::styled(p.text.clone(), theme.markdown(p.look)))
                    .collect::<Vec<_>>(),
            )
        })
        .collect()
}
