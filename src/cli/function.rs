//! Choosing the function a command works on: a catalog name with `--param`s.

use anyhow::Context;
use clap::Args as ClapArgs;

use crate::activation;
use crate::func::Func;

#[derive(Debug, Clone, ClapArgs)]
pub struct FunctionArgs {
    /// A catalog name or alias, e.g. gelu, leaky_relu, logistic (case-insensitive).
    #[arg(value_name = "NAME")]
    pub name: Option<String>,

    /// Set a parameter, e.g. --param alpha=0.1 (repeatable).
    #[arg(long = "param", value_name = "KEY=VALUE")]
    pub params: Vec<String>,
}

impl FunctionArgs {
    /// The function these arguments name.
    pub fn resolve(&self) -> anyhow::Result<Func> {
        let name = self
            .name
            .as_deref()
            .context("name a function, e.g. `gelu` (see `acttutor table`)")?;
        let act = activation::lookup(name)?;
        Ok(Func::Catalog(activation::configure(act, &self.params)?))
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
