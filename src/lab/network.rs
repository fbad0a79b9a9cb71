//! A small multilayer perceptron in f64, written out by hand so that every number
//! the lab shows (pre-activations, slopes, gradients) is at hand.
//!
//! d inputs → hidden layers of the chosen activation → K outputs, read by a head:
//! `sigmoid` (σ of each logit, binary cross-entropy summed over the outputs),
//! `softmax` (K class probabilities, categorical cross-entropy) or `linear` (the
//! outputs themselves, mean squared error). Losses are computed from the logits, and
//! each head's gradient at the logits is p − y (2(z − y) for squared error).
//!
//! Speed: all parameters live in one flat vector and a `Workspace` holds every
//! buffer a pass needs, so a training step allocates nothing. Values are stored
//! feature-major (one contiguous row of n points per neuron), so the inner loops
//! run along the points, which the compiler vectorises.

use std::fmt;
use std::str::FromStr;

use super::rng::Rng;
use crate::activation::math::sigmoid;
use crate::func::Func;

/// How the initial weights are drawn (all normal with mean 0; biases are 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Init {
    /// Glorot: variance 2/(fan_in + fan_out), for tanh and sigmoid.
    Xavier,
    /// He: variance 2/fan_in, for ReLU and its kin.
    He,
    /// LeCun: variance 1/fan_in, the one SELU's self-normalisation assumes.
    Lecun,
}

impl Init {
    pub const ALL: [Init; 3] = [Init::Xavier, Init::He, Init::Lecun];

    pub fn name(self) -> &'static str {
        match self {
            Init::Xavier => "xavier",
            Init::He => "he",
            Init::Lecun => "lecun",
        }
    }

    /// The standard deviation for a layer with these fans.
    pub fn std(self, fan_in: usize, fan_out: usize) -> f64 {
        let variance = match self {
            Init::Xavier => 2.0 / (fan_in + fan_out) as f64,
            Init::He => 2.0 / fan_in as f64,
            Init::Lecun => 1.0 / fan_in as f64,
        };
        variance.sqrt()
    }

    pub fn next(self) -> Init {
        let i = Init::ALL.iter().position(|&k| k == self).unwrap_or(0);
        Init::ALL[(i + 1) % Init::ALL.len()]
    }
}

impl fmt::Display for Init {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Init {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        let found = match wanted.as_str() {
            "glorot" => Some(Init::Xavier),
            "kaiming" => Some(Init::He),
            _ => Init::ALL.into_iter().find(|k| k.name() == wanted),
        };
        found.ok_or_else(|| format!("unknown init '{s}'; choose xavier, he or lecun"))
    }
}

/// How the output layer's logits become predictions, and the loss they pay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Head {
    /// σ of each logit, binary cross-entropy summed over the outputs: one output for
    /// two classes, or one yes/no output per class.
    Sigmoid,
    /// Softmax over K ≥ 2 logits, categorical cross-entropy: one class of K.
    Softmax,
    /// The logits themselves, mean squared error: regression.
    Linear,
}

impl Head {
    pub const ALL: [Head; 3] = [Head::Sigmoid, Head::Softmax, Head::Linear];

    pub fn name(self) -> &'static str {
        match self {
            Head::Sigmoid => "sigmoid",
            Head::Softmax => "softmax",
            Head::Linear => "linear",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Head::Sigmoid => "σ per output, binary cross-entropy (one per class on K classes)",
            Head::Softmax => "K class probabilities, categorical cross-entropy",
            Head::Linear => "the output as it is, mean squared error (regression)",
        }
    }

    /// Whether the head predicts classes (and so has an accuracy).
    pub fn classifies(self) -> bool {
        self != Head::Linear
    }

    /// "sigmoid, softmax, linear".
    pub fn names() -> String {
        let names: Vec<&str> = Head::ALL.iter().map(|h| h.name()).collect();
        names.join(", ")
    }
}

impl fmt::Display for Head {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Head {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        let found = match wanted.as_str() {
            "identity" => Some(Head::Linear),
            _ => Head::ALL.into_iter().find(|h| h.name() == wanted),
        };
        found.ok_or_else(|| format!("unknown output '{s}'; choose one of {}", Head::names()))
    }
}

/// The weights and biases. Weight layer l maps `sizes[l]` inputs to `sizes[l + 1]`
/// outputs; its block in `params` is W (row j = output j) followed by b.
#[derive(Debug, Clone, PartialEq)]
pub struct Network {
    sizes: Vec<usize>,
    params: Vec<f64>,
    offsets: Vec<usize>,
    head: Head,
}

impl Network {
    /// 2 inputs → these hidden widths → 1 sigmoid output, weights drawn by `init`
    /// times `gain`.
    pub fn new(hidden: &[usize], init: Init, gain: f64, rng: &mut Rng) -> Network {
        Network::with_shape(2, hidden, 1, Head::Sigmoid, init, gain, rng)
    }

