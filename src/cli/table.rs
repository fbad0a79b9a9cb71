//! `acttutor table`: the comparison table of the catalog as text, CSV or Markdown.

use std::io::Write;
use std::process::ExitCode;

use clap::{Args as ClapArgs, ValueEnum};

use crate::activation::{Activation, CATALOG};
use crate::format::shortest;

#[derive(Debug, Clone, Copy, ValueEnum, Default)]
pub enum Format {
    #[default]
    Text,
    Csv,
    Markdown,
}

#[derive(Debug, ClapArgs)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// The CSV header; scripts rely on it exactly. New columns are only ever
/// appended: `params` (KEY=DEFAULT;… as `--param` takes them), `answered` (the
/// problem the function answered) and `still_suffers` (the problem it keeps, with
/// `→` the entries that took it on next).
pub const CSV_HEADER: &str = "name,formula,derivative,range,zero_centered,monotonic,smooth,saturates,year,paper,params,answered,still_suffers";

/// Columns in a row.
const COLUMNS: usize = 13;

/// One row of the table, as display strings (shared by every format and the app).
pub fn row(a: &Activation) -> [String; COLUMNS] {
    [
        a.name.to_string(),
        a.formula.to_string(),
        a.derivative.to_string(),
        a.range.to_string(),
        yes_no(a.zero_centered).to_string(),
        yes_no(a.monotonic).to_string(),
        a.smooth.label().to_string(),
        a.saturates.to_string(),
        a.year.map(|y| y.to_string()).unwrap_or_default(),
        a.paper.to_string(),
        params_text(a),
        a.answered.to_string(),
        a.still_suffers.to_string(),
    ]
}

/// `alpha=0.01`, `threshold=0;max_value=inf`: each parameter with its default,
/// in the form `--param` takes; empty for none.
pub fn params_text(a: &Activation) -> String {
    a.params
        .iter()
        .map(|p| format!("{}={}", p.key, shortest(p.default)))
        .collect::<Vec<_>>()
        .join(";")
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

pub fn run(args: &Args, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    match args.format {
        Format::Csv => write_csv(out)?,
        Format::Markdown => write_markdown(out)?,
        Format::Text => write_text(out)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn write_csv(out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "{CSV_HEADER}")?;
    for a in CATALOG.iter() {
        let fields: Vec<String> = row(a).iter().map(|f| csv_field(f)).collect();
        writeln!(out, "{}", fields.join(","))?;
    }
    Ok(())
}

/// RFC 4180: quote fields holding a comma, quote or newline; double inner quotes.
pub fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\n']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

fn write_markdown(out: &mut impl Write) -> std::io::Result<()> {
    writeln!(
        out,
        "| name | formula | derivative | range | zero-centred | monotonic | smooth | saturates | year | paper | params | answered | still suffers |"
    )?;
    writeln!(out, "|{}", "---|".repeat(COLUMNS))?;
    for a in CATALOG.iter() {
        let cells: Vec<String> = row(a).iter().map(|c| c.replace('|', "\\|")).collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    Ok(())
}

/// Columns of the text table's properties: (header, index into `row`).
const TEXT_COLUMNS: [(&str, usize); 9] = [
    ("name", 0),
    ("formula", 1),
    ("range", 3),
    ("zero-ctr", 4),
    ("monotonic", 5),
    ("smooth", 6),
    ("year", 8),
    ("params", 10),
    ("saturates", 7),
];

/// The text table's history: why each function came and what it still suffers.
const HISTORY_COLUMNS: [(&str, usize); 3] = [("name", 0), ("answered", 11), ("still suffers", 12)];

fn write_text(out: &mut impl Write) -> std::io::Result<()> {
    let rows: Vec<[String; COLUMNS]> = CATALOG.iter().map(row).collect();
    write_text_columns(out, &rows, &TEXT_COLUMNS)?;
    writeln!(out)?;
    write_text_columns(out, &rows, &HISTORY_COLUMNS)
}

/// Aligned columns, two spaces apart, with a header line.
fn write_text_columns(
    out: &mut impl Write,
    rows: &[[String; COLUMNS]],
    columns: &[(&str, usize)],
) -> std::io::Result<()> {
    let widths: Vec<usize> = columns
        .iter()
        .map(|(header, i)| {
            rows.iter()
                .map(|r| r[*i].chars().count())
                .chain([header.len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: Vec<&str>| -> String {
        cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    writeln!(out, "{}", line(columns.iter().map(|(h, _)| *h).collect()))?;
    for r in rows {
        writeln!(
            out,
            "{}",
            line(columns.iter().map(|(_, i)| r[*i].as_str()).collect())
        )?;
    }
    Ok(())
}
