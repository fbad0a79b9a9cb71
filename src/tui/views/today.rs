//! The Today panel, shown over the app at start (and with `t`): the day reached,
//! its lesson, the reviews due and the streak.

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Padding, Paragraph};
use ratatui::Frame;

use super::help::hint_line;
use super::quiz::wrap;
use crate::tui::keys::{layer_hints, Scope};
use crate::tui::screen::Ctx;

const WIDTH: u16 = 56;

pub fn draw(ctx: &Ctx, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let progress = ctx.progress;
    let now = ctx.now;
    let total = ctx.course.lessons.len();
    let day = progress.current_day;
    let inner_width = usize::from(WIDTH - 4);
    let mut lines = vec![Line::styled(format!("Day {day} of {total}"), theme.title())];
    if let Some(lesson) = ctx.course.day(day) {
        let label = if progress.is_passed(day) {
            "Last lesson"
        } else {
            "New lesson"
        };
        let text = format!("{label}: {}", lesson.title);
        lines.extend(wrap(&text, inner_width).into_iter().map(Line::raw));
    }
    let due = progress
        .reviews_due(now.today)
        .into_iter()
        .filter(|id| ctx.course.question(id).is_some())
        .count();
    let streak = progress.streak_on(now.today);
    lines.push(Line::raw(format!("Reviews due: {due}")));
    let days = if streak == 1 { "day" } else { "days" };
    lines.push(Line::raw(format!("Streak: {streak} {days}")));
    lines.push(Line::raw(format!(
        "Days passed: {} of {total}",
        progress.passed.len()
    )));
    lines.push(Line::raw(""));
    lines.push(hint_line(&layer_hints(Scope::Today), theme));
    lines.push(Line::styled("t shows this panel again", theme.dim()));
    let height = lines.len() as u16 + 2;
    let rect = centered(area, WIDTH, height);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.key())
        .padding(Padding::horizontal(1))
        .title(Line::styled(" Today ", theme.title()));
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

/// A `width`×`height` rectangle in the middle of `area`, clipped to it.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}