    /// `inputs` → hidden widths → `outputs` read by `head`. With softmax the labels
    /// are class indices below `outputs`; with sigmoid too when `outputs` > 1 (one
    /// yes/no output per class), else 0 or 1; with linear, one target per point and
    /// `outputs` = 1.
    pub fn with_shape(
        inputs: usize,
        hidden: &[usize],
        outputs: usize,
        head: Head,
        init: Init,
        gain: f64,
        rng: &mut Rng,
    ) -> Network {
        let mut sizes = vec![inputs];
        sizes.extend_from_slice(hidden);
        sizes.push(outputs);
        let mut offsets = vec![0];
        for pair in sizes.windows(2) {
            let last = offsets[offsets.len() - 1];
            offsets.push(last + pair[0] * pair[1] + pair[1]);
        }
        let mut params = vec![0.0; offsets[offsets.len() - 1]];
        for l in 0..sizes.len() - 1 {
            let (fan_in, fan_out) = (sizes[l], sizes[l + 1]);
            let std = gain * init.std(fan_in, fan_out);
            let start = offsets[l];
            for w in &mut params[start..start + fan_in * fan_out] {
                *w = std * rng.normal();
            }
        }
        Network {
            sizes,
            params,
            offsets,
            head,
        }
    }

    /// Widths of every layer, the inputs and the outputs included.
    pub fn sizes(&self) -> &[usize] {
        &self.sizes
    }

    pub fn head(&self) -> Head {
        self.head
    }

    /// Numbers per input point.
    pub fn inputs(&self) -> usize {
        self.sizes[0]
    }

    /// The number of outputs (logits).
    pub fn outputs(&self) -> usize {
        self.sizes[self.sizes.len() - 1]
    }

    pub fn hidden_widths(&self) -> &[usize] {
        &self.sizes[1..self.sizes.len() - 1]
    }

    /// The number of weight layers (hidden layers + 1).
    pub fn weight_layers(&self) -> usize {
        self.sizes.len() - 1
    }

    /// All weights and biases, layer by layer (W then b).
    pub fn params(&self) -> &[f64] {
        &self.params
    }

    pub fn params_mut(&mut self) -> &mut [f64] {
        &mut self.params
    }

    /// Where weight layer l's W (`sizes[l+1]` rows of `sizes[l]`) and b sit in `params`.
    pub fn layout(&self, l: usize) -> (std::ops::Range<usize>, std::ops::Range<usize>) {
        let start = self.offsets[l];
        let w_end = start + self.sizes[l] * self.sizes[l + 1];
        (start..w_end, w_end..self.offsets[l + 1])
    }

    /// Weight layer l's weights: row j feeds output j.
    pub fn weights(&self, l: usize) -> &[f64] {
        &self.params[self.layout(l).0]
    }

    pub fn biases(&self, l: usize) -> &[f64] {
        &self.params[self.layout(l).1]
    }

    /// Plain gradient descent: θ ← θ − lr·g. Returns false when a parameter is no
    /// longer finite (the run has diverged).
    pub fn descend(&mut self, grads: &[f64], lr: f64) -> bool {
        let mut finite = true;
        for (p, g) in self.params.iter_mut().zip(grads) {
            *p -= lr * g;
            finite &= p.is_finite();
        }
        finite
    }

    /// Forward pass over `points` (flat, `inputs()` numbers a point) into `ws`.
    pub fn forward(&self, func: &Func, points: &[f64], ws: &mut Workspace) {
        let dim = self.inputs();
        let n = points.len() / dim;
        ws.prepare(self, n);
        // Feature-major: row k holds input k of every point.
        let input = &mut ws.outputs[0];
        for (p, point) in points.chunks_exact(dim).enumerate() {
            for (k, &v) in point.iter().enumerate() {
                input[k * n + p] = v;
            }
        }
        for l in 0..self.weight_layers() {
            self.affine(l, ws);
            if l + 1 < self.weight_layers() {
                activate(func, ws, l + 1);
            }
        }
    }

    /// z = W·a + b for weight layer l, into `ws.pre[l + 1]`.
    fn affine(&self, l: usize, ws: &mut Workspace) {
        let n = ws.n;
        let (fan_in, fan_out) = (self.sizes[l], self.sizes[l + 1]);
        let (w_range, b_range) = self.layout(l);
        let w = &self.params[w_range];
        let b = &self.params[b_range];
        let input = &ws.outputs[l][..fan_in * n];
        let z = &mut ws.pre[l + 1][..fan_out * n];
        let pack = &mut ws.pack[..2 * fan_in];
        let mut z_rows = z.chunks_exact_mut(2 * n);
        let mut w_rows = w.chunks_exact(2 * fan_in);
        let mut biases = b.chunks_exact(2);
        for ((z_pair, w_pair), b_pair) in (&mut z_rows).zip(&mut w_rows).zip(&mut biases) {
            interleave(w_pair, pack);
            let (z0, z1) = z_pair.split_at_mut(n);
            combine_rows([z0, z1], pack, [b_pair[0], b_pair[1]], input, None);
        }
        if let ([bias], z_row) = (biases.remainder(), z_rows.into_remainder()) {
            combine_rows([z_row], w_rows.remainder(), [*bias], input, None);
        }
    }

