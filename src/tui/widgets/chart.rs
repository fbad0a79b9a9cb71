//! The function chart: f and f′ of one or more curves as braille lines, with axes,
//! labels, a legend, an optional cursor and markers for notable points.
//!
//! Sampling (`Plot::sample`) is separate from drawing (`FunctionChart`), so views can
//! cache samples until the function, its parameters or the width change.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::activation::Kind;
use crate::axis;
use crate::func::{Evaluate, Func};
use crate::svg;

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
            // A gated entry's f′ is the derivative along its value input only.
            let gated = main.entry().is_some_and(|c| c.act.kind == Kind::Gated);
            let label = if gated {
                format!("∂{}/∂x", main.label())
            } else {
                format!("{}′", main.label())
            };
            series.push(Series {
                label,
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

/// The chart data of a sampled plot, for `svg::render`: the curves without the
/// cursor and markers (`plot --format svg` and the app's export key share it).
pub fn svg_chart(plot: &Plot, title: String) -> svg::Chart {
    let curves = plot
        .series
        .iter()
        .filter_map(|s| {
            let role = match s.role {
                Role::Value => svg::CurveRole::Value,
                Role::Slope => svg::CurveRole::Slope,
                Role::Overlay(i) => svg::CurveRole::Overlay(i),
                Role::Cursor | Role::Marker => return None,
            };
            Some(svg::Curve {
                label: s.label.clone(),
                role,
                points: s.points.clone(),
            })
        })
        .collect();
    svg::Chart {
        title,
        x_range: plot.x_range,
        y_range: plot.y_range,
        curves,
    }
}

/// A chart's title: a catalog entry's name, formula and derivative, or the typed
/// formula.
pub fn chart_title(func: &Func) -> String {
    match func.catalog() {
        Some(c) => format!("{}   {}   {}", c.label(), c.act.formula, c.act.derivative),
        // A typed formula: say what it is, as the catalog's lines do.
        None => format!("f(x) = {}", func.label()),
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

/// How one series is put on the grid: braille dots (solid, or every `dash`-th dot
/// for a dotted line) or one glyph per cell it passes through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pen {
    Braille { dash: usize },
    Glyph(char),
}

/// Overlay glyphs without colour, one per overlay so that two overlays never look
/// alike (cycled beyond five, which no view offers).
const OVERLAY_GLYPHS: [char; 5] = ['+', '×', 'o', '#', '%'];
/// The cursor is a box-drawing column: never mistaken for a braille curve.
const CURSOR_GLYPH: char = '│';
const MARKER_GLYPH: char = '◆';
/// f′ keeps one dot in three along its line: dotted, unlike f.
const SLOPE_DASH: usize = 3;

fn pen(role: Role, look: ChartLook) -> Pen {
    match (role, look.braille) {
        (Role::Marker, _) => Pen::Glyph(MARKER_GLYPH),
        (Role::Cursor, _) => Pen::Glyph(CURSOR_GLYPH),
        (Role::Value, true) => Pen::Braille { dash: 1 },
        (Role::Value, false) => Pen::Glyph('•'),
        (Role::Slope, true) => Pen::Braille { dash: SLOPE_DASH },
        (Role::Slope, false) => Pen::Glyph('·'),
        // In colour the overlays are told apart by colour; without it, by glyph.
        (Role::Overlay(_), true) if look.color => Pen::Braille { dash: 1 },
        (Role::Overlay(i), _) => Pen::Glyph(OVERLAY_GLYPHS[i % OVERLAY_GLYPHS.len()]),
    }
}

/// What a role looks like in a legend: three cells drawn as the curve is drawn.
/// Public so that other legends (the lab's loss chart) show the same samples.
pub fn legend_sample(role: Role, look: ChartLook) -> String {
    match pen(role, look) {
        Pen::Braille { dash: 1 } => "⠤⠤⠤".into(),
        Pen::Braille { .. } => "⠄ ⠄".into(),
        Pen::Glyph(c) if matches!(role, Role::Cursor | Role::Marker) => format!(" {c} "),
        Pen::Glyph(c) => format!("{c}{c}{c}"),
    }
}

/// The style of a role's cells: its colour, or bold f without colour.
fn role_style(role: Role, look: ChartLook) -> Style {
    if look.color {
        Style::default().fg(role_color(role))
    } else if role == Role::Value {
        Style::default().add_modifier(Modifier::BOLD)
    } else {
        Style::default()
    }
}

/// The chart widget over a sampled `Plot`.
///
/// It draws its own axes: ticks at nice values (`crate::axis`) at the exact
/// column and row of their value, with the same mapping (`axis::cell_position`)
/// as the curves, so a label never names a value it does not sit at. The legend
/// goes in a corner where no curve passes, or above the plot when none is free;
/// the cursor is not drawn through it.
pub struct FunctionChart<'a> {
    plot: &'a Plot,
    look: ChartLook,
}

impl<'a> FunctionChart<'a> {
    pub fn new(plot: &'a Plot, look: ChartLook) -> Self {
        FunctionChart { plot, look }
    }

    /// Dots per cell across and down.
    fn dots(&self) -> (usize, usize) {
        if self.look.braille {
            (2, 4)
        } else {
            (1, 1)
        }
    }

    fn legend_entries(&self) -> Vec<LegendEntry> {
        self.plot
            .series
            .iter()
            .filter_map(|s| {
                // Braille density is hard to name from a glance (or a screen
                // reader): without colour, f and f′ also say how they are drawn.
                let how = match (self.look.color, s.role) {
                    (false, Role::Value) => " (solid)",
                    (false, Role::Slope) => " (dotted)",
                    _ => "",
                };
                let label = match s.role {
                    // In colour the grey column speaks for itself; without
                    // colour the legend says which glyph is the cursor.
                    Role::Cursor if self.look.color => return None,
                    Role::Cursor => "cursor".to_string(),
                    _ if s.label.is_empty() => return None,
                    _ => format!("{}{how}", s.label),
                };
                Some(LegendEntry {
                    sample: legend_sample(s.role, self.look),
                    style: role_style(s.role, self.look),
                    label,
                })
            })
            .collect()
    }

    /// Every series but the cursor, rasterised for `layout`.
    fn raster(&self, layout: &ChartLayout) -> Raster {
        let (dx, dy) = self.dots();
        let mut raster = Raster::new(layout.graph, dx, dy, self.plot.x_range, layout.y_bounds);
        for series in self.plot.series.iter().filter(|s| s.role != Role::Cursor) {
            raster.draw(series, pen(series.role, self.look));
        }
        raster
    }

    fn cursor_x(&self) -> Option<f64> {
        self.plot
            .series
            .iter()
            .find(|s| s.role == Role::Cursor)
            .and_then(|s| s.points.first())
            .map(|p| p.0)
    }
}

impl Widget for FunctionChart<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width < 8 || area.height < 3 {
            return;
        }
        let entries = self.legend_entries();
        let Some(mut layout) = ChartLayout::new(area, self.plot, self.dots(), 0) else {
            return;
        };
        let mut raster = self.raster(&layout);
        let mut legend = Legend::inside(&entries, &raster, layout.graph);
        if legend.is_none() && !entries.is_empty() {
            let lines = wrap_legend(&entries, area.width as usize);
            if let Some(outside) = ChartLayout::new(area, self.plot, self.dots(), lines.len()) {
                layout = outside;
                raster = self.raster(&layout);
                legend = Some(Legend::Above(lines));
            }
        }
        let axis_style = if self.look.color {
            Style::default().fg(Color::Gray)
        } else {
            Style::default()
        };
        layout.draw_axes(buf, axis_style);
        let box_area = match &legend {
            Some(Legend::Inside(rect)) => Some(*rect),
            _ => None,
        };
        if let Some(x) = self.cursor_x() {
            raster.draw_cursor(buf, x, box_area, role_style(Role::Cursor, self.look));
        }
        raster.paint(buf, self.look);
        match legend {
            Some(Legend::Inside(rect)) => {
                for (row, entry) in (rect.y..).zip(&entries) {
                    buf.set_line(rect.x, row, &entry.line(), rect.width);
                }
            }
            Some(Legend::Above(lines)) => {
                for (row, line) in (area.y..).zip(lines) {
                    buf.set_line(area.x, row, &line, area.width);
                }
            }
            None => {}
        }
    }
}

