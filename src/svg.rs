//! Charts as SVG files for notes: plain SVG 1.1 (no scripts, no external files),
//! readable in any browser or Markdown viewer.
//!
//! Chart data in, SVG text out: the command line (`plot --format svg`) and the
//! app's "export the chart on screen" key both hand over the curves they sampled.
//! The axes carry true ticks from `crate::axis`, the helper the terminal chart
//! uses: every label sits exactly at the value it names.
//!
//! No terminal code here.

use std::fmt::Write as _;
use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::axis::{fraction, nice_step, tick_label, ticks_with_step};

/// What a curve shows, which sets its colour and dash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CurveRole {
    /// f of the main function.
    Value,
    /// f′ of the main function.
    Slope,
    /// f of an overlaid function; the index picks its colour.
    Overlay(usize),
}

/// One sampled curve: (x, y) points in order of x. Missing stretches (where the
/// function is undefined or off the chart) are gaps between points further apart
/// than the sampling step.
#[derive(Debug, Clone, PartialEq)]
pub struct Curve {
    pub label: String,
    pub role: CurveRole,
    pub points: Vec<(f64, f64)>,
}

/// A chart: a title, the visible ranges and the curves, in drawing order (the last
/// on top).
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub title: String,
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    pub curves: Vec<Curve>,
}

/// The picture's size in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Size {
    pub width: f64,
    pub height: f64,
}

impl Default for Size {
    fn default() -> Self {
        Size {
            width: 800.0,
            height: 480.0,
        }
    }
}

/// Space around the plotting area: left for y labels, bottom for x labels, top
/// for the title.
const LEFT: f64 = 64.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 40.0;
const BOTTOM: f64 = 36.0;
/// About one tick per this many pixels along an axis.
const PIXELS_PER_TICK: f64 = 80.0;

/// Colours a reader can tell apart, also with common colour-vision deficiencies
/// (Paul Tol's "bright" scheme).
const VALUE_COLOR: &str = "#4477AA";
const SLOPE_COLOR: &str = "#EE6677";
const OVERLAY_COLORS: [&str; 5] = ["#228833", "#AA3377", "#CCBB44", "#66CCEE", "#BBBBBB"];

/// The plotting area in pixels and the maps from values to pixels.
struct Frame {
    left: f64,
    top: f64,
    width: f64,
    height: f64,
    x_range: (f64, f64),
    y_range: (f64, f64),
}

impl Frame {
    fn new(size: Size, chart: &Chart) -> Frame {
        Frame {
            left: LEFT,
            top: TOP,
            width: (size.width - LEFT - RIGHT).max(10.0),
            height: (size.height - TOP - BOTTOM).max(10.0),
            x_range: chart.x_range,
            y_range: chart.y_range,
        }
    }

    fn px(&self, x: f64) -> f64 {
        self.left + fraction(x, self.x_range.0, self.x_range.1) * self.width
    }

    /// y grows downwards in SVG.
    fn py(&self, y: f64) -> f64 {
        self.top + (1.0 - fraction(y, self.y_range.0, self.y_range.1)) * self.height
    }

    fn bottom(&self) -> f64 {
        self.top + self.height
    }

    fn right(&self) -> f64 {
        self.left + self.width
    }
}

/// The chart as an SVG 1.1 document.
pub fn render(chart: &Chart, size: Size) -> String {
    let frame = Frame::new(size, chart);
    let mut svg = String::new();
    let _ = writeln!(svg, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif" font-size="12">"#,
        w = size.width,
        h = size.height
    );
    let _ = writeln!(svg, "<title>{}</title>", escape(&chart.title));
    let _ = writeln!(
        svg,
        r#"<rect width="{}" height="{}" fill="white"/>"#,
        size.width, size.height
    );
    let _ = writeln!(
        svg,
        r#"<text x="{}" y="24" font-size="14">{}</text>"#,
        LEFT,
        escape(&chart.title)
    );
    axes(&mut svg, &frame);
    for curve in &chart.curves {
        curve_path(&mut svg, &frame, curve);
    }
    legend(&mut svg, &frame, &chart.curves);
    svg.push_str("</svg>\n");
    svg
}