    /// The head's mean loss over the points of the last forward pass, its gradient
    /// into `ws.grads`, and the share of points classified right.
    pub fn backward(&self, labels: &[f64], ws: &mut Workspace) -> PassResult {
        let n = ws.n;
        self.backward_scaled(labels, 1.0 / n.max(1) as f64, ws)
            .finish(n)
    }

    /// `backward` for part of a batch of `1/scale` points: the gradient of the
    /// whole batch's mean loss restricted to these points, and unaveraged sums.
    fn backward_scaled(&self, labels: &[f64], scale: f64, ws: &mut Workspace) -> PassResult {
        let last = self.weight_layers();
        let sums = self.output_delta(labels, scale, ws);
        ws.keep_delta(last);
        for l in (0..last).rev() {
            self.layer_gradient(l, ws);
            if l > 0 {
                self.delta_to_inputs(l, ws);
                ws.keep_delta(l);
            }
        }
        sums
    }

    /// `loss_and_gradient` with the points split in two halves, the second on
    /// another of rayon's threads (`rayon::join`: no thread is started per pass),
    /// when the pass is big enough to pay for it (`SPLIT_MIN_WORK` activations); the
    /// gradient lands in `ws[0]`. Whether to split depends only on the shape and the
    /// number of points, and the halves are added in a fixed order, so the numbers
    /// do not depend on the threads (rayon runs the second half here when no other
    /// thread is free).
    pub fn loss_and_gradient_split(
        &self,
        func: &Func,
        points: &[f64],
        labels: &[f64],
        ws: &mut [Workspace; 2],
    ) -> PassResult {
        let n = labels.len();
        let Some(half) = self.split_point(n) else {
            return self.loss_and_gradient(func, points, labels, &mut ws[0]);
        };
        let scale = 1.0 / n as f64;
        let (points_a, points_b) = points.split_at(self.inputs() * half);
        let (labels_a, labels_b) = labels.split_at(half);
        let [ws_a, ws_b] = ws;
        let (a, b) = rayon::join(
            || self.half_pass(func, points_a, labels_a, scale, ws_a),
            || self.half_pass(func, points_b, labels_b, scale, ws_b),
        );
        join_halves(ws_a, ws_b, a, b, n)
    }

    /// Where a split pass cuts a batch of `n` points (the first half's length), or
    /// `None` to run it whole: by the shape and `n` alone.
    pub fn split_point(&self, n: usize) -> Option<usize> {
        let work = n * self.hidden_widths().iter().sum::<usize>();
        (work >= SPLIT_MIN_WORK && n >= 2).then_some(n / 2)
    }

    /// One half of a split pass: forward over these points, then the gradient of the
    /// whole batch's mean loss (`scale` = 1/its size) restricted to them, into `ws`;
    /// returns unaveraged sums.
    fn half_pass(
        &self,
        func: &Func,
        points: &[f64],
        labels: &[f64],
        scale: f64,
        ws: &mut Workspace,
    ) -> PassResult {
        self.forward(func, points, ws);
        self.backward_scaled(labels, scale, ws)
    }

    /// ∂loss/∂W and ∂loss/∂b of weight layer l from the deltas at its outputs.
    fn layer_gradient(&self, l: usize, ws: &mut Workspace) {
        let n = ws.n;
        let (fan_in, fan_out) = (self.sizes[l], self.sizes[l + 1]);
        let (w_range, b_range) = self.layout(l);
        let delta = &ws.delta[..fan_out * n];
        let input = &ws.outputs[l][..fan_in * n];
        let (gw, gb) = ws.grads.split_at_mut(b_range.start);
        let gw = &mut gw[w_range];
        let gb = &mut gb[..fan_out];
        for ((g_row, d_row), g_bias) in gw
            .chunks_exact_mut(fan_in)
            .zip(delta.chunks_exact(n))
            .zip(gb)
        {
            // Two inputs per sweep of the delta row (each dot in its usual order).
            let mut g_pairs = g_row.chunks_exact_mut(2);
            let mut a_pairs = input.chunks_exact(2 * n);
            for (g, a_pair) in (&mut g_pairs).zip(&mut a_pairs) {
                let (a0, a1) = a_pair.split_at(n);
                (g[0], g[1]) = dot_pair(d_row, a0, a1);
            }
            if let [g] = g_pairs.into_remainder() {
                *g = dot(d_row, a_pairs.remainder());
            }
            *g_bias = sum(d_row);
        }
    }

