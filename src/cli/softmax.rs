//! `acttutor softmax`: the probabilities of some logits.

use std::io::Write;
use std::process::ExitCode;

use anyhow::bail;
use clap::Args as ClapArgs;

use super::values::{write_json_rows, Format};
use crate::activation::softmax::softmax;
use crate::format::shortest;

#[derive(Debug, ClapArgs)]
pub struct Args {
    /// The logits, e.g. 2.0 1.0 0.1
    #[arg(required = true, allow_negative_numbers = true, value_name = "LOGIT")]
    pub logits: Vec<f64>,

    /// Divide the logits by T first: T > 1 flattens, T < 1 sharpens.
    #[arg(long, short = 't', default_value_t = 1.0)]
    pub temperature: f64,

    /// Output format: CSV (header `logit,probability`) or JSON (an array of
    /// {"logit", "probability"} objects), as `values` prints.
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub format: Format,
}

pub fn run(args: &Args, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    if !(args.temperature > 0.0 && args.temperature.is_finite()) {
        bail!(
            "--temperature must be a positive number, got {}",
            args.temperature
        );
    }
    if args.logits.iter().any(|z| !z.is_finite()) {
        bail!("logits must be finite numbers");
    }
    let Some(p) = softmax(&args.logits, args.temperature) else {
        bail!("softmax needs at least one logit");
    };
    let rows = args.logits.iter().zip(&p);
    match args.format {
        Format::Csv => {
            writeln!(out, "logit,probability")?;
            for (z, p) in rows {
                writeln!(out, "{},{}", shortest(*z), shortest(*p))?;
            }
        }
        Format::Json => write_json_rows(
            out,
            rows.map(|(z, p)| serde_json::json!({ "logit": z, "probability": p })),
        )?,
    }
    Ok(ExitCode::SUCCESS)
}
