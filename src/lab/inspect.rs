//! Inspect one hidden neuron: the chain rule at work, in numbers a learner can
//! follow. A hidden unit's weight gradient is the error signal arriving from above
//! (Σᵢ Wᵢⱼ δᵢ, before the unit's slope), times the activation's slope f′(z), times
//! its input, averaged over the points. A unit is dead when f′(z) = 0 on every
//! point; deep sigmoid layers learn slowly because the slopes multiply on the way
//! down.
//!
//! Every number here comes from the network's own forward and backward pass
//! (`Network::loss_and_gradient` with a workspace that keeps each layer's δ):
//! nothing is differentiated a second way. No UI code: the app and the command line
//! draw these records.

use std::fmt;
use std::str::FromStr;

use super::health::{self, FLAT_FRACTION};
use super::network::{Network, Workspace};
use super::Lab;

/// |f′(z)| at or below this share of the activation's peak slope counts as zero:
/// the flat (dead) side. (Sigmoid's tails reach 1e-20, not 0: flat all the same.)
pub const ZERO_SLOPE_FRACTION: f64 = 1e-6;

/// A hidden unit: `layer` counted from 1 (the first hidden layer), `unit` from 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitRef {
    pub layer: usize,
    pub unit: usize,
}

impl FromStr for UnitRef {
    type Err = String;

    /// "2:5" = unit 5 of hidden layer 2.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let malformed = || {
            format!(
                "'{s}' is not LAYER:UNIT: write e.g. 1:0 (hidden layers counted from 1, \
                 units from 0)"
            )
        };
        let (layer, unit) = s.trim().split_once(':').ok_or_else(malformed)?;
        let layer = layer.trim().parse().map_err(|_| malformed())?;
        let unit = unit.trim().parse().map_err(|_| malformed())?;
        Ok(UnitRef { layer, unit })
    }
}

impl fmt::Display for UnitRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.layer, self.unit)
    }
}

impl UnitRef {
    /// Whether `net` has this hidden unit; if not, why, naming the valid range.
    pub fn check(self, net: &Network) -> Result<(), String> {
        let hidden = net.hidden_widths();
        let layers = hidden.len();
        if self.layer == 0 || self.layer > layers {
            let range = if layers == 1 {
                "only hidden layer 1".to_string()
            } else {
                format!("hidden layers 1 to {layers}")
            };
            return Err(format!(
                "layer {} is not a hidden layer: layers are counted from 1, and this \
                 network has {range}",
                self.layer
            ));
        }
        let width = hidden[self.layer - 1];
        if self.unit >= width {
            return Err(format!(
                "unit {} is out of range: layer {} has {width} units, 0 to {}",
                self.unit,
                self.layer,
                width - 1
            ));
        }
        Ok(())
    }
}

/// Whether `point` indexes the lab's training set; if not, the valid range.
pub fn check_point(lab: &Lab, point: usize) -> Result<(), String> {
    let len = lab.data().train.len();
    if point < len {
        Ok(())
    } else {
        Err(format!(
            "point {point} is out of range: the training set has {len} points, 0 to {}",
            len.saturating_sub(1)
        ))
    }
}

/// The training point nearest to `at` (Euclidean, in the input space; e.g. a click
/// on the boundary plot), or `None` when `at` has the wrong length or no point is
/// at a finite distance.
pub fn nearest_training_point(lab: &Lab, at: &[f64]) -> Option<usize> {
    let train = &lab.data().train;
    if at.len() != train.dim {
        return None;
    }
    let distance = |i: usize| -> f64 {
        let x = train.input(i);
        x.iter().zip(at).map(|(a, b)| (a - b) * (a - b)).sum()
    };
    (0..train.len())
        .map(|i| (distance(i), i))
        .filter(|(d, _)| d.is_finite())
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, i)| i)
}

/// What the last step did to one unit's parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitUpdate {
    /// Δw, one per input (−lr × that step's gradient).
    pub weights: Vec<f64>,
    pub bias: f64,
    /// ‖(Δw, Δb)‖.
    pub norm: f64,
}