    /// Deltas at weight layer l's inputs (hidden layer l): f′(z) ⊙ Wᵀδ.
    fn delta_to_inputs(&self, l: usize, ws: &mut Workspace) {
        let n = ws.n;
        let (fan_in, fan_out) = (self.sizes[l], self.sizes[l + 1]);
        let w = self.weights(l);
        let delta = &ws.delta[..fan_out * n];
        let next = &mut ws.delta_next[..fan_in * n];
        let slopes = &ws.slopes[l][..fan_in * n];
        // Columns k and k + 1 of W, interleaved, so that the kernel reads them in order.
        let pack = &mut ws.pack[..2 * fan_out];
        let mut next_rows = next.chunks_exact_mut(2 * n);
        let mut slope_rows = slopes.chunks_exact(2 * n);
        let mut k = 0;
        for (pair, s_pair) in (&mut next_rows).zip(&mut slope_rows) {
            for (c, w_row) in pack.chunks_exact_mut(2).zip(w.chunks_exact(fan_in)) {
                c.copy_from_slice(&w_row[k..k + 2]);
            }
            let (r0, r1) = pair.split_at_mut(n);
            let (s0, s1) = s_pair.split_at(n);
            combine_rows([r0, r1], pack, [0.0; 2], delta, Some([s0, s1]));
            k += 2;
        }
        let row = next_rows.into_remainder();
        if !row.is_empty() {
            let column = &mut ws.pack[..fan_out];
            for (c, w_row) in column.iter_mut().zip(w.chunks_exact(fan_in)) {
                *c = w_row[k];
            }
            combine_rows([row], column, [0.0], delta, Some([slope_rows.remainder()]));
        }
        std::mem::swap(&mut ws.delta, &mut ws.delta_next);
    }

    /// Forward and backward in one call.
    pub fn loss_and_gradient(
        &self,
        func: &Func,
        points: &[f64],
        labels: &[f64],
        ws: &mut Workspace,
    ) -> PassResult {
        self.forward(func, points, ws);
        self.backward(labels, ws)
    }

    /// Loss and accuracy without gradients (the deltas at the output are still
    /// written, into the buffers of `ws`).
    pub fn evaluate(
        &self,
        func: &Func,
        points: &[f64],
        labels: &[f64],
        ws: &mut Workspace,
    ) -> PassResult {
        self.forward(func, points, ws);
        let n = ws.n;
        self.output_delta(labels, 1.0 / n.max(1) as f64, ws)
            .finish(n)
    }

    /// The head's outputs for each point (flat, `inputs()` numbers a point), point
    /// by point: `outputs()` numbers each (σ(logit) for one sigmoid output, the class
    /// probabilities for softmax, the value for linear).
    pub fn predict(&self, func: &Func, points: &[f64], ws: &mut Workspace, out: &mut Vec<f64>) {
        self.forward(func, points, ws);
        let (n, k) = (ws.n, self.outputs());
        let logits = ws.logits();
        out.clear();
        out.resize(n * k, 0.0);
        let mut z = vec![0.0; k];
        for (p, row) in out.chunks_exact_mut(k).enumerate() {
            for (c, z) in z.iter_mut().enumerate() {
                *z = logits[c * n + p];
            }
            match self.head {
                Head::Sigmoid => {
                    for (o, &z) in row.iter_mut().zip(&z) {
                        *o = sigmoid(z);
                    }
                }
                Head::Softmax => {
                    softmax_into(&z, row);
                }
                Head::Linear => row.copy_from_slice(&z),
            }
        }
    }

    /// δ at the logits (`ws.delta`, row c = output c) for the head's loss, scaled by
    /// `scale` (1/n of the whole batch); returns the unaveraged loss and hit count.
    fn output_delta(&self, labels: &[f64], scale: f64, ws: &mut Workspace) -> PassResult {
        let (n, k) = (ws.n, self.outputs());
        let logits = &ws.pre[self.weight_layers()][..k * n];
        let delta = &mut ws.delta[..k * n];
        match (self.head, k) {
            (Head::Sigmoid, 1) => sigmoid_delta(logits, labels, scale, delta),
            (Head::Sigmoid, _) => per_class_sigmoid_delta(logits, labels, k, scale, delta),
            (Head::Softmax, _) => softmax_delta(logits, labels, k, scale, delta),
            (Head::Linear, _) => squared_error_delta(logits, labels, scale, delta),
        }
    }
}

/// Loss and accuracy of one pass.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PassResult {
    /// The head's mean loss over the points (NaN or infinite once the run has
    /// diverged).
    pub loss: f64,
    /// Share of points classified right; NaN for a linear (regression) head.
    pub accuracy: f64,
}

impl PassResult {
    /// Add one point's loss (softplus(z) − y·z, the BCE of σ(z) without forming
    /// log σ) and whether it is right (a non-finite logit is never right).
    #[cfg(test)]
    fn add(&mut self, z: f64, y: f64) {
        self.add_with(z, y, crate::activation::math::softplus(z));
    }

    /// `add` with softplus(z) at hand.
    #[inline]
    fn add_with(&mut self, z: f64, y: f64, softplus_z: f64) {
        self.loss += softplus_z - y * z;
        if z.is_finite() && (z > 0.0) == (y > 0.5) {
            self.accuracy += 1.0;
        }
    }

