//! Chart state shared by the views that show functions (Lesson, Explore): the
//! visible x-range, the cursor, whether f′ shows, which parameter the slider moves,
//! and the read-out under the chart.

use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::action::Action;
use super::theme::Theme;
use super::views::fit_words;
use crate::axis::snap_to_step as snap;

use super::widgets::chart::{ChartLook, FunctionChart, Plot, SAMPLES_PER_COLUMN};
use crate::activation::{minimum, numeric_peak_slope, Configured};
use crate::format::compact;
pub use crate::func::Evaluate;

const DEFAULT_HALF_WIDTH: f64 = 5.0;
const MIN_HALF_WIDTH: f64 = 0.05;
const MAX_HALF_WIDTH: f64 = 1000.0;
const ZOOM_FACTOR: f64 = 1.5;
/// The cursor moves 1/50 of the visible width per key press.
const CURSOR_STEPS: f64 = 50.0;

#[derive(Debug, Clone, PartialEq)]
pub struct ChartState {
    pub center: f64,
    pub half_width: f64,
    pub cursor: f64,
    pub show_derivative: bool,
    /// Index of the parameter `[` and `]` change.
    pub param: usize,
}

impl Default for ChartState {
    fn default() -> Self {
        ChartState {
            center: 0.0,
            half_width: DEFAULT_HALF_WIDTH,
            cursor: 0.0,
            show_derivative: true,
            param: 0,
        }
    }
}

impl ChartState {
    pub fn x_range(&self) -> (f64, f64) {
        (self.center - self.half_width, self.center + self.half_width)
    }

    /// Apply a chart action (cursor, pan, zoom, reset, f′); others are ignored.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::CursorLeft => self.move_cursor(false),
            Action::CursorRight => self.move_cursor(true),
            Action::PanLeft => self.pan(false),
            Action::PanRight => self.pan(true),
            Action::ZoomIn => self.zoom(true),
            Action::ZoomOut => self.zoom(false),
            Action::ResetView => self.reset(),
            Action::ToggleDerivative => self.show_derivative = !self.show_derivative,
            _ => {}
        }
    }

    /// Put the cursor at `x` (a click in the chart), snapped to the cursor's step.
    pub fn set_cursor(&mut self, x: f64) {
        let step = 2.0 * self.half_width / CURSOR_STEPS;
        let (lo, hi) = self.x_range();
        self.cursor = snap(x.clamp(lo, hi), step);
    }

    pub fn zoom(&mut self, zoom_in: bool) {
        let factor = if zoom_in {
            1.0 / ZOOM_FACTOR
        } else {
            ZOOM_FACTOR
        };
        self.half_width = (self.half_width * factor).clamp(MIN_HALF_WIDTH, MAX_HALF_WIDTH);
        // Zoom about the cursor when it is visible, so the point of interest stays.
        let (lo, hi) = self.x_range();
        if !(lo..=hi).contains(&self.cursor) {
            self.cursor = self.center;
        }
    }

    pub fn reset(&mut self) {
        let show = self.show_derivative;
        *self = ChartState {
            show_derivative: show,
            param: self.param,
            ..ChartState::default()
        };
    }

    /// Move the cursor one step; the view follows when it reaches an edge.
    pub fn move_cursor(&mut self, right: bool) {
        let step = 2.0 * self.half_width / CURSOR_STEPS;
        self.cursor = snap(self.cursor + if right { step } else { -step }, step);
        let (lo, hi) = self.x_range();
        if self.cursor > hi {
            self.center += self.cursor - hi;
        } else if self.cursor < lo {
            self.center -= lo - self.cursor;
        }
    }

    pub fn pan(&mut self, right: bool) {
        let shift = self.half_width / 5.0;
        self.center += if right { shift } else { -shift };
        self.cursor += if right { shift } else { -shift };
    }

    /// Raise or lower the selected parameter of `c` by its step, within range.
    pub fn nudge_param(&self, c: &mut Configured, up: bool) {
        let Some(p) = c.act.params.get(self.param) else {
            return;
        };
        let _ = c.set_param(p.key, p.nudged(c.params[self.param], up));
    }

    pub fn cycle_param(&mut self, c: &Configured, forward: bool) {
        let n = c.act.params.len();
        if n > 0 {
            self.param = (self.param + if forward { 1 } else { n - 1 }) % n;
        }
    }
}

