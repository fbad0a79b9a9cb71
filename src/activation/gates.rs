//! The GLU family as true two-input functions: value ⊗ g(gate).
//!
//! The catalog plots these against the value input with the gate fixed; here both
//! partial derivatives are available, for lessons and tests.

use super::catalog::swish;
use super::math::{normal_cdf, normal_pdf, sigmoid, sigmoid_slope};

/// Which gate non-linearity g is applied to the gate input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// GLU: σ (Dauphin et al. 2016).
    Sigmoid,
    /// SwiGLU: SiLU/Swish₁ (Shazeer 2020).
    Swish,
    /// GEGLU: GELU (Shazeer 2020).
    Gelu,
}

impl Gate {
    /// g(b) and g′(b).
    pub fn eval(self, b: f64) -> (f64, f64) {
        match self {
            Gate::Sigmoid => (sigmoid(b), sigmoid_slope(b)),
            Gate::Swish => swish(b, 1.0),
            Gate::Gelu => {
                let cdf = normal_cdf(b);
                (b * cdf, cdf + b * normal_pdf(b))
            }
        }
    }

    /// The catalog name of the gated entry.
    pub fn name(self) -> &'static str {
        match self {
            Gate::Sigmoid => "glu",
            Gate::Swish => "swiglu",
            Gate::Gelu => "geglu",
        }
    }
}

/// value·g(gate), with ∂/∂value = g(gate) and ∂/∂gate = value·g′(gate).
pub fn gated(gate_fn: Gate, value: f64, gate: f64) -> (f64, f64, f64) {
    let (g, dg) = gate_fn.eval(gate);
    (value * g, g, value * dg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_values_at_one_one() {
        // Closed forms (Dauphin et al. 2016; Shazeer 2020): GLU(1,1) = σ(1), ∂/∂b = σ′(1); SwiGLU(1,1) = SiLU(1);
        // GEGLU(1,1) = GELU(1).
        let (f, da, db) = gated(Gate::Sigmoid, 1.0, 1.0);
        assert!((f - 0.731058578630005).abs() < 1e-14);
        assert!((da - 0.731058578630005).abs() < 1e-14);
        assert!((db - 0.196611933241482).abs() < 1e-14);
        assert!((gated(Gate::Swish, 1.0, 1.0).0 - 0.731058578630005).abs() < 1e-14);
        assert!((gated(Gate::Gelu, 1.0, 1.0).0 - 0.841344746068543).abs() < 1e-14);
    }

    #[test]
    fn gate_partial_matches_finite_difference() {
        for gate in [Gate::Sigmoid, Gate::Swish, Gate::Gelu] {
            for &b in &[-2.0, -0.3, 0.0, 0.7, 2.5] {
                let h = 1e-6;
                let numeric = (gated(gate, 1.7, b + h).0 - gated(gate, 1.7, b - h).0) / (2.0 * h);
                assert!(
                    (numeric - gated(gate, 1.7, b).2).abs() < 1e-8,
                    "{gate:?} at {b}"
                );
            }
        }
    }

    #[test]
    fn catalog_entries_agree_with_the_two_input_form() {
        for gate in [Gate::Sigmoid, Gate::Swish, Gate::Gelu] {
            let mut c = crate::activation::find(gate.name()).unwrap().configured();
            c.set_param("gate", -1.5).unwrap();
            let (f, df) = c.eval(2.0);
            let (f2, dvalue, _) = gated(gate, 2.0, -1.5);
            assert_eq!((f, df), (f2, dvalue));
        }
    }
}