    fn finish(mut self, n: usize) -> PassResult {
        let n = n.max(1) as f64;
        self.loss /= n;
        self.accuracy /= n;
        self
    }
}

/// The two halves of a split pass of `n` points made one: the gradient into `first`
/// (first + second, in that order) and the averaged loss and accuracy.
pub(super) fn join_halves(
    first: &mut Workspace,
    second: &Workspace,
    a: PassResult,
    b: PassResult,
    n: usize,
) -> PassResult {
    for (g, h) in first.grads.iter_mut().zip(&second.grads) {
        *g += h;
    }
    PassResult {
        loss: a.loss + b.loss,
        accuracy: a.accuracy + b.accuracy,
    }
    .finish(n)
}

/// δ at the logit for the mean BCE of one sigmoid output: (σ(z) − y)/n
/// (`scale` = 1/n of the whole batch); also the unaveraged loss and hit count.
fn sigmoid_delta(logits: &[f64], labels: &[f64], scale: f64, delta: &mut [f64]) -> PassResult {
    let mut sums = PassResult::default();
    for ((d, &z), &y) in delta.iter_mut().zip(logits).zip(labels) {
        let (softplus_z, sigmoid_z) = softplus_and_sigmoid(z);
        sums.add_with(z, y, softplus_z);
        *d = (sigmoid_z - y) * scale;
    }
    sums
}

/// One sigmoid per class (`k` rows of logits, labels = class indices): BCE summed
/// over the classes, δ = (σ(z_c) − [c = label])/n; a point is right when its
/// largest logit is its class.
fn per_class_sigmoid_delta(
    logits: &[f64],
    labels: &[f64],
    k: usize,
    scale: f64,
    delta: &mut [f64],
) -> PassResult {
    let n = labels.len();
    let mut sums = PassResult::default();
    for (p, &label) in labels.iter().enumerate() {
        for c in 0..k {
            let z = logits[c * n + p];
            let y = one_hot(label, c);
            let (softplus_z, sigmoid_z) = softplus_and_sigmoid(z);
            sums.loss += softplus_z - y * z;
            delta[c * n + p] = (sigmoid_z - y) * scale;
        }
        sums.accuracy += hit(logits, n, k, p, label);
    }
    sums
}

/// Softmax and categorical cross-entropy (`k` rows of logits, labels = class
/// indices): loss = logsumexp(z) − z_label, δ = (p − y)/n with y one-hot.
fn softmax_delta(
    logits: &[f64],
    labels: &[f64],
    k: usize,
    scale: f64,
    delta: &mut [f64],
) -> PassResult {
    let n = labels.len();
    let mut sums = PassResult::default();
    let (mut z, mut probabilities) = (vec![0.0; k], vec![0.0; k]);
    for (p, &label) in labels.iter().enumerate() {
        for (c, z) in z.iter_mut().enumerate() {
            *z = logits[c * n + p];
        }
        let log_sum = softmax_into(&z, &mut probabilities);
        let mut true_logit = f64::NAN;
        for c in 0..k {
            let y = one_hot(label, c);
            if y == 1.0 {
                true_logit = z[c];
            }
            delta[c * n + p] = (probabilities[c] - y) * scale;
        }
        sums.loss += log_sum - true_logit;
        sums.accuracy += hit(logits, n, k, p, label);
    }
    sums
}

/// Squared error of one linear output: loss (z − y)², δ = 2(z − y)/n; no accuracy.
fn squared_error_delta(
    logits: &[f64],
    targets: &[f64],
    scale: f64,
    delta: &mut [f64],
) -> PassResult {
    let mut loss = 0.0;
    for ((d, &z), &y) in delta.iter_mut().zip(logits).zip(targets) {
        loss += (z - y) * (z - y);
        *d = 2.0 * (z - y) * scale;
    }
    PassResult {
        loss,
        accuracy: f64::NAN,
    }
}

/// 1 when `c` is the class `label`, else 0.
#[inline]
fn one_hot(label: f64, c: usize) -> f64 {
    if label == c as f64 {
        1.0
    } else {
        0.0
    }
}

/// 1 when point p's largest logit (of `k` rows of `n`) is its label's, else 0 (a
/// point with a non-finite logit is never right).
fn hit(logits: &[f64], n: usize, k: usize, p: usize, label: f64) -> f64 {
    let mut best = (f64::NEG_INFINITY, usize::MAX);
    for c in 0..k {
        let z = logits[c * n + p];
        if !z.is_finite() {
            return 0.0;
        }
        if z > best.0 {
            best = (z, c);
        }
    }
    one_hot(label, best.1)
}

/// Softmax of `z` into `out`, with the largest logit subtracted first (no
/// exponent is positive, so nothing overflows); returns logsumexp(z).
pub fn softmax_into(z: &[f64], out: &mut [f64]) -> f64 {
    let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut total = 0.0;
    for (o, &v) in out.iter_mut().zip(z) {
        *o = (v - max).exp();
        total += *o;
    }
    for o in out.iter_mut() {
        *o /= total;
    }
    max + total.ln()
}