/// Grid lines and labels at nice ticks, the zero lines darker, and a frame.
fn axes(svg: &mut String, f: &Frame) {
    let (x_lo, x_hi) = f.x_range;
    let (y_lo, y_hi) = f.y_range;
    let x_count = (f.width / PIXELS_PER_TICK) as usize + 1;
    let y_count = (f.height / PIXELS_PER_TICK) as usize + 1;
    if let Some(step) = nice_step(x_lo, x_hi, x_count.max(2)) {
        for x in ticks_with_step(x_lo, x_hi, step) {
            let px = f.px(x);
            let _ = writeln!(
                svg,
                r##"<line class="tick-x" x1="{px:.2}" y1="{:.2}" x2="{px:.2}" y2="{:.2}" stroke="{}" stroke-width="1"/>"##,
                f.top,
                f.bottom(),
                grid_color(x)
            );
            let _ = writeln!(
                svg,
                r#"<text class="tick-x-label" x="{px:.2}" y="{:.2}" text-anchor="middle">{}</text>"#,
                f.bottom() + 16.0,
                escape(&tick_label(x, step))
            );
        }
    }
    if let Some(step) = nice_step(y_lo, y_hi, y_count.max(2)) {
        for y in ticks_with_step(y_lo, y_hi, step) {
            let py = f.py(y);
            let _ = writeln!(
                svg,
                r##"<line class="tick-y" x1="{:.2}" y1="{py:.2}" x2="{:.2}" y2="{py:.2}" stroke="{}" stroke-width="1"/>"##,
                f.left,
                f.right(),
                grid_color(y)
            );
            let _ = writeln!(
                svg,
                r#"<text class="tick-y-label" x="{:.2}" y="{:.2}" text-anchor="end">{}</text>"#,
                f.left - 6.0,
                py + 4.0,
                escape(&tick_label(y, step))
            );
        }
    }
    let _ = writeln!(
        svg,
        r##"<rect class="plot-area" x="{:.2}" y="{:.2}" width="{:.2}" height="{:.2}" fill="none" stroke="#555555" stroke-width="1"/>"##,
        f.left, f.top, f.width, f.height
    );
}

/// The zero lines stand out from the rest of the grid.
fn grid_color(value: f64) -> &'static str {
    if value == 0.0 {
        "#888888"
    } else {
        "#E4E4E4"
    }
}

fn color(role: CurveRole) -> &'static str {
    match role {
        CurveRole::Value => VALUE_COLOR,
        CurveRole::Slope => SLOPE_COLOR,
        CurveRole::Overlay(i) => OVERLAY_COLORS[i % OVERLAY_COLORS.len()],
    }
}

/// f′ dashed, so the two curves differ in print too.
fn dash(role: CurveRole) -> &'static str {
    match role {
        CurveRole::Slope => r#" stroke-dasharray="6 4""#,
        _ => "",
    }
}

fn role_id(role: CurveRole) -> String {
    match role {
        CurveRole::Value => "value".into(),
        CurveRole::Slope => "slope".into(),
        CurveRole::Overlay(i) => format!("overlay-{i}"),
    }
}

/// One curve as a path, lifted over gaps; points outside the chart are skipped
/// (they would break the frame).
fn curve_path(svg: &mut String, f: &Frame, curve: &Curve) {
    let d = path_data(f, &curve.points);
    if d.is_empty() {
        return;
    }
    let _ = writeln!(
        svg,
        r#"<path id="curve-{}" d="{d}" fill="none" stroke="{}" stroke-width="2"{}><title>{}</title></path>"#,
        role_id(curve.role),
        color(curve.role),
        dash(curve.role),
        escape(&curve.label)
    );
}

