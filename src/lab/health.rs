//! The health of a network, measured on the whole training set:
//!
//! - a neuron is **dead** when f′(z) = 0 for every training point (no gradient
//!   reaches its weights, so it can never recover);
//! - **saturated** when it is not dead and |f′(z)| < 0.1 × the activation's peak
//!   |f′| for at least 90% of the points (it learns, but barely);
//! - per layer: those counts, the mean and standard deviation of the layer's
//!   outputs over all points and neurons, and the Frobenius norm of ∂loss/∂W for
//!   the weights feeding the layer.
//!
//! f′ is compared by magnitude: a non-monotonic activation (GELU, sin) with
//! f′ = −0.9 is steep, not flat.

use super::network::{Network, Workspace};

/// The share of the peak slope below which a point sits in the flat region.
pub const FLAT_FRACTION: f64 = 0.1;
/// The share of points in the flat region that makes a neuron saturated.
pub const SATURATED_SHARE: f64 = 0.9;

/// A neuron's state at a glance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NeuronState {
    Alive,
    Saturated,
    Dead,
}

impl NeuronState {
    pub fn label(self) -> &'static str {
        match self {
            NeuronState::Alive => "alive",
            NeuronState::Saturated => "saturated",
            NeuronState::Dead => "dead",
        }
    }
}

/// One hidden neuron over the training set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NeuronHealth {
    pub state: NeuronState,
    /// Share of points where |f′(z)| < 0.1 × peak (the flat region; 1.0 when dead).
    pub flat_share: f64,
    /// Share of points where f′(z) = 0 exactly.
    pub zero_share: f64,
}

/// One hidden layer over the training set.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerHealth {
    pub width: usize,
    pub dead: usize,
    pub saturated: usize,
    /// Mean of the layer's outputs f(z) over all points and neurons.
    pub mean: f64,
    /// Their (population) standard deviation.
    pub std: f64,
    /// ‖∂loss/∂W‖_F for the weights feeding this layer.
    pub grad_norm: f64,
    pub neurons: Vec<NeuronHealth>,
}

/// Everything the lab reports after a step.
#[derive(Debug, Clone, PartialEq)]
pub struct Health {
    /// Updates made so far (0 = the initial weights).
    pub step: u64,
    pub loss: f64,
    pub accuracy: f64,
    pub test_loss: f64,
    pub test_accuracy: f64,
    /// The hidden layers, input side first.
    pub layers: Vec<LayerHealth>,
    /// ‖∂loss/∂W‖_F of the output weights.
    pub output_grad_norm: f64,
    /// True once a loss or a weight stopped being finite.
    pub diverged: bool,
}

impl Health {
    /// Gradient norms of every weight layer, input side first, the output last.
    pub fn grad_norms(&self) -> Vec<f64> {
        let mut norms: Vec<f64> = self.layers.iter().map(|l| l.grad_norm).collect();
        norms.push(self.output_grad_norm);
        norms
    }
}

/// Per-layer health from a forward and backward pass over the training set that
/// `ws` still holds. `peak` is the activation's largest |f′|.
pub fn measure_layers(net: &Network, ws: &Workspace, peak: f64) -> Vec<LayerHealth> {
    let n = ws.len();
    (1..net.weight_layers())
        .map(|layer| {
            let width = net.sizes()[layer];
            let neurons: Vec<NeuronHealth> = ws
                .slopes(layer)
                .chunks_exact(n.max(1))
                .map(|slopes| neuron(slopes, peak))
                .collect();
            let (mean, std) = mean_std(ws.outputs(layer));
            LayerHealth {
                width,
                dead: count(&neurons, NeuronState::Dead),
                saturated: count(&neurons, NeuronState::Saturated),
                mean,
                std,
                grad_norm: weight_grad_norm(net, ws, layer - 1),
                neurons,
            }
        })
        .collect()
}

/// ‖∂loss/∂W‖_F of weight layer `l` from the gradient in `ws`.
pub fn weight_grad_norm(net: &Network, ws: &Workspace, l: usize) -> f64 {
    ws.grads()[net.layout(l).0]
        .iter()
        .map(|g| g * g)
        .sum::<f64>()
        .sqrt()
}

/// The state of one neuron from its slopes f′(z) over the training set.
pub fn neuron_state(slopes: &[f64], peak: f64) -> NeuronState {
    neuron(slopes, peak).state
}

fn neuron(slopes: &[f64], peak: f64) -> NeuronHealth {
    let threshold = FLAT_FRACTION * peak;
    let n = slopes.len().max(1) as f64;
    let zeros = slopes.iter().filter(|&&s| s == 0.0).count() as f64;
    let flat = slopes
        .iter()
        .filter(|&&s| s.abs() < threshold || s == 0.0)
        .count() as f64;
    let state = if zeros == n {
        NeuronState::Dead
    } else if flat >= SATURATED_SHARE * n {
        NeuronState::Saturated
    } else {
        NeuronState::Alive
    };
    NeuronHealth {
        state,
        flat_share: flat / n,
        zero_share: zeros / n,
    }
}

fn count(neurons: &[NeuronHealth], state: NeuronState) -> usize {
    neurons.iter().filter(|n| n.state == state).count()
}

/// Mean and population standard deviation (two passes: stable for large means).
pub fn mean_std(values: &[f64]) -> (f64, f64) {
    if values.is_empty() {
        return (0.0, 0.0);
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let var = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
    (mean, var.sqrt())
}

/// Counts of `values` in `bins` equal bins over `range`; values outside fall into
/// the end bins (so points drifting far into a flat tail still show), and
/// non-finite values are skipped.
pub fn histogram(values: &[f64], (lo, hi): (f64, f64), bins: usize) -> Vec<usize> {
    let mut counts = vec![0; bins];
    if bins == 0 || hi <= lo {
        return counts;
    }
    let scale = bins as f64 / (hi - lo);
    for &v in values.iter().filter(|v| v.is_finite()) {
        let bin = ((v - lo) * scale).floor().clamp(0.0, (bins - 1) as f64);
        counts[bin as usize] += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neuron_states_follow_the_definitions() {
        let dead = neuron(&[0.0; 10], 1.0);
        assert_eq!(dead.state, NeuronState::Dead);
        assert_eq!(dead.flat_share, 1.0);
        let mut slopes = [0.05; 10];
        slopes[0] = 1.0;
        assert_eq!(
            neuron(&slopes, 1.0).state,
            NeuronState::Saturated,
            "90% flat"
        );
        slopes[1] = -0.8;
        let alive = neuron(&slopes, 1.0);
        assert_eq!(alive.state, NeuronState::Alive, "80% flat; −0.8 is steep");
        assert!((alive.flat_share - 0.8).abs() < 1e-12);
        // A ReLU unit that is zero on 95% of points but alive on the rest: saturated.
        let mut relu = [0.0; 20];
        relu[0] = 1.0;
        let unit = neuron(&relu, 1.0);
        assert_eq!(unit.state, NeuronState::Saturated);
        assert_eq!(unit.zero_share, 0.95);
    }

    #[test]
    fn statistics_and_histogram() {
        let (mean, std) = mean_std(&[1.0, 3.0]);
        assert_eq!((mean, std), (2.0, 1.0));
        let h = histogram(&[-5.0, -0.5, 0.1, 0.2, 9.0, f64::NAN], (-1.0, 1.0), 4);
        assert_eq!(
            h,
            vec![1, 1, 2, 1],
            "bins [-1,-0.5) [-0.5,0) [0,0.5) [0.5,1]"
        );
    }
}