/// One line of the legend: a sample drawn as the curve is, then its name.
struct LegendEntry {
    sample: String,
    style: Style,
    label: String,
}

impl LegendEntry {
    fn line(&self) -> Line<'static> {
        Line::from(vec![
            Span::styled(self.sample.clone(), self.style),
            Span::raw(format!(" {}", self.label)),
        ])
    }

    fn width(&self) -> usize {
        self.sample.chars().count() + 1 + self.label.chars().count()
    }
}

/// Where the legend went.
enum Legend {
    /// A corner of the plot with no curve under it (nor next to it).
    Inside(Rect),
    /// Lines above the plot, which was made shorter to leave them room.
    Above(Vec<Line<'static>>),
}

impl Legend {
    /// The first corner of `graph` (top left, top right, bottom right, bottom left)
    /// where the legend and a one-cell margin cover nothing drawn.
    fn inside(entries: &[LegendEntry], raster: &Raster, graph: Rect) -> Option<Legend> {
        if entries.is_empty() {
            return None;
        }
        let width = entries.iter().map(LegendEntry::width).max().unwrap_or(0) as u16;
        let height = entries.len() as u16;
        // One free column stays between the y-axis and the legend.
        if width + 2 > graph.width || height > graph.height {
            return None;
        }
        let left = graph.x + 1;
        let right = graph.right() - width;
        let top = graph.y;
        let bottom = graph.bottom() - height;
        [(left, top), (right, top), (right, bottom), (left, bottom)]
            .into_iter()
            .map(|(x, y)| Rect::new(x, y, width, height))
            .find(|rect| raster.is_clear(*rect))
            .map(Legend::Inside)
    }
}

/// The legend's entries laid out in lines of at most `width` cells.
fn wrap_legend(entries: &[LegendEntry], width: usize) -> Vec<Line<'static>> {
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut used = 0;
    for entry in entries {
        let line = entry.line();
        let len = line.width();
        let gap = if used == 0 { 0 } else { 3 };
        match lines.last_mut() {
            Some(current) if used + gap + len <= width => {
                current.spans.push(Span::raw(" ".repeat(gap)));
                current.spans.extend(line.spans);
                used += gap + len;
            }
            _ => {
                lines.push(line);
                used = len;
            }
        }
    }
    lines
}

