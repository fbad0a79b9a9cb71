//! Softmax: the vector-valued activation of multi-class output layers.

/// Softmax with temperature T: p_i = e^(z_i/T) / Σ_j e^(z_j/T).
///
/// Stable for any finite logits: the maximum is subtracted first (softmax is
/// shift-invariant), so every exponent is ≤ 0 and the largest term is exactly 1.
/// Returns `None` for an empty input or a temperature that is not a positive number.
pub fn softmax(logits: &[f64], temperature: f64) -> Option<Vec<f64>> {
    if logits.is_empty() || !(temperature > 0.0 && temperature.is_finite()) {
        return None;
    }
    if logits.iter().any(|z| !z.is_finite()) {
        return None;
    }
    let max = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let exps: Vec<f64> = logits
        .iter()
        .map(|z| ((z - max) / temperature).exp())
        .collect();
    let total: f64 = exps.iter().sum();
    Some(exps.into_iter().map(|e| e / total).collect())
}

/// log Σ e^(z_i), computed as m + log Σ e^(z_i − m).
pub fn logsumexp(logits: &[f64]) -> f64 {
    let max = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !max.is_finite() {
        return max;
    }
    max + logits.iter().map(|z| (z - max).exp()).sum::<f64>().ln()
}

/// The Jacobian ∂p_i/∂z_j = p_i(δ_ij − p_j) at temperature 1.
pub fn jacobian(p: &[f64]) -> Vec<Vec<f64>> {
    p.iter()
        .enumerate()
        .map(|(i, &pi)| {
            p.iter()
                .enumerate()
                .map(|(j, &pj)| pi * (f64::from(u8::from(i == j)) - pj))
                .collect()
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::excessive_precision)] // published digits, quoted as published
mod tests {
    use super::*;

    // Reference values: e^i / (e + e² + e³), mpmath at 50 digits.
    const P123: [f64; 3] = [0.0900305731703805, 0.244728471054798, 0.665240955774822];

    #[test]
    fn matches_reference_and_is_shift_invariant() {
        for shift in [0.0, 999.0, -5000.0] {
            let p = softmax(&[1.0 + shift, 2.0 + shift, 3.0 + shift], 1.0).unwrap();
            for (a, b) in p.iter().zip(P123) {
                assert!((a - b).abs() < 1e-14, "{a} vs {b}");
            }
        }
        assert!((logsumexp(&[1000.0, 1001.0, 1002.0]) - 1002.40760596444438).abs() < 1e-12);
    }

    #[test]
    fn temperature_flattens_and_sharpens() {
        let hot = softmax(&[2.0, 1.0, 0.1], 10.0).unwrap();
        let cold = softmax(&[2.0, 1.0, 0.1], 0.1).unwrap();
        assert!(hot[0] < 0.4 && cold[0] > 0.99);
        assert!((hot.iter().sum::<f64>() - 1.0).abs() < 1e-15);
    }

    #[test]
    fn rejects_bad_input() {
        assert!(softmax(&[], 1.0).is_none());
        assert!(softmax(&[1.0], 0.0).is_none());
        assert!(softmax(&[1.0], f64::NAN).is_none());
        assert!(softmax(&[f64::INFINITY], 1.0).is_none());
    }

    #[test]
    fn cross_entropy_gradient_is_p_minus_y() {
        // d/dz_j [-log p_c] = p_j - y_j, checked against central differences.
        let z = [1.0, 2.0, 3.0];
        let loss = |z: &[f64]| -softmax(z, 1.0).unwrap()[2].ln();
        let p = softmax(&z, 1.0).unwrap();
        for j in 0..3 {
            let h = 1e-6;
            let (mut up, mut down) = (z, z);
            up[j] += h;
            down[j] -= h;
            let numeric = (loss(&up) - loss(&down)) / (2.0 * h);
            let y = if j == 2 { 1.0 } else { 0.0 };
            assert!((numeric - (p[j] - y)).abs() < 1e-8);
        }
        let jac = jacobian(&p);
        assert!((jac[0][0] - p[0] * (1.0 - p[0])).abs() < 1e-16);
    }
}
