//! View 1, Lesson: the lesson's Markdown, scrollable, with a live chart of its
//! functions beside it (wide terminals) or below it (tall ones).

use std::cell::{Cell, RefCell};

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{
    Block, Borders, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState,
};
use ratatui::Frame;

use crate::activation::Configured;
use crate::course::markdown::{self, MdLine};
use crate::course::Lesson;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::chart_view::{self, ChartState};
use crate::tui::widgets::markdown::to_lines;

/// Beside the text from this width; below it from this height.
const SIDE_CHART_WIDTH: u16 = 110;
const BELOW_CHART_HEIGHT: u16 = 34;

#[derive(Default)]
pub struct LessonState {
    pub scroll: usize,
    pub chart: ChartState,
    /// The lesson's functions: the first is drawn with f′, the rest as overlays.
    pub funcs: Vec<Configured>,
    pub markers: Vec<(String, f64, f64)>,
    body: String,
    /// Rendered Markdown for the last width drawn (a cache: rendering is pure).
    rendered: RefCell<Option<(usize, Vec<MdLine>)>>,
    /// Lines and visible height at the last draw, to clamp scrolling.
    total_lines: Cell<usize>,
    page: Cell<usize>,
}

impl LessonState {
    pub fn load(&mut self, lesson: Option<&Lesson>) {
        self.scroll = 0;
        self.chart = ChartState::default();
        self.funcs = lesson.map(Lesson::plotted).unwrap_or_default();
        self.body = lesson.map(|l| l.body.clone()).unwrap_or_default();
        self.rendered.replace(None);
        self.refresh_markers();
    }

    fn refresh_markers(&mut self) {
        self.markers = self
            .funcs
            .first()
            .map(chart_view::notable_points)
            .unwrap_or_default();
    }

    fn max_scroll(&self) -> usize {
        self.total_lines
            .get()
            .saturating_sub(self.page.get().max(1))
    }

    pub fn update(&mut self, action: Action) {
        let page = self.page.get().max(1);
        match action {
            Action::Down => self.scroll += 1,
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::PageDown => self.scroll += page.saturating_sub(1).max(1),
            Action::PageUp => {
                self.scroll = self.scroll.saturating_sub(page.saturating_sub(1).max(1))
            }
            Action::Top => self.scroll = 0,
            Action::Bottom => self.scroll = usize::MAX,
            Action::ParamUp | Action::ParamDown => {
                if let Some(main) = self.funcs.first_mut() {
                    self.chart.nudge_param(main, action == Action::ParamUp);
                    self.refresh_markers();
                }
            }
            Action::NextParam | Action::PrevParam => {
                if let Some(main) = self.funcs.first() {
                    self.chart.cycle_param(main, action == Action::NextParam);
                }
            }
            // Cursor, pan, zoom, reset and f′: the same in every chart view.
            other => self.chart.apply(other),
        }
        self.scroll = self.scroll.min(self.max_scroll());
    }

    fn lines(&self, width: usize) -> Vec<MdLine> {
        let mut cache = self.rendered.borrow_mut();
        match cache.as_ref() {
            Some((w, lines)) if *w == width => lines.clone(),
            _ => {
                let lines = markdown::render(&self.body, width);
                *cache = Some((width, lines.clone()));
                lines
            }
        }
    }
}

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let state = &app.lesson;
    let (text_area, chart_area) = split(area, !state.funcs.is_empty());
    draw_text(app, frame, text_area);
    super::notes::draw(app, frame, text_area);
    if let (Some(chart_area), Some(main)) = (chart_area, state.funcs.first()) {
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(app.theme.dim())
            .title(Line::styled(" chart ", app.theme.dim()));
        let inner = block.inner(chart_area);
        frame.render_widget(block, chart_area);
        chart_view::draw(
            frame,
            inner,
            main,
            &state.funcs[1..],
            &state.markers,
            &state.chart,
            app.look,
        );
    }
}

fn split(area: Rect, has_chart: bool) -> (Rect, Option<Rect>) {
    if !has_chart {
        return (area, None);
    }
    if area.width >= SIDE_CHART_WIDTH {
        let [text, chart] =
            Layout::horizontal([Constraint::Min(60), Constraint::Percentage(42)]).areas(area);
        (text, Some(chart))
    } else if area.height >= BELOW_CHART_HEIGHT {
        let [text, chart] =
            Layout::vertical([Constraint::Min(10), Constraint::Length(16)]).areas(area);
        (text, Some(chart))
    } else {
        (area, None)
    }
}

fn draw_text(app: &App, frame: &mut Frame, area: Rect) {
    let state = &app.lesson;
    let width = area.width.saturating_sub(3) as usize;
    let lines = to_lines(&state.lines(width), app.theme);
    let height = area.height as usize;
    state.total_lines.set(lines.len());
    state.page.set(height);
    let scroll = state.scroll.min(state.max_scroll());
    let visible: Vec<Line> = lines.into_iter().skip(scroll).take(height).collect();
    let text_area = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(2),
        ..area
    };
    frame.render_widget(Paragraph::new(visible), text_area);
    if state.total_lines.get() > height {
        let mut bar = ScrollbarState::new(state.max_scroll()).position(scroll);
        frame.render_stateful_widget(
            Scrollbar::new(ScrollbarOrientation::VerticalRight),
            area,
            &mut bar,
        );
    }
}