/// An x tick: its value's column, and its label's first column and text when the
/// label fits there.
struct XTick {
    column: u16,
    label: Option<(u16, String)>,
}

/// Where everything goes within the widget's area.
struct ChartLayout {
    /// The plot itself: curves only, axes outside it.
    graph: Rect,
    /// The y bounds drawn (the plot's, or a small span around a flat one).
    y_bounds: (f64, f64),
    /// (row, label) of each y tick.
    y_ticks: Vec<(u16, String)>,
    x_ticks: Vec<XTick>,
}

/// Cells between two x labels, at least.
const LABEL_GAP: usize = 2;

impl ChartLayout {
    /// The layout with `legend_rows` lines kept free above the plot; None when the
    /// area is too small for a plot.
    fn new(area: Rect, plot: &Plot, (dx, dy): (usize, usize), legend_rows: usize) -> Option<Self> {
        let rows = (area.height as usize).checked_sub(legend_rows + 2)?;
        if rows < 1 {
            return None;
        }
        let y_bounds = drawable(plot.y_range);
        let x_range = drawable(plot.x_range);
        let y_values = y_tick_values(y_bounds, rows);
        let gutter = y_values
            .iter()
            .map(|(_, l)| l.chars().count())
            .max()
            .unwrap_or(0)
            + 1;
        // Room on the right for half the widest x label, centred on the last column.
        let widest_x = tick_values(x_range, 12)
            .iter()
            .map(|(_, l)| l.chars().count())
            .max()
            .unwrap_or(1);
        let margin = widest_x.div_ceil(2).max(1);
        let cols = (area.width as usize).checked_sub(gutter + margin)?;
        if cols < 4 {
            return None;
        }
        let graph = Rect::new(
            area.x + gutter as u16,
            area.y + legend_rows as u16,
            cols as u16,
            rows as u16,
        );
        let mut y_ticks: Vec<(u16, String)> = Vec::new();
        for (value, label) in y_values {
            // Down the screen: the top bound is row 0.
            let position = axis::cell_position(value, y_bounds.1, y_bounds.0, rows, dy);
            let row = graph.y + (position.floor().max(0.0) as u16).min(graph.height - 1);
            if y_ticks.last().map(|(r, _)| *r) != Some(row) {
                y_ticks.push((row, label));
            }
        }
        let mut layout = ChartLayout {
            graph,
            y_bounds,
            y_ticks,
            x_ticks: Vec::new(),
        };
        layout.x_ticks = layout.choose_x_ticks(area, x_range, dx);
        Some(layout)
    }

