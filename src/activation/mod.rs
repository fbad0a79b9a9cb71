//! The catalog of activation functions: values, exact derivatives and properties.
//!
//! No UI code lives here. Everything the tutor draws, grades or trains with is
//! computed by these functions.
//!
//! Conventions at kinks follow PyTorch's autograd (documented per entry in
//! `kink_note`): for example relu′(0) = 0, leaky_relu′(0) = α, selu′(0) = λα.

mod analysis;
mod catalog;
pub mod compare;
pub mod gates;
pub mod math;
pub mod softmax;

pub use analysis::{minimum, numeric_peak_slope, Extremum};
pub use catalog::CATALOG;

use crate::sanitize::clean_quote;
use std::fmt;

/// The most parameters any entry takes.
pub const MAX_PARAMS: usize = 2;

/// Parameter values in the order of `Activation::params`; unused slots are 0.
pub type ParamValues = [f64; MAX_PARAMS];

/// f(x) and f′(x) together (most forms share work between the two).
pub type EvalFn = fn(x: f64, params: &ParamValues) -> (f64, f64);

/// A tunable parameter such as Leaky ReLU's α.
#[derive(Debug, Clone, Copy)]
pub struct Param {
    pub key: &'static str,
    pub symbol: &'static str,
    pub default: f64,
    pub min: f64,
    pub max: f64,
    /// The slider's step in the app.
    pub step: f64,
    pub meaning: &'static str,
}

/// Slider positions below an infinite end ("no cap"): stepping down from ∞ lands
/// this many steps above the minimum, and stepping up past it returns to ∞.
const FINITE_STEPS: f64 = 20.0;

impl Param {
    /// The value one slider step up or down from `value`, within range and on
    /// the step's grid (so repeated steps do not drift to 0.30000000000000004).
    /// An infinite maximum (relu's max_value, "no cap") is reached from
    /// min + 20 steps and left back to it.
    pub fn nudged(&self, value: f64, up: bool) -> f64 {
        let top = self.min + FINITE_STEPS * self.step;
        if self.max == f64::INFINITY {
            if value == f64::INFINITY {
                return if up { value } else { top };
            }
            if up && value + self.step > top {
                return f64::INFINITY;
            }
        }
        let moved = value + if up { self.step } else { -self.step };
        crate::axis::snap_to_step(moved.clamp(self.min, self.max), self.step)
    }
}

/// How smooth the function is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Smoothness {
    Discontinuous,
    C0,
    C1,
    CInf,
}

impl Smoothness {
    pub fn label(self) -> &'static str {
        match self {
            Smoothness::Discontinuous => "none",
            Smoothness::C0 => "C0",
            Smoothness::C1 => "C1",
            Smoothness::CInf => "C∞",
        }
    }
}

/// How the peak of |f′| is known.
#[derive(Clone, Copy)]
pub enum Peak {
    /// A closed form that depends on the parameters.
    Exact(fn(&ParamValues) -> f64),
    /// No closed form: found by a numeric search over a wide range.
    Numeric,
}

/// Whether the entry is an ordinary function of one input or a two-input gate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Scalar,
    /// value ⊗ g(gate): plotted against the value input, the gate held fixed by the
    /// `gate` parameter.
    Gated,
}

/// One catalog entry.
pub struct Activation {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    /// A human name, e.g. "Leaky ReLU".
    pub title: &'static str,
    pub formula: &'static str,
    pub derivative: &'static str,
    pub params: &'static [Param],
    pub range: &'static str,
    pub zero_centered: bool,
    pub monotonic: bool,
    pub smooth: Smoothness,
    pub saturates: &'static str,
    pub year: Option<u16>,
    pub paper: &'static str,
    /// What the derivative is at a kink, and why.
    pub kink_note: &'static str,
    /// Why it came: the problem of its predecessors it answered (with the paper).
    pub answered: &'static str,
    /// What it still suffers; `→ name, …` names the catalog entries that took the
    /// problem on next.
    pub still_suffers: &'static str,
    pub kind: Kind,
    pub eval: EvalFn,
    pub peak: Peak,
}

impl fmt::Debug for Activation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Activation")
            .field("name", &self.name)
            .finish()
    }
}

impl Activation {
    /// The default parameter values.
    pub fn defaults(&self) -> ParamValues {
        let mut values = [0.0; MAX_PARAMS];
        for (slot, param) in values.iter_mut().zip(self.params) {
            *slot = param.default;
        }
        values
    }

    /// This entry with its default parameters.
    pub fn configured(&'static self) -> Configured {
        Configured {
            act: self,
            params: self.defaults(),
        }
    }

    pub fn param_index(&self, key: &str) -> Option<usize> {
        self.params
            .iter()
            .position(|p| p.key.eq_ignore_ascii_case(key) || p.symbol == key)
    }
}

/// An activation with its parameter values fixed: the thing that gets plotted,
/// graded and trained with.
#[derive(Clone, Copy, Debug)]
pub struct Configured {
    pub act: &'static Activation,
    pub params: ParamValues,
}

impl PartialEq for Configured {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.act, other.act) && self.params == other.params
    }
}

