//! The health of a network, measured on the whole training set:
//!
//! - a neuron is **dead** when f′(z) = 0 for every training point (no gradient
//!   reaches its weights, so it can never recover);
//! - **saturated** when it is not dead, the activation saturates (its slope fades
//!   toward 0 far out on a side: sigmoid, tanh, softsign, ELU, GELU …, see
//!   `SlopeProfile`), and |f′(z)| < 0.1 × the activation's peak |f′| for at least
//!   90% of the points (it learns, but barely). A rectifier's flat side is not
//!   saturation: ReLU's slope drops at the corner to exactly 0, leaky ReLU's stays
//!   at α; such units show as dead or by their flat share, as the lessons say;
//! - **blocked** when it is not dead but no error signal reaches it: the gradient
//!   of its incoming weights and bias is exactly 0, which happens when a layer above
//!   is entirely dead (its gradient norm is then exactly 0 too);
//! - per layer: those counts, the mean and standard deviation of the layer's
//!   outputs f(z) over all points and neurons, and the Frobenius norm of ∂loss/∂W
//!   for the weights feeding the layer (biases not included), and the RMS of the
//!   error signal δ = ∂ℓₚ/∂z that back-propagation brings to the layer, per point.
//!
//! The two gradients tell different stories on a plateau. δ is what shrinks by a
//! factor f′(z) · w at each layer on its way down (the vanishing gradient of
//! Hochreiter 1991; Glorot & Bengio 2010 follow it layer by layer). ∂loss/∂W is
//! δ times the layer's input averaged over the points, and once the output's error
//! averages out (a deep sigmoid net stuck at p = ½ for every point) it is small at
//! every layer alike, while δ still falls by decades toward the input.
//!
//! f′ is compared by magnitude: a non-monotonic activation (GELU, sin) with
//! f′ = −0.9 is steep, not flat.

use super::network::{Network, Workspace};
use crate::func::Func;

/// The share of the peak slope below which a point sits in the flat region.
pub const FLAT_FRACTION: f64 = 0.1;
/// The share of points in the flat region that makes a neuron saturated.
pub const SATURATED_SHARE: f64 = 0.9;

/// How an activation's slope behaves, which decides what "flat" means for its units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SlopeProfile {
    /// The largest |f′| (the flat region is below a tenth of it).
    pub peak: f64,
    /// Whether the slope fades toward 0 on a side, so that a unit can saturate.
    pub saturates: bool,
}

/// Where the slope is sampled on each side: x = ±2^k, from 1/8 out to 1024, far
/// past any z the lab sees.
const LADDER: std::ops::RangeInclusive<i32> = -3..=10;
/// A fading slope ends, at the far end of the ladder, below this share of the peak.
const FADED: f64 = 1e-3;

impl SlopeProfile {
    /// Read from the function itself (catalog entries and typed formulas alike).
    pub fn of(func: &Func) -> SlopeProfile {
        let peak = func.peak_slope();
        let slope = |x: f64| func.eval(x).1;
        SlopeProfile {
            peak,
            saturates: [-1.0, 1.0]
                .iter()
                .any(|&side| side_saturates(slope, side, peak)),
        }
    }
}

/// Whether the slope on one side (`side` = ±1) fades toward 0 the way a squashing
/// function's does: it falls to almost nothing far out, and on the way it passes
/// through small slopes that are not 0. Three cases are kept apart:
/// - sigmoid, tanh, softsign, ELU's and GELU's left: fading, saturates;
/// - ReLU's left, hard tanh's sides: the slope drops at a corner straight to
///   exactly 0 (a flat side, where units die rather than saturate);
/// - leaky ReLU's left: the slope stays at α, however small; it never fades.
fn side_saturates(slope: impl Fn(f64) -> f64, side: f64, peak: f64) -> bool {
    let slopes: Vec<f64> = LADDER.map(|k| slope(side * 2f64.powi(k)).abs()).collect();
    let [a, b, c] = slopes[slopes.len() - 3..] else {
        return false;
    };
    // NaN fails every comparison, and so counts as not fading.
    let falls = a >= b && b >= c && c < FADED * peak && (c < a || a == 0.0);
    let gradual = slopes.iter().any(|&s| s > 0.0 && s < FLAT_FRACTION * peak);
    falls && gradual
}

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
    /// Not dead, yet no error signal reaches it: ∂loss/∂ of its incoming weights
    /// and bias are exactly 0 (a layer above is entirely dead).
    pub blocked: bool,
}