    /// The densest nice ticks whose centred labels keep apart and fit the area;
    /// at the sparsest, ticks whose label cannot fit keep their mark unlabelled.
    fn choose_x_ticks(&self, area: Rect, x_range: (f64, f64), dx: usize) -> Vec<XTick> {
        let cols = self.graph.width as usize;
        let most = (cols / 6 + 1).clamp(2, 12);
        let mut best = Vec::new();
        for n in (2..=most).rev() {
            let ticks = self.place_x_ticks(area, x_range, dx, n);
            let all_labelled = ticks.iter().all(|t| t.label.is_some());
            best = ticks;
            if all_labelled {
                break;
            }
        }
        best
    }

    fn place_x_ticks(&self, area: Rect, (lo, hi): (f64, f64), dx: usize, n: usize) -> Vec<XTick> {
        let cols = self.graph.width as usize;
        let mut ticks = Vec::new();
        // The first column a label may start at (labels may reach under the y labels).
        let mut free_from = area.x as i64;
        for (value, text) in tick_values((lo, hi), n) {
            let position = axis::cell_position(value, lo, hi, cols, dx);
            let column =
                self.graph.x + (position.floor().max(0.0) as u16).min(self.graph.width - 1);
            // Centre the label on the value: its middle within half a cell of it.
            let len = text.chars().count();
            let start = (self.graph.x as f64 + position - len as f64 / 2.0).round() as i64;
            let fits = start >= free_from && start + len as i64 <= area.right() as i64;
            let label = fits.then(|| {
                free_from = start + (len + LABEL_GAP) as i64;
                (start as u16, text)
            });
            ticks.push(XTick { column, label });
        }
        ticks
    }

    fn draw_axes(&self, buf: &mut Buffer, style: Style) {
        let graph = self.graph;
        let axis_x = graph.x - 1;
        let axis_y = graph.bottom();
        for y in graph.top()..graph.bottom() {
            buf[(axis_x, y)].set_char('│').set_style(style);
        }
        for x in graph.left()..graph.right() {
            buf[(x, axis_y)].set_char('─').set_style(style);
        }
        buf[(axis_x, axis_y)].set_char('└').set_style(style);
        for (row, label) in &self.y_ticks {
            buf[(axis_x, *row)].set_char('┤').set_style(style);
            let len = label.chars().count() as u16;
            buf.set_string(axis_x - len, *row, label, Style::default());
        }
        for tick in &self.x_ticks {
            buf[(tick.column, axis_y)].set_char('┬').set_style(style);
            if let Some((start, text)) = &tick.label {
                buf.set_string(*start, axis_y + 1, text, Style::default());
            }
        }
    }
}

/// Bounds safe to map onto cells: finite and increasing.
fn drawable((lo, hi): (f64, f64)) -> (f64, f64) {
    if lo.is_finite() && hi.is_finite() && hi > lo {
        (lo, hi)
    } else if lo.is_finite() {
        (lo - 1.0, lo + 1.0)
    } else {
        (-1.0, 1.0)
    }
}

/// About one y tick every three rows, and at least two where the plot has the
/// rows for them (a short loss chart still needs a scale).
fn y_tick_values(bounds: (f64, f64), rows: usize) -> Vec<(f64, String)> {
    let most = (rows / 3 + 1).clamp(2, 9);
    let mut values = tick_values(bounds, most);
    let mut n = most;
    while values.len() < 2 && n < rows.min(9) {
        n += 1;
        values = tick_values(bounds, n);
    }
    values
}

/// Nice tick values within the bounds, with their labels.
fn tick_values((lo, hi): (f64, f64), max_ticks: usize) -> Vec<(f64, String)> {
    let Some(step) = axis::nice_step(lo, hi, max_ticks) else {
        return Vec::new();
    };
    axis::ticks_with_step(lo, hi, step)
        .into_iter()
        .map(|v| (v, axis::tick_label(v, step)))
        .collect()
}

/// The braille dot bits: `BRAILLE_BITS[row][column]` within a cell.
const BRAILLE_BITS: [[u8; 2]; 4] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]];

/// What one cell of the plot shows: its symbol and the role that drew it.
#[derive(Debug, Clone, Copy)]
struct Ink {
    symbol: char,
    role: Role,
}

/// The plot's cells, drawn series after series (a later one covers the cells it
/// passes through, so f, drawn last, stays on top).
struct Raster {
    graph: Rect,
    dots: (usize, usize),
    x_range: (f64, f64),
    y_bounds: (f64, f64),
    cells: Vec<Option<Ink>>,
}

