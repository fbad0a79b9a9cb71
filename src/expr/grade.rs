//! Grading a learner's formula against a reference by evaluating both.
//!
//! Symbolic equality is undecidable in general; agreement in value and slope on a
//! dense grid plus the usual edge points is what a teacher would check by hand.

use super::Compiled;
use crate::format::compact;

/// Relative tolerance, absolute below magnitude 1.
const TOLERANCE: f64 = 1e-6;

/// The outcome of `compare_formulas`.
#[derive(Debug, Clone, PartialEq)]
pub struct FormulaVerdict {
    pub equivalent: bool,
    /// Where they differ: (x, expected, got), values or slopes as `reason` says.
    pub counterexample: Option<(f64, f64, f64)>,
    pub reason: String,
}

/// The points checked: a grid over [−6, 6] in steps of 0.25, then edge points.
pub fn sample_points() -> impl Iterator<Item = f64> {
    let grid = (-24..=24).map(|i| f64::from(i) * 0.25);
    let edges = [
        0.0, 0.1, -0.1, 0.5, -0.5, 1.0, -1.0, 3.0, -3.0, 10.0, -10.0, 20.0, -20.0,
    ];
    grid.chain(edges)
}

/// Does `answer` compute the same function as `reference`, slope included? Points
/// where the reference is not finite are skipped; at a kink of the reference any
/// slope between its one-sided slopes is accepted (`(x+abs(x))/2` for relu).
pub fn compare_formulas(answer: &Compiled, reference: &Compiled) -> FormulaVerdict {
    let mut checked = 0;
    for x in sample_points() {
        let (want, want_slope) = reference.eval(x);
        if !want.is_finite() {
            continue;
        }
        checked += 1;
        let (got, got_slope) = answer.eval(x);
        if !close(got, want) {
            let reason = format!(
                "at x = {} the formula gives {} but should give {}",
                compact(x, 6),
                compact(got, 6),
                compact(want, 6)
            );
            return differ(x, want, got, reason);
        }
        if want_slope.is_finite()
            && !close(got_slope, want_slope)
            && !within_kink(reference, x, got_slope)
        {
            let reason = format!(
                "the values agree, but at x = {} the slope is {} where it should be {}",
                compact(x, 6),
                compact(got_slope, 6),
                compact(want_slope, 6)
            );
            return differ(x, want_slope, got_slope, reason);
        }
    }
    if checked == 0 {
        return FormulaVerdict {
            equivalent: false,
            counterexample: None,
            reason: "the reference is not defined at any sample point".into(),
        };
    }
    FormulaVerdict {
        equivalent: true,
        counterexample: None,
        reason: format!("matches the reference in value and slope at {checked} points"),
    }
}

fn differ(x: f64, expected: f64, got: f64, reason: String) -> FormulaVerdict {
    FormulaVerdict {
        equivalent: false,
        counterexample: Some((x, expected, got)),
        reason,
    }
}

fn close(got: f64, want: f64) -> bool {
    // `==` first so equal infinities match.
    got == want || (got - want).abs() <= TOLERANCE * want.abs().max(1.0)
}

/// Whether the reference has a kink at x and `slope` lies between its one-sided
/// slopes (every such value is a valid convention there).
fn within_kink(reference: &Compiled, x: f64, slope: f64) -> bool {
    let h = 1e-7 * x.abs().max(1.0);
    let left = reference.eval(x - h).1;
    let right = reference.eval(x + h).1;
    if close(left, right) {
        return false;
    }
    let margin = TOLERANCE * left.abs().max(right.abs()).max(1.0);
    (left.min(right) - margin..=left.max(right) + margin).contains(&slope)
}

/// A learner's numeric answer: its value and, when typed as a plain decimal
/// ("0.269", "-2.5e-3"), how many decimals it gives (for "right so far" hints).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NumberAnswer {
    pub value: f64,
    /// Decimals after the point, `None` for arithmetic ("1/4" is exact).
    pub decimals: Option<u32>,
}

