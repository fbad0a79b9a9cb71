//! View 1, Lesson: the lesson's Markdown, scrollable, with a live chart of its
//! functions beside it (wide terminals) or below it (any other size, 80x24
//! included), `c` showing it full-height; and the note pad.

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

/// Beside the text from this width; below it otherwise.
const SIDE_CHART_WIDTH: u16 = 110;
/// The chart below the text: a little over half the body (at 80x24, 12 rows:
/// five of plot), at least `BELOW_CHART_MIN` and at most `BELOW_CHART_MAX`
/// rows, so the text keeps the rest.
const BELOW_CHART_MIN: u16 = 8;
const BELOW_CHART_MAX: u16 = 16;

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
    /// `c`: the chart takes the whole view (the text comes back with `c`).
    pub full_chart: bool,
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
            Action::ToggleChart => self.full_chart = !self.full_chart,
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
        let (_, Some(chart_area)) = self.split(ctx.body) else {
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
                    // The note pad sits over the text: bring the text back.
                    self.full_chart = false;
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
        let (text_area, chart_area) = self.split(ctx.body);
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

    /// Chart keys only when the lesson has a chart; `{`/`}` only when its
    /// function has a second parameter.
    fn offers(&self, action: Action) -> bool {
        let Some(main) = self.funcs.first() else {
            return !is_chart_action(action);
        };
        match action {
            Action::NextParam | Action::PrevParam => main.act.params.len() > 1,
            Action::ParamUp | Action::ParamDown => !main.act.params.is_empty(),
            _ => true,
        }
    }

    fn draw(&self, ctx: &Ctx, frame: &mut Frame, area: Rect) {
        let (text_area, chart_area) = self.split(area);
        self.draw_text(ctx, frame, text_area);
        self.notes.draw(ctx.theme, frame, text_area);
        if let (Some(chart_area), Some(main)) = (chart_area, self.funcs.first()) {
            let title = if self.full_chart {
                " chart (c: back to the text) "
            } else {
                " chart (c: full height) "
            };
            let block = chart_block()
                .border_style(ctx.theme.dim())
                .title(Line::styled(title, ctx.theme.dim()));
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

/// The keys that act on the lesson's chart.
fn is_chart_action(action: Action) -> bool {
    matches!(
        action,
        Action::CursorLeft
            | Action::CursorRight
            | Action::PanLeft
            | Action::PanRight
            | Action::ZoomIn
            | Action::ZoomOut
            | Action::ResetView
            | Action::ParamUp
            | Action::ParamDown
            | Action::PrevParam
            | Action::NextParam
            | Action::ToggleDerivative
            | Action::ToggleChart
    )
}

impl LessonState {
    /// The text and the chart (none when the lesson plots no function).
    fn split(&self, area: Rect) -> (Rect, Option<Rect>) {
        if self.funcs.is_empty() {
            return (area, None);
        }
        if self.full_chart {
            return (Rect { height: 0, ..area }, Some(area));
        }
        split(area)
    }
}

/// The text and the chart: beside it on wide terminals, else below it.
fn split(area: Rect) -> (Rect, Option<Rect>) {
    if area.width >= SIDE_CHART_WIDTH {
        let [text, chart] =
            Layout::horizontal([Constraint::Min(60), Constraint::Percentage(42)]).areas(area);
        return (text, Some(chart));
    }
    let below = (area.height / 2 + 2).clamp(BELOW_CHART_MIN, BELOW_CHART_MAX);
    let [text, chart] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(below)]).areas(area);
    (text, Some(chart))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_keys_are_offered_only_with_a_chart() {
        let mut lesson = LessonState::default();
        for action in [Action::CursorLeft, Action::ZoomIn, Action::ToggleChart] {
            assert!(!lesson.offers(action), "{action:?} without a chart");
        }
        assert!(lesson.offers(Action::Down), "the text still scrolls");
        assert!(lesson.offers(Action::EditNotes));
        let softplus = crate::activation::find("softplus").map(|a| a.configured());
        lesson.funcs = softplus.into_iter().collect();
        assert!(lesson.offers(Action::CursorLeft) && lesson.offers(Action::ToggleChart));
        assert!(
            lesson.offers(Action::NextParam),
            "softplus has β and a threshold"
        );
        let sigmoid = crate::activation::find("sigmoid").map(|a| a.configured());
        lesson.funcs = sigmoid.into_iter().collect();
        assert!(!lesson.offers(Action::NextParam) && !lesson.offers(Action::ParamUp));
    }
}