impl Raster {
    fn new(graph: Rect, dx: usize, dy: usize, x_range: (f64, f64), y_bounds: (f64, f64)) -> Self {
        Raster {
            graph,
            dots: (dx, dy),
            x_range: drawable(x_range),
            y_bounds,
            cells: vec![None; graph.width as usize * graph.height as usize],
        }
    }

    fn cols(&self) -> usize {
        self.graph.width as usize
    }

    /// The dot (column, row) of a point inside the bounds.
    fn dot(&self, (x, y): (f64, f64)) -> (i64, i64) {
        let (lo, hi) = self.x_range;
        let (bottom, top) = self.y_bounds;
        let across = self.cols() * self.dots.0;
        let down = self.graph.height as usize * self.dots.1;
        (
            axis::dot_position(x, lo, hi, across).round() as i64,
            axis::dot_position(y, top, bottom, down).round() as i64,
        )
    }

    fn draw(&mut self, series: &Series, pen: Pen) {
        let mut bits = vec![0u8; self.cells.len()];
        let mut count = 0usize;
        let dash = match pen {
            Pen::Braille { dash } => dash.max(1),
            Pen::Glyph(_) => 1,
        };
        let mut put = |raster: &Raster, (i, j): (i64, i64)| {
            if count.is_multiple_of(dash) {
                raster.set_dot(&mut bits, i, j);
            }
            count += 1;
        };
        if series.role == Role::Marker {
            for &p in &series.points {
                if self.contains(p) {
                    put(self, self.dot(p));
                }
            }
        } else if series.points.len() == 1 {
            if self.contains(series.points[0]) {
                put(self, self.dot(series.points[0]));
            }
        } else {
            for pair in series.points.windows(2) {
                let Some((a, b)) = clip(pair[0], pair[1], self.x_range, self.y_bounds) else {
                    continue;
                };
                let (a, b) = (self.dot(a), self.dot(b));
                let steps = (b.0 - a.0).abs().max((b.1 - a.1).abs()).max(1);
                for k in 0..=steps {
                    let t = k as f64 / steps as f64;
                    let i = a.0 as f64 + (b.0 - a.0) as f64 * t;
                    let j = a.1 as f64 + (b.1 - a.1) as f64 * t;
                    put(self, (i.round() as i64, j.round() as i64));
                }
            }
        }
        for (cell, bits) in self.cells.iter_mut().zip(bits) {
            if bits != 0 {
                let symbol = match pen {
                    Pen::Braille { .. } if self.dots == (2, 4) => {
                        char::from_u32(0x2800 + bits as u32).unwrap_or('⣿')
                    }
                    Pen::Braille { .. } => '•',
                    Pen::Glyph(c) => c,
                };
                *cell = Some(Ink {
                    symbol,
                    role: series.role,
                });
            }
        }
    }

    fn contains(&self, (x, y): (f64, f64)) -> bool {
        let ((lo, hi), (bottom, top)) = (self.x_range, self.y_bounds);
        x >= lo && x <= hi && y >= bottom && y <= top
    }

    fn set_dot(&self, bits: &mut [u8], i: i64, j: i64) {
        let (dx, dy) = self.dots;
        let (across, down) = (self.cols() * dx, self.graph.height as usize * dy);
        if i < 0 || j < 0 || i as usize >= across || j as usize >= down {
            return;
        }
        let (i, j) = (i as usize, j as usize);
        let bit = if (dx, dy) == (2, 4) {
            BRAILLE_BITS[j % 4][i % 2]
        } else {
            1
        };
        bits[(j / dy) * self.cols() + i / dx] |= bit;
    }

    /// Whether `rect` and a one-cell margin around it (within the plot) are empty.
    fn is_clear(&self, rect: Rect) -> bool {
        let g = self.graph;
        let (x0, x1) = (
            rect.x.saturating_sub(1).max(g.x),
            (rect.right() + 1).min(g.right()),
        );
        let (y0, y1) = (
            rect.y.saturating_sub(1).max(g.y),
            (rect.bottom() + 1).min(g.bottom()),
        );
        (y0..y1).all(|y| (x0..x1).all(|x| self.ink(x, y).is_none()))
    }

    fn ink(&self, x: u16, y: u16) -> Option<Ink> {
        let (col, row) = ((x - self.graph.x) as usize, (y - self.graph.y) as usize);
        self.cells[row * self.cols() + col]
    }

