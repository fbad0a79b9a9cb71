//! One file per view, plus the frame around them (header, tabs, footer).

pub mod compare;
pub mod explore;
pub mod help;
pub mod lab;
pub mod lesson;
pub mod notes;
pub mod playground;
pub mod quiz;
pub mod today;

use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::action::View;
use super::app::App;
use super::keys::footer;

/// Below this the layout cannot work; the app says so instead of drawing garbage.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 20;

/// Draw the whole app.
pub fn draw(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        draw_too_small(app, frame, area);
        return;
    }
    let [header, tabs, body, notice, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(5),
        Constraint::Length(u16::from(app.notice.is_some())),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_header(app, frame, header);
    draw_tabs(app, frame, tabs);
    let body = Rect {
        y: body.y + 1,
        height: body.height.saturating_sub(1),
        ..body
    };
    match app.view {
        View::Lesson => lesson::draw(app, frame, body),
        View::Explore => explore::draw(app, frame, body),
        View::Compare => compare::draw(app, frame, body),
        View::Playground => playground::draw(app, frame, body),
        View::Quiz => quiz::draw(app, frame, body),
        View::Lab => lab::draw(app, frame, body),
    }
    if let Some(text) = &app.notice {
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!(" {text}  (Esc hides)"),
                app.theme.warn(),
            )),
            notice,
        );
    }
    draw_footer(app, frame, foot);
    if app.learner.today_open {
        today::draw(app, frame, body);
    }
    if app.help {
        help::draw(app, frame, area);
    }
}

fn draw_header(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let total = app.course.lessons.len();
    let title = match app.current_lesson() {
        Some(lesson) => format!("Day {} of {total} · {}", lesson.day, lesson.title),
        None => "No lessons loaded (see `acttutor check`)".to_string(),
    };
    let line = Line::from(vec![
        Span::styled(" acttutor ", theme.selected()),
        Span::raw(" "),
        Span::styled(title, theme.title()),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

fn draw_tabs(app: &App, frame: &mut Frame, area: Rect) {
    let mut spans = vec![Span::raw(" ")];
    for view in View::ALL {
        let active = view == app.view;
        let label = format!(" {} {} ", view.index() + 1, view.title());
        spans.push(Span::styled(label, app.theme.tab(active)));
        spans.push(Span::raw(" "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_footer(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme;
    let mut spans = vec![Span::raw(" ")];
    let mut width = 1;
    for (keys, hint) in footer(app.view) {
        let piece = keys.chars().count() + hint.chars().count() + 3;
        if width + piece > area.width as usize {
            break;
        }
        width += piece;
        spans.push(Span::styled(keys, theme.key()));
        spans.push(Span::styled(format!(" {hint}  "), theme.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_too_small(app: &App, frame: &mut Frame, area: Rect) {
    let text = vec![
        Line::styled("Terminal too small", app.theme.warn()),
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