fn path_data(f: &Frame, points: &[(f64, f64)]) -> String {
    let typical_gap = typical_gap(points);
    let inside = |&(x, y): &(f64, f64)| {
        x.is_finite()
            && y.is_finite()
            && (f.x_range.0..=f.x_range.1).contains(&x)
            && (f.y_range.0..=f.y_range.1).contains(&y)
    };
    let mut d = String::new();
    let mut previous: Option<(f64, f64)> = None;
    for p in points.iter().filter(|p| inside(p)) {
        let (x, y) = (f.px(p.0), f.py(p.1));
        // A jump across half the chart between neighbouring samples is a pole or
        // a step: no line is drawn through it.
        let joined = previous.is_some_and(|(last, last_y)| {
            p.0 - last <= 1.5 * typical_gap && (y - last_y).abs() <= f.height / 2.0
        });
        let command = if joined { 'L' } else { 'M' };
        if !d.is_empty() {
            d.push(' ');
        }
        let _ = write!(d, "{command}{x:.2},{y:.2}");
        previous = Some((p.0, y));
    }
    d
}

/// The smallest spacing between neighbouring samples (the sampling step).
fn typical_gap(points: &[(f64, f64)]) -> f64 {
    points
        .windows(2)
        .map(|w| w[1].0 - w[0].0)
        .filter(|g| *g > 0.0)
        .fold(f64::INFINITY, f64::min)
}

/// A box in the top right corner with a short line and the label of each curve.
fn legend(svg: &mut String, f: &Frame, curves: &[Curve]) {
    if curves.is_empty() {
        return;
    }
    let longest = curves
        .iter()
        .map(|c| c.label.chars().count())
        .max()
        .unwrap_or(0) as f64;
    let width = (longest * 7.0 + 44.0).min(f.width);
    let height = curves.len() as f64 * 18.0 + 8.0;
    let (x, y) = legend_corner(f, curves, width, height);
    let _ = writeln!(
        svg,
        r##"<g class="legend"><rect x="{x:.2}" y="{y:.2}" width="{width:.2}" height="{height:.2}" fill="white" fill-opacity="0.85" stroke="#CCCCCC"/>"##
    );
    // The main curve first, as a reader looks for it first.
    let mut order: Vec<&Curve> = curves.iter().collect();
    order.sort_by_key(|c| match c.role {
        CurveRole::Value => 0,
        CurveRole::Slope => 1,
        CurveRole::Overlay(i) => 2 + i,
    });
    for (i, curve) in order.iter().enumerate() {
        let row = y + 16.0 + i as f64 * 18.0;
        let _ = writeln!(
            svg,
            r#"<line x1="{:.2}" y1="{:.2}" x2="{:.2}" y2="{:.2}" stroke="{}" stroke-width="2"{}/>"#,
            x + 8.0,
            row - 4.0,
            x + 30.0,
            row - 4.0,
            color(curve.role),
            dash(curve.role)
        );
        let _ = writeln!(
            svg,
            r#"<text x="{:.2}" y="{row:.2}">{}</text>"#,
            x + 36.0,
            escape(&curve.label)
        );
    }
    svg.push_str("</g>\n");
}

/// The corner of the plotting area (top left, top right, bottom right, bottom
/// left, in that order of preference) whose box of `width` × `height` covers the
/// fewest curve points.
fn legend_corner(f: &Frame, curves: &[Curve], width: f64, height: f64) -> (f64, f64) {
    let (left, right) = (f.left + 8.0, f.right() - width - 8.0);
    let (top, bottom) = (f.top + 8.0, f.bottom() - height - 8.0);
    let covered = |&(x, y): &(f64, f64)| {
        curves
            .iter()
            .flat_map(|c| c.points.iter())
            .filter(|p| {
                let (px, py) = (f.px(p.0), f.py(p.1));
                px >= x && px <= x + width && py >= y && py <= y + height
            })
            .count()
    };
    [(left, top), (right, top), (right, bottom), (left, bottom)]
        .into_iter()
        .min_by_key(|corner| covered(corner))
        .unwrap_or((right, top))
}

