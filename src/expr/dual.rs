//! Dual numbers v + d·ε (ε² = 0): carrying f′ along with f gives exact derivatives
//! by the chain rule (forward-mode automatic differentiation).

use std::ops::{Add, Div, Mul, Neg, Sub};

/// A value and its derivative with respect to x.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Dual {
    pub v: f64,
    pub d: f64,
}

/// `tangent · slope`, except that a zero tangent stays zero even where the slope is
/// infinite or NaN: a locally constant input contributes nothing (this keeps
/// `sqrt(max(0, x))` at 0 for x < 0 and the constant side of a product finite).
#[inline]
fn times(tangent: f64, slope: f64) -> f64 {
    if tangent == 0.0 {
        0.0
    } else {
        tangent * slope
    }
}

/// At a tie of max/min the slope is the smallest-magnitude element of the interval
/// between the two slopes (the minimum-norm subgradient): `max(0, x)` → 0 like
/// relu, `max(x, 0.01*x)` → 0.01 like leaky_relu, `max(x, -x)` → 0 like abs.
#[inline]
fn tie_slope(p: f64, q: f64) -> f64 {
    if (p > 0.0 && q < 0.0) || (p < 0.0 && q > 0.0) {
        0.0
    } else if p.abs() <= q.abs() {
        p
    } else {
        q
    }
}

impl Dual {
    pub const ZERO: Dual = Dual { v: 0.0, d: 0.0 };
    pub const NAN: Dual = Dual {
        v: f64::NAN,
        d: f64::NAN,
    };

    /// The variable itself: dx/dx = 1.
    #[inline]
    pub fn var(x: f64) -> Dual {
        Dual { v: x, d: 1.0 }
    }

    #[inline]
    pub fn constant(c: f64) -> Dual {
        Dual { v: c, d: 0.0 }
    }

    /// g(self) given g(a) and g′(a): the chain rule.
    #[inline]
    pub fn chain(self, (g, slope): (f64, f64)) -> Dual {
        Dual {
            v: g,
            d: times(self.d, slope),
        }
    }

    #[inline]
    pub fn exp(self) -> Dual {
        let e = self.v.exp();
        self.chain((e, e))
    }

    #[inline]
    pub fn ln(self) -> Dual {
        self.chain((self.v.ln(), 1.0 / self.v))
    }

    /// ln(1 + a), used for `ln(1 + …)` so softplus-like formulas keep their
    /// precision where the sum rounds to 1.
    #[inline]
    pub fn ln_1p(self) -> Dual {
        self.chain((self.v.ln_1p(), 1.0 / (1.0 + self.v)))
    }

    /// softplus(a) = ln(1 + e^a), from `ln(1+exp(…))`: written as
    /// max(a, 0) + ln(1 + e^(−|a|)) it does not overflow to ∞ for a > 709, and the
    /// slope σ(a) reuses the same exponential.
    #[inline]
    pub fn softplus(self) -> Dual {
        let e = (-self.v.abs()).exp();
        let r = 1.0 / (1.0 + e);
        let sigma = if self.v >= 0.0 { r } else { e * r };
        self.chain((self.v.max(0.0) + e.ln_1p(), sigma))
    }

    /// tanh(softplus(a)), from `tanh(ln(1+exp(…)))` (Mish's gate), from one
    /// exponential: with A = (1+e^a)², tanh = (A−1)/(A+1) and sech² = 4A/(A+1)²
    /// (the catalog's algebra), times σ(a) for the inner slope.
    #[inline]
    pub fn tanh_softplus(self) -> Dual {
        let a = self.v;
        let (t, slope) = if a <= 0.0 {
            let e = a.exp();
            let n = e * (e + 2.0);
            let r = 1.0 / (n + 2.0);
            let one_e = 1.0 + e;
            (n * r, 4.0 * one_e * one_e * r * r * (e / one_e))
        } else {
            // Divided through by e^(2a): s = e^(−a) never overflows.
            let s = (-a).exp();
            let one_s = 1.0 + s;
            let r = 1.0 / (one_s * one_s + s * s);
            ((1.0 + 2.0 * s) * r, 4.0 * one_s * s * s * r * r)
        };
        self.chain((t, slope))
    }

    #[inline]
    pub fn sqrt(self) -> Dual {
        let s = self.v.sqrt();
        self.chain((s, 0.5 / s))
    }

