//! A plottable, trainable function of one input: a catalog entry with its
//! parameters, or (once typed in the playground) a formula.

use std::sync::Arc;

use crate::activation::math::{leaky_relu_and_slope, relu_and_slope, tanh_and_slope_slice};
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

    /// `(f[i], df[i]) = eval(z[i])` for every i, number for number: the match on the
    /// kind of function happens once, and the entries the lab trains with most run
    /// in a loop the compiler can unroll and vectorise.
    pub fn eval_slice(&self, z: &[f64], f: &mut [f64], df: &mut [f64]) {
        match self {
            Func::Catalog(c) => match c.act.name {
                // Each the function the catalog entry's `eval` calls (a test holds
                // every entry's slice to its `eval`).
                "tanh" => tanh_and_slope_slice(z, f, df),
                // Plain ReLU only: a threshold or a cap takes the general path.
                "relu" if c.params == c.act.defaults() => map(z, f, df, relu_and_slope),
                "leaky_relu" | "prelu" => {
                    let alpha = c.params[0];
                    map(z, f, df, |x| leaky_relu_and_slope(x, alpha));
                }
                _ => {
                    let (eval, params) = (c.act.eval, &c.params);
                    map(z, f, df, |x| eval(x, params));
                }
            },
            Func::Expr(e) => map(z, f, df, |x| e.eval(x)),
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

/// `(f[i], df[i]) = g(z[i])` over the common length.
#[inline(always)]
fn map(z: &[f64], f: &mut [f64], df: &mut [f64], g: impl Fn(f64) -> (f64, f64)) {
    for ((&x, f), df) in z.iter().zip(f).zip(df) {
        (*f, *df) = g(x);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activation::CATALOG;

    /// Every entry's slice evaluation gives its `eval`'s numbers, bit for bit.
    #[test]
    fn eval_slice_matches_eval() {
        let mut z: Vec<f64> = (-2000..=2000).map(|i| i as f64 * 0.013).collect();
        z.extend([
            0.0,
            -0.0,
            1e-300,
            -1e-310,
            20.0,
            -40.0,
            400.0,
            -1e300,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ]);
        let mut funcs: Vec<Func> = CATALOG.iter().map(|a| a.configured().into()).collect();
        let mut leaky = crate::activation::find("leaky_relu").unwrap().configured();
        leaky.set_param("alpha", 0.2).unwrap();
        funcs.push(leaky.into());
        let mut capped = crate::activation::find("relu").unwrap().configured();
        capped.set_param("max_value", 6.0).unwrap();
        funcs.push(capped.into());
        funcs.push(Func::Expr(Arc::new(expr::parse("x*tanh(x)").unwrap())));
        let (mut f, mut df) = (vec![0.0; z.len()], vec![0.0; z.len()]);
        for func in &funcs {
            func.eval_slice(&z, &mut f, &mut df);
            for (i, &x) in z.iter().enumerate() {
                let (a, b) = func.eval(x);
                assert_eq!(
                    (f[i].to_bits(), df[i].to_bits()),
                    (a.to_bits(), b.to_bits()),
                    "{} at {x}",
                    func.label()
                );
            }
        }
    }
}
