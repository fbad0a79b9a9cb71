//! The entries of the catalog, in the order the course meets them.
//!
//! Each `eval` returns (f(x), f′(x)). Kinks use PyTorch's autograd convention
//! (see each entry's `kink_note`); the numerically careful pieces live in `math`.

use super::math::{
    clip, leaky_relu_and_slope, normal_cdf, normal_pdf, sigmoid, sigmoid_slope, softplus,
    tanh_and_slope, tanh_softplus_and_sech2, GELU_TANH_K, SELU_ALPHA, SELU_SCALE, SQRT_2_OVER_PI,
};
use super::{Activation, Kind, Param, ParamValues, Peak, Smoothness};

const ALPHA_LEAKY: Param = Param {
    key: "alpha",
    symbol: "α",
    default: 0.01,
    min: 0.0,
    max: 1.0,
    step: 0.01,
    meaning: "slope for x < 0",
};
const ALPHA_PRELU: Param = Param {
    default: 0.25,
    step: 0.05,
    meaning: "slope for x < 0 (learned in a real network; 0.25 is its usual start)",
    ..ALPHA_LEAKY
};
const ALPHA_ELU: Param = Param {
    key: "alpha",
    symbol: "α",
    default: 1.0,
    min: 0.0,
    max: 5.0,
    step: 0.1,
    meaning: "depth of the negative saturation (f → −α)",
};
const ALPHA_CELU: Param = Param {
    min: 0.05,
    ..ALPHA_ELU
};
const BETA_SWISH: Param = Param {
    key: "beta",
    symbol: "β",
    default: 1.0,
    min: 0.0,
    max: 10.0,
    step: 0.1,
    meaning: "sharpness: β → ∞ approaches ReLU, β = 0 gives x/2",
};
const BETA_SOFTPLUS: Param = Param {
    key: "beta",
    symbol: "β",
    default: 1.0,
    min: 0.1,
    max: 10.0,
    step: 0.1,
    meaning: "sharpness: (1/β)·ln(1+e^(βx)); a larger β hugs ReLU more closely",
};
/// PyTorch's default threshold is 20. Ours is 40: beyond it softplus(x) and x
/// are the same double (and σ(x) is 1.0), so the default changes no value; set
/// threshold=20 to match PyTorch bit for bit.
const THRESHOLD_SOFTPLUS: Param = Param {
    key: "threshold",
    symbol: "T",
    default: 40.0,
    min: 1.0,
    max: 100.0,
    step: 1.0,
    meaning: "where βx > T the value is x itself and the slope 1 (PyTorch's threshold)",
};
const MIN_HARD_TANH: Param = Param {
    key: "min_val",
    symbol: "lo",
    default: -1.0,
    min: -10.0,
    max: 0.0,
    step: 0.25,
    meaning: "the lower bound of the clip (PyTorch's min_val)",
};
const MAX_HARD_TANH: Param = Param {
    key: "max_val",
    symbol: "hi",
    default: 1.0,
    min: 0.0,
    max: 10.0,
    step: 0.25,
    meaning: "the upper bound of the clip (PyTorch's max_val)",
};
const THRESHOLD_RELU: Param = Param {
    key: "threshold",
    symbol: "θ",
    default: 0.0,
    min: -5.0,
    max: 5.0,
    step: 0.25,
    meaning: "Keras: x passes only where x > θ, else 0 (a jump from 0 to θ when θ > 0)",
};
/// Keras's `max_value=None` is ∞ here: no cap, plain ReLU.
const MAX_RELU: Param = Param {
    key: "max_value",
    symbol: "m",
    default: f64::INFINITY,
    min: 0.0,
    max: f64::INFINITY,
    step: 0.5,
    meaning: "Keras: the output is capped at m (m = 6 is ReLU6; inf = no cap)",
};
const GATE: Param = Param {
    key: "gate",
    symbol: "g",
    default: 1.0,
    min: -10.0,
    max: 10.0,
    step: 0.25,
    meaning: "the gate input, held fixed while the value input x varies",
};

fn one(_: &ParamValues) -> f64 {
    1.0
}