    /// abs′(0) = 0, the catalog's convention at a kink.
    #[inline]
    pub fn abs(self) -> Dual {
        let sign = if self.v > 0.0 {
            1.0
        } else if self.v < 0.0 {
            -1.0
        } else {
            0.0
        };
        Dual {
            v: self.v.abs(),
            d: self.d * sign,
        }
    }

    #[inline]
    pub fn sin(self) -> Dual {
        let (s, c) = self.v.sin_cos();
        self.chain((s, c))
    }

    #[inline]
    pub fn cos(self) -> Dual {
        let (s, c) = self.v.sin_cos();
        self.chain((c, -s))
    }

    #[inline]
    pub fn tan(self) -> Dual {
        let t = self.v.tan();
        self.chain((t, 1.0 + t * t))
    }

    /// tanh and sech² from one exponential; sech² written so it keeps its relative
    /// precision in the tails, where 1 − tanh² would round to 0.
    #[inline]
    pub fn tanh(self) -> Dual {
        let y = self.v.abs();
        let (t, sech2) = if y < 0.5 {
            // expm1 avoids the cancellation in 1 − e^(−2y) near 0.
            let u = (-2.0 * y).exp_m1();
            let r = 1.0 / (2.0 + u);
            (-u * r, 4.0 * (1.0 + u) * r * r)
        } else {
            let e = (-2.0 * y).exp();
            let r = 1.0 / (1.0 + e);
            ((1.0 - e) * r, 4.0 * e * r * r)
        };
        // NaN in gives NaN out (copysign would turn it into ±1).
        let t = if self.v.is_nan() {
            f64::NAN
        } else {
            t.copysign(self.v)
        };
        self.chain((t, sech2))
    }

    #[inline]
    pub fn sinh(self) -> Dual {
        self.chain((self.v.sinh(), self.v.cosh()))
    }

    #[inline]
    pub fn cosh(self) -> Dual {
        self.chain((self.v.cosh(), self.v.sinh()))
    }

    #[inline]
    pub fn erf(self) -> Dual {
        let slope = std::f64::consts::FRAC_2_SQRT_PI * (-self.v * self.v).exp();
        self.chain((libm::erf(self.v), slope))
    }

    /// a^n for a constant integer n: exact for negative bases, no logarithm. Squares
    /// and cubes multiply directly (powi is a library call).
    #[inline]
    pub fn powi(self, n: i32) -> Dual {
        let a = self.v;
        let (p, slope) = match n {
            0 => (1.0, 0.0),
            2 => (a * a, 2.0 * a),
            3 => (a * a * a, 3.0 * a * a),
            _ => (a.powi(n), f64::from(n) * a.powi(n - 1)),
        };
        self.chain((p, slope))
    }

    /// a^c for a constant c: c·a^(c−1), with no ln(a) (which is NaN for a < 0).
    #[inline]
    pub fn powf_const(self, c: f64) -> Dual {
        let slope = if c == 0.0 {
            0.0
        } else {
            c * self.v.powf(c - 1.0)
        };
        self.chain((self.v.powf(c), slope))
    }

    /// b^a for a constant base b: b^a·ln b.
    #[inline]
    pub fn const_pow(self, b: f64) -> Dual {
        let p = b.powf(self.v);
        self.chain((p, p * b.ln()))
    }

    /// a^b when both may depend on x: the general rule, used only then.
    #[inline]
    pub fn pow(self, e: Dual) -> Dual {
        let p = self.v.powf(e.v);
        let by_base = times(self.d, e.v * self.v.powf(e.v - 1.0));
        let by_exponent = times(e.d, p * self.v.ln());
        Dual {
            v: p,
            d: by_base + by_exponent,
        }
    }

    /// NaN in either argument gives NaN (f64::max would drop it silently).
    #[inline]
    pub fn max(self, o: Dual) -> Dual {
        if self.v > o.v {
            self
        } else if o.v > self.v {
            o
        } else if self.v == o.v {
            Dual {
                v: self.v,
                d: tie_slope(self.d, o.d),
            }
        } else {
            Dual::NAN
        }
    }

    #[inline]
    pub fn min(self, o: Dual) -> Dual {
        if self.v < o.v {
            self
        } else if o.v < self.v {
            o
        } else if self.v == o.v {
            Dual {
                v: self.v,
                d: tie_slope(self.d, o.d),
            }
        } else {
            Dual::NAN
        }
    }

