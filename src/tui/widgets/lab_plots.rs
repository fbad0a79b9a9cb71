//! The lab's plots: the decision boundary with the training points, a histogram
//! of one layer's pre-activations under f and f′, and the loss curve.
//!
//! Every plot tells its series apart without colour (NO_COLOR): classes by symbol
//! (o x + *), the predicted class by texture (blank ░ ▒ ▓), f′ dotted against a
//! solid f, the flat region by a marker row under the histogram. A 1-D regression
//! set gets the fitted curve over its data instead of the boundary.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::canvas::{Canvas, Line as Segment, Points};
use ratatui::widgets::Widget;

use super::chart::{grid, ChartLook, FunctionChart, Plot, Role, Series};
use super::lab_net::Side;
use crate::format::compact;
use crate::lab::health::{histogram, FLAT_FRACTION};
use crate::lab::thin_history;
use crate::tui::theme::Theme;

/// The decision boundary is sampled once per refresh on this grid (columns ×
/// rows, about square on screen) and drawn by nearest cell, so drawing needs no
/// network.
pub const GRID: (usize, usize) = (48, 24);
/// The input plane shown: the data sets lie within [-1, 1]² before noise.
pub const PLANE: (f64, f64) = (-1.3, 1.3);

/// "86%", or "–" for a figure not measured.
pub fn percent(v: f64) -> String {
    if v.is_finite() {
        format!("{:.0}%", 100.0 * v)
    } else {
        "–".into()
    }
}

/// Class colours (with colour on), symbols of its points and textures of the
/// region the network gives it: the same in the picture and its legend. Class 0's
/// region stays blank, so a two-class picture reads as before: ░ where it says 1.
const CLASS_COLORS: [Color; 4] = [Color::Cyan, Color::Magenta, Color::Yellow, Color::Green];
const CLASS_SYMBOLS: [char; 4] = ['o', 'x', '+', '*'];
const REGION_TEXTURES: [char; 4] = [' ', '░', '▒', '▓'];

fn fg(theme: Theme, color: Color) -> Style {
    if theme.color {
        Style::default().fg(color)
    } else {
        Style::default()
    }
}

/// The input plane in K regions (K symbols and textures: blank, ░, ▒, ▓), the
/// training points on top (the majority class of each cell), legend and accuracy
/// at the right.
pub struct Boundary<'a> {
    pub side: &'a Side<'a>,
    pub theme: Theme,
    /// The training point stepped through (drawn ◉), if any.
    pub marked: Option<usize>,
}

/// The example's point on the plots.
const MARK: char = '◉';

