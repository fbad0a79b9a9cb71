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

/// What charts and searches need of a function: catalog entries, formulas and
/// plain closures (`Labelled`) alike.
pub trait Evaluate {
    /// f(x) and f′(x).
    fn eval(&self, x: f64) -> (f64, f64);
    fn label(&self) -> String;
    /// The catalog entry behind it, for parameter read-outs.
    fn entry(&self) -> Option<&Configured> {
        None
    }
    fn f(&self, x: f64) -> f64 {
        self.eval(x).0
    }
    fn df(&self, x: f64) -> f64 {
        self.eval(x).1
    }
}

impl Evaluate for Configured {
    fn eval(&self, x: f64) -> (f64, f64) {
        Configured::eval(self, x)
    }
    fn label(&self) -> String {
        Configured::label(self)
    }
    fn entry(&self) -> Option<&Configured> {
        Some(self)
    }
}

impl Evaluate for Func {
    fn eval(&self, x: f64) -> (f64, f64) {
        Func::eval(self, x)
    }
    fn label(&self) -> String {
        Func::label(self)
    }
    fn entry(&self) -> Option<&Configured> {
        self.catalog()
    }
}

/// A closure with a name: anything that returns (f, f′) can be charted.
pub struct Labelled<E: Fn(f64) -> (f64, f64)>(pub String, pub E);

impl<E: Fn(f64) -> (f64, f64)> Evaluate for Labelled<E> {
    fn eval(&self, x: f64) -> (f64, f64) {
        (self.1)(x)
    }
    fn label(&self) -> String {
        self.0.clone()
    }
}

/// Peak of |f′| for any evaluator (used for formulas without a closed form).
pub fn searched_peak_slope(eval: impl Fn(f64) -> (f64, f64)) -> f64 {
    numeric_peak_slope(|x| eval(x).1).value
}
