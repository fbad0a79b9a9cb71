//! The function chart: f and f′ of one or more curves as braille lines, with axes,
//! labels, a legend, an optional cursor and markers for notable points.
//!
//! Sampling (`Plot::sample`) is separate from drawing (`FunctionChart`), so views can
//! cache samples until the function, its parameters or the width change.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Chart, Dataset, GraphType, LegendPosition, Widget};

use crate::format::compact;
use crate::func::Evaluate;

/// How a series is drawn; the roles set colour, marker and drawing order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// f of the main curve (drawn last, on top).
    Value,
    /// f′ of the main curve.
    Slope,
    /// f of an overlaid curve; the index picks its colour.
    Overlay(usize),
    /// The vertical cursor line.
    Cursor,
    /// Notable points (minima, peaks of f′).
    Marker,
}

/// One sampled series.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub label: String,
    pub role: Role,
    pub points: Vec<(f64, f64)>,
}

/// Sampled series plus the bounds to draw them in.
#[derive(Debug, Clone, PartialEq)]
pub struct Plot {
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    pub series: Vec<Series>,
}

/// Rendering options: colour (off for NO_COLOR / pipes) and braille (off for fonts
/// without braille glyphs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChartLook {
    pub color: bool,
    pub braille: bool,
}

impl Default for ChartLook {
    fn default() -> Self {
        ChartLook {
            color: true,
            braille: true,
        }
    }
}

/// Samples per terminal column: braille has two dot columns per cell.
pub const SAMPLES_PER_COLUMN: usize = 2;

/// Values beyond this are clipped from the y-bounds (a formula like 1/x must not
/// squash every other curve into a flat line).
const Y_LIMIT: f64 = 1e6;

impl Plot {
    /// Sample `main` (f and, if asked, f′) and `overlays` (f only) at `samples`
    /// evenly spaced points over `x_range`, and fit the y-bounds to what is visible.
    pub fn sample<F: Evaluate + ?Sized, G: Evaluate>(
        main: &F,
        overlays: &[G],
        x_range: (f64, f64),
        samples: usize,
        show_derivative: bool,
    ) -> Plot {
        let xs = grid(x_range, samples.max(2));
        let main_points: Vec<(f64, f64, f64)> = xs
            .iter()
            .map(|&x| {
                let (f, df) = main.eval(x);
                (x, f, df)
            })
            .collect();
        let mut series = Vec::new();
        if show_derivative {
            series.push(Series {
                label: format!("{}′", main.label()),
                role: Role::Slope,
                points: finite(main_points.iter().map(|&(x, _, df)| (x, df))),
            });
        }
        for (i, overlay) in overlays.iter().enumerate() {
            series.push(Series {
                label: overlay.label(),
                role: Role::Overlay(i),
                points: finite(xs.iter().map(|&x| (x, overlay.f(x)))),
            });
        }
        series.push(Series {
            label: main.label(),
            role: Role::Value,
            points: finite(main_points.iter().map(|&(x, f, _)| (x, f))),
        });
        let y_range = fit_y(&series);
        Plot {
            x_range,
            y_range,
            series,
        }
    }

    /// Add a vertical cursor line at `x`.
    pub fn add_cursor(&mut self, x: f64) {
        let (lo, hi) = self.y_range;
        let steps = 64;
        let points = (0..=steps)
            .map(|i| (x, lo + (hi - lo) * i as f64 / steps as f64))
            .collect();
        self.series.insert(
            0,
            Series {
                label: String::new(),
                role: Role::Cursor,
                points,
            },
        );
    }

    /// Add notable points, drawn on top of everything.
    pub fn add_markers(&mut self, label: &str, points: Vec<(f64, f64)>) {
        let visible: Vec<(f64, f64)> = points
            .into_iter()
            .filter(|&(x, y)| in_range(x, self.x_range) && in_range(y, self.y_range))
            .collect();
        if !visible.is_empty() {
            self.series.push(Series {
                label: label.to_string(),
                role: Role::Marker,
                points: visible,
            });
        }
    }
}

fn in_range(v: f64, (lo, hi): (f64, f64)) -> bool {
    v >= lo && v <= hi
}