/// Every entry. Order: the course's order (linear, classic, rectifiers, smooth, hard, gates).
pub static CATALOG: [Activation; 26] = [
    Activation {
        name: "identity",
        aliases: &["linear"],
        title: "Identity (linear)",
        formula: "f(x) = x",
        derivative: "f'(x) = 1",
        params: &[],
        range: "(−∞, ∞)",
        zero_centered: true,
        monotonic: true,
        smooth: Smoothness::CInf,
        saturates: "never",
        year: None,
        paper: "—",
        kink_note: "",
        answered: "— (the baseline: a layer with no activation at all)",
        still_suffers: "no non-linearity: stacked linear layers collapse into one linear map → step, sigmoid",
        kind: Kind::Scalar,
        eval: |x, _| (x, 1.0),
        peak: Peak::Exact(one),
    },
    Activation {
        name: "step",
        aliases: &["heaviside", "binary_step"],
        title: "Binary step (Heaviside)",
        formula: "f(x) = 1 if x ≥ 0, else 0",
        derivative: "f'(x) = 0 (x ≠ 0; undefined at 0)",
        params: &[],
        range: "{0, 1}",
        zero_centered: false,
        monotonic: true,
        smooth: Smoothness::Discontinuous,
        saturates: "everywhere (zero gradient)",
        year: Some(1943),
        paper: "McCulloch & Pitts 1943 (threshold unit); Rosenblatt 1958 (perceptron)",
        kink_note: "step(0) = 1; the derivative is taken as 0 everywhere, including 0",
        answered: "the first artificial neurons: a yes/no threshold decision (McCulloch & Pitts 1943; Rosenblatt 1958)",
        still_suffers: "zero gradient everywhere, so hidden layers cannot be trained by gradients → sigmoid",
        kind: Kind::Scalar,
        eval: |x, _| (if x >= 0.0 { 1.0 } else { 0.0 }, 0.0),
        peak: Peak::Exact(|_| 0.0),
    },
    Activation {
        name: "sigmoid",
        aliases: &["logistic"],
        title: "Sigmoid (logistic)",
        formula: "f(x) = σ(x) = 1/(1+e^(−x))",
        derivative: "f'(x) = σ(x)(1−σ(x))",
        params: &[],
        range: "(0, 1)",
        zero_centered: false,
        monotonic: true,
        smooth: Smoothness::CInf,
        saturates: "both sides (→0, →1)",
        year: Some(1986),
        paper: "Rumelhart, Hinton & Williams 1986 (back-propagation)",
        kink_note: "",
        answered: "the step's missing gradient: a smooth threshold that back-propagation can train (Rumelhart, Hinton & Williams 1986)",
        still_suffers: "vanishing gradients (σ′ ≤ 1/4, flat on both sides) and outputs that are not zero-centred → tanh, relu",
        kind: Kind::Scalar,
        eval: |x, _| (sigmoid(x), sigmoid_slope(x)),
        peak: Peak::Exact(|_| 0.25),
    },
    Activation {
        name: "tanh",
        aliases: &["hyperbolic_tangent"],
        title: "Hyperbolic tangent",
        formula: "f(x) = tanh(x) = 2σ(2x) − 1",
        derivative: "f'(x) = 1 − tanh²(x)",
        params: &[],
        range: "(−1, 1)",
        zero_centered: true,
        monotonic: true,
        smooth: Smoothness::CInf,
        saturates: "both sides (→±1)",
        year: Some(1998),
        paper: "LeCun et al. 1998, Efficient BackProp (zero-centred units)",
        kink_note: "",
        answered: "sigmoid's off-centre outputs: odd and zero-centred, slope 1 at 0 (LeCun et al. 1998)",
        still_suffers: "still flat on both sides: gradients vanish in deep stacks → relu",
        kind: Kind::Scalar,
        eval: |x, _| tanh_and_slope(x),
        peak: Peak::Exact(one),
    },
    Activation {
        name: "hard_sigmoid",
        aliases: &["hardsigmoid"],
        title: "Hard sigmoid",
        formula: "f(x) = relu6(x+3)/6 = clip(x/6 + 1/2, 0, 1)",
        derivative: "f'(x) = 1/6 on (−3, 3), 0 outside",
        params: &[],
        range: "[0, 1]",
        zero_centered: false,
        monotonic: true,
        smooth: Smoothness::C0,
        saturates: "exactly flat for |x| ≥ 3",
        year: Some(2019),
        paper: "Howard et al. 2019, Searching for MobileNetV3",
        kink_note: "f'(±3) = 0, as in PyTorch and JAX",
        answered: "sigmoid's cost on phones: a piecewise-linear stand-in that is cheap and quantises well (Howard et al. 2019)",
        still_suffers: "exactly zero gradient for |x| ≥ 3",
        kind: Kind::Scalar,
        eval: |x, _| {
            let slope = if x > -3.0 && x < 3.0 { 1.0 / 6.0 } else { 0.0 };
            (clip(x + 3.0, 0.0, 6.0) / 6.0, slope)
        },
        peak: Peak::Exact(|_| 1.0 / 6.0),
    },
    Activation {
        name: "hard_tanh",
        aliases: &["hardtanh"],
        title: "Hard tanh",
        formula: "f(x) = clip(x, lo, hi)   (lo = −1, hi = 1 by default)",
        derivative: "f'(x) = 1 on (lo, hi), 0 outside",
        params: &[MIN_HARD_TANH, MAX_HARD_TANH],
        range: "[lo, hi]",
        zero_centered: true,
        monotonic: true,
        smooth: Smoothness::C0,
        saturates: "exactly flat for |x| ≥ 1",
        year: Some(2004),
        paper: "usually credited to Collobert's 2004 thesis",
        kink_note: "f'(lo) = f'(hi) = 0, as in PyTorch (JAX returns 1 at ±1)",
        answered: "tanh's cost: a clipped identity, nearly free to compute (usually credited to Collobert 2004)",
        still_suffers: "exactly zero gradient outside its bounds",
        kind: Kind::Scalar,
        eval: |x, p| {
            let (lo, hi) = (p[0], p[1]);
            let slope = if x > lo && x < hi { 1.0 } else { 0.0 };
            (clip(x, lo, hi), slope)
        },
        peak: Peak::Exact(|p| if p[1] > p[0] { 1.0 } else { 0.0 }),
    },
    Activation {
        name: "softsign",
        aliases: &["soft_sign"],
        title: "Softsign",
        formula: "f(x) = x/(1+|x|)",
        derivative: "f'(x) = 1/(1+|x|)²",
        params: &[],
        range: "(−1, 1)",
        zero_centered: true,
        monotonic: true,
        smooth: Smoothness::C1,
        saturates: "both sides, polynomially (f' ~ 1/x²)",
        year: Some(2009),
        paper: "Bergstra et al. 2009, as credited by Glorot & Bengio 2010",
        kink_note: "",
        answered: "tanh's fast saturation: tails approach ±1 polynomially, so gradients fade more slowly (Bergstra et al. 2009; Glorot & Bengio 2010)",
        still_suffers: "it still saturates (f′ ~ 1/x²) → relu",
        kind: Kind::Scalar,
        eval: |x, _| {
            let d = 1.0 + x.abs();
            (x / d, 1.0 / (d * d))
        },
        peak: Peak::Exact(one),
    },
    Activation {
        name: "softplus",
        aliases: &["soft_plus"],
        title: "Softplus",
        formula: "f(x) = (1/β)·ln(1+e^(βx)), or x where βx > T",
        derivative: "f'(x) = σ(βx), or 1 where βx > T",
        params: &[BETA_SOFTPLUS, THRESHOLD_SOFTPLUS],
        range: "(0, ∞)",
        zero_centered: false,
        monotonic: true,
        smooth: Smoothness::CInf,
        saturates: "left side only (→0)",
        year: Some(2001),
        paper: "Dugas, Bengio, Bélisle, Nadeau & Garcia, NIPS 13 (2001)",
        kink_note: "above βx > T: f = x and f' = 1, as in PyTorch (a jump of at most e^(−T)/β)",
        answered: "a smooth, positive rectifier whose slope σ(x) is never exactly 0 (Dugas et al. 2001)",
        still_suffers: "not zero-centred, costlier than ReLU, and its output never reaches 0 → relu",
        kind: Kind::Scalar,
        eval: |x, p| softplus_beta(x, p[0], p[1]),
        peak: Peak::Exact(one),
    },
    Activation {
        name: "relu",
        aliases: &["rectifier"],
        title: "ReLU (rectified linear unit)",
        formula: "f(x) = max(0, x)   (Keras: x where x > θ, else 0; capped at m)",
        derivative: "f'(x) = 1 if max(θ, 0) < x < m, else 0",
        params: &[THRESHOLD_RELU, MAX_RELU],
        range: "[0, ∞)",
        zero_centered: false,
        monotonic: true,
        smooth: Smoothness::C0,
        saturates: "zero gradient for x < 0 (the dead side)",
        year: Some(2010),
        paper: "Nair & Hinton, ICML 2010",
        kink_note: "f'(0) = 0, as in PyTorch, JAX and TensorFlow; f'(θ) = f'(m) = 0 (the flat side's value, as relu6)",
        answered: "vanishing gradients of sigmoid and tanh: slope exactly 1 for every x > 0, cheap and sparse (Nair & Hinton 2010; Glorot, Bordes & Bengio 2011)",
        still_suffers: "dying units: a unit pushed to x < 0 for every input gets no gradient and never recovers; not zero-centred → leaky_relu, elu",
        kind: Kind::Scalar,
        eval: |x, p| keras_relu(x, p[0], p[1]),
        peak: Peak::Exact(|p| if p[1] > p[0].max(0.0) { 1.0 } else { 0.0 }),
    },
    Activation {
        name: "relu6",
        aliases: &[],
        title: "ReLU6",
        formula: "f(x) = min(max(0, x), 6)",
        derivative: "f'(x) = 1 on (0, 6), 0 outside",
        params: &[],
        range: "[0, 6]",
        zero_centered: false,
        monotonic: true,
        smooth: Smoothness::C0,
        saturates: "x < 0 and x > 6",
        year: Some(2010),
        paper: "Krizhevsky 2010, Convolutional Deep Belief Networks on CIFAR-10",
        kink_note: "f'(0) = f'(6) = 0, as in PyTorch and JAX",
        answered: "ReLU's unbounded output: capped at 6, friendly to low-precision arithmetic (Krizhevsky 2010; MobileNets)",
        still_suffers: "zero gradient on both flat sides (x < 0 and x > 6) → hard_swish",
        kind: Kind::Scalar,
        eval: |x, _| {
            let slope = if x > 0.0 && x < 6.0 { 1.0 } else { 0.0 };
            (clip(x, 0.0, 6.0), slope)
        },
        peak: Peak::Exact(one),
    },
    Activation {
        name: "leaky_relu",
        aliases: &["leakyrelu", "lrelu"],
        title: "Leaky ReLU",
        formula: "f(x) = x if x ≥ 0, else αx",
        derivative: "f'(x) = 1 if x > 0, else α",
        params: &[ALPHA_LEAKY],
        range: "(−∞, ∞)",
        zero_centered: false,
        monotonic: true,
        smooth: Smoothness::C0,
        saturates: "never",
        year: Some(2013),
        paper: "Maas, Hannun & Ng, ICML 2013 workshop",
        kink_note: "f'(0) = α, as in PyTorch (JAX returns 1)",
        answered: "ReLU's dying units: a small slope α for x < 0 keeps a gradient flowing (Maas, Hannun & Ng 2013)",
        still_suffers: "α is picked by hand, the kink stays and outputs are still mostly positive → prelu, elu",
        kind: Kind::Scalar,
        eval: |x, p| leaky_relu_and_slope(x, p[0]),
        peak: Peak::Exact(|p| p[0].abs().max(1.0)),
    },
    Activation {
        name: "prelu",
        aliases: &["parametric_relu"],
        title: "PReLU (parametric ReLU)",
        formula: "f(x) = x if x ≥ 0, else a·x (a learned)",
        derivative: "f'(x) = 1 if x > 0, else a",
        params: &[ALPHA_PRELU],
        range: "(−∞, ∞)",
        zero_centered: false,
        monotonic: true,
        smooth: Smoothness::C0,
        saturates: "never",
        year: Some(2015),
        paper: "He, Zhang, Ren & Sun, Delving Deep into Rectifiers, ICCV 2015",
        kink_note: "f'(0) = a, as in PyTorch",
        answered: "Leaky ReLU's hand-picked slope: the network learns it, per channel (He et al. 2015)",
        still_suffers: "one more parameter per channel that can overfit; still a kink at 0 → elu",
        kind: Kind::Scalar,
        eval: |x, p| leaky_relu_and_slope(x, p[0]),
        peak: Peak::Exact(|p| p[0].abs().max(1.0)),
    },
    Activation {
        name: "elu",
        aliases: &[],
        title: "ELU (exponential linear unit)",
        formula: "f(x) = x if x > 0, else α(e^x − 1)",
        derivative: "f'(x) = 1 if x > 0, else αe^x",
        params: &[ALPHA_ELU],
        range: "(−α, ∞)",
        zero_centered: false,
        monotonic: true,
        smooth: Smoothness::C1,
        saturates: "left side (→ −α)",
        year: Some(2015),
        paper: "Clevert, Unterthiner & Hochreiter, arXiv 1511.07289 (ICLR 2016)",
        kink_note: "f'(0) = α (the left branch), as in PyTorch; C1 only when α = 1",
        answered: "ReLU's positive mean shift: negative outputs down to −α pull the mean toward 0, with a smooth left side (Clevert, Unterthiner & Hochreiter 2015)",
        still_suffers: "exp is costlier; smooth (C1) only when α = 1; deep nets still need normalisation → selu, celu",
        kind: Kind::Scalar,
        eval: |x, p| {
            if x > 0.0 {
                (x, 1.0)
            } else {
                (p[0] * x.exp_m1(), p[0] * x.exp())
            }
        },
        peak: Peak::Exact(|p| p[0].max(1.0)),
    },
    Activation {
        name: "celu",
        aliases: &[],
        title: "CELU (continuously differentiable ELU)",
        formula: "f(x) = x if x > 0, else α(e^(x/α) − 1)",
        derivative: "f'(x) = 1 if x > 0, else e^(x/α)",
        params: &[ALPHA_CELU],
        range: "(−α, ∞)",
        zero_centered: false,
        monotonic: true,
        smooth: Smoothness::C1,
        saturates: "left side (→ −α)",
        year: Some(2017),
        paper: "Barron 2017, arXiv 1704.07483",
        kink_note: "f'(0) = 1 from both sides, for every α",
        answered: "ELU's kink when α ≠ 1: continuously differentiable for every α (Barron 2017)",
        still_suffers: "ELU's exp cost and its saturation on the left",
        kind: Kind::Scalar,
        eval: |x, p| {
            if x > 0.0 {
                (x, 1.0)
            } else {
                let a = p[0];
                (a * (x / a).exp_m1(), (x / a).exp())
            }
        },
        peak: Peak::Exact(one),
    },
    Activation {
        name: "selu",
        aliases: &[],
        title: "SELU (scaled ELU)",
        formula: "f(x) = λx if x > 0, else λα(e^x − 1)",
        derivative: "f'(x) = λ if x > 0, else λαe^x",
        params: &[],
        range: "(−λα, ∞) = (−1.7581, ∞)",
        zero_centered: false,
        monotonic: true,
        smooth: Smoothness::C0,
        saturates: "left side (→ −1.7581)",
        year: Some(2017),
        paper: "Klambauer, Unterthiner, Mayr & Hochreiter, Self-Normalizing Neural Networks, NeurIPS 2017",
        kink_note: "f'(0) = λα (the left value), as in PyTorch and JAX",
        answered: "batch normalisation in deep fully-connected nets: scaled so that activations drift to mean 0 and variance 1 by themselves (Klambauer et al. 2017)",
        still_suffers: "self-normalises only with LeCun-normal weights and alpha dropout; a kink at 0 (not C1)",
        kind: Kind::Scalar,
        eval: |x, _| {
            if x > 0.0 {
                (SELU_SCALE * x, SELU_SCALE)
            } else {
                let la = SELU_SCALE * SELU_ALPHA;
                (la * x.exp_m1(), la * x.exp())
            }
        },
        peak: Peak::Exact(|_| SELU_SCALE * SELU_ALPHA),
    },
    Activation {
        name: "gelu",
        aliases: &["gelu_erf"],
        title: "GELU (exact, with erf)",
        formula: "f(x) = x·Φ(x) = ½x(1 + erf(x/√2))",
        derivative: "f'(x) = Φ(x) + x·φ(x)",
        params: &[],
        range: "[−0.17, ∞)",
        zero_centered: false,
        monotonic: false,
        smooth: Smoothness::CInf,
        saturates: "left side (→0⁻)",
        year: Some(2016),
        paper: "Hendrycks & Gimpel, arXiv 1606.08415",
        kink_note: "",
        answered: "ReLU's hard on/off gate: x weighted by Φ(x), a smooth probabilistic gate; the Transformers' default (Hendrycks & Gimpel 2016)",
        still_suffers: "costlier (erf) and not monotonic (a dip near x ≈ −0.75) → gelu_tanh",
        kind: Kind::Scalar,
        eval: |x, _| {
            let cdf = normal_cdf(x);
            (x * cdf, cdf + x * normal_pdf(x))
        },
        // f'' = φ(x)(2 − x²) vanishes at x = √2: the peak is Φ(√2) + √2·φ(√2).
        peak: Peak::Exact(|_| {
            let r = std::f64::consts::SQRT_2;
            normal_cdf(r) + r * normal_pdf(r)
        }),
    },
    Activation {
        name: "gelu_tanh",
        aliases: &["gelu_approx"],
        title: "GELU (tanh approximation)",
        formula: "f(x) = ½x(1 + tanh(√(2/π)(x + 0.044715x³)))",
        derivative: "f'(x) = ½(1+tanh u) + ½x·sech²(u)·√(2/π)(1 + 0.134145x²)",
        params: &[],
        range: "[−0.17, ∞)",
        zero_centered: false,
        monotonic: false,
        smooth: Smoothness::CInf,
        saturates: "left side (→0⁻)",
        year: Some(2016),
        paper: "Hendrycks & Gimpel, arXiv 1606.08415",
        kink_note: "",
        answered: "GELU's erf cost: a tanh-based approximation (Hendrycks & Gimpel 2016)",
        still_suffers: "differs from exact GELU by up to about 5e-4; the same dip",
        kind: Kind::Scalar,
        eval: |x, _| {
            // Beyond |x| = 50 the gate is exactly 0 or 1 in f64; returning early also
            // keeps x³ from overflowing for huge x.
            if x.abs() > 50.0 {
                return if x > 0.0 { (x, 1.0) } else { (0.0, 0.0) };
            }
            // ½(1 + tanh u) = σ(2u): no cancellation for large negative x.
            let u = SQRT_2_OVER_PI * (x + GELU_TANH_K * x * x * x);
            let du = SQRT_2_OVER_PI * (1.0 + 3.0 * GELU_TANH_K * x * x);
            let gate = sigmoid(2.0 * u);
            (x * gate, gate + x * 2.0 * sigmoid_slope(2.0 * u) * du)
        },
        peak: Peak::Numeric,
    },
    Activation {
        name: "silu",
        aliases: &["swish1", "sigmoid_linear_unit"],
        title: "SiLU (sigmoid-weighted linear unit)",
        formula: "f(x) = x·σ(x)",
        derivative: "f'(x) = σ(x) + x·σ(x)(1−σ(x))",
        params: &[],
        range: "[−0.2785, ∞)",
        zero_centered: false,
        monotonic: false,
        smooth: Smoothness::CInf,
        saturates: "left side (→0⁻)",
        year: Some(2017),
        paper: "Elfwing, Uchibe & Doya, arXiv 1702.03118 (named in Hendrycks & Gimpel 2016)",
        kink_note: "",
        answered: "a smooth, self-gated ReLU, x·σ(x), used as a unit in reinforcement learning (Elfwing, Uchibe & Doya 2017; named by Hendrycks & Gimpel 2016)",
        still_suffers: "not monotonic; a sigmoid per unit costs more than ReLU → hard_swish",
        kind: Kind::Scalar,
        eval: |x, _| swish(x, 1.0),
        peak: Peak::Numeric,
    },
    Activation {
        name: "swish",
        aliases: &[],
        title: "Swish (x·σ(βx))",
        formula: "f(x) = x·σ(βx)",
        derivative: "f'(x) = σ(βx) + βx·σ(βx)(1−σ(βx))",
        params: &[BETA_SWISH],
        range: "[−0.2785/β, ∞)",
        zero_centered: false,
        monotonic: false,
        smooth: Smoothness::CInf,
        saturates: "left side (→0⁻)",
        year: Some(2017),
        paper: "Ramachandran, Zoph & Le, Searching for Activation Functions, arXiv 1710.05941",
        kink_note: "",
        answered: "found by automated search as a better default than ReLU, with a sharpness β (Ramachandran, Zoph & Le 2017)",
        still_suffers: "a sigmoid per unit is costly on mobile hardware → hard_swish",
        kind: Kind::Scalar,
        eval: |x, p| swish(x, p[0]),
        peak: Peak::Numeric,
    },
    Activation {
        name: "hard_swish",
        aliases: &["hardswish", "hard_silu"],
        title: "Hard swish",
        formula: "f(x) = x·relu6(x+3)/6",
        derivative: "f'(x) = 0 (x < −3), (2x+3)/6 (−3 < x < 3), 1 (x > 3)",
        params: &[],
        range: "[−0.375, ∞)",
        zero_centered: false,
        monotonic: false,
        smooth: Smoothness::C0,
        saturates: "x ≤ −3 (exactly 0)",
        year: Some(2019),
        paper: "Howard et al., Searching for MobileNetV3, ICCV 2019",
        kink_note: "f'(−3) = 0 and f'(3) = 1, as in PyTorch and JAX",
        answered: "Swish's cost on phones: the sigmoid replaced by ReLU6(x+3)/6 (Howard et al. 2019)",
        still_suffers: "kinks at ±3 and zero gradient for x ≤ −3",
        kind: Kind::Scalar,
        eval: |x, _| {
            let f = x * clip(x + 3.0, 0.0, 6.0) / 6.0;
            let slope = if x <= -3.0 {
                0.0
            } else if x >= 3.0 {
                1.0
            } else {
                (2.0 * x + 3.0) / 6.0
            };
            (f, slope)
        },
        // Approached as x → 3 from the left.
        peak: Peak::Exact(|_| 1.5),
    },
    Activation {
        name: "mish",
        aliases: &[],
        title: "Mish",
        formula: "f(x) = x·tanh(softplus(x))",
        derivative: "f'(x) = tanh(sp(x)) + x·sech²(sp(x))·σ(x)",
        params: &[],
        range: "[−0.3088, ∞)",
        zero_centered: false,
        monotonic: false,
        smooth: Smoothness::CInf,
        saturates: "left side (→0⁻)",
        year: Some(2019),
        paper: "Misra, arXiv 1908.08681",
        kink_note: "",
        answered: "a smooth, non-monotonic self-gated unit reported to beat Swish on some vision tasks (Misra 2019)",
        still_suffers: "the costliest of the family (tanh of softplus); gains depend on the task",
        kind: Kind::Scalar,
        eval: |x, _| {
            let (t, s) = tanh_softplus_and_sech2(x);
            (x * t, t + x * s * sigmoid(x))
        },
        peak: Peak::Numeric,
    },
    Activation {
        name: "gaussian",
        aliases: &["rbf"],
        title: "Gaussian",
        formula: "f(x) = e^(−x²)",
        derivative: "f'(x) = −2x·e^(−x²)",
        params: &[],
        range: "(0, 1]",
        zero_centered: false,
        monotonic: false,
        smooth: Smoothness::CInf,
        saturates: "both sides (→0)",
        year: Some(1988),
        paper: "radial-basis-function networks (Broomhead & Lowe 1988)",
        kink_note: "",
        answered: "localised, bump-shaped responses for radial-basis-function networks (Broomhead & Lowe 1988)",
        still_suffers: "flat on both sides and not monotonic: rare in deep nets",
        kind: Kind::Scalar,
        eval: |x, _| {
            let g = (-x * x).exp();
            (g, -2.0 * x * g)
        },
        // |f''| = 0 at x = 1/√2: the peak is √2·e^(−1/2).
        peak: Peak::Exact(|_| std::f64::consts::SQRT_2 * (-0.5f64).exp()),
    },
    Activation {
        name: "sin",
        aliases: &["sine", "siren"],
        title: "Sine (SIREN)",
        formula: "f(x) = sin(x)",
        derivative: "f'(x) = cos(x)",
        params: &[],
        range: "[−1, 1]",
        zero_centered: true,
        monotonic: false,
        smooth: Smoothness::CInf,
        saturates: "never (the gradient is periodic)",
        year: Some(2020),
        paper: "Sitzmann et al., SIREN, NeurIPS 2020 (arXiv 2006.09661)",
        kink_note: "",
        answered: "ReLU nets' blurry fits of signals and their derivatives: periodic units (Sitzmann et al. 2020)",
        still_suffers: "needs a special initialisation; periodic, so many equivalent solutions",
        kind: Kind::Scalar,
        eval: |x, _| (x.sin(), x.cos()),
        peak: Peak::Exact(one),
    },
    Activation {
        name: "glu",
        aliases: &["gated_linear_unit"],
        title: "GLU (gated linear unit)",
        formula: "f(x) = x·σ(g)   (x: value, g: gate)",
        derivative: "∂f/∂x = σ(g),  ∂f/∂g = x·σ(g)(1−σ(g))",
        params: &[GATE],
        range: "(−∞, ∞)",
        zero_centered: true,
        // Monotonic in x for a fixed gate, but not in the gate input.
        monotonic: false,
        smooth: Smoothness::CInf,
        saturates: "the gate saturates when |g| is large",
        year: Some(2016),
        paper: "Dauphin, Fan, Auli & Grangier, arXiv 1612.08083 (ICML 2017)",
        kink_note: "",
        answered: "gradient flow in deep convolutional language models: a linear path scaled by a learned σ gate (Dauphin et al. 2016)",
        still_suffers: "two projections (value and gate) per unit; σ gates saturate → swiglu, geglu",
        kind: Kind::Gated,
        eval: |x, p| {
            let g = sigmoid(p[0]);
            (x * g, g)
        },
        peak: Peak::Exact(|p| sigmoid(p[0])),
    },
    Activation {
        name: "swiglu",
        aliases: &[],
        title: "SwiGLU",
        formula: "f(x) = x·silu(g)   (x: value, g: gate)",
        derivative: "∂f/∂x = silu(g),  ∂f/∂g = x·silu'(g)",
        params: &[GATE],
        range: "(−∞, ∞)",
        zero_centered: true,
        // Monotonic in x for a fixed gate, but not in the gate input.
        monotonic: false,
        smooth: Smoothness::CInf,
        saturates: "the gate closes for g ≪ 0",
        year: Some(2020),
        paper: "Shazeer, GLU Variants Improve Transformer, arXiv 2002.05202",
        kink_note: "",
        answered: "better Transformer feed-forward layers at equal parameter count: Swish as the gate (Shazeer 2020)",
        still_suffers: "a third weight matrix, and no theory for why it works better",
        kind: Kind::Gated,
        eval: |x, p| {
            let g = swish(p[0], 1.0).0;
            (x * g, g)
        },
        peak: Peak::Exact(|p| swish(p[0], 1.0).0.abs()),
    },
    Activation {
        name: "geglu",
        aliases: &[],
        title: "GEGLU",
        formula: "f(x) = x·gelu(g)   (x: value, g: gate)",
        derivative: "∂f/∂x = gelu(g),  ∂f/∂g = x·gelu'(g)",
        params: &[GATE],
        range: "(−∞, ∞)",
        zero_centered: true,
        // Monotonic in x for a fixed gate, but not in the gate input.
        monotonic: false,
        smooth: Smoothness::CInf,
        saturates: "the gate closes for g ≪ 0",
        year: Some(2020),
        paper: "Shazeer, GLU Variants Improve Transformer, arXiv 2002.05202",
        kink_note: "",
        answered: "better Transformer feed-forward layers at equal parameter count: GELU as the gate (Shazeer 2020)",
        still_suffers: "a third weight matrix, and no theory for why it works better",
        kind: Kind::Gated,
        eval: |x, p| {
            let g = p[0] * normal_cdf(p[0]);
            (x * g, g)
        },
        peak: Peak::Exact(|p| (p[0] * normal_cdf(p[0])).abs()),
    },
];