impl Boundary<'_> {
    /// The picture's columns and rows in `area` (below the title), and whether
    /// the legend fits beside it.
    fn grid(area: Rect) -> (usize, usize, usize) {
        let rows = area.height.saturating_sub(1) as usize;
        let legend_width = if area.width as usize >= 2 * rows + 12 {
            11
        } else {
            0
        };
        // Terminal cells are about twice as tall as wide: 2 columns per row.
        let cols = (2 * rows).min((area.width as usize).saturating_sub(legend_width));
        (cols, rows, legend_width)
    }

    /// The cell of the plane point (x, y) in a cols×rows picture, if inside.
    fn cell_of([x, y]: [f64; 2], cols: usize, rows: usize) -> Option<(usize, usize)> {
        let (lo, hi) = PLANE;
        let c = ((x - lo) / (hi - lo) * cols as f64).floor();
        let r = ((hi - y) / (hi - lo) * rows as f64).floor();
        ((0.0..cols as f64).contains(&c) && (0.0..rows as f64).contains(&r))
            .then_some((c as usize, r as usize))
    }

    /// The point of the plane at the centre of the cell at `pos` (a click), when
    /// `pos` is on the picture drawn in `area`.
    pub fn plane_at(area: Rect, pos: Position) -> Option<[f64; 2]> {
        let (cols, rows, _) = Self::grid(area);
        let col = usize::from(pos.x.checked_sub(area.x)?);
        let row = usize::from(pos.y.checked_sub(area.y + 1)?);
        if col >= cols || row >= rows {
            return None;
        }
        let (lo, hi) = PLANE;
        Some([
            lo + (col as f64 + 0.5) / cols as f64 * (hi - lo),
            hi - (row as f64 + 0.5) / rows as f64 * (hi - lo),
        ])
    }

    fn classes(&self) -> usize {
        self.side
            .lab
            .classes()
            .unwrap_or(2)
            .clamp(1, CLASS_SYMBOLS.len())
    }

    /// The predicted class at the centre of cell (col, row) of a cols×rows
    /// picture, from the nearest sample of the snapshot's grid.
    fn region(&self, col: usize, row: usize, cols: usize, rows: usize) -> Option<usize> {
        let regions = &self.side.snap.regions;
        let gc = ((col as f64 + 0.5) / cols as f64 * GRID.0 as f64) as usize;
        let gr = ((row as f64 + 0.5) / rows as f64 * GRID.1 as f64) as usize;
        regions
            .get(gr.min(GRID.1 - 1) * GRID.0 + gc.min(GRID.0 - 1))
            .copied()
    }

    /// Training points per cell and class.
    fn counts(&self, cols: usize, rows: usize) -> Vec<Vec<u32>> {
        let classes = self.classes();
        let mut counts = vec![vec![0u32; classes]; cols * rows];
        let train = &self.side.lab.data().train;
        for i in 0..train.len() {
            let (at, label) = train.get(i);
            if let Some((c, r)) = Self::cell_of(at, cols, rows) {
                let class = (label.max(0.0) as usize).min(classes - 1);
                counts[r * cols + c][class] += 1;
            }
        }
        counts
    }

    fn cell(&self, region: Option<usize>, count: &[u32]) -> (char, Style) {
        let theme = self.theme;
        // The majority class of the points in the cell (the first on a tie).
        let most = count.iter().copied().max().unwrap_or(0);
        if let Some(class) = count.iter().position(|&n| n == most && n > 0) {
            let style = fg(theme, CLASS_COLORS[class]).add_modifier(Modifier::BOLD);
            return (CLASS_SYMBOLS[class], style);
        }
        match region {
            Some(class) if class > 0 && class < REGION_TEXTURES.len() => {
                (REGION_TEXTURES[class], fg(theme, CLASS_COLORS[class]))
            }
            _ => (' ', Style::default()),
        }
    }

    fn legend(&self) -> Vec<Line<'static>> {
        let theme = self.theme;
        let h = &self.side.snap.health;
        let classes = self.classes();
        let class = |k: usize| {
            Line::from(vec![
                Span::styled(
                    format!("{} ", CLASS_SYMBOLS[k]),
                    fg(theme, CLASS_COLORS[k]).add_modifier(Modifier::BOLD),
                ),
                Span::raw(format!("class {k}")),
            ])
        };
        let says = |k: usize| {
            Line::from(vec![
                Span::styled(
                    format!("{} ", REGION_TEXTURES[k]),
                    fg(theme, CLASS_COLORS[k]),
                ),
                Span::raw(format!("says {k}")),
            ])
        };
        let mut lines: Vec<Line> = (0..classes).map(class).collect();
        lines.extend((1..classes).map(says));
        lines.push(Line::raw(""));
        lines.push(Line::raw(format!("train {}", percent(h.accuracy))));
        lines.push(Line::raw(format!("test  {}", percent(h.test_accuracy))));
        lines
    }
}

impl Widget for Boundary<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.height < 3 || area.width < 6 {
            return;
        }
        let mut title = format!("{}boundary", self.side.prefix());
        let dataset = format!(" · {}", self.side.lab.config().dataset);
        if title.len() + dataset.chars().count() <= area.width as usize {
            title.push_str(&dataset);
        }
        buf.set_line(
            area.x,
            area.y,
            &Line::styled(title, self.theme.title()),
            area.width,
        );
        let (cols, rows, legend_width) = Self::grid(area);
        let counts = self.counts(cols, rows);
        for row in 0..rows {
            for col in 0..cols {
                let region = self.region(col, row, cols, rows);
                let (ch, style) = self.cell(region, &counts[row * cols + col]);
                buf[(area.x + col as u16, area.y + 1 + row as u16)]
                    .set_char(ch)
                    .set_style(style);
            }
        }
        let train = &self.side.lab.data().train;
        let marked = self.marked.filter(|&i| i < train.len());
        if let Some((c, r)) = marked.and_then(|i| Self::cell_of(train.get(i).0, cols, rows)) {
            buf[(area.x + c as u16, area.y + 1 + r as u16)]
                .set_char(MARK)
                .set_style(self.theme.key().add_modifier(Modifier::REVERSED));
        }
        if legend_width > 0 {
            let x = area.x + cols as u16 + 1;
            for (i, line) in self.legend().iter().enumerate().take(rows) {
                buf.set_line(x, area.y + 1 + i as u16, line, legend_width as u16);
            }
        }
    }
}