/// Notable points of a function: its minimum (GELU, SiLU, Mish…) and where |f′|
/// peaks (sigmoid's steepest point). Computed once per function and parameters.
pub fn notable_points(c: &impl Evaluate) -> Vec<(String, f64, f64)> {
    // Searches land within ~1e-9 of the true point; show 0 as 0, not -9.9e-9.
    let tidy = |x: f64| (x * 1e6).round() / 1e6 + 0.0;
    let mut points = Vec::new();
    if let Some(mut m) = minimum(|x| c.f(x)) {
        m.at = tidy(m.at);
        points.push((
            format!("min {} at x = {}", compact(m.value, 4), compact(m.at, 4)),
            m.at,
            m.value,
        ));
    }
    let mut peak = numeric_peak_slope(|x| c.df(x));
    peak.at = tidy(peak.at);
    // Functions whose slope is flat at its peak (ReLU: 1 on all x > 0) have no
    // single point worth marking.
    let distinct = c.df(peak.at + 0.5).abs() < peak.value - 1e-3
        && c.df(peak.at - 0.5).abs() < peak.value - 1e-3;
    if peak.value > 0.0 && distinct {
        points.push((
            format!(
                "steepest: f′ = {} at x = {}",
                compact(c.df(peak.at), 4),
                compact(peak.at, 4)
            ),
            peak.at,
            c.f(peak.at),
        ));
    }
    points
}

/// The chart's plot and its read-out below, within `area`.
fn chart_areas(area: Rect) -> [Rect; 2] {
    Layout::vertical([Constraint::Min(3), Constraint::Length(2)]).areas(area)
}

/// The x a click at `at` points to in a chart drawn in `area` (`None` outside the
/// plot). The plot spans the area's width (the y labels take a few columns at the
/// left, so a click there reads as the left end).
pub fn x_at(area: Rect, state: &ChartState, at: Position) -> Option<f64> {
    let [plot, _] = chart_areas(area);
    if !plot.contains(at) || plot.width == 0 {
        return None;
    }
    let (lo, hi) = state.x_range();
    let fraction = (f64::from(at.x - plot.x) + 0.5) / f64::from(plot.width);
    Some(lo + fraction * (hi - lo))
}

/// A chart's samples, kept until the function, its parameters, the overlays, the
/// x-range, f′'s switch or the width change. Filled when the screen lays out
/// (`refresh`), only read while drawing.
#[derive(Debug, Default, Clone)]
pub struct SampleCache {
    key: String,
    plot: Option<Plot>,
}

impl SampleCache {
    /// Sample again if what the chart in `area` shows has changed.
    pub fn refresh<F: Evaluate, G: Evaluate>(
        &mut self,
        area: Rect,
        main: &F,
        overlays: &[G],
        state: &ChartState,
    ) {
        let width = chart_areas(area)[0].width;
        let key = sample_key(width, main, overlays, state);
        if self.plot.is_none() || key != self.key {
            self.plot = Some(sample(width, main, overlays, state));
            self.key = key;
        }
    }

    fn get(&self, key: &str) -> Option<&Plot> {
        self.plot.as_ref().filter(|_| self.key == key)
    }
}

/// What the samples depend on, as text: width, range, f′, each function's label
/// (a formula's source) and parameters.
fn sample_key<F: Evaluate, G: Evaluate>(
    width: u16,
    main: &F,
    overlays: &[G],
    state: &ChartState,
) -> String {
    let mut key = format!("{width} {:?} {} ", state.x_range(), state.show_derivative);
    let functions = std::iter::once((main.label(), main.entry().map(|c| c.params))).chain(
        overlays
            .iter()
            .map(|o| (o.label(), o.entry().map(|c| c.params))),
    );
    for (label, params) in functions {
        key.push_str(&format!("{label}{params:?};"));
    }
    key
}

fn sample<F: Evaluate, G: Evaluate>(
    width: u16,
    main: &F,
    overlays: &[G],
    state: &ChartState,
) -> Plot {
    let samples = usize::from(width) * SAMPLES_PER_COLUMN;
    Plot::sample(
        main,
        overlays,
        state.x_range(),
        samples,
        state.show_derivative,
    )
}

/// Draw the chart of `main` (with overlays) and a read-out line below it, from
/// `cache` when it holds these samples (a size the screen did not lay out for is
/// sampled on the spot).
#[allow(clippy::too_many_arguments)]
pub fn draw<F: Evaluate, G: Evaluate>(
    frame: &mut Frame,
    area: Rect,
    main: &F,
    overlays: &[G],
    markers: &[(String, f64, f64)],
    state: &ChartState,
    look: ChartLook,
    cache: &SampleCache,
) {
    let theme = Theme { color: look.color };
    let [chart_area, readout_area] = chart_areas(area);
    let key = sample_key(chart_area.width, main, overlays, state);
    let mut plot = match cache.get(&key) {
        Some(plot) => plot.clone(),
        None => sample(chart_area.width, main, overlays, state),
    };
    plot.add_cursor(state.cursor);
    plot.add_markers("", markers.iter().map(|(_, x, y)| (*x, *y)).collect());
    frame.render_widget(FunctionChart::new(&plot, look), chart_area);
    frame.render_widget(
        Paragraph::new(readout(main, markers, state, theme, readout_area.width)),
        readout_area,
    );
}