/// One hidden unit over the whole training set, at the current weights.
#[derive(Debug, Clone, PartialEq)]
pub struct NeuronReport {
    pub layer: usize,
    pub unit: usize,
    /// Its incoming weights, one per unit of the layer below (or input).
    pub weights: Vec<f64>,
    pub bias: f64,
    /// Its pre-activation z at each training point.
    pub z: Vec<f64>,
    /// f′(z) at each training point.
    pub slopes: Vec<f64>,
    /// The activation's largest |f′|.
    pub peak_slope: f64,
    /// The activation's peak slope and whether it saturates (the health rules).
    pub profile: health::SlopeProfile,
    /// Share of points with f′(z) ≈ 0 (|f′| ≤ `ZERO_SLOPE_FRACTION` × peak).
    pub flat_share: f64,
    /// Share of points with |f′(z)| < 0.1 × peak (the flat side included).
    pub saturated_share: f64,
    /// Mean over the points of the error signal reaching the unit before its slope:
    /// ∂ℓₚ/∂a = Σᵢ Wᵢⱼ δᵢ, with δᵢ the next layer's per-point deltas.
    pub mean_delta: f64,
    /// Mean over the points of that signal times f′(z): the unit's own δ. It equals
    /// the bias gradient (the loss is the mean over the points).
    pub mean_delta_slope: f64,
    /// ∂loss/∂b from the network's backward pass.
    pub bias_grad: f64,
    /// ∂loss/∂w for each incoming weight, from the network's backward pass.
    pub weight_grad: Vec<f64>,
    /// The last step's change to this unit (`None` before the first step).
    pub last_update: Option<UnitUpdate>,
    /// ‖(w, b) − (w, b) at step 0‖: how far the unit has moved since the start.
    pub moved: f64,
}

impl NeuronReport {
    /// The unit's state by the health rules (dead, saturated or alive).
    pub fn state(&self) -> health::NeuronState {
        health::neuron_state(&self.slopes, self.profile)
    }

    /// The smallest and largest z (0, 0 when there is no finite z).
    pub fn z_range(&self) -> (f64, f64) {
        finite_range(&self.z)
    }

    /// The histogram of z in `bins` equal bins over its range.
    pub fn z_histogram(&self, bins: usize) -> ((f64, f64), Vec<usize>) {
        let (lo, hi) = self.z_range();
        // A unit whose z is one value still gets a bin around it.
        let range = if hi > lo {
            (lo, hi)
        } else {
            (lo - 0.5, hi + 0.5)
        };
        (range, health::histogram(&self.z, range, bins))
    }
}

/// The smallest and largest finite value (0, 0 when there is none).
fn finite_range(values: &[f64]) -> (f64, f64) {
    let finite = values.iter().copied().filter(|v| v.is_finite());
    let lo = finite.clone().fold(f64::INFINITY, f64::min);
    let hi = finite.fold(f64::NEG_INFINITY, f64::max);
    if lo <= hi {
        (lo, hi)
    } else {
        (0.0, 0.0)
    }
}

/// A forward and backward pass over `x`, `y` that keeps every layer's δ.
fn pass(lab: &Lab, x: &[f64], y: &[f64]) -> (Workspace, f64) {
    let mut ws = Workspace::keeping_deltas();
    let result = lab
        .network()
        .loss_and_gradient(&lab.config().activation, x, y, &mut ws);
    (ws, result.loss)
}

/// Row `k` of a feature-major block of `n` points.
fn row(block: &[f64], k: usize, n: usize) -> &[f64] {
    &block[k * n..(k + 1) * n]
}

/// The unit's incoming weights and bias inside a params-shaped vector.
fn unit_slices(net: &Network, unit: UnitRef, params: &[f64]) -> (Vec<f64>, f64) {
    let (w_range, b_range) = net.layout(unit.layer - 1);
    let fan_in = net.sizes()[unit.layer - 1];
    let start = w_range.start + unit.unit * fan_in;
    (
        params[start..start + fan_in].to_vec(),
        params[b_range.start + unit.unit],
    )
}

/// The error signal reaching `unit` at each point before its slope, Σᵢ Wᵢⱼ δᵢ
/// from the next layer's kept deltas, times `scale` (n undoes the mean's 1/n).
fn arriving_signal(net: &Network, ws: &Workspace, unit: UnitRef, scale: f64) -> Vec<f64> {
    let n = ws.len();
    let width = net.sizes()[unit.layer];
    let w_up = net.weights(unit.layer);
    let above = ws.deltas(unit.layer + 1).unwrap_or(&[]);
    let mut signal = vec![0.0; n];
    for (i, d_row) in above.chunks_exact(n.max(1)).enumerate() {
        let w = w_up[i * width + unit.unit];
        for (s, &d) in signal.iter_mut().zip(d_row) {
            *s += w * d * scale;
        }
    }
    signal
}