/// A 1-D regression set: the training points (·) and the network's fitted curve
/// (braille line) over x in [−1, 1], the y range labelled at the left.
pub struct FitPlot<'a> {
    pub side: &'a Side<'a>,
    pub theme: Theme,
    pub look: ChartLook,
    /// The training point stepped through (drawn ◉), if any.
    pub marked: Option<usize>,
}

impl FitPlot<'_> {
    /// The y labels at the top and bottom of the plot.
    fn labels(&self) -> [String; 2] {
        let (lo, hi) = self.y_range();
        [compact(hi, 2), compact(lo, 2)]
    }

    /// The plot inside `area`: right of the y labels, between the title and the
    /// x axis.
    fn plot_rect(&self, area: Rect) -> Rect {
        let gutter = self
            .labels()
            .iter()
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(1) as u16
            + 1;
        Rect {
            x: area.x + gutter,
            y: area.y + 1,
            width: area.width.saturating_sub(gutter),
            height: area.height.saturating_sub(2),
        }
    }

    /// The x at the centre of the column at `pos` (a click on the plot).
    pub fn x_at(&self, area: Rect, pos: Position) -> Option<f64> {
        let plot = self.plot_rect(area);
        if !plot.contains(pos) || plot.width == 0 {
            return None;
        }
        let col = f64::from(pos.x - plot.x) + 0.5;
        Some(-1.0 + 2.0 * col / f64::from(plot.width))
    }

    /// The y range: the data's, padded, so a wild fit is clipped, not the data.
    fn y_range(&self) -> (f64, f64) {
        let train = &self.side.lab.data().train;
        let (lo, hi) = train
            .y
            .iter()
            .filter(|v| v.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
                (lo.min(v), hi.max(v))
            });
        if lo.is_finite() && hi > lo {
            let pad = 0.15 * (hi - lo);
            (lo - pad, hi + pad)
        } else {
            (-1.0, 1.0)
        }
    }
}

impl Widget for FitPlot<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.height < 4 || area.width < 16 {
            return;
        }
        let theme = self.theme;
        let train = &self.side.lab.data().train;
        let (lo, hi) = self.y_range();
        let title = format!(
            "{}fit · {} · • data  ⣀ network",
            self.side.prefix(),
            self.side.lab.config().dataset
        );
        buf.set_line(
            area.x,
            area.y,
            &Line::styled(title, theme.title()),
            area.width,
        );
        let labels = self.labels();
        let plot = self.plot_rect(area);
        buf.set_string(area.x, plot.y, &labels[0], theme.dim());
        buf.set_string(area.x, plot.y + plot.height - 1, &labels[1], theme.dim());
        let data: Vec<(f64, f64)> = (0..train.len())
            .map(|i| (train.input(i)[0], train.y[i]))
            .collect();
        let curve = &self.side.snap.curve;
        let (data_color, fit_color) = if theme.color {
            (Color::Cyan, Color::Magenta)
        } else {
            (Color::Reset, Color::Reset)
        };
        // Two layers: the data as dots, then the curve in braille over them, so
        // the dots show where the fit misses them.
        Canvas::default()
            .marker(Marker::Dot)
            .x_bounds([-1.0, 1.0])
            .y_bounds([lo, hi])
            .paint(|ctx| {
                ctx.draw(&Points {
                    coords: &data,
                    color: data_color,
                })
            })
            .render(plot, buf);
        let marker = if self.look.braille {
            Marker::Braille
        } else {
            Marker::Block
        };
        Canvas::default()
            .marker(marker)
            .x_bounds([-1.0, 1.0])
            .y_bounds([lo, hi])
            .paint(|ctx| {
                for pair in curve.windows(2) {
                    let ((x1, y1), (x2, y2)) = (pair[0], pair[1]);
                    if y1.is_finite() && y2.is_finite() {
                        let (y1, y2) = (y1.clamp(lo, hi), y2.clamp(lo, hi));
                        ctx.draw(&Segment::new(x1, y1, x2, y2, fit_color));
                    }
                }
            })
            .render(plot, buf);
        let axis = format!(
            "{:<w$}1",
            "-1   x",
            w = plot.width.saturating_sub(1) as usize
        );
        buf.set_string(plot.x, plot.y + plot.height, axis, theme.dim());
        if let Some(i) = self.marked.filter(|&i| i < train.len()) {
            let (x, y) = (train.input(i)[0], train.y[i]);
            let col = ((x + 1.0) / 2.0 * f64::from(plot.width)).floor();
            let row = ((hi - y) / (hi - lo) * f64::from(plot.height)).floor();
            if (0.0..f64::from(plot.width)).contains(&col)
                && (0.0..f64::from(plot.height)).contains(&row)
            {
                buf[(plot.x + col as u16, plot.y + row as u16)]
                    .set_char(MARK)
                    .set_style(theme.key().add_modifier(Modifier::REVERSED));
            }
        }
    }
}

