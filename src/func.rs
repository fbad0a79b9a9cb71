//! A plottable, trainable function of one input: a catalog entry with its
//! parameters, or (once typed in the playground) a formula.

use crate::activation::{numeric_peak_slope, Configured};

/// Anything acttutor can plot, grade against or train with.
#[derive(Clone, Debug, PartialEq)]
pub enum Func {
    Catalog(Configured),
}

impl Func {
    /// f(x) and f′(x).
    #[inline]
    pub fn eval(&self, x: f64) -> (f64, f64) {
        match self {
            Func::Catalog(c) => c.eval(x),
        }
    }

    /// A short label for legends and reports.
    pub fn label(&self) -> String {
        match self {
            Func::Catalog(c) => c.label(),
        }
    }

    /// The largest |f′|: exact for catalog entries, searched numerically otherwise.
    pub fn peak_slope(&self) -> f64 {
        match self {
            Func::Catalog(c) => c.peak_slope(),
        }
    }

    /// The catalog entry, if this is one.
    pub fn catalog(&self) -> Option<&Configured> {
        match self {
            Func::Catalog(c) => Some(c),
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