/// The report of one hidden unit over the training set, or why the unit does not
/// exist (naming the valid range).
pub fn inspect(lab: &Lab, unit: UnitRef) -> Result<NeuronReport, String> {
    let net = lab.network();
    unit.check(net)?;
    let train = &lab.data().train;
    let (ws, _) = pass(lab, &train.x, &train.y);
    let n = ws.len();
    let z = row(ws.pre_activations(unit.layer), unit.unit, n).to_vec();
    let slopes = row(ws.slopes(unit.layer), unit.unit, n).to_vec();
    let signal = arriving_signal(net, &ws, unit, n as f64);
    let profile = lab.slope_profile();
    let peak = profile.peak;
    let (weights, bias) = unit_slices(net, unit, net.params());
    let (weight_grad, bias_grad) = unit_slices(net, unit, ws.grads());
    let mean = |values: &mut dyn Iterator<Item = f64>| values.sum::<f64>() / n.max(1) as f64;
    let share = |flat: &dyn Fn(f64) -> bool| {
        slopes.iter().filter(|&&s| flat(s.abs())).count() as f64 / n.max(1) as f64
    };
    let mean_delta = mean(&mut signal.iter().copied());
    let mean_delta_slope = mean(&mut signal.iter().zip(&slopes).map(|(d, s)| d * s));
    let moved = {
        let (w0, b0) = unit_slices(net, unit, lab.initial_params());
        distance(&weights, bias, &w0, b0)
    };
    Ok(NeuronReport {
        layer: unit.layer,
        unit: unit.unit,
        flat_share: share(&|s| s <= ZERO_SLOPE_FRACTION * peak),
        saturated_share: share(&|s| s < FLAT_FRACTION * peak),
        last_update: last_update(lab, unit),
        weights,
        bias,
        z,
        slopes,
        peak_slope: peak,
        profile,
        mean_delta,
        mean_delta_slope,
        bias_grad,
        weight_grad,
        moved,
    })
}

/// ‖(w, b) − (w0, b0)‖.
fn distance(w: &[f64], b: f64, w0: &[f64], b0: f64) -> f64 {
    let sum: f64 = w.iter().zip(w0).map(|(a, c)| (a - c) * (a - c)).sum();
    (sum + (b - b0) * (b - b0)).sqrt()
}

/// −lr × the last step's gradient for this unit.
fn last_update(lab: &Lab, unit: UnitRef) -> Option<UnitUpdate> {
    let grads = lab.last_gradient();
    if grads.len() != lab.network().params().len() {
        return None;
    }
    let lr = lab.config().lr;
    let (gw, gb) = unit_slices(lab.network(), unit, grads);
    let weights: Vec<f64> = gw.iter().map(|g| -lr * g).collect();
    let bias = -lr * gb;
    let norm = distance(&weights, bias, &vec![0.0; weights.len()], 0.0);
    Some(UnitUpdate {
        weights,
        bias,
        norm,
    })
}

/// One layer of one point's pass: every unit's z, f(z) (the logits for the output
/// layer, where f is the head's), f′(z) (empty for the output) and δ = ∂ℓ/∂z.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerTrace {
    /// 1-based; the last is the output layer.
    pub layer: usize,
    pub z: Vec<f64>,
    pub a: Vec<f64>,
    pub slopes: Vec<f64>,
    pub delta: Vec<f64>,
}

/// One hop of the dominant path, at a hidden unit.
#[derive(Debug, Clone, PartialEq)]
pub struct PathStep {
    pub layer: usize,
    pub unit: usize,
    pub z: f64,
    /// f′(z): the factor the activation puts on the signal passing down.
    pub slope: f64,
    /// Σᵢ Wᵢⱼ δᵢ: the signal arriving from the layer above, before f′.
    pub signal: f64,
    /// δ = f′(z) × signal.
    pub delta: f64,
    /// The unit of the layer above that contributes most to `signal` (largest
    /// |Wᵢⱼ δᵢ|): the next unit up the path.
    pub up_unit: usize,
    /// The weight from this unit to `up_unit`.
    pub weight: f64,
    /// δ here over δ at `up_unit` (0 when that is 0): the product of these factors,
    /// times the output's δ, is this path's first unit's δ exactly. With one unit a
    /// layer it is weight × slope.
    pub factor: f64,
}

/// Forward and backward numbers for one training point at the current weights.
#[derive(Debug, Clone, PartialEq)]
pub struct Trace {
    /// Index in the training set.
    pub point: usize,
    pub input: Vec<f64>,
    /// Its class index, or its target for regression.
    pub label: f64,
    /// Hidden layers, then the output layer.
    pub layers: Vec<LayerTrace>,
    /// The head's outputs (probabilities, or the value for regression).
    pub output: Vec<f64>,
    /// This point's loss.
    pub loss: f64,
    /// The unit the path leads down to.
    pub target: UnitRef,
    /// From the target unit up to the last hidden layer.
    pub path: Vec<PathStep>,
    /// The output unit the path starts from, and its δ (p − y; 2(z − y) for
    /// regression).
    pub output_unit: usize,
    pub output_delta: f64,
    /// This point's ∂ℓ/∂w (target's incoming weights) and ∂ℓ/∂b, from the network.
    pub weight_grad: Vec<f64>,
    pub bias_grad: f64,
}

