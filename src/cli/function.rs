//! Choosing the function a command works on: a catalog name with `--param`s, or a
//! formula with `--expr`.

use std::sync::Arc;

use anyhow::Context;
use clap::Args as ClapArgs;

use crate::activation;
use crate::expr;
use crate::func::Func;

#[derive(Debug, Clone, ClapArgs)]
pub struct FunctionArgs {
    /// A catalog name or alias, e.g. gelu, leaky_relu, logistic (case-insensitive).
    #[arg(value_name = "NAME")]
    pub name: Option<String>,

    /// Set a parameter, e.g. --param alpha=0.1 (repeatable).
    #[arg(long = "param", value_name = "KEY=VALUE")]
    pub params: Vec<String>,

    /// A formula in x instead of a name, e.g. --expr "x*tanh(ln(1+exp(x)))".
    #[arg(
        long = "expr",
        value_name = "F",
        allow_hyphen_values = true,
        conflicts_with_all = ["name", "params"]
    )]
    pub expr: Option<String>,
}

impl FunctionArgs {
    /// The function these arguments name.
    pub fn resolve(&self) -> anyhow::Result<Func> {
        if let Some(text) = &self.expr {
            refuse_control_characters(text)?;
            // One line (the caret rendering is for the app).
            let compiled = expr::parse(text).map_err(|e| anyhow::anyhow!("--expr: {e}"))?;
            return Ok(Func::Expr(Arc::new(compiled)));
        }
        let name = self
            .name
            .as_deref()
            .context("name a function, e.g. `gelu` (see `acttutor table`), or give --expr F")?;
        let act = activation::lookup(name)?;
        Ok(Func::Catalog(activation::configure(act, &self.params)?))
    }
}

/// A formula is echoed in titles, legends and reports: one that holds a control
/// character (a carriage return or U+0085 pass as whitespace) is refused.
fn refuse_control_characters(text: &str) -> anyhow::Result<()> {
    let found = text
        .chars()
        .enumerate()
        .find(|&(_, c)| c != '\t' && crate::sanitize::is_control(c));
    match found {
        Some((i, c)) => anyhow::bail!(
            "--expr: the formula holds a control character ({}) at column {}",
            crate::sanitize::clean_line(&c.to_string()),
            i + 1
        ),
        None => Ok(()),
    }
}

/// Resolve a comma-separated list of catalog names (for `--compare`).
pub fn resolve_list(names: &str) -> anyhow::Result<Vec<Func>> {
    names
        .split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|n| Ok(Func::Catalog(activation::lookup(n)?.configured())))
        .collect()
}
