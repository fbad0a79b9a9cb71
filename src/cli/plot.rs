//! `acttutor plot`: a braille chart of f and f′ printed to stdout.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::bail;
use clap::Args as ClapArgs;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use super::function::resolve_list;
use super::FunctionArgs;
use crate::func::Func;
use crate::svg;
use crate::tui::widgets::buffer_to_text;
use crate::tui::widgets::chart::{
    chart_title as title_line, svg_chart, ChartLook, FunctionChart, Plot, SAMPLES_PER_COLUMN,
};

/// Smaller than this, no chart is readable.
const MIN_WIDTH: u16 = 20;
const MIN_HEIGHT: u16 = 6;
/// Larger than this is a typo, not a terminal.
const MAX_SIDE: u16 = 1000;

#[derive(Debug, ClapArgs)]
pub struct Args {
    #[command(flatten)]
    pub function: FunctionArgs,

    /// Left end of the x-axis.
    #[arg(long, default_value_t = -5.0, allow_hyphen_values = true)]
    pub from: f64,

    /// Right end of the x-axis.
    #[arg(long, default_value_t = 5.0, allow_hyphen_values = true)]
    pub to: f64,

    /// Width in columns (the chart is never wider).
    #[arg(long, default_value_t = 80)]
    pub width: u16,

    /// Height in lines (the chart is never taller).
    #[arg(long, default_value_t = 24)]
    pub height: u16,

    /// Draw f only.
    #[arg(long)]
    pub no_derivative: bool,

    /// Overlay other catalog functions: --compare relu,silu
    #[arg(long, value_name = "NAME,...")]
    pub compare: Option<String>,

    /// text (the terminal chart) or svg (a picture for notes: 10 px per column,
    /// 20 px per line).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Write to this file instead of stdout (an existing file is kept unless --force).
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// Replace the --output file if it exists.
    #[arg(long, requires = "output")]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Svg,
}

pub fn run(
    args: &Args,
    dots: bool,
    colored: bool,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    check_size(args)?;
    let func = args.function.resolve()?;
    let overlays = match &args.compare {
        Some(names) => resolve_list(names)?,
        None => Vec::new(),
    };
    let look = ChartLook {
        // A file gets plain text, whatever stdout is.
        color: colored && args.output.is_none(),
        braille: !dots,
    };
    let text = match args.format {
        Format::Text => render(&func, &overlays, args, look),
        Format::Svg => render_svg(&func, &overlays, args),
    };
    match &args.output {
        Some(path) => write_output(path, &text, args.force)?,
        None => out.write_all(text.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Pixels per terminal column and line in the SVG picture.
const SVG_COLUMN: f64 = 10.0;
const SVG_LINE: f64 = 20.0;

/// The chart as SVG: the same sampling and bounds as the terminal chart, a
/// sample per pixel.
pub fn render_svg(func: &Func, overlays: &[Func], args: &Args) -> String {
    let size = svg::Size {
        width: f64::from(args.width) * SVG_COLUMN,
        height: f64::from(args.height) * SVG_LINE,
    };
    let plot = Plot::sample(
        func,
        overlays,
        (args.from, args.to),
        size.width as usize,
        !args.no_derivative,
    );
    svg::render(&svg_chart(&plot, title_line(func)), size)
}

fn write_output(path: &Path, text: &str, force: bool) -> anyhow::Result<()> {
    svg::write_file(path, text, force).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => anyhow::anyhow!(
            "{} exists already; use --force to replace it",
            path.display()
        ),
        _ => anyhow::anyhow!("could not write {}: {e}", path.display()),
    })
}

fn check_size(args: &Args) -> anyhow::Result<()> {
    if !(args.from.is_finite() && args.to.is_finite()) {
        bail!("--from and --to must be finite numbers");
    }
    if args.from >= args.to {
        bail!("--from ({}) must be below --to ({})", args.from, args.to);
    }
    if !(args.to - args.from).is_finite() {
        bail!("--from to --to spans more than a number can hold (over 1.8e308)");
    }
    if !(MIN_WIDTH..=MAX_SIDE).contains(&args.width) {
        bail!(
            "--width must be between {MIN_WIDTH} and {MAX_SIDE}, got {}",
            args.width
        );
    }
    if !(MIN_HEIGHT..=MAX_SIDE).contains(&args.height) {
        bail!(
            "--height must be between {MIN_HEIGHT} and {MAX_SIDE}, got {}",
            args.height
        );
    }
    Ok(())
}

/// The chart as text: a title line with the formula, then the chart, within
/// width × height.
pub fn render(func: &Func, overlays: &[Func], args: &Args, look: ChartLook) -> String {
    let samples = args.width as usize * SAMPLES_PER_COLUMN;
    let plot = Plot::sample(
        func,
        overlays,
        (args.from, args.to),
        samples,
        !args.no_derivative,
    );
    let area = Rect::new(0, 0, args.width, args.height - 1);
    let mut buf = Buffer::empty(area);
    FunctionChart::new(&plot, look).render(area, &mut buf);
    // A typed formula may hold whitespace control characters (\r, U+0085).
    let mut title = crate::sanitize::clean_line(&title_line(func)).into_owned();
    if title.chars().count() > args.width as usize {
        title = title
            .chars()
            .take(args.width as usize - 1)
            .collect::<String>()
            + "…";
    }
    format!("{title}\n{}", buffer_to_text(&buf, look.color))
}
