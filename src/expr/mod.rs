//! Formulas typed by the learner: a small expression language in x, compiled once
//! and evaluated with exact derivatives (forward-mode automatic differentiation).
//!
//! ```text
//! x*tanh(ln(1+exp(x)))     -x^2 = -(x^2)     2^-x     max(0, x)     gelu(2*x)
//! ```
//!
//! Numbers (`1`, `0.5`, `1e-3`, `.5`), `x`, `pi`, `e`; `+ - * / ^` with the usual
//! precedence (`^` right-associative and tighter than unary minus); the functions
//! `exp ln log sqrt abs sin cos tan tanh sinh cosh erf max min` and every catalog
//! activation by name or alias, with its default parameters. Names ignore case.
//! Implicit multiplication (`2x`) is an error that says "use 2*x".
//!
//! No UI code lives here: errors carry a column and can render a caret line.

mod catalog_rules;
mod compile;
mod differentiate;
mod dual;
mod error;
mod grade;
mod lexer;
mod parser;
mod simplify;
mod steps;
mod symbolic;

pub use compile::Compiled;
pub use dual::Dual;
pub use error::ExprError;
pub use grade::{
    compare_formulas, parse_number_answer, sample_points, FormulaVerdict, NumberAnswer,
};
pub use steps::{derive, derive_function, Derivation, DeriveError, Step, MAX_STEPS};

/// Longer input is rejected before parsing.
pub const MAX_LEN: usize = 500;
/// The deepest nesting of parentheses, function calls, signs and powers.
pub const MAX_DEPTH: usize = 64;

/// Parse and compile a formula in x.
pub fn parse(text: &str) -> Result<Compiled, ExprError> {
    let parsed = parser::parse_tree(text)?;
    Compiled::new(text, &parsed.node)
}

/// The value of a formula without x, e.g. a quiz key `4^(-10)`.
pub fn eval_constant(text: &str) -> Result<f64, ExprError> {
    let parsed = parser::parse_tree(text)?;
    if let Some(column) = parsed.first_x {
        return Err(ExprError::new("a constant expression cannot use x", column));
    }
    let value = Compiled::new(text, &parsed.node)?.eval(0.0).0;
    if !value.is_finite() {
        return Err(ExprError::new(
            format!("the expression is not a finite number (it is {value})"),
            1,
        ));
    }
    Ok(value)
}

/// Every name a formula may call: the built-ins, then the catalog's names and aliases.
pub fn function_names() -> impl Iterator<Item = &'static str> {
    parser::builtin_names().chain(crate::activation::all_names())
}

#[cfg(test)]
mod tests;
