//! `acttutor derive FORMULA|NAME [--steps] [--pretty]`: the derivative as a formula.
//!
//! Without flags the output is one line in the expression language, so it can be
//! fed back to `--expr`. A catalog name is derived from the function's definition.

use std::io::Write;
use std::process::ExitCode;

use clap::Args as ClapArgs;

use crate::activation;
use crate::expr::{self, Derivation};

#[derive(Debug, ClapArgs)]
pub struct Args {
    /// A formula in x, e.g. "x*sigmoid(x)", or a catalog name, e.g. gelu.
    #[arg(value_name = "FORMULA|NAME", allow_hyphen_values = true)]
    pub formula: String,

    /// Print the rules applied, one per line, before the derivative.
    #[arg(long)]
    pub steps: bool,

    /// Write the derivative with σ, Φ, ·, − and superscripts (not readable by --expr).
    #[arg(long)]
    pub pretty: bool,
}

pub fn run(args: &Args, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let derivation = derivation_of(&args.formula)?;
    out.write_all(render(&derivation, args.steps, args.pretty).as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// A catalog name (or alias) is derived from its definition; anything else is
/// read as a formula.
fn derivation_of(input: &str) -> anyhow::Result<Derivation> {
    let result = match activation::find(input.trim()) {
        Some(act) => expr::derive_function(&act.configured()),
        None => expr::derive(input),
    };
    result.map_err(|e| anyhow::anyhow!("{e}"))
}

/// The steps (if asked for), then the derivative on its own line.
pub fn render(derivation: &Derivation, steps: bool, pretty: bool) -> String {
    let mut text = String::new();
    if steps {
        text.push_str(&format!("d/dx {}\n", derivation.subject));
        for line in derivation.lines() {
            text.push_str(&format!("  {line}\n"));
        }
    }
    let result = if pretty {
        derivation.pretty()
    } else {
        derivation.text().to_string()
    };
    text.push_str(&result);
    text.push('\n');
    text
}