    /// The cursor's column, under the curves and outside the legend.
    fn draw_cursor(&self, buf: &mut Buffer, x: f64, legend: Option<Rect>, style: Style) {
        let (lo, hi) = self.x_range;
        if !(x >= lo && x <= hi) {
            return;
        }
        let position = axis::cell_position(x, lo, hi, self.cols(), self.dots.0);
        let column = self.graph.x + (position.floor().max(0.0) as u16).min(self.graph.width - 1);
        for y in self.graph.top()..self.graph.bottom() {
            let in_legend = legend.is_some_and(|r| r.contains((column, y).into()));
            if !in_legend {
                buf[(column, y)].set_char(CURSOR_GLYPH).set_style(style);
            }
        }
    }

    fn paint(&self, buf: &mut Buffer, look: ChartLook) {
        for y in self.graph.top()..self.graph.bottom() {
            for x in self.graph.left()..self.graph.right() {
                if let Some(ink) = self.ink(x, y) {
                    buf[(x, y)]
                        .set_char(ink.symbol)
                        .set_style(role_style(ink.role, look));
                }
            }
        }
    }
}

/// The part of the segment a–b inside the box (Liang–Barsky), if any.
fn clip(
    a: (f64, f64),
    b: (f64, f64),
    (lo, hi): (f64, f64),
    (bottom, top): (f64, f64),
) -> Option<((f64, f64), (f64, f64))> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, a.0 - lo),
        (dx, hi - a.0),
        (-dy, a.1 - bottom),
        (dy, top - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    (t0 <= t1).then_some((
        (a.0 + t0 * dx, a.1 + t0 * dy),
        (a.0 + t1 * dx, a.1 + t1 * dy),
    ))
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

    fn text(buf: &Buffer) -> String {
        crate::tui::widgets::buffer_to_text(buf, false)
    }

    #[test]
    fn no_size_or_range_panics() {
        let main = Labelled("relu".into(), relu);
        let overlay = [Labelled("id".into(), (|x| (x, 1.0)) as Eval)];
        for range in [(-3.0, 3.0), (0.0, 1e-12), (-1e300, 1e300), (5.0, 5.0)] {
            let mut plot = Plot::sample(&main, &overlay, range, 40, true);
            plot.add_cursor(range.0);
            plot.add_markers("m", vec![(range.0, 0.0)]);
            for width in 0..40 {
                for height in 0..14 {
                    let area = Rect::new(1, 1, width, height);
                    let mut buf = Buffer::empty(Rect::new(0, 0, 42, 16));
                    FunctionChart::new(&plot, ChartLook::default()).render(area, &mut buf);
                }
            }
        }
    }

    #[test]
    fn a_crowded_plot_puts_its_legend_above() {
        // A curve through every corner: y = x² − 4 on [−3, 3] fills the top
        // corners and the flat bottom; with a long label nothing fits inside.
        let parabola = |x: f64| (x * x - 4.0, 2.0 * x);
        let main = Labelled("a long label that fits in no corner".into(), parabola);
        let plot = Plot::sample(&main, NONE, (-3.0, 3.0), 80, false);
        let area = Rect::new(0, 0, 40, 12);
        let mut buf = Buffer::empty(area);
        FunctionChart::new(&plot, ChartLook::default()).render(area, &mut buf);
        let first = text(&buf).lines().next().unwrap_or_default().to_string();
        assert!(first.contains("a long label"), "{}", text(&buf));
    }

    #[test]
    fn ticks_are_nice_and_labelled_where_they_are() {
        // The case: −4…6 must not label its middle (1) as 0.
        let main = Labelled("relu".into(), relu);
        let plot = Plot::sample(&main, NONE, (-4.0, 6.0), 120, false);
        let area = Rect::new(0, 0, 62, 14);
        let mut buf = Buffer::empty(area);
        FunctionChart::new(&plot, ChartLook::default()).render(area, &mut buf);
        let rendered = text(&buf);
        let lines: Vec<Vec<char>> = rendered.lines().map(|l| l.chars().collect()).collect();
        let axis_row = lines.iter().position(|l| l.contains(&'└')).unwrap();
        let left = lines[axis_row].iter().position(|&c| c == '└').unwrap() + 1;
        let cols = lines[axis_row].len() - left;
        let labels: String = lines[axis_row + 1].iter().collect();
        let zero = labels.find(" 0 ").unwrap() + 1;
        // 0 is 40% along 2·cols dots: its cell, and the label's centre, there.
        let want = axis::cell_position(0.0, -4.0, 6.0, cols, 2) + left as f64;
        assert!((zero as f64 + 0.5 - want).abs() <= 0.5, "{rendered}");
        assert_eq!(lines[axis_row][want.floor() as usize], '┬');
    }
}
