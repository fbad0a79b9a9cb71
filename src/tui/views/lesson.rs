//! View 1, Lesson: the lesson's Markdown, scrollable, with a live chart of its
//! functions beside it (wide terminals) or below it (tall ones), and the note pad.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{
    Block, Borders, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState,
};
use ratatui::Frame;

use super::notes::NotesState;
use crate::activation::Configured;
use crate::course::markdown::{self, MdLine};
use crate::course::Lesson;
use crate::learner::reading::end_seen;
use crate::tui::action::Action;
use crate::tui::chart_view::{self, ChartState, SampleCache};
use crate::tui::screen::{Ctx, Effect, Input, Screen, TextBox};
use crate::tui::widgets::markdown::to_lines;

/// Beside the text from this width; below it from this height.
const SIDE_CHART_WIDTH: u16 = 110;
const BELOW_CHART_HEIGHT: u16 = 34;

#[derive(Default)]
pub struct LessonState {
    /// The day loaded (`None` before the first load).
    day: Option<Option<u32>>,
    pub scroll: usize,
    pub chart: ChartState,
    /// The lesson's functions: the first is drawn with f′, the rest as overlays.
    pub funcs: Vec<Configured>,
    pub markers: Vec<(String, f64, f64)>,
    body: String,
    /// The Markdown rendered for `width` (done in `relayout`, never while drawing).
    rendered: Vec<MdLine>,
    width: usize,
    /// Visible text rows.
    page: usize,
    pub notes: NotesState,
    samples: SampleCache,
}

impl LessonState {
    fn load(&mut self, lesson: Option<&Lesson>) {
        self.day = Some(lesson.map(|l| l.day));
        self.scroll = 0;
        self.chart = ChartState::default();
        self.funcs = lesson.map(Lesson::plotted).unwrap_or_default();
        self.body = lesson.map(|l| l.body.clone()).unwrap_or_default();
        self.width = 0;
        self.refresh_markers();
    }

    fn refresh_markers(&mut self) {
        self.markers = self
            .funcs
            .first()
            .map(chart_view::notable_points)
            .unwrap_or_default();
    }

    /// How far the text scrolls: its last line at the bottom.
    pub fn max_scroll(&self) -> usize {
        self.rendered.len().saturating_sub(self.page.max(1))
    }

    /// Lines of the rendered lesson (for tests and the help of wheel scrolling).
    pub fn line_count(&self) -> usize {
        self.rendered.len()
    }

    /// The day shown when its last line is on screen (after `relayout`; the note
    /// pad covers the lower lines): the lesson then counts as read.
    pub fn end_in_view(&self) -> Option<u32> {
        let day = self.day.flatten().filter(|_| !self.notes.is_open())?;
        end_seen(self.scroll, self.page, self.rendered.len()).then_some(day)
    }

