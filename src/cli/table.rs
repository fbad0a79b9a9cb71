//! `acttutor table`: the comparison table of the catalog as text, CSV or Markdown.

use std::io::Write;
use std::process::ExitCode;

use clap::{Args as ClapArgs, ValueEnum};

use crate::activation::{Activation, CATALOG};

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

/// The CSV header; scripts rely on it exactly.
pub const CSV_HEADER: &str =
    "name,formula,derivative,range,zero_centered,monotonic,smooth,saturates,year,paper";

/// One row of the table, as display strings (shared by every format and the app).
pub fn row(a: &Activation) -> [String; 10] {
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
    ]
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
        "| name | formula | derivative | range | zero-centred | monotonic | smooth | saturates | year | paper |"
    )?;
    writeln!(out, "|---|---|---|---|---|---|---|---|---|---|")?;
    for a in CATALOG.iter() {
        let cells: Vec<String> = row(a).iter().map(|c| c.replace('|', "\\|")).collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    Ok(())
}

/// Columns of the text table: (header, index into `row`).
const TEXT_COLUMNS: [(&str, usize); 8] = [
    ("name", 0),
    ("formula", 1),
    ("range", 3),
    ("zero-ctr", 4),
    ("monotonic", 5),
    ("smooth", 6),
    ("year", 8),
    ("saturates", 7),
];

fn write_text(out: &mut impl Write) -> std::io::Result<()> {
    let rows: Vec<[String; 10]> = CATALOG.iter().map(row).collect();
    let widths: Vec<usize> = TEXT_COLUMNS
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
    writeln!(
        out,
        "{}",
        line(TEXT_COLUMNS.iter().map(|(h, _)| *h).collect())
    )?;
    for r in &rows {
        writeln!(
            out,
            "{}",
            line(TEXT_COLUMNS.iter().map(|(_, i)| r[*i].as_str()).collect())
        )?;
    }
    Ok(())
}