/// Text made safe inside an XML element or attribute. Control characters (not
/// allowed in XML 1.0) become U+FFFD.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() && !matches!(c, '\t' | '\n') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Write `contents` to `path`, refusing to replace an existing file unless `force`.
/// Without `force` the file is created atomically (no race with another writer).
pub fn write_file(path: &Path, contents: &str, force: bool) -> io::Result<()> {
    let mut file = if force {
        OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(path)?
    } else {
        OpenOptions::new().write(true).create_new(true).open(path)?
    };
    file.write_all(contents.as_bytes())?;
    file.flush()
}

/// Write `contents` into `dir` under a name not taken yet, `stem.svg`, then
/// `stem-2.svg`, `stem-3.svg`, …; never overwrites. Returns the path written (for
/// the app's "exported to …" message).
pub fn save_fresh(dir: &Path, stem: &str, contents: &str) -> io::Result<PathBuf> {
    const TRIES: usize = 10_000;
    for n in 1..=TRIES {
        let name = if n == 1 {
            format!("{stem}.svg")
        } else {
            format!("{stem}-{n}.svg")
        };
        let path = dir.join(name);
        match write_file(&path, contents, false) {
            Ok(()) => return Ok(path),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!("{TRIES} files named {stem}*.svg exist already"),
    ))
}

/// A file-name stem from a function label: letters, digits, `-` and `_` only
/// (`x*sigmoid(x)` → `x_sigmoid_x`), never empty.
pub fn file_stem(label: &str) -> String {
    let mut stem = String::new();
    for c in label.chars() {
        if c.is_ascii_alphanumeric() || c == '-' {
            stem.push(c);
        } else if !stem.ends_with('_') {
            stem.push('_');
        }
    }
    let stem: String = stem.trim_matches('_').chars().take(40).collect();
    if stem.is_empty() {
        "chart".into()
    } else {
        stem
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_and_controls() {
        assert_eq!(
            escape(r#"a<b & "c" 'd'>"#),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;"
        );
        assert_eq!(escape("x\u{1b}[2J"), "x\u{FFFD}[2J");
    }

    #[test]
    fn stems_are_safe_file_names() {
        assert_eq!(file_stem("x*sigmoid(x)"), "x_sigmoid_x");
        assert_eq!(file_stem("gelu"), "gelu");
        assert_eq!(file_stem("../../etc"), "etc");
        assert_eq!(file_stem("**"), "chart");
    }

    #[test]
    fn the_legend_avoids_the_curves() {
        // A curve along the top edge: the legend goes to the bottom right.
        let chart = Chart {
            title: "t".into(),
            x_range: (0.0, 1.0),
            y_range: (0.0, 1.0),
            curves: vec![Curve {
                label: "f".into(),
                role: CurveRole::Value,
                points: (0..=100).map(|i| (f64::from(i) / 100.0, 0.98)).collect(),
            }],
        };
        let f = Frame::new(Size::default(), &chart);
        let (x, y) = legend_corner(&f, &chart.curves, 60.0, 30.0);
        assert_eq!((x, y), (f.right() - 60.0 - 8.0, f.bottom() - 30.0 - 8.0));
    }

    #[test]
    fn gaps_lift_the_pen() {
        let chart = Chart {
            title: "t".into(),
            x_range: (0.0, 4.0),
            y_range: (0.0, 1.0),
            curves: vec![],
        };
        let f = Frame::new(Size::default(), &chart);
        let d = path_data(&f, &[(0.0, 0.5), (1.0, 0.5), (3.0, 0.5), (4.0, 0.5)]);
        assert_eq!(d.matches('M').count(), 2, "{d}");
        assert_eq!(d.matches('L').count(), 2, "{d}");
    }
}
