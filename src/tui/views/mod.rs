//! One file per view (each a `Screen`), the overlays (help, tour, Today) and the
//! frame around them: header, tabs, notice and footer. Nothing here knows the app:
//! the frame is drawn from plain values, and where its parts sit is a pure
//! function of the terminal's size (`chrome`), so the mouse can find them.

pub mod compare;
pub mod derivation;
pub mod explore;
pub mod help;
pub mod lab;
pub mod lesson;
pub mod notes;
pub mod playground;
pub mod quiz;
pub mod today;
pub mod tour;

use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::action::{Action, View};
use super::theme::Theme;

/// Below this the layout cannot work; the app says so instead of drawing garbage.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 20;

/// Where the frame's parts sit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chrome {
    pub header: Rect,
    pub tabs: Rect,
    /// The view's own area.
    pub body: Rect,
    pub notice: Rect,
    pub footer: Rect,
}

/// The frame's layout for a terminal `area`, with or without a notice line.
pub fn chrome(area: Rect, notice: bool) -> Chrome {
    let [header, tabs, body, notice, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(5),
        Constraint::Length(u16::from(notice)),
        Constraint::Length(1),
    ])
    .areas(area);
    // A blank row between the tabs and the view.
    let body = Rect {
        y: body.y + 1,
        height: body.height.saturating_sub(1),
        ..body
    };
    Chrome {
        header,
        tabs,
        body,
        notice,
        footer,
    }
}

pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

pub fn draw_header(frame: &mut Frame, area: Rect, theme: Theme, title: &str) {
    const BRAND: &str = " acttutor ";
    let room = usize::from(area.width).saturating_sub(BRAND.chars().count() + 1);
    let line = Line::from(vec![
        Span::styled(BRAND, theme.selected()),
        Span::raw(" "),
        Span::styled(fit_words(title, room), theme.title()),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

/// `text` within `width` characters: whole words only, then `…` when cut (a
/// single word longer than the room is cut with `…`).
pub fn fit_words(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let room = width.saturating_sub(1);
    let mut kept = String::new();
    for word in text.split(' ') {
        let next = if kept.is_empty() {
            word.to_string()
        } else {
            format!("{kept} {word}")
        };
        if next.chars().count() > room {
            break;
        }
        kept = next;
    }
    if kept.is_empty() {
        kept = text.chars().take(room).collect();
    }
    // "a ·" or "x:" before the ellipsis reads as a broken sentence; drop the
    // trailing separator.
    let kept = kept.trim_end_matches([' ', '·', ':', ',', '(']);
    format!("{kept}…")
}

fn tab_label(view: View) -> String {
    format!(" {} {} ", view.index() + 1, view.title())
}

/// Each tab's columns: a space, then the labels one space apart.
fn tab_spans(area: Rect) -> impl Iterator<Item = (View, u16, u16)> {
    let mut x = area.x + 1;
    View::ALL.into_iter().map(move |view| {
        let width = tab_label(view).chars().count() as u16;
        let span = (view, x, x + width);
        x += width + 1;
        span
    })
}

/// The tab under column `x` of the tab row `area`.
pub fn tab_at(area: Rect, x: u16) -> Option<View> {
    tab_spans(area)
        .find(|(_, from, to)| (*from..*to).contains(&x))
        .map(|(view, _, _)| view)
}

pub fn draw_tabs(frame: &mut Frame, area: Rect, theme: Theme, active: View) {
    let mut spans = vec![Span::raw(" ")];
    for view in View::ALL {
        spans.push(Span::styled(tab_label(view), theme.tab(view == active)));
        spans.push(Span::raw(" "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

pub fn draw_notice(frame: &mut Frame, area: Rect, theme: Theme, text: &str) {
    frame.render_widget(
        Paragraph::new(Line::styled(format!(" {text}  (Esc hides)"), theme.warn())),
        area,
    );
}

/// The footer: "key hint" pairs, as many as fit.
pub fn draw_footer(frame: &mut Frame, area: Rect, theme: Theme, hints: &[(String, &str)]) {
    let mut spans = vec![Span::raw(" ")];
    let mut width = 1;
    for (keys, hint) in hints {
        let piece = keys.chars().count() + hint.chars().count() + 3;
        if width + piece > area.width as usize {
            break;
        }
        width += piece;
        spans.push(Span::styled(keys.clone(), theme.key()));
        spans.push(Span::styled(format!(" {hint}  "), theme.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

pub fn draw_too_small(frame: &mut Frame, area: Rect, theme: Theme) {
    let text = vec![
        Line::styled("Terminal too small", theme.warn()),
        Line::raw(format!(
            "acttutor needs {MIN_WIDTH}×{MIN_HEIGHT}; this is {}×{}.",
            area.width, area.height
        )),
        Line::raw("Enlarge the window (q quits)."),
    ];
    let top = area.height.saturating_sub(3) / 2;
    let area = Rect {
        y: area.y + top,
        height: area.height - top,
        ..area
    };
    frame.render_widget(
        Paragraph::new(text)
            .alignment(Alignment::Center)
            .wrap(ratatui::widgets::Wrap { trim: true }),
        area,
    );
}

/// Where a scrolling overlay stands after a scroll key: a line, a page (`page`
/// lines) or an end, never past `last`.
pub fn scrolled(scroll: usize, action: Action, page: usize, last: usize) -> usize {
    let to = match action {
        Action::Up => scroll.saturating_sub(1),
        Action::Down => scroll + 1,
        Action::PageUp => scroll.saturating_sub(page),
        Action::PageDown => scroll + page,
        Action::Top => 0,
        Action::Bottom => usize::MAX,
        _ => scroll,
    };
    to.min(last)
}

#[cfg(test)]
mod tests {
    use super::fit_words;

    #[test]
    fn long_titles_are_cut_between_words() {
        let title = "Day 13 of 22 · GELU: weighting inputs by a probability (exact vs tanh)";
        assert_eq!(fit_words(title, 200), title);
        assert_eq!(
            fit_words(title, 40),
            "Day 13 of 22 · GELU: weighting inputs…"
        );
        assert_eq!(fit_words(title, 20), "Day 13 of 22…");
        assert_eq!(fit_words("Initialisation", 6), "Initi…");
    }
}