/// The selected layer's pre-activations z as a column histogram (one bin per
/// column), f and f′ drawn over it in braille, and a marker row under the
/// columns where |f′| < 0.1 × its peak: the flat region.
pub struct Histogram<'a> {
    /// The run: its activation draws f and f′ and decides what is flat.
    pub side: &'a Side<'a>,
    /// The pre-activations z to bin: a layer's (`Snapshot::pre`) or one unit's.
    pub values: &'a [f64],
    pub title: Line<'static>,
    pub theme: Theme,
    pub look: ChartLook,
}

/// Nice half-widths for the z axis.
const RANGES: [f64; 12] = [
    3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 15.0, 20.0, 30.0, 40.0, 60.0, 100.0,
];

/// A symmetric z range holding about 99% of the values (the rest pile into the
/// end bins, so a drift into the tails still shows).
pub fn z_range(values: &[f64]) -> f64 {
    let mut magnitudes: Vec<f64> = values
        .iter()
        .filter(|v| v.is_finite())
        .map(|v| v.abs())
        .collect();
    if magnitudes.is_empty() {
        return RANGES[0];
    }
    let k = (magnitudes.len() * 99 / 100).min(magnitudes.len() - 1);
    let (_, p99, _) = magnitudes.select_nth_unstable_by(k, f64::total_cmp);
    let wanted = *p99 * 1.1;
    RANGES
        .into_iter()
        .find(|&r| r >= wanted)
        .unwrap_or(RANGES[RANGES.len() - 1])
}

/// "L2 z: 62% of points flat · 3 dead 1 sat.", shorter when narrow: the title of
/// layer `layer`'s histogram.
pub fn layer_title(side: &Side, layer: usize, width: usize, theme: Theme) -> Line<'static> {
    let name = format!("{}L{} z", side.prefix(), layer + 1);
    let text = match side.snap.health.layers.get(layer) {
        Some(l) => {
            let n = l.neurons.len().max(1) as f64;
            let flat = percent(l.neurons.iter().map(|n| n.flat_share).sum::<f64>() / n);
            let long = format!(
                "{name}: {flat} of points flat · {} dead {} sat.",
                l.dead, l.saturated
            );
            if long.chars().count() <= width {
                long
            } else {
                format!("{name}: {flat} flat {}✕ {}◐", l.dead, l.saturated)
            }
        }
        None => name,
    };
    Line::styled(text, theme.title())
}