/// Softplus with PyTorch's β and threshold: (1/β)·ln(1+e^(βx)) and σ(βx), or x
/// and 1 where βx > threshold. At β = 1 it is `softplus(x)` to the bit.
fn softplus_beta(x: f64, beta: f64, threshold: f64) -> (f64, f64) {
    let bx = beta * x;
    if bx > threshold {
        (x, 1.0)
    } else {
        (softplus(bx) / beta, sigmoid(bx))
    }
}

/// Keras's relu(x, max_value=m, threshold=θ) with negative_slope 0:
/// clip(x·[x > θ], 0, m). With θ = 0 and m = ∞ it is `relu_and_slope(x)`.
fn keras_relu(x: f64, threshold: f64, max_value: f64) -> (f64, f64) {
    if !(x > threshold && x > 0.0) {
        (0.0, 0.0)
    } else if x < max_value || max_value == f64::INFINITY {
        // No cap: even x = ∞ keeps ReLU's slope 1.
        (x, 1.0)
    } else {
        (max_value, 0.0)
    }
}

/// x·σ(βx) and its derivative σ(βx) + βx·σ′(βx).
pub(crate) fn swish(x: f64, beta: f64) -> (f64, f64) {
    let bx = beta * x;
    let s = sigmoid(bx);
    let slope = sigmoid_slope(bx);
    // For |βx| beyond ~745 the slope underflows to 0; skip βx·0, which is NaN if βx
    // overflowed to ±∞.
    let tail = if slope == 0.0 { 0.0 } else { bx * slope };
    (x * s, s + tail)
}
