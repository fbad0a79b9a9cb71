//! Numeric searches over a function's graph: the peak of |f′| and the minimum.
//!
//! Used where no closed form exists (GELU-tanh, SiLU, Mish, typed formulas) and to
//! compute quiz keys such as "where is GELU's minimum?".

/// A point found by a search: where, and the value there.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Extremum {
    pub at: f64,
    pub value: f64,
}

/// The interval scanned: wide enough for every catalog shape (all of their
/// interesting features lie within |x| < 10), narrow enough to stay fast.
const SCAN_FROM: f64 = -50.0;
const SCAN_TO: f64 = 50.0;
const SCAN_STEPS: usize = 10_000;

/// The largest |f′(x)| over a wide range, refined by golden-section search around the
/// best grid point. Non-finite slopes are skipped.
pub fn numeric_peak_slope(df: impl Fn(f64) -> f64) -> Extremum {
    let score = |x: f64| {
        let s = df(x).abs();
        if s.is_finite() {
            s
        } else {
            f64::NEG_INFINITY
        }
    };
    let best = refine_max(&score, SCAN_FROM, SCAN_TO);
    Extremum {
        at: best.at,
        value: best.value.max(0.0),
    }
}

/// The global minimum of f over a wide range, if it is an interior one (a function
/// that keeps falling toward an end of the range, like the identity, has none).
pub fn minimum(f: impl Fn(f64) -> f64) -> Option<Extremum> {
    let score = |x: f64| {
        let v = -f(x);
        if v.is_finite() {
            v
        } else {
            f64::NEG_INFINITY
        }
    };
    let best = refine_max(&score, SCAN_FROM, SCAN_TO);
    let step = (SCAN_TO - SCAN_FROM) / SCAN_STEPS as f64;
    let interior = best.at > SCAN_FROM + step && best.at < SCAN_TO - step;
    // A flat floor (ReLU's 0 on x < 0) is not a point minimum.
    let sharp = score(best.at) > score(best.at - 1.0) && score(best.at) > score(best.at + 1.0);
    (interior && sharp).then_some(Extremum {
        at: best.at,
        value: -best.value,
    })
}

/// Grid scan then golden-section refinement of a score to maximise.
fn refine_max(score: &impl Fn(f64) -> f64, from: f64, to: f64) -> Extremum {
    let step = (to - from) / SCAN_STEPS as f64;
    let mut best_x = from;
    let mut best = f64::NEG_INFINITY;
    for i in 0..=SCAN_STEPS {
        let x = from + step * i as f64;
        let v = score(x);
        if v > best {
            best = v;
            best_x = x;
        }
    }
    let (mut lo, mut hi) = (best_x - step, best_x + step);
    let ratio = (5f64.sqrt() - 1.0) / 2.0;
    for _ in 0..100 {
        let a = hi - ratio * (hi - lo);
        let b = lo + ratio * (hi - lo);
        if score(a) >= score(b) {
            hi = b;
        } else {
            lo = a;
        }
    }
    let mid = 0.5 * (lo + hi);
    let refined = score(mid);
    if refined >= best {
        Extremum {
            at: mid,
            value: refined,
        }
    } else {
        Extremum {
            at: best_x,
            value: best,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_parabola_minimum() {
        let m = minimum(|x| (x - 1.25) * (x - 1.25) - 3.0).unwrap();
        assert!((m.at - 1.25).abs() < 1e-7 && (m.value + 3.0).abs() < 1e-12);
    }

    #[test]
    fn monotone_functions_have_no_minimum() {
        assert!(minimum(|x| x).is_none());
        assert!(minimum(|x: f64| x.max(0.0)).is_none());
    }

    #[test]
    fn peak_of_a_bump() {
        let p = numeric_peak_slope(|x| 2.0 * (-(x - 0.5) * (x - 0.5)).exp());
        assert!((p.value - 2.0).abs() < 1e-12 && (p.at - 0.5).abs() < 1e-6);
    }
}
