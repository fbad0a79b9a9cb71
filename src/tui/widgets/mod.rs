//! Widgets shared by the views and by the command line's printed charts.

pub mod chart;
pub mod lab_digits;
pub mod lab_inspect;
pub mod lab_net;
pub mod lab_plots;
pub mod markdown;

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use ratatui::text::{Line, Span};

/// A rendered buffer as plain lines (trailing spaces trimmed), with ANSI colours
/// when `colored`. Used to print charts without the full-screen app.
pub fn buffer_to_text(buf: &Buffer, colored: bool) -> String {
    let area = buf.area;
    let mut text = String::new();
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let mut plain_len = 0;
        let mut current: Option<(Color, bool)> = None;
        for x in area.left()..area.right() {
            let cell = &buf[(x, y)];
            if colored {
                let look = (cell.fg, cell.modifier.contains(Modifier::BOLD));
                if current != Some(look) {
                    line.push_str(&sgr(look.0, look.1));
                    current = Some(look);
                }
            }
            line.push_str(cell.symbol());
            if cell.symbol() != " " {
                plain_len = line.len();
            }
        }
        line.truncate(plain_len);
        if colored && current.is_some() {
            line.push_str("\x1b[0m");
        }
        text.push_str(&line);
        text.push('\n');
    }
    text
}

/// The SGR escape for a foreground colour (and bold).
fn sgr(color: Color, bold: bool) -> String {
    let code = match color {
        Color::Black => "30",
        Color::Red => "31",
        Color::Green => "32",
        Color::Yellow => "33",
        Color::Blue => "34",
        Color::Magenta => "35",
        Color::Cyan => "36",
        Color::Gray => "37",
        Color::DarkGray => "90",
        Color::LightRed => "91",
        Color::LightGreen => "92",
        Color::LightYellow => "93",
        Color::LightBlue => "94",
        Color::LightMagenta => "95",
        Color::LightCyan => "96",
        Color::White => "97",
        _ => "39",
    };
    if bold {
        format!("\x1b[0;1;{code}m")
    } else {
        format!("\x1b[0;{code}m")
    }
}

/// `line` cut to `width` columns at a word's end, with "…" where it was cut.
pub fn fit_line(line: Line<'static>, width: usize) -> Line<'static> {
    if line.width() <= width {
        return line;
    }
    let room = width.saturating_sub(1);
    let mut spans = Vec::new();
    let mut used = 0;
    for span in line.spans {
        let text = span.content.to_string();
        let len = text.chars().count();
        if used + len <= room {
            used += len;
            spans.push(span);
            continue;
        }
        let head: String = text.chars().take(room - used).collect();
        // Back to the last space, unless the next character starts a word anyway.
        let next = text.chars().nth(room - used);
        let cut = match next {
            Some(' ') => head.trim_end().to_string(),
            _ => match head.rfind(' ') {
                Some(at) => head[..at].trim_end().to_string(),
                None => String::new(),
            },
        };
        spans.push(Span::styled(cut, span.style));
        break;
    }
    // A separator left dangling at the end says nothing.
    if let Some(last) = spans.last_mut() {
        let trimmed = last
            .content
            .trim_end_matches([' ', '·', ':', ',', '+', '-', '('])
            .to_string();
        last.content = trimmed.into();
    }
    spans.push(Span::raw("…"));
    Line::from(spans)
}