impl Trace {
    /// The f′(z) factors on the path, from the target up.
    pub fn slopes_on_path(&self) -> Vec<f64> {
        self.path.iter().map(|s| s.slope).collect()
    }

    /// δ at the target as the path's product: output δ × Π factors (equal to the
    /// network's δ at the target).
    pub fn path_product(&self) -> f64 {
        self.output_delta * self.path.iter().map(|s| s.factor).product::<f64>()
    }
}

/// Trace training point `point` through the network, with the dominant backward
/// path down to `target`; or why the point or unit does not exist.
pub fn trace(lab: &Lab, point: usize, target: UnitRef) -> Result<Trace, String> {
    check_point(lab, point)?;
    let net = lab.network();
    target.check(net)?;
    let train = &lab.data().train;
    let input = train.input(point).to_vec();
    let label = train.y[point];
    // One point: the pass's mean loss is this point's loss, and its δ are per point.
    let (ws, loss) = pass(lab, &input, &[label]);
    let last = net.weight_layers();
    let layers: Vec<LayerTrace> = (1..=last)
        .map(|layer| LayerTrace {
            layer,
            z: ws.pre_activations(layer).to_vec(),
            a: if layer < last {
                ws.outputs(layer).to_vec()
            } else {
                ws.pre_activations(layer).to_vec()
            },
            slopes: if layer < last {
                ws.slopes(layer).to_vec()
            } else {
                Vec::new()
            },
            delta: ws.deltas(layer).unwrap_or(&[]).to_vec(),
        })
        .collect();
    let mut output = Vec::new();
    let mut scratch = Workspace::new();
    net.predict(&lab.config().activation, &input, &mut scratch, &mut output);
    let (path, output_unit) = dominant_path(net, &layers, target);
    let output_delta = layers[last - 1].delta.get(output_unit).copied();
    let (weight_grad, bias_grad) = unit_slices(net, target, ws.grads());
    Ok(Trace {
        point,
        input,
        label,
        layers,
        output,
        loss,
        target,
        path,
        output_unit,
        output_delta: output_delta.unwrap_or(f64::NAN),
        weight_grad,
        bias_grad,
    })
}

/// From `target` up: at each hidden layer the unit of the layer above whose
/// Wᵢⱼ δᵢ is largest in size. Returns the steps and the output unit reached.
fn dominant_path(net: &Network, layers: &[LayerTrace], target: UnitRef) -> (Vec<PathStep>, usize) {
    let mut path = Vec::new();
    let mut unit = target.unit;
    for layer in target.layer..net.weight_layers() {
        let here = &layers[layer - 1];
        let above = &layers[layer];
        let width = net.sizes()[layer];
        let w_up = net.weights(layer);
        let terms: Vec<f64> = above
            .delta
            .iter()
            .enumerate()
            .map(|(i, d)| w_up[i * width + unit] * d)
            .collect();
        let up_unit = largest_in_size(&terms);
        let delta = here.delta[unit];
        let up_delta = above.delta[up_unit];
        path.push(PathStep {
            layer,
            unit,
            z: here.z[unit],
            slope: here.slopes[unit],
            signal: terms.iter().sum(),
            delta,
            up_unit,
            weight: w_up[up_unit * width + unit],
            factor: if up_delta == 0.0 {
                0.0
            } else {
                delta / up_delta
            },
        });
        unit = up_unit;
    }
    (path, unit)
}

/// The index of the entry largest in absolute value (0 for none or all NaN).
fn largest_in_size(values: &[f64]) -> usize {
    let mut best = 0;
    for (i, v) in values.iter().enumerate() {
        if v.abs() > values[best].abs() || values[best].is_nan() {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_specs_parse_and_explain() {
        assert_eq!("2:5".parse(), Ok(UnitRef { layer: 2, unit: 5 }));
        assert_eq!(" 1 : 0 ".parse(), Ok(UnitRef { layer: 1, unit: 0 }));
        for bad in ["", "1", "a:0", "1:-1", "1:2:3", ":"] {
            let err = bad.parse::<UnitRef>().unwrap_err();
            assert!(err.contains("LAYER:UNIT"), "{bad}: {err}");
        }
    }

    #[test]
    fn largest_in_size_takes_the_biggest_magnitude() {
        assert_eq!(largest_in_size(&[0.1, -0.5, 0.3]), 1);
        assert_eq!(largest_in_size(&[]), 0);
        assert_eq!(largest_in_size(&[f64::NAN, 0.2]), 1);
    }
}