    /// max(a, c) for a constant c: at the tie the constant side's slope 0 wins.
    #[inline]
    pub fn max_const(self, c: f64) -> Dual {
        self.max(Dual::constant(c))
    }

    #[inline]
    pub fn min_const(self, c: f64) -> Dual {
        self.min(Dual::constant(c))
    }
}

impl Add for Dual {
    type Output = Dual;
    #[inline]
    fn add(self, o: Dual) -> Dual {
        Dual {
            v: self.v + o.v,
            d: self.d + o.d,
        }
    }
}

impl Sub for Dual {
    type Output = Dual;
    #[inline]
    fn sub(self, o: Dual) -> Dual {
        Dual {
            v: self.v - o.v,
            d: self.d - o.d,
        }
    }
}

impl Mul for Dual {
    type Output = Dual;
    #[inline]
    fn mul(self, o: Dual) -> Dual {
        Dual {
            v: self.v * o.v,
            d: times(self.d, o.v) + times(o.d, self.v),
        }
    }
}

impl Div for Dual {
    type Output = Dual;
    #[inline]
    fn div(self, o: Dual) -> Dual {
        let q = self.v / o.v;
        Dual {
            v: q,
            d: (self.d - times(o.d, q)) / o.v,
        }
    }
}

impl Neg for Dual {
    type Output = Dual;
    #[inline]
    fn neg(self) -> Dual {
        Dual {
            v: -self.v,
            d: -self.d,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tanh_matches_std_everywhere() {
        for i in -4000..=4000 {
            let x = f64::from(i) * 0.01;
            let t = Dual::var(x).tanh();
            let want = x.tanh();
            assert!(
                (t.v - want).abs() <= 2.0 * f64::EPSILON * want.abs(),
                "x={x}"
            );
            let sech2 = 1.0 - want * want;
            if x.abs() < 5.0 {
                assert!((t.d - sech2).abs() < 1e-15, "x={x}");
            }
        }
        assert!(Dual::var(f64::NAN).tanh().v.is_nan());
        assert_eq!(Dual::var(-0.0).tanh().v.to_bits(), (-0.0f64).to_bits());
        assert!(Dual::var(30.0).tanh().d > 0.0, "sech² keeps its tail");
    }

    #[test]
    fn fused_softplus_forms_match_the_catalog_math() {
        use crate::activation::math::{sigmoid, softplus, tanh_softplus_and_sech2};
        for i in -800..=800 {
            let x = f64::from(i) * 0.05;
            let sp = Dual::var(x).softplus();
            assert!(
                (sp.v - softplus(x)).abs() <= 1e-15 * softplus(x).max(1.0),
                "x={x}"
            );
            assert!((sp.d - sigmoid(x)).abs() <= 1e-15, "x={x}");
            let (t, sech2) = tanh_softplus_and_sech2(x);
            let ts = Dual::var(x).tanh_softplus();
            assert!((ts.v - t).abs() <= 1e-15, "x={x}");
            assert!((ts.d - sech2 * sigmoid(x)).abs() <= 1e-15, "x={x}");
        }
    }

    #[test]
    fn ties_take_the_minimum_norm_slope() {
        let x = Dual::var(0.0);
        assert_eq!(Dual::constant(0.0).max(x).d, 0.0);
        assert_eq!(x.max(Dual::constant(0.01) * x).d, 0.01);
        assert_eq!(x.max(-x).d, 0.0);
        assert_eq!(x.min_const(0.0).d, 0.0);
        assert!(x.max(Dual::NAN).v.is_nan());
    }

    #[test]
    fn constant_exponents_handle_negative_bases() {
        assert_eq!(Dual::var(-3.0).powi(2), Dual { v: 9.0, d: -6.0 });
        assert_eq!(Dual::var(-2.0).powf_const(3.0), Dual { v: -8.0, d: 12.0 });
        assert_eq!(Dual::var(0.0).powi(0), Dual { v: 1.0, d: 0.0 });
        let p = Dual::var(-3.0).pow(Dual::constant(2.0));
        assert_eq!(p, Dual { v: 9.0, d: -6.0 });
    }

    #[test]
    fn zero_tangents_survive_infinite_slopes() {
        let flat = Dual::constant(0.0);
        assert_eq!(flat.sqrt(), Dual { v: 0.0, d: 0.0 });
        assert_eq!(Dual::var(0.0).sqrt().d, f64::INFINITY);
        assert!(Dual::var(-1.0).ln().v.is_nan());
    }
}