/// One hidden layer over the training set.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerHealth {
    pub width: usize,
    pub dead: usize,
    pub saturated: usize,
    /// Units that are not dead but get no error signal (`NeuronHealth::blocked`).
    pub blocked: usize,
    /// Mean of the layer's outputs f(z) over all points and neurons.
    pub mean: f64,
    /// Their (population) standard deviation.
    pub std: f64,
    /// ‖∂loss/∂W‖_F for the weights feeding this layer.
    pub grad_norm: f64,
    /// The error signal at the layer: √(mean over points p and units k of
    /// (∂ℓₚ/∂zₖ)²), with ℓₚ the loss of point p (NaN when not measured).
    pub delta_rms: f64,
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
    /// The error signal at the logits, as `LayerHealth::delta_rms` (p − y per
    /// point for the classification heads).
    pub output_delta_rms: f64,
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

    /// The error signal δ of every layer, input side first, the output last.
    pub fn delta_rms(&self) -> Vec<f64> {
        let mut signals: Vec<f64> = self.layers.iter().map(|l| l.delta_rms).collect();
        signals.push(self.output_delta_rms);
        signals
    }
}

/// √(mean of (n·δ)²) over weight layer `layer`'s outputs (1-based; the last is the
/// logits) from a pass that kept its deltas: n undoes the mean loss's 1/n, so each
/// entry is one point's ∂ℓₚ/∂z. NaN when the deltas were not kept.
pub fn delta_rms(ws: &Workspace, layer: usize) -> f64 {
    let Some(deltas) = ws.deltas(layer) else {
        return f64::NAN;
    };
    let n = ws.len() as f64;
    let sum: f64 = deltas.iter().map(|d| (d * n) * (d * n)).sum();
    (sum / deltas.len().max(1) as f64).sqrt()
}

/// Per-layer health from a forward and backward pass over the training set that
/// `ws` still holds, for an activation with this slope profile.
pub fn measure_layers(net: &Network, ws: &Workspace, profile: SlopeProfile) -> Vec<LayerHealth> {
    measure_layers_of(net, std::slice::from_ref(ws), profile)
}

/// `measure_layers` over a pass whose points may be split over `halves` (in point
/// order, the gradient in the first, as `Lab::training_pass` gives it): each
/// unit's slopes and each layer's outputs over all the points. δ is kept only by
/// a whole pass (the health report's): a split one leaves `delta_rms` NaN.
pub fn measure_layers_of(
    net: &Network,
    halves: &[Workspace],
    profile: SlopeProfile,
) -> Vec<LayerHealth> {
    let Some(first) = halves.first() else {
        return Vec::new();
    };
    (1..net.weight_layers())
        .map(|layer| {
            let width = net.sizes()[layer];
            let silent = silent_units(net, first, layer - 1);
            // Row k of every half: unit k's slopes at all the points, in order.
            let unit_slopes = |k: usize| {
                halves.iter().flat_map(move |ws| {
                    let n = ws.len();
                    ws.slopes(layer)[k * n..(k + 1) * n].iter().copied()
                })
            };
            let neurons: Vec<NeuronHealth> = (0..width)
                .zip(silent)
                .map(|(k, silent)| neuron(unit_slopes(k), profile, silent))
                .collect();
            let outputs = halves
                .iter()
                .flat_map(move |ws| ws.outputs(layer).iter().copied());
            let (mean, std) = mean_std_of(outputs);
            LayerHealth {
                width,
                dead: count(&neurons, NeuronState::Dead),
                saturated: count(&neurons, NeuronState::Saturated),
                blocked: neurons.iter().filter(|n| n.blocked).count(),
                mean,
                std,
                grad_norm: weight_grad_norm(net, first, layer - 1),
                delta_rms: match halves {
                    [whole] => delta_rms(whole, layer),
                    _ => f64::NAN,
                },
                neurons,
            }
        })
        .collect()
}

