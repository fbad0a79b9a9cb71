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
/// With t = e^(−2|x|) and e = t − 1: tanh|x| = −e/(1+t) and sech² = 4t/(1+t)², both
/// accurate in the tails and, since e is formed without cancelling, near 0 too. Both
/// come from −2|x| = k·ln 2 + r, |r| ≤ ln2/2: with s = 2^k and p = e^r − 1 (a
/// polynomial), t = s + s·p and e = (s − 1) + s·p. Only +, −, ×, ÷ and bit moves,
/// no libm call: the same bits on every machine, and `tanh_and_slope_slice` can run
/// several at once in vector registers. Within 4 ulp of libm's tanh and sech².
#[inline]
pub fn tanh_and_slope(x: f64) -> (f64, f64) {
    let (r, scale) = tanh_reduce(x);
    tanh_finish(x, scale, expm1_poly(r))
}

/// `tanh_and_slope` of every element of `z` into `f` and `df` (the same numbers).
pub fn tanh_and_slope_slice(z: &[f64], f: &mut [f64], df: &mut [f64]) {
    // In strips, a step at a time over the strip: each step a simple loop, which the
    // compiler vectorises and interleaves (one element at a time, every element
    // waits on its own chain of about forty dependent operations).
    const STRIP: usize = 32;
    let (mut r, mut scale, mut p) = ([0.0; STRIP], [0.0; STRIP], [0.0; STRIP]);
    for ((z, f), df) in z
        .chunks(STRIP)
        .zip(f.chunks_mut(STRIP))
        .zip(df.chunks_mut(STRIP))
    {
        let m = z.len();
        let (r, scale, p) = (&mut r[..m], &mut scale[..m], &mut p[..m]);
        for ((&x, r), scale) in z.iter().zip(r.iter_mut()).zip(scale.iter_mut()) {
            (*r, *scale) = tanh_reduce(x);
        }
        for (&r, p) in r.iter().zip(p.iter_mut()) {
            *p = expm1_poly(r);
        }
        let steps = z.iter().zip(scale.iter()).zip(p.iter());
        for (((&x, &scale), &p), (f, df)) in steps.zip(f.iter_mut().zip(df.iter_mut())) {
            (*f, *df) = tanh_finish(x, scale, p);
        }
    }
}

/// Beyond this |x|, tanh = ±1 and sech² is taken as 0 (it is below 1.4e−307; the
/// clamp keeps 2^k a normal number).
const TANH_LIMIT: f64 = 354.0;
/// 1.5·2^52: adding it rounds a double of magnitude below 2^51 to an integer, which
/// then sits in the low bits of the sum.
const ROUND_SHIFT: f64 = 6_755_399_441_055_744.0;
/// ln 2 in two parts; k·LN2_HI is exact for |k| < 2^21.
const LN2_HI: f64 = 0.693_147_180_369_123_8;
const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;
/// (e^r − 1 − r)/r² ≈ Σ EXPM1_Q[i]·r^i on |r| ≤ ln2/2 (a Chebyshev fit; relative
/// error of the resulting e^r − 1 below 4e−17).
const EXPM1_Q: [f64; 10] = [
    0.500_000_000_000_000_1,
    0.166_666_666_666_666_69,
    0.041_666_666_666_624_13,
    0.008_333_333_333_330_062,
    0.001_388_888_891_721_371_7,
    0.000_198_412_698_630_536_18,
    2.480_152_129_595_437_6e-5,
    2.755_726_845_999_706_4e-6,
    2.762_008_844_540_974_6e-7,
    2.510_038_549_551_032e-8,
];

/// −2|x| = k·ln 2 + r: (r, 2^k), |x| clamped to `TANH_LIMIT` (NaN stays NaN).
#[inline(always)]
fn tanh_reduce(x: f64) -> (f64, f64) {
    let a = x.abs();
    let y = -2.0 * if a > TANH_LIMIT { TANH_LIMIT } else { a };
    // k, rounded, in the low bits of `shifted`; 2^k built from them.
    let shifted = y * std::f64::consts::LOG2_E + ROUND_SHIFT;
    let k = shifted - ROUND_SHIFT;
    let r = (y - k * LN2_HI) - k * LN2_LO;
    let scale = f64::from_bits(shifted.to_bits().wrapping_add(1023) << 52);
    (r, scale)
}

/// e^r − 1 = r + r²·q(r), q by Estrin's scheme.
#[inline(always)]
fn expm1_poly(r: f64) -> f64 {
    let c = &EXPM1_Q;
    let r2 = r * r;
    let r4 = r2 * r2;
    let q01 = c[0] + r * c[1];
    let q23 = c[2] + r * c[3];
    let q45 = c[4] + r * c[5];
    let q67 = c[6] + r * c[7];
    let q89 = c[8] + r * c[9];
    let q = (q01 + r2 * q23) + r4 * ((q45 + r2 * q67) + r4 * q89);
    r + r2 * q
}

/// tanh(x) and sech²(x) from 2^k and e^r − 1.
#[inline(always)]
fn tanh_finish(x: f64, scale: f64, p: f64) -> (f64, f64) {
    let sp = scale * p;
    let e = (scale - 1.0) + sp;
    let t = scale + sp;
    let d = 1.0 + t;
    // At the clamp e = −1 and t ≈ 1e−307, so the value is 1 already.
    let value = (e / d).copysign(x);
    let slope = if x.abs() > TANH_LIMIT {
        0.0
    } else {
        4.0 * t / (d * d)
    };
    (value, slope)
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
