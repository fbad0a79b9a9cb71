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