/// For each output of weight layer `l`: whether the gradient of its weights and
/// bias is exactly 0 (no error signal reached it at any point).
fn silent_units(net: &Network, ws: &Workspace, l: usize) -> Vec<bool> {
    let (weights, biases) = net.layout(l);
    let fan_in = net.sizes()[l];
    let grads = ws.grads();
    grads[weights]
        .chunks_exact(fan_in)
        .zip(&grads[biases])
        .map(|(row, &bias)| bias == 0.0 && row.iter().all(|&g| g == 0.0))
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

/// The state of one neuron from its slopes f′(z) over the training set (an error
/// signal assumed to reach it: `blocked` needs the layer's gradient).
pub fn neuron_state(slopes: &[f64], profile: SlopeProfile) -> NeuronState {
    neuron(slopes.iter().copied(), profile, false).state
}

/// One unit from its slopes at every point; `silent`: no gradient reached it.
fn neuron(slopes: impl Iterator<Item = f64>, profile: SlopeProfile, silent: bool) -> NeuronHealth {
    let threshold = FLAT_FRACTION * profile.peak;
    let (mut points, mut zeros, mut flat) = (0usize, 0usize, 0usize);
    for s in slopes {
        points += 1;
        zeros += usize::from(s == 0.0);
        flat += usize::from(s.abs() < threshold || s == 0.0);
    }
    let n = points.max(1) as f64;
    let (zeros, flat) = (zeros as f64, flat as f64);
    let state = if zeros == n {
        NeuronState::Dead
    } else if profile.saturates && flat >= SATURATED_SHARE * n {
        NeuronState::Saturated
    } else {
        NeuronState::Alive
    };
    NeuronHealth {
        state,
        flat_share: flat / n,
        zero_share: zeros / n,
        blocked: silent && state != NeuronState::Dead,
    }
}

fn count(neurons: &[NeuronHealth], state: NeuronState) -> usize {
    neurons.iter().filter(|n| n.state == state).count()
}

/// Mean and population standard deviation (two passes: stable for large means).
pub fn mean_std(values: &[f64]) -> (f64, f64) {
    mean_std_of(values.iter().copied())
}

/// `mean_std` of values that may lie in several slices (read twice, in order).
fn mean_std_of(values: impl Iterator<Item = f64> + Clone) -> (f64, f64) {
    let n = values.clone().count();
    if n == 0 {
        return (0.0, 0.0);
    }
    let n = n as f64;
    let mean = values.clone().sum::<f64>() / n;
    let var = values.map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
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

    fn neuron_of(slopes: &[f64], profile: SlopeProfile, silent: bool) -> NeuronHealth {
        neuron(slopes.iter().copied(), profile, silent)
    }

    const SQUASH: SlopeProfile = SlopeProfile {
        peak: 1.0,
        saturates: true,
    };

    #[test]
    fn neuron_states_follow_the_definitions() {
        let dead = neuron_of(&[0.0; 10], SQUASH, true);
        assert_eq!(dead.state, NeuronState::Dead);
        assert_eq!(dead.flat_share, 1.0);
        assert!(!dead.blocked, "a dead unit is dead, not blocked");
        let mut slopes = [0.05; 10];
        slopes[0] = 1.0;
        assert_eq!(
            neuron_of(&slopes, SQUASH, false).state,
            NeuronState::Saturated,
            "90% flat"
        );
        slopes[1] = -0.8;
        let alive = neuron_of(&slopes, SQUASH, false);
        assert_eq!(alive.state, NeuronState::Alive, "80% flat; −0.8 is steep");
        assert!((alive.flat_share - 0.8).abs() < 1e-12);
        assert!(neuron_of(&slopes, SQUASH, true).blocked);
    }

    /// Issue 11: ReLU and leaky-ReLU units got the "saturated" mark, which the
    /// lessons keep for squashing functions. A ReLU unit on its flat side on 95% of
    /// the points is alive (and shows its flat share), not saturated.
    #[test]
    fn only_squashing_units_saturate() {
        let relu = SlopeProfile::of(&func("relu"));
        assert_eq!(relu.peak, 1.0);
        assert!(!relu.saturates);
        let mut slopes = [0.0; 20];
        slopes[0] = 1.0;
        let unit = neuron_of(&slopes, relu, false);
        assert_eq!(unit.state, NeuronState::Alive);
        assert_eq!((unit.zero_share, unit.flat_share), (0.95, 0.95));
        // Leaky ReLU (α = 0.01) on its left side: a slope of 0.01, below a tenth
        // of the peak, but it never fades; not saturated either.
        let leaky = SlopeProfile::of(&func("leaky_relu"));
        let mut slopes = [0.01; 20];
        slopes[0] = 1.0;
        assert_eq!(neuron_of(&slopes, leaky, false).state, NeuronState::Alive);
        // tanh with the same shares is.
        let tanh = SlopeProfile::of(&func("tanh"));
        assert_eq!(
            neuron_of(&slopes, tanh, false).state,
            NeuronState::Saturated
        );
    }

    /// Which catalog entries saturate, as their lessons and the catalog's
    /// "saturates" column say: slopes that fade toward 0 on a side do; a corner
    /// down to exactly 0 (ReLU, the hard variants) or a slope that never fades
    /// (leaky ReLU, sin, identity) does not.
    #[test]
    fn saturation_is_read_from_the_slope() {
        let fading = [
            "sigmoid",
            "tanh",
            "softsign",
            "softplus",
            "elu",
            "celu",
            "selu",
            "gelu",
            "gelu_tanh",
            "silu",
            "swish",
            "mish",
            "gaussian",
        ];
        let not_fading = [
            "identity",
            "step",
            "relu",
            "relu6",
            "leaky_relu",
            "prelu",
            "hard_sigmoid",
            "hard_tanh",
            "hard_swish",
            "sin",
        ];
        for name in fading {
            assert!(SlopeProfile::of(&func(name)).saturates, "{name}");
        }
        for name in not_fading {
            assert!(!SlopeProfile::of(&func(name)).saturates, "{name}");
        }
        // However small α is, leaky ReLU's slope stays α.
        let mut tiny = crate::activation::find("leaky_relu").unwrap().configured();
        tiny.set_param("alpha", 1e-6).unwrap();
        assert!(!SlopeProfile::of(&Func::Catalog(tiny)).saturates);
        // A slowly saturating swish (β = 0.1) still does.
        let mut slow = crate::activation::find("swish").unwrap().configured();
        slow.set_param("beta", 0.1).unwrap();
        assert!(SlopeProfile::of(&Func::Catalog(slow)).saturates);
    }

    fn func(name: &str) -> Func {
        Func::Catalog(crate::activation::find(name).unwrap().configured())
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
