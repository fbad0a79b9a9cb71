//! Numerically careful building blocks shared by the catalog.
//!
//! Every function here is finite for every finite input: each form is chosen so
//! that no `exp` of a large positive number is ever taken.

use std::f64::consts::{FRAC_1_SQRT_2, PI};

/// √(2/π), the constant of the tanh approximation of GELU.
pub const SQRT_2_OVER_PI: f64 = 0.797_884_560_802_865_4;
/// The cubic coefficient of the tanh approximation of GELU.
pub const GELU_TANH_K: f64 = 0.044_715;
/// SELU's α₀₁ (Klambauer et al. 2017), to full double precision.
pub const SELU_ALPHA: f64 = 1.673_263_242_354_377_2;
/// SELU's λ₀₁ (the scale), to full double precision.
pub const SELU_SCALE: f64 = 1.050_700_987_355_480_5;

/// The logistic sigmoid σ(x) = 1/(1+e^(−x)), evaluated on the side where the
/// exponent is non-positive so it never overflows.
pub fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let t = x.exp();
        t / (1.0 + t)
    }
}

/// σ′(x) = σ(x)(1−σ(x)), written as e^(−|x|)/(1+e^(−|x|))² so that it keeps full
/// relative precision in both tails (1 − σ(x) would cancel to 0 for large x).
pub fn sigmoid_slope(x: f64) -> f64 {
    let t = (-x.abs()).exp();
    t / ((1.0 + t) * (1.0 + t))
}

/// sech²(x) = 1 − tanh²(x), as 4e^(−2|x|)/(1+e^(−2|x|))², accurate in the tails.
pub fn sech2(x: f64) -> f64 {
    let t = (-2.0 * x.abs()).exp();
    4.0 * t / ((1.0 + t) * (1.0 + t))
}

/// tanh(x) and its derivative sech²(x) from a single exponential (the lab evaluates
/// this tens of thousands of times per training step).
///
/// With t = e^(−2|x|): tanh|x| = (1−t)/(1+t) and sech² = 4t/(1+t)², both accurate in
/// the tails. Near 0, 1−t cancels, so there e = expm1(−2|x|) = t − 1 is used instead:
/// tanh|x| = −e/(2+e).
#[inline]
pub fn tanh_and_slope(x: f64) -> (f64, f64) {
    let a = x.abs();
    let (magnitude, slope) = if a < 0.5 {
        let e = (-2.0 * a).exp_m1();
        let t = 1.0 + e;
        (-e / (2.0 + e), 4.0 * t / ((2.0 + e) * (2.0 + e)))
    } else {
        let t = (-2.0 * a).exp();
        ((1.0 - t) / (1.0 + t), 4.0 * t / ((1.0 + t) * (1.0 + t)))
    };
    (magnitude.copysign(x), slope)
}

/// relu(x) and its slope (0 at the kink, as in PyTorch).
#[inline]
pub fn relu_and_slope(x: f64) -> (f64, f64) {
    if x > 0.0 {
        (x, 1.0)
    } else {
        (0.0, 0.0)
    }
}

/// Leaky ReLU / PReLU with negative-side slope `alpha` (α at the kink, as in PyTorch).
#[inline]
pub fn leaky_relu_and_slope(x: f64, alpha: f64) -> (f64, f64) {
    if x > 0.0 {
        (x, 1.0)
    } else {
        (alpha * x, alpha)
    }
}

/// softplus(x) = ln(1+e^x) = max(x, 0) + ln(1 + e^(−|x|)).
pub fn softplus(x: f64) -> f64 {
    x.max(0.0) + (-x.abs()).exp().ln_1p()
}

/// The standard normal CDF Φ(x) = ½·erfc(−x/√2); erfc keeps the left tail accurate.
pub fn normal_cdf(x: f64) -> f64 {
    0.5 * libm::erfc(-x * FRAC_1_SQRT_2)
}

/// The standard normal density φ(x) = e^(−x²/2)/√(2π).
pub fn normal_pdf(x: f64) -> f64 {
    (-0.5 * x * x).exp() / (2.0 * PI).sqrt()
}

/// tanh(softplus(x)) and sech²(softplus(x)) for Mish, without forming e^x for large x.
///
/// With A = (1+e^x)²: tanh(ln(1+e^x)) = (A−1)/(A+1) and sech² = 4A/(A+1)². For x ≤ 0
/// use t = e^x directly; for x > 0 divide through by e^(2x) and use s = e^(−x).
pub fn tanh_softplus_and_sech2(x: f64) -> (f64, f64) {
    if x <= 0.0 {
        let t = x.exp();
        let n = t * (t + 2.0); // A − 1
        let a1 = n + 2.0; // A + 1
        (n / a1, 4.0 * (1.0 + t) * (1.0 + t) / (a1 * a1))
    } else {
        let s = (-x).exp();
        let one_s2 = (1.0 + s) * (1.0 + s);
        let den = one_s2 + s * s; // (A+1)/e^(2x)
        ((1.0 + 2.0 * s) / den, 4.0 * one_s2 * s * s / (den * den))
    }
}

/// Clamp that keeps NaN out of the picture for the piecewise-linear functions.
pub fn clip(x: f64, lo: f64, hi: f64) -> f64 {
    x.max(lo).min(hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sigmoid_tails_are_exact_limits() {
        assert_eq!(sigmoid(-1000.0), 0.0);
        assert_eq!(sigmoid(1000.0), 1.0);
        assert_eq!(sigmoid_slope(1000.0), 0.0);
        assert!(
            sigmoid_slope(40.0) > 0.0,
            "keeps precision where 1-σ cancels"
        );
    }

    #[test]
    fn one_exponential_tanh_matches_std() {
        for i in -4000..=4000 {
            let x = i as f64 * 0.01;
            let (t, s) = tanh_and_slope(x);
            assert!((t - x.tanh()).abs() <= 1e-15 * x.tanh().abs(), "tanh({x})");
            assert!((s - sech2(x)).abs() <= 1e-15 * sech2(x), "sech²({x})");
        }
        assert_eq!(tanh_and_slope(-0.0).0.to_bits(), (-0.0f64).to_bits());
        assert_eq!(tanh_and_slope(1000.0), (1.0, 0.0));
    }

    #[test]
    fn softplus_is_stable() {
        assert_eq!(softplus(1000.0), 1000.0);
        assert_eq!(softplus(-1000.0), 0.0);
        assert!((softplus(0.0) - std::f64::consts::LN_2).abs() < 1e-16);
    }

    #[test]
    fn tanh_softplus_matches_naive_form_in_the_middle() {
        for &x in &[-5.0, -1.0, -0.1, 0.0, 0.1, 1.0, 5.0] {
            let (t, s) = tanh_softplus_and_sech2(x);
            let naive = softplus(x).tanh();
            assert!((t - naive).abs() < 1e-15, "x={x}");
            assert!((s - (1.0 - naive * naive)).abs() < 1e-14, "x={x}");
        }
    }
}