impl Configured {
    /// f(x) and f′(x).
    #[inline]
    pub fn eval(&self, x: f64) -> (f64, f64) {
        (self.act.eval)(x, &self.params)
    }

    #[inline]
    pub fn f(&self, x: f64) -> f64 {
        self.eval(x).0
    }

    #[inline]
    pub fn df(&self, x: f64) -> f64 {
        self.eval(x).1
    }

    /// The largest |f′(x)| over all x (a supremum where it is only approached).
    pub fn peak_slope(&self) -> f64 {
        match self.act.peak {
            Peak::Exact(peak) => peak(&self.params),
            Peak::Numeric => numeric_peak_slope(|x| self.df(x)).value,
        }
    }

    /// A label such as `leaky_relu(alpha=0.1)`; defaults are left out.
    pub fn label(&self) -> String {
        let changed: Vec<String> = self
            .act
            .params
            .iter()
            .zip(self.params)
            .filter(|(p, v)| *v != p.default)
            .map(|(p, v)| format!("{}={}", p.key, v))
            .collect();
        if changed.is_empty() {
            self.act.name.to_string()
        } else {
            format!("{}({})", self.act.name, changed.join(", "))
        }
    }

    /// Set a parameter by key, checking its range.
    pub fn set_param(&mut self, key: &str, value: f64) -> Result<(), CatalogError> {
        let index = self
            .act
            .param_index(key)
            .ok_or_else(|| CatalogError::UnknownParam {
                activation: self.act.name,
                key: key.to_string(),
            })?;
        let param = &self.act.params[index];
        // An infinite default (relu's max_value: no cap) may be set back to.
        let allowed_infinite = value.is_infinite() && value == param.default;
        if value.is_nan()
            || (value.is_infinite() && !allowed_infinite)
            || value < param.min
            || value > param.max
        {
            return Err(CatalogError::ParamOutOfRange {
                activation: self.act.name,
                key: param.key,
                value,
                min: param.min,
                max: param.max,
            });
        }
        self.params[index] = value;
        Ok(())
    }
}

/// Errors from looking up names and setting parameters.
#[derive(Debug, Clone, PartialEq)]
pub enum CatalogError {
    UnknownName {
        name: String,
        suggestions: Vec<&'static str>,
    },
    UnknownParam {
        activation: &'static str,
        key: String,
    },
    ParamOutOfRange {
        activation: &'static str,
        key: &'static str,
        value: f64,
        min: f64,
        max: f64,
    },
    BadAssignment(String),
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CatalogError::UnknownName { name, suggestions } => {
                write!(f, "unknown activation '{}'", clean_quote(name, QUOTED_MAX))?;
                if suggestions.is_empty() {
                    write!(f, " (see `acttutor table` for the catalog)")
                } else {
                    write!(f, "; did you mean {}?", quote_list(suggestions))
                }
            }
            CatalogError::UnknownParam { activation, key } => {
                let act = find(activation);
                let known: Vec<&str> = act
                    .map(|a| a.params.iter().map(|p| p.key).collect())
                    .unwrap_or_default();
                let key = clean_quote(key, QUOTED_MAX);
                if known.is_empty() {
                    write!(f, "{activation} takes no parameters (got '{key}')")
                } else {
                    write!(
                        f,
                        "{activation} has no parameter '{key}'; it takes {}",
                        quote_list(&known)
                    )
                }
            }
            CatalogError::ParamOutOfRange {
                activation,
                key,
                value,
                min,
                max,
            } => write!(
                f,
                "{activation}: {key}={value} is outside its range [{min}, {max}]"
            ),
            CatalogError::BadAssignment(text) => {
                let text = clean_quote(text, QUOTED_MAX);
                write!(f, "expected KEY=VALUE with a number, got '{text}'")
            }
        }
    }
}

impl std::error::Error for CatalogError {}

/// Input quoted in an error is cut to this many characters and cleaned of
/// control characters (it may come from a lesson or an argument).
const QUOTED_MAX: usize = 60;

/// Longer than this, a word is no typo of a name: `closest` does not compare it
/// (the edit distance costs len × len; a 1M-character name took seconds).
pub const MAX_TYPO_LEN: usize = 64;

fn quote_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("'{s}'")).collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        n => format!("{} or {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

/// Look an entry up by name or alias, ignoring case, spaces, dashes and underscores
/// (`Leaky-ReLU`, `leaky relu` and `leaky_relu` are the same).
pub fn find(name: &str) -> Option<&'static Activation> {
    let wanted = fold_name(name);
    CATALOG.iter().find(|a| {
        fold_name(a.name) == wanted || a.aliases.iter().any(|alias| fold_name(alias) == wanted)
    })
}

/// Look up a name or explain, with the closest names, why it is not there.
pub fn lookup(name: &str) -> Result<&'static Activation, CatalogError> {
    find(name).ok_or_else(|| CatalogError::UnknownName {
        name: name.to_string(),
        suggestions: suggest(name),
    })
}

fn fold_name(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '_' | '-' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Up to three catalog names closest to `name` (edit distance), for "did you mean".
pub fn suggest(name: &str) -> Vec<&'static str> {
    closest(name, all_names(), 3)
}