/// `(softplus(z), sigmoid(z))`, the same numbers, from one exponential: both take
/// e^(−|z|).
#[inline]
fn softplus_and_sigmoid(z: f64) -> (f64, f64) {
    let t = (-z.abs()).exp();
    let softplus = z.max(0.0) + t.ln_1p();
    let sigmoid = if z >= 0.0 {
        1.0 / (1.0 + t)
    } else {
        t / (1.0 + t)
    };
    (softplus, sigmoid)
}

/// f and f′ of hidden layer `layer`'s pre-activations. Subnormal results (below
/// 2.2e-308, from a formula like `x*1e-310`) are flushed to zero: the CPU handles
/// them in microcode, about a hundred times slower, and every product that touches
/// them would slow the whole pass down.
fn activate(func: &Func, ws: &mut Workspace, layer: usize) {
    let len = ws.width(layer) * ws.n;
    let z = &ws.pre[layer][..len];
    let out = &mut ws.outputs[layer][..len];
    let slopes = &mut ws.slopes[layer][..len];
    func.eval_slice(z, out, slopes);
    flush_subnormals(out);
    flush_subnormals(slopes);
}

/// Subnormal values (and −0) to zero.
#[inline]
fn flush_subnormals(values: &mut [f64]) {
    for v in values {
        *v = if v.abs() < f64::MIN_POSITIVE { 0.0 } else { *v };
    }
}

/// For R outputs at once: `out[r][p] = start[r] + Σ_k weights[k·R + r]·rows[k][p]`
/// over the rows of `rows` (each `n` = `out[r].len()` long), times `scale[r][p]` if
/// given. Blocks of points are summed in registers across all k, R outputs sharing
/// each load of a row, and every point's sum runs in the same order (start, then
/// k = 0, 1, …), so the result depends neither on the blocking nor on R.
#[inline(always)]
fn combine_rows<const R: usize>(
    out: [&mut [f64]; R],
    weights: &[f64],
    start: [f64; R],
    rows: &[f64],
    scale: Option<[&[f64]; R]>,
) {
    let n = out[0].len();
    let fan_in = weights.len() / R;
    let rows = &rows[..fan_in * n];
    let blocked = n - n % LANES;
    for p in (0..blocked).step_by(LANES) {
        let mut acc = [[0.0; LANES]; R];
        for r in 0..R {
            acc[r] = [start[r]; LANES];
        }
        for (w, row) in weights.chunks_exact(R).zip(rows.chunks_exact(n)) {
            let a: &[f64; LANES] = row[p..p + LANES].try_into().expect("a full block");
            for r in 0..R {
                for i in 0..LANES {
                    acc[r][i] += w[r] * a[i];
                }
            }
        }
        for r in 0..R {
            out[r][p..p + LANES].copy_from_slice(&acc[r]);
        }
    }
    for p in blocked..n {
        for r in 0..R {
            let mut acc = start[r];
            for (w, row) in weights.chunks_exact(R).zip(rows.chunks_exact(n)) {
                acc += w[r] * row[p];
            }
            out[r][p] = acc;
        }
    }
    if let Some(scale) = scale {
        for r in 0..R {
            for (o, s) in out[r].iter_mut().zip(scale[r]) {
                *o *= s;
            }
        }
    }
}

/// Two rows of a matrix (`both` = row 0 then row 1) as pairs: [a₀, b₀, a₁, b₁, …].
fn interleave(both: &[f64], out: &mut [f64]) {
    let (a, b) = both.split_at(both.len() / 2);
    for ((pair, &x), &y) in out.chunks_exact_mut(2).zip(a).zip(b) {
        pair[0] = x;
        pair[1] = y;
    }
}

/// Below this many activations (points × hidden neurons) a training pass runs whole
/// on one thread: handing half to another thread costs about as much as a few
/// thousand activations. Where a pass splits decides the order of its sums, and so
/// the numbers of every run: the threshold stays where it was.
pub const SPLIT_MIN_WORK: usize = 16_000;

/// Lanes for the reductions: independent partial sums let the compiler vectorise
/// (floating-point addition is not associative, so it will not reorder one sum),
/// and the fixed order keeps results identical run to run.
const LANES: usize = 8;

/// Σ a[p]·b[p] in LANES interleaved partial sums, then `fold`, then the tail.
#[inline]
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let [acc] = lane_dots(a, [b]);
    fold(acc) + tail_dot(a, b)
}

/// `(dot(d, a), dot(d, b))`, number for number, in one sweep of `d`.
#[inline]
fn dot_pair(d: &[f64], a: &[f64], b: &[f64]) -> (f64, f64) {
    let [acc_a, acc_b] = lane_dots(d, [a, b]);
    (fold(acc_a) + tail_dot(d, a), fold(acc_b) + tail_dot(d, b))
}