/// `n` evenly spaced points from `from` to `to` inclusive.
pub fn grid((from, to): (f64, f64), n: usize) -> Vec<f64> {
    let n = n.max(2);
    (0..n)
        .map(|i| from + (to - from) * i as f64 / (n - 1) as f64)
        .collect()
}

fn finite(points: impl Iterator<Item = (f64, f64)>) -> Vec<(f64, f64)> {
    points
        .filter(|(x, y)| x.is_finite() && y.is_finite() && y.abs() <= Y_LIMIT)
        .collect()
}

/// Bounds that contain every visible point, padded by 8% and never degenerate.
pub fn fit_y(series: &[Series]) -> (f64, f64) {
    let ys = series.iter().flat_map(|s| s.points.iter().map(|p| p.1));
    let (lo, hi) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), y| {
        (lo.min(y), hi.max(y))
    });
    if !lo.is_finite() || !hi.is_finite() {
        return (-1.0, 1.0);
    }
    let span = (hi - lo).max(1e-9).max(0.1 * hi.abs().max(lo.abs()));
    let pad = 0.08 * span;
    let (lo, hi) = if hi - lo < 1e-9 {
        (lo - span / 2.0, hi + span / 2.0)
    } else {
        (lo, hi)
    };
    (lo - pad, hi + pad)
}

/// The colour of each role (one palette so legend and curve always agree).
pub fn role_color(role: Role) -> Color {
    const OVERLAYS: [Color; 5] = [
        Color::Green,
        Color::Magenta,
        Color::Blue,
        Color::LightRed,
        Color::White,
    ];
    match role {
        Role::Value => Color::Cyan,
        Role::Slope => Color::Yellow,
        Role::Overlay(i) => OVERLAYS[i % OVERLAYS.len()],
        Role::Cursor => Color::DarkGray,
        Role::Marker => Color::Red,
    }
}

/// The chart widget over a sampled `Plot`.
pub struct FunctionChart<'a> {
    plot: &'a Plot,
    look: ChartLook,
    /// Thinned copies for the no-colour dotted styles (kept here so datasets can
    /// borrow them).
    thinned: Vec<Vec<(f64, f64)>>,
}

impl<'a> FunctionChart<'a> {
    pub fn new(plot: &'a Plot, look: ChartLook) -> Self {
        // Without colour, f′ and overlays are told apart from f by being dotted.
        let thinned = plot
            .series
            .iter()
            .map(|s| match (look.color, s.role) {
                (false, Role::Slope) => thin(&s.points, 3),
                (false, Role::Overlay(i)) => thin(&s.points, 4 + i),
                (false, Role::Cursor) => thin(&s.points, 4),
                _ => Vec::new(),
            })
            .collect();
        FunctionChart {
            plot,
            look,
            thinned,
        }
    }

    fn dataset(&self, index: usize) -> Dataset<'_> {
        let series = &self.plot.series[index];
        let thinned = &self.thinned[index];
        let (data, graph) = if thinned.is_empty() {
            let graph = match series.role {
                Role::Marker => GraphType::Scatter,
                _ => GraphType::Line,
            };
            (series.points.as_slice(), graph)
        } else {
            (thinned.as_slice(), GraphType::Scatter)
        };
        let marker = match (self.look.braille, series.role) {
            (_, Role::Marker) => Marker::Dot,
            (false, _) => Marker::Dot,
            (true, Role::Overlay(_)) if !self.look.color => Marker::Dot,
            (true, _) => Marker::Braille,
        };
        let style = if self.look.color {
            Style::default().fg(role_color(series.role))
        } else if series.role == Role::Value {
            Style::default().add_modifier(Modifier::BOLD)
        } else {
            Style::default()
        };
        let mut dataset = Dataset::default()
            .data(data)
            .graph_type(graph)
            .marker(marker)
            .style(style);
        if !series.label.is_empty() {
            dataset = dataset.name(self.legend_label(series));
        }
        dataset
    }

    fn legend_label(&self, series: &Series) -> Line<'static> {
        let hint = match (self.look.color, series.role) {
            (true, _) => "",
            (false, Role::Value) => " (solid)",
            (false, Role::Slope) => " (dotted)",
            (false, Role::Overlay(_)) => " (•)",
            (false, _) => "",
        };
        Line::from(format!("{}{}", series.label, hint))
    }
}