/// Every name and alias in the catalog.
pub fn all_names() -> impl Iterator<Item = &'static str> {
    CATALOG
        .iter()
        .flat_map(|a| std::iter::once(a.name).chain(a.aliases.iter().copied()))
}

/// The `limit` candidates closest to `word`, skipping those too far to be a typo.
pub fn closest<'a>(
    word: &str,
    candidates: impl Iterator<Item = &'a str>,
    limit: usize,
) -> Vec<&'a str> {
    if word.chars().nth(MAX_TYPO_LEN).is_some() {
        return Vec::new();
    }
    let wanted = word.to_lowercase();
    let mut scored: Vec<(usize, &str)> = candidates
        .map(|c| {
            let lower = c.to_lowercase();
            let mut distance = edit_distance(&wanted, &lower);
            // A prefix or substring ("gel" for "gelu") is a strong hint.
            if !wanted.is_empty() && lower.contains(&wanted) {
                distance = distance.min(1);
            }
            (distance, c)
        })
        .filter(|(d, c)| *d <= (c.len().max(wanted.len()) / 2).max(2))
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(limit).map(|(_, c)| c).collect()
}

/// Edit distance with adjacent transpositions (optimal string alignment), so the
/// common typo "rleu" is one step from "relu".
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// Parse `KEY=VALUE` assignments onto an entry's defaults.
pub fn configure(
    act: &'static Activation,
    assignments: &[String],
) -> Result<Configured, CatalogError> {
    let mut configured = act.configured();
    for text in assignments {
        let (key, value) = text
            .split_once('=')
            .ok_or_else(|| CatalogError::BadAssignment(text.clone()))?;
        let value: f64 = value
            .trim()
            .parse()
            .map_err(|_| CatalogError::BadAssignment(text.clone()))?;
        configured.set_param(key.trim(), value)?;
    }
    Ok(configured)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_found_case_insensitively() {
        let names: Vec<&str> = all_names().collect();
        for (i, a) in names.iter().enumerate() {
            assert!(!names[i + 1..].contains(a), "duplicate name {a}");
            assert!(find(&a.to_uppercase()).is_some(), "{a}");
        }
        assert_eq!(find("Logistic").map(|a| a.name), Some("sigmoid"));
        assert_eq!(find("Leaky-ReLU").map(|a| a.name), Some("leaky_relu"));
    }

    #[test]
    fn suggestions_find_typos() {
        assert_eq!(suggest("rleu").first(), Some(&"relu"));
        assert!(suggest("gelu_tan").contains(&"gelu_tanh"));
        assert!(suggest("sigmod").contains(&"sigmoid"));
        assert!(suggest("qqqqqqqqqqqq").is_empty());
    }

    #[test]
    fn configure_checks_keys_and_ranges() {
        let leaky = find("leaky_relu").unwrap();
        let c = configure(leaky, &["alpha=0.2".into()]).unwrap();
        assert_eq!(c.params[0], 0.2);
        assert_eq!(c.label(), "leaky_relu(alpha=0.2)");
        assert!(matches!(
            configure(leaky, &["beta=1".into()]),
            Err(CatalogError::UnknownParam { .. })
        ));
        assert!(matches!(
            configure(leaky, &["alpha=7".into()]),
            Err(CatalogError::ParamOutOfRange { .. })
        ));
        assert!(matches!(
            configure(leaky, &["alpha".into()]),
            Err(CatalogError::BadAssignment(_))
        ));
        assert!(matches!(
            configure(leaky, &["alpha=NaN".into()]),
            Err(CatalogError::ParamOutOfRange { .. })
        ));
    }

    #[test]
    fn sliders_step_on_their_grid_and_through_infinity() {
        let alpha = find("leaky_relu").unwrap().params[0];
        assert_eq!(alpha.nudged(0.29, true), 0.3);
        assert_eq!(alpha.nudged(0.0, false), 0.0, "clamped at the minimum");
        let cap = find("relu").unwrap().params[1];
        assert_eq!(cap.default, f64::INFINITY);
        assert_eq!(cap.nudged(f64::INFINITY, false), 10.0);
        assert_eq!(cap.nudged(10.0, false), 9.5);
        assert_eq!(cap.nudged(10.0, true), f64::INFINITY);
        assert_eq!(cap.nudged(f64::INFINITY, true), f64::INFINITY);
        assert_eq!(cap.nudged(0.0, false), 0.0);
    }

    #[test]
    fn error_messages_read_well() {
        let err = lookup("rleu").unwrap_err().to_string();
        assert!(
            err.starts_with("unknown activation 'rleu'; did you mean 'relu'"),
            "{err}"
        );
        let err = configure(find("sigmoid").unwrap(), &["alpha=1".into()])
            .unwrap_err()
            .to_string();
        assert_eq!(err, "sigmoid takes no parameters (got 'alpha')");
        let err = configure(find("relu").unwrap(), &["alpha=1".into()])
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "relu has no parameter 'alpha'; it takes 'threshold' or 'max_value'"
        );
    }
}