/// The LANES partial sums of `dot(d, row)` for each row, over the full blocks.
/// Kept out of line: inlined, the compiler pairs up the lanes of different rows
/// (or lanes 0 and 4, as `fold` adds them) and shuffles on every load; here it can
/// only pair neighbouring lanes, which load as they lie.
#[inline(never)]
fn lane_dots<const R: usize>(d: &[f64], rows: [&[f64]; R]) -> [[f64; LANES]; R] {
    let mut acc = [[0.0; LANES]; R];
    for (c, x) in d.chunks_exact(LANES).enumerate() {
        let p = c * LANES;
        for r in 0..R {
            let y: &[f64; LANES] = rows[r][p..p + LANES].try_into().expect("a full block");
            for i in 0..LANES {
                acc[r][i] += x[i] * y[i];
            }
        }
    }
    acc
}

/// Σ a[p]·b[p] over the points after the last full block.
#[inline]
fn tail_dot(a: &[f64], b: &[f64]) -> f64 {
    let blocked = a.len() - a.len() % LANES;
    a[blocked..]
        .iter()
        .zip(&b[blocked..])
        .map(|(x, y)| x * y)
        .sum()
}

#[inline]
fn sum(a: &[f64]) -> f64 {
    let tail: f64 = a.chunks_exact(LANES).remainder().iter().sum();
    fold(lane_sums(a)) + tail
}

/// The LANES partial sums of `sum(a)` (out of line for the reason of `lane_dots`).
#[inline(never)]
fn lane_sums(a: &[f64]) -> [f64; LANES] {
    let mut acc = [0.0; LANES];
    for x in a.chunks_exact(LANES) {
        for i in 0..LANES {
            acc[i] += x[i];
        }
    }
    acc
}

#[inline]
fn fold(acc: [f64; LANES]) -> f64 {
    ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]))
}

/// Every buffer a pass needs, sized for the largest batch seen so far.
#[derive(Debug, Clone, Default)]
pub struct Workspace {
    sizes: Vec<usize>,
    capacity: usize,
    /// Points in the current pass.
    n: usize,
    /// outputs[0] = inputs; outputs[l] = f(z) of hidden layer l. Row k = neuron k.
    outputs: Vec<Vec<f64>>,
    /// pre[l] = z of layer l (the last is the logit).
    pre: Vec<Vec<f64>>,
    /// slopes[l] = f′(z) of hidden layer l.
    slopes: Vec<Vec<f64>>,
    delta: Vec<f64>,
    delta_next: Vec<f64>,
    /// Weights rearranged for `combine_rows`: two rows or columns interleaved.
    pack: Vec<f64>,
    grads: Vec<f64>,
    /// When set, every backward pass copies δ = ∂loss/∂z of each layer into `kept`
    /// (for the neuron inspector; training leaves it off and copies nothing).
    keep_deltas: bool,
    /// kept[l] = δ at layer l's pre-activations, row k = neuron k (index 0 unused).
    kept: Vec<Vec<f64>>,
}

impl Workspace {
    pub fn new() -> Workspace {
        Workspace::default()
    }

    /// A workspace whose backward passes keep every layer's δ (`deltas`).
    pub fn keeping_deltas() -> Workspace {
        Workspace {
            keep_deltas: true,
            ..Workspace::default()
        }
    }

    /// Keep (or stop keeping) every layer's δ in the backward passes to come.
    pub fn set_keeping_deltas(&mut self, keep: bool) {
        self.keep_deltas = keep;
    }

    /// δ = ∂loss/∂z at layer `layer`'s pre-activations (1-based; the last is the
    /// logits) from the last backward pass, row k = neuron k; the loss is the mean
    /// over the pass's points, so each entry carries its 1/n. `None` unless made by
    /// `keeping_deltas` and a backward pass has run.
    pub fn deltas(&self, layer: usize) -> Option<&[f64]> {
        let kept = self.kept.get(layer)?;
        let len = self.sizes.get(layer)? * self.n;
        kept.get(..len).filter(|d| !d.is_empty())
    }

    /// Copy the current δ (of layer `layer`) into `kept` when keeping deltas.
    fn keep_delta(&mut self, layer: usize) {
        if !self.keep_deltas {
            return;
        }
        let len = self.sizes[layer] * self.n;
        if self.kept.len() != self.sizes.len() {
            self.kept = vec![Vec::new(); self.sizes.len()];
        }
        self.kept[layer].clear();
        self.kept[layer].extend_from_slice(&self.delta[..len]);
    }