    fn apply(&mut self, action: Action) {
        let page = self.page.max(2) - 1;
        match action {
            Action::Down => self.scroll += 1,
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::PageDown => self.scroll += page,
            Action::PageUp => self.scroll = self.scroll.saturating_sub(page),
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

    /// Keys and paste while the note pad is open.
    fn notes_input(&mut self, input: Input) -> Vec<Effect> {
        match input {
            Input::Action(Action::Back) => self.close_notes(),
            Input::Type(key) => {
                self.notes.type_key(key);
                Vec::new()
            }
            Input::Paste(text) => {
                self.notes.paste(&text);
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn close_notes(&mut self) -> Vec<Effect> {
        self.notes
            .close()
            .map(|change| Effect::Record(vec![change]))
            .into_iter()
            .collect()
    }

    /// The chart under a click moves its cursor there.
    fn click(&mut self, at: ratatui::layout::Position, ctx: &Ctx) {
        let (_, Some(chart_area)) = split(ctx.body, !self.funcs.is_empty()) else {
            return;
        };
        let inner = chart_block().inner(chart_area);
        if let Some(x) = chart_view::x_at(inner, &self.chart, at) {
            self.chart.set_cursor(x);
        }
    }
}

impl Screen for LessonState {
    fn on_enter(&mut self, ctx: &Ctx) -> Vec<Effect> {
        if self.day == Some(ctx.day()) {
            return Vec::new();
        }
        // Notes left open on another day are saved before the day changes.
        let effects = self.close_notes();
        self.load(ctx.lesson);
        self.relayout(ctx);
        effects
    }

    fn handle(&mut self, input: Input, ctx: &Ctx) -> Vec<Effect> {
        if self.notes.is_open() {
            return self.notes_input(input);
        }
        match input {
            Input::Action(Action::EditNotes) => {
                if let Some(lesson) = ctx.lesson {
                    self.notes.open(&lesson.slug, ctx.progress);
                }
            }
            Input::Action(action) => self.apply(action),
            Input::Click(at) => self.click(at, ctx),
            Input::Type(_) | Input::Paste(_) => {}
        }
        Vec::new()
    }

    fn relayout(&mut self, ctx: &Ctx) {
        let (text_area, chart_area) = split(ctx.body, !self.funcs.is_empty());
        let width = usize::from(text_area.width.saturating_sub(3));
        if width != self.width {
            self.rendered = markdown::render(&self.body, width);
            self.width = width;
        }
        self.page = usize::from(text_area.height);
        self.scroll = self.scroll.min(self.max_scroll());
        if let (Some(chart), Some(main)) = (chart_area, self.funcs.first()) {
            let inner = chart_block().inner(chart);
            self.samples
                .refresh(inner, main, &self.funcs[1..], &self.chart);
        }
    }

    fn text_box(&self) -> Option<TextBox> {
        self.notes.is_open().then_some(TextBox::Notes)
    }

    fn draw(&self, ctx: &Ctx, frame: &mut Frame, area: Rect) {
        let (text_area, chart_area) = split(area, !self.funcs.is_empty());
        self.draw_text(ctx, frame, text_area);
        self.notes.draw(ctx.theme, frame, text_area);
        if let (Some(chart_area), Some(main)) = (chart_area, self.funcs.first()) {
            let block = chart_block()
                .border_style(ctx.theme.dim())
                .title(Line::styled(" chart ", ctx.theme.dim()));
            let inner = block.inner(chart_area);
            frame.render_widget(block, chart_area);
            chart_view::draw(
                frame,
                inner,
                main,
                &self.funcs[1..],
                &self.markers,
                &self.chart,
                ctx.look,
                &self.samples,
            );
        }
    }
}

impl LessonState {
    fn draw_text(&self, ctx: &Ctx, frame: &mut Frame, area: Rect) {
        let height = usize::from(area.height);
        let scroll = self.scroll.min(self.max_scroll());
        let end = (scroll + height).min(self.rendered.len());
        let visible = to_lines(&self.rendered[scroll.min(end)..end], ctx.theme);
        let text_area = Rect {
            x: area.x + 1,
            width: area.width.saturating_sub(2),
            ..area
        };
        frame.render_widget(Paragraph::new(visible), text_area);
        if self.rendered.len() > height {
            let mut bar = ScrollbarState::new(self.max_scroll()).position(scroll);
            frame.render_stateful_widget(
                Scrollbar::new(ScrollbarOrientation::VerticalRight),
                area,
                &mut bar,
            );
        }
    }
}

fn chart_block() -> Block<'static> {
    Block::default().borders(Borders::ALL)
}

/// The text and (when there is room) the chart.
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

impl LessonState {
    /// The chart's function (the lesson's first), its overlays and range, for the
    /// derivation overlay and the SVG export.
    pub fn chart_shown(&self) -> Option<crate::tui::export::ChartShown> {
        let (main, overlays) = self.funcs.split_first()?;
        Some(crate::tui::export::ChartShown {
            main: crate::func::Func::Catalog(*main),
            overlays: overlays
                .iter()
                .copied()
                .map(crate::func::Func::Catalog)
                .collect(),
            chart: self.chart.clone(),
        })
    }
}