/// "x = 0.5  f(x) = 0.3457  f′(x) = 0.8675   α = 0.01 ([ ] to change)" and the
/// markers' notes, within `width` columns: the key hint only where it fits whole,
/// anything else cut between words with `…`.
fn readout(
    main: &impl Evaluate,
    markers: &[(String, f64, f64)],
    state: &ChartState,
    theme: Theme,
    width: u16,
) -> Vec<Line<'static>> {
    let width = usize::from(width);
    let (f, df) = main.eval(state.cursor);
    let mut spans = vec![
        Span::styled("x = ", theme.dim()),
        Span::raw(compact(state.cursor, 4)),
        Span::styled("   f(x) = ", theme.dim()),
        Span::styled(compact(f, 6), theme.title()),
        Span::styled("   f′(x) = ", theme.dim()),
        Span::styled(compact(df, 6), theme.warn()),
    ];
    let params = main.entry().map(|c| (c.act.params, c.params));
    if let Some((declared, values)) = params.filter(|(declared, _)| !declared.is_empty()) {
        for (i, p) in declared.iter().enumerate() {
            let style = if i == state.param {
                theme.key()
            } else {
                theme.dim()
            };
            spans.push(Span::styled(
                format!("   {} = {}", p.symbol, compact(values[i], 4)),
                style,
            ));
        }
        let hint = "  ([ ] to change)";
        if Line::from(spans.clone()).width() + hint.chars().count() <= width {
            spans.push(Span::styled(hint, theme.dim()));
        }
    }
    let notes: Vec<&str> = markers.iter().map(|(note, _, _)| note.as_str()).collect();
    let formula = main.entry().map_or_else(
        || format!("f(x) = {}", main.label()),
        |c| c.act.formula.to_string(),
    );
    let second = if notes.is_empty() {
        formula
    } else {
        format!("• {}", notes.join("   • "))
    };
    vec![
        fit_spans(spans, width),
        Line::styled(fit_words(&second, width), theme.dim()),
    ]
}

/// The spans within `width` columns: the last ones that do not fit are dropped
/// and an `…` says so.
fn fit_spans(mut spans: Vec<Span<'static>>, width: usize) -> Line<'static> {
    if Line::from(spans.clone()).width() <= width {
        return Line::from(spans);
    }
    while !spans.is_empty() && Line::from(spans.clone()).width() + 1 > width {
        spans.pop();
    }
    spans.push(Span::raw("…"));
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_steps_snap_and_the_view_follows() {
        let mut s = ChartState::default();
        for _ in 0..3 {
            s.move_cursor(true);
        }
        assert_eq!(s.cursor, 0.6);
        for _ in 0..30 {
            s.move_cursor(true);
        }
        assert!(
            s.x_range().1 >= s.cursor - 1e-9,
            "the view follows the cursor"
        );
        s.reset();
        assert_eq!((s.cursor, s.center, s.half_width), (0.0, 0.0, 5.0));
    }

    #[test]
    fn zoom_is_bounded() {
        let mut s = ChartState::default();
        for _ in 0..100 {
            s.zoom(true);
        }
        assert_eq!(s.half_width, MIN_HALF_WIDTH);
        for _ in 0..100 {
            s.zoom(false);
        }
        assert_eq!(s.half_width, MAX_HALF_WIDTH);
    }

    #[test]
    fn parameters_move_by_their_step_within_range() {
        let mut c = crate::activation::find("leaky_relu").unwrap().configured();
        let s = ChartState::default();
        for _ in 0..3 {
            s.nudge_param(&mut c, true);
        }
        assert_eq!(c.params[0], 0.04);
        for _ in 0..10 {
            s.nudge_param(&mut c, false);
        }
        assert_eq!(c.params[0], 0.0, "clamped at the minimum");
    }

    #[test]
    fn notable_points_of_gelu_and_sigmoid() {
        let gelu = notable_points(&crate::activation::find("gelu").unwrap().configured());
        assert!(
            gelu[0].0.starts_with("min -0.17 at x = -0.7518"),
            "{gelu:?}"
        );
        let sigmoid = notable_points(&crate::activation::find("sigmoid").unwrap().configured());
        assert_eq!(sigmoid.len(), 1);
        assert!(sigmoid[0].0.contains("f′ = 0.25 at x = 0"), "{sigmoid:?}");
        assert!(notable_points(&crate::activation::find("relu").unwrap().configured()).is_empty());
    }
}
