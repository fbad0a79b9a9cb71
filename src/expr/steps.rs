//! Derivations: the derivative of a formula or a catalog function as a formula,
//! with the rules applied written out one line each. Plain data, so the command
//! line prints it and the app's screens can show it.

use std::fmt;

use super::catalog_rules::definition;
use super::compile::Compiled;
use super::differentiate::{derivative, Recorder, MAX_NODES};
pub use super::differentiate::{Step, MAX_STEPS};
use super::error::ExprError;
use super::parser::parse_tree;
use super::simplify::simplify;
use super::symbolic::Sym;
use super::MAX_LEN;
use crate::activation::Configured;

/// A derivative and how it was found.
#[derive(Debug, Clone)]
pub struct Derivation {
    /// What was differentiated, in the pretty notation (e.g. `x·σ(x)`).
    pub subject: String,
    /// The rules applied, outermost first, then the tidying.
    pub steps: Vec<Step>,
    /// Steps left out past `MAX_STEPS`.
    pub omitted_steps: usize,
    derivative: Sym,
    unsimplified: Sym,
    text: String,
}

/// Why there is no derivative to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeriveError {
    /// The formula does not parse (the same positioned error as everywhere else).
    Parse(ExprError),
    /// The derivative would not fit in a formula the language accepts.
    TooLarge { characters: usize, limit: usize },
}

impl fmt::Display for DeriveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeriveError::Parse(e) => write!(f, "{e}"),
            DeriveError::TooLarge { characters, limit } => {
                let size = if *characters > 0 {
                    format!("{characters} characters")
                } else {
                    format!("over {MAX_NODES} terms before tidying")
                };
                write!(
                    f,
                    "the derivative is too large to print ({size}; at most {limit}, \
                     the longest formula acttutor reads); differentiate a smaller part of the formula"
                )
            }
        }
    }
}

impl std::error::Error for DeriveError {}

impl From<ExprError> for DeriveError {
    fn from(e: ExprError) -> Self {
        DeriveError::Parse(e)
    }
}

/// d/dx of a formula in the expression language.
pub fn derive(text: &str) -> Result<Derivation, DeriveError> {
    let parsed = parse_tree(text)?;
    let f = Sym::from_node(&parsed.node);
    let mut rec = Recorder::default();
    if !f.uses_x() {
        rec.say(0, "a constant: its slope is 0 everywhere");
    }
    let raw = derivative(&f, &mut rec, 0);
    finish(f.to_pretty(), raw, rec, None)
}

/// d/dx of a catalog function, derived from its definition: the definition, the
/// rules applied to it, and the textbook form of the result with the reason.
pub fn derive_function(c: &Configured) -> Result<Derivation, DeriveError> {
    let def = definition(c);
    let name = c.label();
    let subject = format!("{name}(x)");
    let mut rec = Recorder::default();
    if def.atomic {
        // A primitive has no body to differentiate: its slope and the reason.
        rec.say(0, format!("{subject} is a primitive: 1 for x ≥ 0, else 0"));
        let closed = def.closed.map(|closed| (closed.derivative, closed.why));
        let (derivative, why) = closed.unwrap_or((Sym::Num(0.0), Vec::new()));
        for line in why {
            rec.say(0, line);
        }
        return checked(subject, derivative.clone(), derivative, rec);
    }
    let body = def.body.to_pretty();
    // sin and tanh are built into the language: no definition to show.
    if body != subject {
        rec.say(0, format!("definition: {subject} = {body}"));
    }
    let raw = derivative(&def.body, &mut rec, 0);
    let closed = def.closed.map(|closed| (closed.derivative, closed.why));
    finish(subject, raw, rec, closed)
}

/// Tidy, bound the size, and close the steps with the result.
fn finish(
    subject: String,
    raw: Sym,
    mut rec: Recorder,
    closed: Option<(Sym, Vec<String>)>,
) -> Result<Derivation, DeriveError> {
    if rec.overflow || raw.size() > MAX_NODES {
        return Err(DeriveError::TooLarge {
            characters: 0,
            limit: MAX_LEN,
        });
    }
    let tidy = simplify(&raw);
    rec.say(0, format!("simplified: {}", tidy.to_pretty()));
    let result = match closed {
        Some((form, why)) => {
            for line in why {
                rec.say(0, line);
            }
            if form != tidy {
                rec.say(0, format!("so f′(x) = {}", form.to_pretty()));
            }
            form
        }
        None => tidy,
    };
    checked(subject, result, raw, rec)
}

/// The derivation, if its derivative fits in a formula the language reads.
fn checked(
    subject: String,
    result: Sym,
    raw: Sym,
    rec: Recorder,
) -> Result<Derivation, DeriveError> {
    let text = result.to_language();
    let characters = text.chars().count();
    if characters > MAX_LEN {
        return Err(DeriveError::TooLarge {
            characters,
            limit: MAX_LEN,
        });
    }
    Ok(Derivation {
        subject,
        steps: rec.steps,
        omitted_steps: rec.omitted,
        derivative: result,
        unsimplified: raw,
        text,
    })
}

impl Derivation {
    /// The derivative in the expression language, on one line (`expr::parse` reads it).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The derivative for reading: σ, Φ, ·, −, superscripts.
    pub fn pretty(&self) -> String {
        self.derivative.to_pretty()
    }

    /// The steps as lines, indented two spaces per level, with a last line saying
    /// how many were left out if the derivation was cut.
    pub fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .steps
            .iter()
            .map(|s| format!("{}{}", "  ".repeat(s.depth), s.text))
            .collect();
        if self.omitted_steps > 0 {
            lines.push(format!("… and {} more steps", self.omitted_steps));
        }
        lines
    }

    /// The derivative compiled for evaluation.
    pub fn compiled(&self) -> Result<Compiled, ExprError> {
        Compiled::new(&self.text, &self.derivative.to_node())
    }

    /// The derivative exactly as the rules produced it, before tidying (for checking
    /// that tidying changes no value).
    pub fn unsimplified(&self) -> Result<Compiled, ExprError> {
        Compiled::new("", &self.unsimplified.to_node())
    }
}