impl Histogram<'_> {
    fn flat_columns(&self, range: f64, cols: usize) -> Vec<bool> {
        let lab = &self.side.lab;
        let func = &lab.config().activation;
        let threshold = FLAT_FRACTION * lab.peak_slope();
        (0..cols)
            .map(|c| {
                let z = -range + (c as f64 + 0.5) / cols as f64 * 2.0 * range;
                func.eval(z).1.abs() < threshold
            })
            .collect()
    }

    fn draw_bars(&self, plot: Rect, counts: &[usize], flat: &[bool], buf: &mut Buffer) {
        const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
        let max = counts.iter().copied().max().unwrap_or(0).max(1) as f64;
        let rows = plot.height as usize;
        for (col, (&count, &flat)) in counts.iter().zip(flat).enumerate() {
            let eighths = (count as f64 / max * (rows * 8) as f64).round() as usize;
            let color = if flat { Color::Red } else { Color::Blue };
            for row in 0..rows {
                let from_bottom = rows - 1 - row;
                let fill = eighths.saturating_sub(from_bottom * 8).min(8);
                if fill > 0 {
                    buf[(plot.x + col as u16, plot.y + row as u16)]
                        .set_char(LEVELS[fill - 1])
                        .set_style(fg(self.theme, color));
                }
            }
        }
    }

    /// f solid and f′ dotted (or yellow), in braille over the bars.
    fn draw_curves(&self, plot: Rect, range: f64, buf: &mut Buffer) {
        let func = &self.side.lab.config().activation;
        let samples = (plot.width as usize * 2).max(2);
        let xs = grid((-range, range), samples);
        let values: Vec<(f64, f64, f64)> = xs
            .iter()
            .map(|&x| {
                let (f, df) = func.eval(x);
                (x, f, df)
            })
            .collect();
        let finite = |v: f64| v.is_finite();
        let lo = values
            .iter()
            .flat_map(|v| [v.1, v.2])
            .filter(|v| finite(*v))
            .fold(0.0, f64::min)
            .max(-3.0);
        let hi = values
            .iter()
            .flat_map(|v| [v.1, v.2])
            .filter(|v| finite(*v))
            .fold(1.0, f64::max)
            .min(3.0);
        let (f_color, df_color) = if self.look.color {
            (Color::Cyan, Color::Yellow)
        } else {
            (Color::Reset, Color::Reset)
        };
        let dotted: Vec<(f64, f64)> = values.iter().step_by(3).map(|v| (v.0, v.2)).collect();
        let color = self.look.color;
        let marker = if self.look.braille {
            Marker::Braille
        } else {
            Marker::Dot
        };
        Canvas::default()
            .marker(marker)
            .x_bounds([-range, range])
            .y_bounds([lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo)])
            .paint(|ctx| {
                if color {
                    segments(ctx, &values, |v| v.2, df_color);
                } else {
                    ctx.draw(&Points {
                        coords: &dotted,
                        color: df_color,
                    });
                }
                segments(ctx, &values, |v| v.1, f_color);
            })
            .render(plot, buf);
    }

    fn legend(&self, width: usize, range: f64) -> Line<'static> {
        let theme = self.theme;
        let lo = compact(-range, 3);
        let hi = compact(range, 3);
        let df = if self.look.color {
            "f′"
        } else {
            "f′ dotted"
        };
        let middle = format!("z bins · f · {df} · ▔ flat");
        let gap = width.saturating_sub(lo.len() + hi.len() + middle.chars().count());
        if gap < 2 {
            let pad = width.saturating_sub(lo.len() + hi.len());
            return Line::styled(format!("{lo}{}{hi}", " ".repeat(pad)), theme.dim());
        }
        let left = gap / 2;
        Line::from(vec![
            Span::styled(lo, theme.dim()),
            Span::raw(" ".repeat(left)),
            Span::styled(middle, theme.dim()),
            Span::raw(" ".repeat(gap - left)),
            Span::styled(hi, theme.dim()),
        ])
    }
}

/// A braille polyline through the finite (x, pick(v)) points.
fn segments(
    ctx: &mut ratatui::widgets::canvas::Context,
    values: &[(f64, f64, f64)],
    pick: impl Fn(&(f64, f64, f64)) -> f64,
    color: Color,
) {
    for pair in values.windows(2) {
        let (y1, y2) = (pick(&pair[0]), pick(&pair[1]));
        if y1.is_finite() && y2.is_finite() {
            ctx.draw(&Segment::new(pair[0].0, y1, pair[1].0, y2, color));
        }
    }
}

