//! A plottable, trainable function of one input: a catalog entry with its
//! parameters, or (once typed in the playground) a formula.

use std::sync::Arc;

use crate::activation::{numeric_peak_slope, Configured};
use crate::expr;

/// Anything acttutor can plot, grade against or train with.
#[derive(Clone, Debug, PartialEq)]
pub enum Func {
    Catalog(Configured),
    /// A typed formula (an `Arc` so cloning a `Func` stays cheap).
    Expr(Arc<expr::Compiled>),
}

impl Func {
    /// f(x) and f′(x).
    #[inline]
    pub fn eval(&self, x: f64) -> (f64, f64) {
        match self {
            Func::Catalog(c) => c.eval(x),
            Func::Expr(e) => e.eval(x),
        }
    }

    /// A short label for legends and reports.
    pub fn label(&self) -> String {
        match self {
            Func::Catalog(c) => c.label(),
            Func::Expr(e) => e.source().to_string(),
        }
    }

    /// The largest |f′|: exact for catalog entries, searched numerically otherwise.
    pub fn peak_slope(&self) -> f64 {
        match self {
            Func::Catalog(c) => c.peak_slope(),
            Func::Expr(e) => searched_peak_slope(|x| e.eval(x)),
        }
    }

    /// The catalog entry, if this is one.
    pub fn catalog(&self) -> Option<&Configured> {
        match self {
            Func::Catalog(c) => Some(c),
            Func::Expr(_) => None,
        }
    }
}

impl From<Configured> for Func {
    fn from(c: Configured) -> Self {
        Func::Catalog(c)
    }
}

/// Peak of |f′| for any evaluator (used for formulas without a closed form).
pub fn searched_peak_slope(eval: impl Fn(f64) -> (f64, f64)) -> f64 {
    numeric_peak_slope(|x| eval(x).1).value
}
