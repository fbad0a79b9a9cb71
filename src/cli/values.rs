//! `acttutor values`: f(x) and f′(x) at chosen points, as CSV or JSON.

use std::io::Write;

use anyhow::bail;
use clap::{Args as ClapArgs, ValueEnum};

use super::{parse_number, FunctionArgs};
use crate::activation::{Kind, CATALOG};
use crate::format::shortest;

/// More rows than anyone reads; a guard against `--range 0:1e9:1e-9`.
const MAX_ROWS: usize = 1_000_000;

#[derive(Debug, Clone, Copy, ValueEnum, Default)]
pub enum Format {
    #[default]
    Csv,
    Json,
}

#[derive(Debug, ClapArgs)]
#[command(after_help = parameters_help())]
pub struct Args {
    #[command(flatten)]
    pub function: FunctionArgs,

    /// Points, comma-separated: --at -1,0,0.5
    #[arg(
        long,
        value_name = "X,X,...",
        allow_hyphen_values = true,
        conflicts_with = "range"
    )]
    pub at: Option<String>,

    /// An evenly spaced range: --range -3:3:0.5
    #[arg(long, value_name = "FROM:TO:STEP", allow_hyphen_values = true)]
    pub range: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub format: Format,
}

pub fn run(args: &Args, out: &mut impl Write) -> anyhow::Result<std::process::ExitCode> {
    let func = args.function.resolve()?;
    let xs = match (&args.at, &args.range) {
        (Some(at), _) => parse_points(at)?,
        (None, Some(range)) => parse_range(range)?,
        (None, None) => bail!("give the points with --at X,X,... or --range FROM:TO:STEP"),
    };
    if let Some(note) = gate_note(&func) {
        eprintln!("{note}");
    }
    let rows = xs.iter().map(|&x| {
        let (f, df) = func.eval(x);
        (x, f, df)
    });
    match args.format {
        Format::Csv => {
            writeln!(out, "x,f,df")?;
            for (x, f, df) in rows {
                writeln!(out, "{},{},{}", shortest(x), shortest(f), shortest(df))?;
            }
        }
        Format::Json => {
            let rows = rows.map(|(x, f, df)| serde_json::json!({ "x": x, "f": f, "df": df }));
            write_json_rows(out, rows)?;
        }
    }
    Ok(std::process::ExitCode::SUCCESS)
}

/// A JSON array, one object per line (keys in the order given), so that
/// line-based tools and JSON parsers both read it.
pub fn write_json_rows(
    out: &mut impl Write,
    rows: impl Iterator<Item = serde_json::Value>,
) -> std::io::Result<()> {
    writeln!(out, "[")?;
    let mut rows = rows.peekable();
    while let Some(row) = rows.next() {
        let comma = if rows.peek().is_some() { "," } else { "" };
        writeln!(out, "  {row}{comma}")?;
    }
    writeln!(out, "]")
}

/// For a gated entry (glu, swiglu, geglu): which gate was held, and that df is
/// ∂f/∂x, the derivative along the value input.
pub fn gate_note(func: &crate::func::Func) -> Option<String> {
    let c = func.catalog()?;
    if c.act.kind != Kind::Gated {
        return None;
    }
    let index = c.act.param_index("gate")?;
    let gate = c.params[index];
    let how = if gate == c.act.params[index].default {
        "the default; set it with --param gate=G"
    } else {
        "set with --param gate"
    };
    Some(format!(
        "note: {} is gated: x is its value input and the gate is held at g = {} ({how}); df is ∂f/∂x",
        c.act.name,
        shortest(gate)
    ))
}

/// The `values --help` epilogue: every parameter with its default and meaning.
fn parameters_help() -> String {
    let mut text = String::from("Parameters (--param KEY=VALUE; the default after '='):\n");
    for act in CATALOG.iter().filter(|a| !a.params.is_empty()) {
        for (i, p) in act.params.iter().enumerate() {
            let name = if i == 0 { act.name } else { "" };
            let setting = format!("{}={}", p.key, shortest(p.default));
            text.push_str(&format!(
                "  {name:<12} {setting:<16} {} in [{}, {}]: {}\n",
                p.symbol,
                shortest(p.min),
                shortest(p.max),
                p.meaning
            ));
        }
    }
    text.push_str(
        "Every other function takes no parameters. Gated functions (glu, swiglu, geglu) \
         take x as the value input with the gate held at g; their df is ∂f/∂x.",
    );
    text
}