    /// Size the buffers for `n` points through `net` (allocates only when they grow
    /// or the shape changed).
    fn prepare(&mut self, net: &Network, n: usize) {
        if self.sizes != net.sizes || self.capacity < n {
            let capacity = n.max(self.capacity);
            let sized = |width: usize| vec![0.0; width * capacity];
            self.outputs = net.sizes.iter().map(|&w| sized(w)).collect();
            self.pre = net.sizes.iter().map(|&w| sized(w)).collect();
            self.slopes = net.sizes.iter().map(|&w| sized(w)).collect();
            let widest = net.sizes.iter().copied().max().unwrap_or(1);
            self.delta = sized(widest);
            self.delta_next = sized(widest);
            self.pack = vec![0.0; 2 * widest];
            self.sizes = net.sizes.clone();
            self.capacity = capacity;
        }
        self.grads.resize(net.params.len(), 0.0);
        self.n = n;
    }

    /// The number of points of the last pass.
    pub fn len(&self) -> usize {
        self.n
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    fn width(&self, layer: usize) -> usize {
        self.sizes[layer]
    }

    /// Hidden layer `layer`'s (1-based; 0 is the input) outputs: row k is neuron k
    /// over the points.
    pub fn outputs(&self, layer: usize) -> &[f64] {
        &self.outputs[layer][..self.width(layer) * self.n]
    }

    /// Pre-activations z of layer `layer` (1-based), row k = neuron k.
    pub fn pre_activations(&self, layer: usize) -> &[f64] {
        &self.pre[layer][..self.width(layer) * self.n]
    }

    /// f′(z) of hidden layer `layer` (1-based), row k = neuron k.
    pub fn slopes(&self, layer: usize) -> &[f64] {
        &self.slopes[layer][..self.width(layer) * self.n]
    }

    /// The output logits of the last pass, row c = output c.
    pub fn logits(&self) -> &[f64] {
        let last = self.sizes.len() - 1;
        &self.pre[last][..self.width(last) * self.n]
    }

    /// The gradient of the last backward pass, laid out like `Network::params`.
    pub fn grads(&self) -> &[f64] {
        &self.grads
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activation::find;
    use crate::activation::math::softplus;

    fn tanh() -> Func {
        Func::Catalog(find("tanh").unwrap().configured())
    }

    #[test]
    fn inits_have_their_variances() {
        assert_eq!(Init::He.std(8, 100), 0.5);
        assert_eq!(Init::Lecun.std(4, 100), 0.5);
        assert_eq!(Init::Xavier.std(4, 4), 0.5);
        let net = Network::new(&[400, 400], Init::He, 1.0, &mut Rng::new(1));
        let w = net.weights(1);
        let var = w.iter().map(|v| v * v).sum::<f64>() / w.len() as f64;
        assert!((var - 2.0 / 400.0).abs() < 2e-4, "{var}");
        assert!(net.biases(1).iter().all(|&b| b == 0.0));
        assert_eq!("Glorot".parse::<Init>(), Ok(Init::Xavier));
    }

    #[test]
    fn layout_covers_params_once() {
        let net = Network::new(&[3, 5], Init::Xavier, 1.0, &mut Rng::new(1));
        assert_eq!(net.sizes(), &[2, 3, 5, 1]);
        assert_eq!(net.params().len(), (6 + 3) + (15 + 5) + (5 + 1));
        assert_eq!(net.layout(1), (9..24, 24..29));
    }

    #[test]
    fn reductions_match_the_plain_sum() {
        let a: Vec<f64> = (0..21).map(|i| i as f64 * 0.5).collect();
        let b: Vec<f64> = (0..21).map(|i| 1.0 - i as f64).collect();
        let plain: f64 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
        assert!((dot(&a, &b) - plain).abs() < 1e-9);
        assert_eq!(sum(&a), a.iter().sum::<f64>());
    }

    #[test]
    fn one_exponential_gives_softplus_and_sigmoid() {
        let mut zs: Vec<f64> = (-4000..=4000).map(|i| i as f64 * 0.01).collect();
        zs.extend([
            0.0,
            -0.0,
            1e-310,
            -800.0,
            800.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ]);
        for z in zs {
            let (a, b) = softplus_and_sigmoid(z);
            assert_eq!(a.to_bits(), softplus(z).to_bits(), "softplus({z})");
            assert_eq!(b.to_bits(), sigmoid(z).to_bits(), "sigmoid({z})");
        }
        let (a, b) = softplus_and_sigmoid(f64::NAN);
        assert!(a.is_nan() && b.is_nan());
    }

    #[test]
    fn loss_is_stable_for_huge_logits() {
        let mut result = PassResult::default();
        result.add(1000.0, 0.0);
        result.add(-1000.0, 1.0);
        result.add(1000.0, 1.0);
        let result = result.finish(3);
        assert!((result.loss - 2000.0 / 3.0).abs() < 1e-9);
        assert!((result.accuracy - 1.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn a_fresh_network_predicts_near_a_half() {
        let net = Network::new(&[4], Init::Xavier, 1.0, &mut Rng::new(2));
        let mut ws = Workspace::new();
        let mut out = Vec::new();
        net.predict(&tanh(), &[0.0, 0.0, 0.3, -0.2], &mut ws, &mut out);
        assert_eq!(out[0], 0.5, "zero input, zero biases");
        assert!((out[1] - 0.5).abs() < 0.4);
    }
}