/// Read a numeric answer: a number or plain arithmetic on numbers (`1/4`, `2^-10`,
/// `e^-1`, `pi/2`). A function call is refused (`sigmoid(-1.5)` would let the
/// program do the exercise), and so is `x` or any other name.
pub fn parse_number_answer(text: &str) -> Result<NumberAnswer, String> {
    let plain = text.trim().replace('−', "-");
    if plain.is_empty() {
        return Err("type a number first".into());
    }
    if let Ok(value) = plain.parse::<f64>() {
        if !value.is_finite() {
            return Err(format!("'{plain}' is not a finite number"));
        }
        return Ok(NumberAnswer {
            value,
            decimals: decimals_of(&plain),
        });
    }
    refuse_names(&plain)?;
    let value = super::eval_constant(&plain)
        .map_err(|e| format!("'{plain}' is not a number ({e}); type e.g. 0.25 or 1/4"))?;
    Ok(NumberAnswer {
        value,
        decimals: None,
    })
}

/// Names other than the constants `e` and `pi` are not arithmetic.
fn refuse_names(text: &str) -> Result<(), String> {
    use super::lexer::{tokenize, Tok};
    let tokens = tokenize(text)
        .map_err(|e| format!("'{text}' is not a number ({e}); type e.g. 0.25 or 1/4"))?;
    for pair in tokens.windows(2) {
        match (&pair[0].tok, &pair[1].tok) {
            (Tok::Ident(name), Tok::LParen) => {
                return Err(format!(
                    "give the number itself: work out {name}(…) yourself rather than typing the call"
                ))
            }
            (Tok::Ident(name), _) if name != "e" && name != "pi" => {
                return Err(format!(
                    "give the number itself: '{name}' is not allowed (numbers, + − * / ^, e and pi only)"
                ))
            }
            (Tok::Comma, _) => {
                return Err("give one number (write decimals with a point: 0.25)".into())
            }
            _ => {}
        }
    }
    Ok(())
}

/// Decimals a plain number gives: "0.269" → 3, "2.5e-3" → 4, "12" → 0.
fn decimals_of(number: &str) -> Option<u32> {
    let lower = number.to_ascii_lowercase();
    let (mantissa, exponent) = match lower.split_once('e') {
        Some((m, e)) => (m, e.parse::<i64>().ok()?),
        None => (lower.as_str(), 0),
    };
    let after_point = mantissa.split_once('.').map_or(0, |(_, frac)| {
        frac.chars().filter(char::is_ascii_digit).count()
    });
    let decimals = i64::try_from(after_point).ok()? - exponent;
    u32::try_from(decimals.max(0)).ok()
}

#[cfg(test)]
mod number_answer_tests {
    use super::*;

    fn value(text: &str) -> f64 {
        parse_number_answer(text).expect("a number").value
    }

    #[test]
    fn numbers_and_plain_arithmetic_are_read() {
        assert_eq!(value("0.25"), 0.25);
        assert_eq!(value("−0.5"), -0.5);
        assert_eq!(value("1/4"), 0.25);
        assert_eq!(value("2^-10"), 1.0 / 1024.0);
        // e^-1 against the published constant 1/e = 0.36787944117144233…
        assert!((value("e^-1") - 0.367_879_441_171_442_33).abs() < 1e-15);
        assert!((value("pi/2") - std::f64::consts::FRAC_PI_2).abs() < 1e-15);
    }

    #[test]
    fn calls_and_names_are_refused_with_give_the_number() {
        for call in ["sigmoid(-1.5)", "exp(-1)", "gelu(1)", "x", "relu"] {
            let err = parse_number_answer(call).expect_err(call);
            assert!(err.contains("give the number itself"), "{call}: {err}");
        }
        assert!(parse_number_answer("max(1, 2)").is_err());
        assert!(parse_number_answer("0,25").is_err());
        assert!(parse_number_answer("").is_err());
    }

    #[test]
    fn decimals_are_counted_from_the_text() {
        let d = |t: &str| parse_number_answer(t).expect("a number").decimals;
        assert_eq!(d("0.269"), Some(3));
        assert_eq!(d("12"), Some(0));
        assert_eq!(d("2.5e-3"), Some(4));
        assert_eq!(d("2.5E2"), Some(0));
        assert_eq!(d("1/4"), None);
    }
}