/// Every `every`-th point: a dotted line.
fn thin(points: &[(f64, f64)], every: usize) -> Vec<(f64, f64)> {
    points.iter().step_by(every.max(1)).copied().collect()
}

/// 2–3 labels: the ends and 0 when it lies well inside.
pub fn axis_labels((lo, hi): (f64, f64)) -> Vec<Span<'static>> {
    let span = hi - lo;
    let mut labels = vec![Span::raw(compact(lo, 3))];
    if lo < 0.0 && hi > 0.0 && -lo > 0.15 * span && hi > 0.15 * span {
        // Chart spreads labels evenly; only place 0 when it is near the middle.
        let middle = (lo + hi) / 2.0;
        if middle.abs() < 0.2 * span {
            labels.push(Span::raw("0"));
        } else {
            labels.push(Span::raw(compact(middle, 3)));
        }
    } else {
        labels.push(Span::raw(compact((lo + hi) / 2.0, 3)));
    }
    labels.push(Span::raw(compact(hi, 3)));
    labels
}

impl Widget for FunctionChart<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width < 8 || area.height < 3 {
            return;
        }
        let datasets: Vec<Dataset> = (0..self.plot.series.len())
            .map(|i| self.dataset(i))
            .collect();
        let axis_style = Style::default().fg(if self.look.color {
            Color::Gray
        } else {
            Color::Reset
        });
        let chart = Chart::new(datasets)
            .x_axis(
                Axis::default()
                    .bounds([self.plot.x_range.0, self.plot.x_range.1])
                    .labels(axis_labels(self.plot.x_range))
                    .style(axis_style),
            )
            .y_axis(
                Axis::default()
                    .bounds([self.plot.y_range.0, self.plot.y_range.1])
                    .labels(axis_labels(self.plot.y_range))
                    .style(axis_style),
            )
            .legend_position(Some(LegendPosition::TopLeft))
            .hidden_legend_constraints((Constraint::Percentage(70), Constraint::Percentage(70)));
        chart.render(area, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::func::Labelled;

    /// An evaluator as a plain function pointer.
    type Eval = fn(f64) -> (f64, f64);
    /// No overlays.
    const NONE: &[Labelled<Eval>] = &[];

    fn relu(x: f64) -> (f64, f64) {
        if x > 0.0 {
            (x, 1.0)
        } else {
            (0.0, 0.0)
        }
    }

    #[test]
    fn sampling_covers_the_range_and_orders_f_last() {
        let main = Labelled("relu".into(), relu);
        let plot = Plot::sample(&main, NONE, (-2.0, 2.0), 9, true);
        assert_eq!(plot.series.len(), 2);
        assert_eq!(plot.series[0].role, Role::Slope);
        assert_eq!(plot.series[1].role, Role::Value);
        assert_eq!(plot.series[1].points.first(), Some(&(-2.0, 0.0)));
        assert_eq!(plot.series[1].points.last(), Some(&(2.0, 2.0)));
        assert!(plot.y_range.0 < 0.0 && plot.y_range.1 > 2.0);
    }

    #[test]
    fn non_finite_values_are_dropped_and_bounds_stay_sane() {
        let inverse = |x: f64| (1.0 / x, -1.0 / (x * x));
        let main = Labelled("1/x".into(), inverse);
        let plot = Plot::sample(&main, NONE, (-1.0, 1.0), 3, false);
        assert_eq!(
            plot.series[0].points.len(),
            2,
            "x = 0 gives inf and is dropped"
        );
        let flat = Labelled("c".into(), |_| (2.0, 0.0));
        let plot = Plot::sample(&flat, NONE, (0.0, 1.0), 5, false);
        assert!(plot.y_range.0 < 2.0 && plot.y_range.1 > 2.0);
    }

    #[test]
    fn renders_braille_and_legend() {
        let main = Labelled("relu".into(), relu);
        let plot = Plot::sample(&main, NONE, (-3.0, 3.0), 120, true);
        let area = Rect::new(0, 0, 60, 16);
        let mut buf = Buffer::empty(area);
        FunctionChart::new(&plot, ChartLook::default()).render(area, &mut buf);
        let text: String = buf.content().iter().map(|c| c.symbol()).collect();
        assert!(text.chars().any(|c| ('\u{2801}'..='\u{28FF}').contains(&c)));
        assert!(text.contains("relu′"));
    }
}