impl Widget for Histogram<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.height < 4 || area.width < 12 {
            return;
        }
        buf.set_line(area.x, area.y, &self.title, area.width);
        let plot = Rect {
            y: area.y + 1,
            height: area.height - 3,
            ..area
        };
        let cols = plot.width as usize;
        let range = z_range(self.values);
        let counts = histogram(self.values, (-range, range), cols);
        let flat = self.flat_columns(range, cols);
        self.draw_bars(plot, &counts, &flat, buf);
        self.draw_curves(plot, range, buf);
        let marker_row = plot.y + plot.height;
        for (col, &is_flat) in flat.iter().enumerate() {
            if is_flat {
                buf[(plot.x + col as u16, marker_row)]
                    .set_char('▔')
                    .set_style(fg(self.theme, Color::Red));
            }
        }
        buf.set_line(
            area.x,
            marker_row + 1,
            &self.legend(cols, range),
            area.width,
        );
    }
}

/// Train loss over the steps (braille), side B dotted in A/B mode.
pub struct LossChart<'a> {
    pub sides: &'a [Side<'a>],
    pub theme: Theme,
    pub look: ChartLook,
}

impl LossChart<'_> {
    fn title(&self) -> Line<'static> {
        let theme = self.theme;
        let mut spans = vec![Span::styled("train loss", theme.title())];
        if self.sides.len() > 1 {
            for (side, role) in self.sides.iter().zip([Role::Value, Role::Overlay(0)]) {
                let style = fg(theme, super::chart::role_color(role));
                // Without colour the sides differ by glyph: show the chart's own.
                let how = if theme.color {
                    String::new()
                } else {
                    format!(" ({})", super::chart::legend_sample(role, self.look).trim())
                };
                spans.push(Span::styled(
                    format!("  {} {}{how}", side.tag, side.label()),
                    style,
                ));
            }
        }
        if let Some(side) = self.sides.first() {
            if side.lab.loss_history().is_empty() {
                spans.push(Span::styled("  (Space steps, r runs)", theme.dim()));
            }
        }
        Line::from(spans)
    }

    fn plot(&self, width: usize) -> Plot {
        // The history holds the loss at steps 0…n−1; the current weights' loss
        // (measured after step n) ends the curve at step n.
        let series: Vec<Series> = self
            .sides
            .iter()
            .zip([Role::Value, Role::Overlay(0)])
            .map(|(side, role)| {
                let mut points = thin_history(side.lab.loss_history(), width * 2);
                let (step, loss) = (side.lab.step_count(), side.snap.health.loss);
                if step > 0 && side.snap.health.step == step && loss.is_finite() {
                    points.push((step as f64, loss));
                }
                Series {
                    label: String::new(),
                    role,
                    points,
                }
            })
            .collect();
        let steps = self
            .sides
            .iter()
            .map(|s| s.lab.step_count())
            .max()
            .unwrap_or(0);
        let top = series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.1))
            .fold(0.0, f64::max);
        // A diverging run's spikes would flatten the rest: clip at 4× the start.
        let start = series
            .iter()
            .filter_map(|s| s.points.first())
            .map(|p| p.1)
            .fold(0.0, f64::max);
        let top = if start > 0.0 {
            top.min(4.0 * start)
        } else {
            top
        };
        Plot {
            x_range: (0.0, steps.max(1) as f64),
            y_range: (0.0, if top > 0.0 { top * 1.05 } else { 1.0 }),
            series,
        }
    }
}

impl Widget for LossChart<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.height < 4 || area.width < 12 {
            return;
        }
        buf.set_line(area.x, area.y, &self.title(), area.width);
        let chart = Rect {
            y: area.y + 1,
            height: area.height - 1,
            ..area
        };
        let plot = self.plot(chart.width as usize);
        FunctionChart::new(&plot, self.look).render(chart, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn z_range_holds_most_values() {
        assert_eq!(z_range(&[]), 3.0);
        let wide: Vec<f64> = (0..100).map(|i| i as f64 / 10.0 - 5.0).collect();
        assert_eq!(z_range(&wide), 6.0);
        assert_eq!(z_range(&[f64::NAN, 1e9]), 100.0);
    }
}