/// `-1,0,0.5` → [-1, 0, 0.5].
pub fn parse_points(text: &str) -> anyhow::Result<Vec<f64>> {
    let points: Vec<f64> = text
        .split(',')
        .map(|part| parse_number(part, "--at"))
        .collect::<anyhow::Result<_>>()?;
    if points.len() > MAX_ROWS {
        bail!("--at: at most {MAX_ROWS} points");
    }
    Ok(points)
}

/// `FROM:TO:STEP` → FROM, FROM+STEP, … up to TO (inclusive, within rounding).
/// Points are rounded to the decimals written in the arguments, so `-1:1:0.1`
/// gives -0.7, not -0.7000000000000001.
pub fn parse_range(text: &str) -> anyhow::Result<Vec<f64>> {
    let parts: Vec<&str> = text.split(':').collect();
    let [from_text, to_text, step_text] = parts.as_slice() else {
        let text = crate::sanitize::clean_quote(text, 60);
        bail!("--range: expected FROM:TO:STEP, got '{text}'");
    };
    let from = parse_number(from_text, "--range FROM")?;
    let to = parse_number(to_text, "--range TO")?;
    let step = parse_number(step_text, "--range STEP")?;
    if step <= 0.0 {
        bail!("--range: STEP must be positive, got {step}");
    }
    if from > to {
        bail!("--range: FROM ({from}) must not be above TO ({to})");
    }
    if !(to - from).is_finite() {
        bail!("--range: the span from FROM to TO is too wide for a number (over 1.8e308)");
    }
    let count = ((to - from) / step + 1e-9).floor() + 1.0;
    if count > MAX_ROWS as f64 {
        bail!("--range: {count} points is too many (at most {MAX_ROWS})");
    }
    let decimals = [from_text, to_text, step_text]
        .iter()
        .map(|t| decimals_written(t))
        .max()
        .unwrap_or(0);
    let scale = 10f64.powi(decimals as i32);
    Ok((0..count as usize)
        .map(|i| {
            let x = from + step * i as f64;
            let scaled = x * scale;
            // Near f64::MAX the scaled value overflows: keep x as computed.
            if decimals <= 12 && scaled.is_finite() {
                scaled.round() / scale
            } else {
                x
            }
        })
        .collect())
}

/// Digits after the decimal point in a number as typed (0 for exponent forms).
fn decimals_written(text: &str) -> usize {
    let text = text.trim();
    if text.contains(['e', 'E']) {
        return 13;
    }
    text.split_once('.').map_or(0, |(_, frac)| frac.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_clean_and_inclusive() {
        let xs = parse_range("-1:1:0.1").unwrap();
        assert_eq!(xs.len(), 21);
        assert_eq!(xs[3], -0.7);
        assert_eq!(*xs.last().unwrap(), 1.0);
        assert_eq!(parse_range("0:1:0.3").unwrap(), vec![0.0, 0.3, 0.6, 0.9]);
        assert_eq!(parse_range("2:2:1").unwrap(), vec![2.0]);
    }

    #[test]
    fn bad_ranges_and_points_are_errors() {
        assert!(parse_range("1:0:0.1").is_err());
        assert!(parse_range("0:1:0").is_err());
        assert!(parse_range("0:1").is_err());
        assert!(parse_range("0:1e9:1e-9").is_err());
        let err = parse_points("1,abc").unwrap_err().to_string();
        assert_eq!(err, "--at: 'abc' is not a number");
        assert!(parse_points("inf").is_err());
        assert!(parse_range("-1e308:1e308:1e307").is_err());
    }

    #[test]
    fn huge_written_decimals_do_not_overflow_to_inf() {
        // 1.5e300 written out with 300 digits and a decimal: scaling by 10^9 for
        // rounding overflows; the point must stay the finite number it is.
        let big = format!("15{}.000000001", "0".repeat(299));
        let xs = parse_range(&format!("{big}:{big}:1")).unwrap();
        assert_eq!(xs.len(), 1);
        assert!(xs[0].is_finite());
        assert_eq!(xs[0], 1.5e300);
    }
}
