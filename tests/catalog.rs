//! The catalog against independent values: a high-precision reference table
//! (tools/reference_values.py, mpmath at 50 digits), published constants
//! (the papers' own digits), central finite differences, and extreme inputs.

#![allow(clippy::excessive_precision)] // published digits, quoted as published

use acttutor::activation::{self, math, minimum, numeric_peak_slope, Kind, Peak, CATALOG};
use proptest::prelude::*;

fn configured(name: &str, params: &str) -> activation::Configured {
    let act = activation::find(name).unwrap_or_else(|| panic!("{name} not in catalog"));
    let assignments: Vec<String> = params
        .split(';')
        .filter(|p| !p.is_empty())
        .map(String::from)
        .collect();
    activation::configure(act, &assignments).unwrap()
}

fn close(got: f64, want: f64, tol: f64) -> bool {
    (got - want).abs() <= tol * want.abs().max(1.0)
}

#[test]
fn every_scalar_entry_matches_the_high_precision_reference() {
    let table = include_str!("data/catalog_reference.csv");
    let mut checked = std::collections::BTreeSet::new();
    for line in table.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        let [name, params, x, f, df] = cells[..] else {
            panic!("bad row {line}")
        };
        let c = configured(name, params);
        let x: f64 = x.parse().unwrap();
        let (want_f, want_df): (f64, f64) = (f.parse().unwrap(), df.parse().unwrap());
        let (got_f, got_df) = c.eval(x);
        assert!(
            close(got_f, want_f, 1e-12),
            "{name}({params}) f({x}) = {got_f}, want {want_f}"
        );
        assert!(
            close(got_df, want_df, 1e-12),
            "{name}({params}) f'({x}) = {got_df}, want {want_df}"
        );
        checked.insert(name);
    }
    for act in CATALOG.iter().filter(|a| a.kind == Kind::Scalar) {
        assert!(
            checked.contains(act.name),
            "{} has no reference rows",
            act.name
        );
    }
}

#[test]
fn the_catalog_has_the_issue_s_entries() {
    let wanted = [
        "identity",
        "step",
        "sigmoid",
        "tanh",
        "hard_sigmoid",
        "hard_tanh",
        "softsign",
        "softplus",
        "relu",
        "relu6",
        "leaky_relu",
        "prelu",
        "elu",
        "celu",
        "selu",
        "gelu",
        "gelu_tanh",
        "silu",
        "swish",
        "hard_swish",
        "mish",
        "gaussian",
        "sin",
        "glu",
        "swiglu",
        "geglu",
    ];
    for name in wanted {
        assert_eq!(activation::find(name).map(|a| a.name), Some(name));
    }
    assert_eq!(
        activation::find("logistic").map(|a| a.name),
        Some("sigmoid")
    );
    let defaults = |name: &str| activation::find(name).unwrap().defaults()[0];
    assert_eq!(defaults("leaky_relu"), 0.01);
    assert_eq!(defaults("prelu"), 0.25);
    assert_eq!(defaults("elu"), 1.0);
    assert_eq!(defaults("celu"), 1.0);
    assert_eq!(defaults("swish"), 1.0);
}

#[test]
fn published_constants() {
    // SELU: Klambauer et al. 2017 (arXiv 1706.02515), to the last double.
    let parse = |s: &str| s.parse::<f64>().unwrap();
    assert_eq!(math::SELU_ALPHA, parse("1.6732632423543772848170429916717"));
    assert_eq!(math::SELU_SCALE, parse("1.0507009873554804934193349852946"));
    let selu = configured("selu", "");
    assert!(
        close(selu.df(0.0), 1.7580993408473768599, 1e-15),
        "λα at the kink"
    );
    assert!(close(selu.f(-1000.0), -1.7580993408473768599, 1e-15));
    assert_eq!(math::SQRT_2_OVER_PI, (2.0 / std::f64::consts::PI).sqrt());
    // softplus(0) = ln 2, Mish'(0) = tanh(ln 2) = 3/5, σ'(0) = 1/4 (closed forms).
    assert!(close(
        configured("softplus", "").f(0.0),
        std::f64::consts::LN_2,
        1e-16
    ));
    assert!(close(configured("mish", "").df(0.0), 0.6, 1e-15));
    assert_eq!(configured("sigmoid", "").df(0.0), 0.25);
}

#[test]
fn minima_match_the_published_special_points() {
    // Minima computed to 50 digits with mpmath (SiLU's in closed form: −(1+W(1/e)))
    let cases = [
        ("gelu", -0.75179152469356445746, -0.16997120747990366169),
        (
            "gelu_tanh",
            -0.75246142207101625849,
            -0.17004075057125405064,
        ),
        ("silu", -1.2784645427610737951, -0.27846454276107379511),
        ("mish", -1.1924312145154952121, -0.30884341301725040663),
        ("hard_swish", -1.5, -0.375),
    ];
    for (name, at, value) in cases {
        let c = configured(name, "");
        let m = minimum(|x| c.f(x)).unwrap_or_else(|| panic!("{name} has a minimum"));
        assert!((m.at - at).abs() < 1e-6, "{name} argmin {} vs {at}", m.at);
        assert!(
            (m.value - value).abs() < 1e-12,
            "{name} min {} vs {value}",
            m.value
        );
    }
    for name in ["relu", "sigmoid", "tanh", "identity", "elu"] {
        assert!(
            minimum(|x| configured(name, "").f(x)).is_none(),
            "{name} has no minimum"
        );
    }
}

#[test]
fn closed_form_peaks_agree_with_a_numeric_search() {
    for act in CATALOG.iter() {
        let c = act.configured();
        let searched = numeric_peak_slope(|x| c.df(x)).value;
        match act.peak {
            Peak::Exact(_) => {
                // hard_swish's 1.5 is a supremum approached as x → 3⁻.
                let tol = if act.name == "hard_swish" { 1e-3 } else { 1e-9 };
                assert!(
                    (c.peak_slope() - searched).abs() <= tol,
                    "{}: {} vs {searched}",
                    act.name,
                    c.peak_slope()
                );
            }
            Peak::Numeric => assert_eq!(c.peak_slope(), searched),
        }
    }
    assert!((configured("gelu", "").peak_slope() - 1.1289).abs() < 1e-4);
    assert!(
        (configured("swish", "beta=3").peak_slope() - configured("silu", "").peak_slope()).abs()
            < 1e-9
    );
}

#[test]
fn every_entry_is_finite_everywhere_including_extremes() {
    // ±1e300 rather than ±f64::MAX: selu(MAX) = λ·MAX is genuinely beyond f64.
    let mut xs = vec![-1000.0, 1000.0, -1e300, 1e300, 0.0, -0.0, 1e-300, -1e-300];
    xs.extend((-4000..=4000).map(|i| i as f64 * 0.25));
    for act in CATALOG.iter() {
        for params in extreme_params(act) {
            let c = activation::Configured { act, params };
            for &x in &xs {
                let (f, df) = c.eval(x);
                assert!(
                    f.is_finite() && df.is_finite(),
                    "{} {params:?} at {x}: ({f}, {df})",
                    act.name
                );
            }
        }
    }
    // The issue's named cases.
    assert_eq!(configured("sigmoid", "").f(-1000.0), 0.0);
    assert_eq!(configured("softplus", "").f(1000.0), 1000.0);
    assert_eq!(configured("mish", "").eval(1000.0), (1000.0, 1.0));
    assert_eq!(configured("gelu", "").eval(1000.0), (1000.0, 1.0));
    assert_eq!(configured("gelu", "").f(-1000.0), 0.0);
}

/// Defaults and both ends of every parameter's range.
fn extreme_params(act: &activation::Activation) -> Vec<activation::ParamValues> {
    let mut sets = vec![act.defaults()];
    for (i, p) in act.params.iter().enumerate() {
        for v in [p.min, p.max] {
            let mut set = act.defaults();
            set[i] = v;
            sets.push(set);
        }
    }
    sets
}

/// The exact f′ of `c` at `x` against a central difference (h = 1e-6), to 1e-6
/// relative with an absolute floor of 1e-6.
fn derivative_matches_central_difference(
    c: &activation::Configured,
    x: f64,
) -> Result<(), TestCaseError> {
    let h = 1e-6;
    let numeric = (c.f(x + h) - c.f(x - h)) / (2.0 * h);
    let exact = c.df(x);
    prop_assert!(
        (numeric - exact).abs() <= 1e-6 * (1.0 + exact.abs()),
        "{} {:?} at {}: exact {} vs numeric {}",
        c.act.name,
        c.params,
        x,
        exact,
        numeric
    );
    Ok(())
}

/// Points where some entry has a kink or jump; finite differences skip them.
const KINKS: [f64; 7] = [0.0, 1.0, -1.0, 3.0, -3.0, 6.0, -6.0];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn derivatives_match_central_differences(
        index in 0..CATALOG.len(),
        x in -8.0f64..8.0,
        param_fraction in 0.0f64..1.0,
    ) {
        let act = &CATALOG[index];
        let mut params = act.defaults();
        if let Some(p) = act.params.first() {
            params[0] = p.min + (p.max - p.min) * param_fraction;
            // CELU with tiny α has curvature ~1/α: keep h·curvature small.
            params[0] = params[0].max(p.min.max(0.05));
        }
        prop_assume!(KINKS.iter().all(|k| (x - k).abs() > 1e-3));
        let c = activation::Configured { act, params };
        derivative_matches_central_difference(&c, x)?;
    }
}

#[test]
fn kink_conventions_follow_pytorch() {
    // PyTorch and JAX autograd in float64 (torch.autograd, jax.grad) at each kink.
    let at = |name: &str, x: f64| configured(name, "").df(x);
    assert_eq!(at("relu", 0.0), 0.0);
    assert_eq!(at("leaky_relu", 0.0), 0.01);
    assert_eq!(at("prelu", 0.0), 0.25);
    assert_eq!(at("relu6", 0.0), 0.0);
    assert_eq!(at("relu6", 6.0), 0.0);
    assert_eq!(at("hard_tanh", 1.0), 0.0);
    assert_eq!(at("hard_tanh", -1.0), 0.0);
    assert_eq!(at("hard_sigmoid", 3.0), 0.0);
    assert_eq!(at("hard_sigmoid", -3.0), 0.0);
    assert_eq!(at("hard_swish", -3.0), 0.0);
    assert_eq!(at("hard_swish", 3.0), 1.0);
    assert_eq!(at("elu", 0.0), 1.0);
    assert_eq!(at("celu", 0.0), 1.0);
    assert_eq!(configured("step", "").eval(0.0), (1.0, 0.0));
}

#[test]
fn every_entry_documents_itself() {
    for act in CATALOG.iter() {
        assert!(act.formula.starts_with("f(x) = "), "{}", act.name);
        assert!(!act.derivative.is_empty() && !act.range.is_empty() && !act.saturates.is_empty());
        assert!(!act.paper.is_empty());
        if act.smooth <= activation::Smoothness::C0 && act.name != "identity" {
            assert!(
                !act.kink_note.is_empty(),
                "{} has a kink but no note",
                act.name
            );
        }
        for p in act.params {
            assert!(
                p.min <= p.default && p.default <= p.max && p.step > 0.0,
                "{}",
                act.name
            );
        }
    }
}

/// Kinks that move with the parameters: each parameter value itself (θ, m, lo,
/// hi) and softplus's switch at x = T/β.
fn parameter_kinks(c: &activation::Configured) -> Vec<f64> {
    let mut kinks: Vec<f64> = c.params.to_vec();
    if c.act.name == "softplus" {
        kinks.push(c.params[1] / c.params[0]);
    }
    kinks
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Entries with two parameters: both drawn anywhere in their ranges (an
    /// infinite default stays, being "no cap"), derivatives against central
    /// differences away from every kink.
    #[test]
    fn two_parameter_derivatives_match_central_differences(
        index in 0..3usize,
        x in -8.0f64..8.0,
        fractions in (0.0f64..1.0, 0.0f64..1.0),
    ) {
        let two: Vec<&activation::Activation> =
            CATALOG.iter().filter(|a| a.params.len() == 2).collect();
        assert_eq!(two.len(), 3, "softplus, hard_tanh and relu");
        let act = two[index];
        let mut params = act.defaults();
        for (i, fraction) in [fractions.0, fractions.1].into_iter().enumerate() {
            let p = &act.params[i];
            if p.max.is_finite() {
                params[i] = p.min + (p.max - p.min) * fraction;
            } else {
                params[i] = p.min + 10.0 * fraction;
            }
        }
        let c = activation::Configured { act, params };
        let kinks = parameter_kinks(&c);
        prop_assume!(KINKS.iter().chain(&kinks).all(|k| (x - k).abs() > 1e-3));
        derivative_matches_central_difference(&c, x)?;
    }
}

#[test]
fn second_parameters_reproduce_the_frameworks_special_cases() {
    // Keras: relu(max_value=6) is ReLU6, kinks included; hard_tanh(0, 6) too.
    let relu6 = configured("relu6", "");
    for c in [
        configured("relu", "max_value=6"),
        configured("hard_tanh", "min_val=0;max_val=6"),
    ] {
        for i in -80..=80 {
            let x = i as f64 / 10.0;
            assert_eq!(c.eval(x), relu6.eval(x), "{} at {x}", c.label());
        }
    }
    // Keras thresholded ReLU: x only where x > θ, so a jump from 0 to θ.
    let thresholded = configured("relu", "threshold=1.5");
    assert_eq!(thresholded.eval(1.5), (0.0, 0.0));
    assert_eq!(thresholded.eval(1.5 + 1e-9), (1.5 + 1e-9, 1.0));
    // PyTorch softplus: x itself where βx > threshold; the β-form is ln(1+e^(βx))/β.
    let torch = configured("softplus", "beta=2;threshold=20");
    assert_eq!(torch.eval(10.5), (10.5, 1.0));
    let x: f64 = 0.7;
    let want = (1.0 + (2.0 * x).exp()).ln() / 2.0;
    assert!(close(torch.f(x), want, 1e-15));
    assert!(close(torch.df(x), 1.0 / (1.0 + (-2.0 * x).exp()), 1e-15));
    // Kink conventions (PyTorch): hard tanh's slope is 0 at its bounds.
    let bounds = configured("hard_tanh", "min_val=-2;max_val=0.5");
    assert_eq!(bounds.df(-2.0), 0.0);
    assert_eq!(bounds.df(0.5), 0.0);
    assert_eq!(bounds.df(0.0), 1.0);
}

#[test]
fn new_parameters_at_their_defaults_change_no_value() {
    // The functions as they were before they had parameters, bit for bit (their
    // values are checked against mpmath in the reference table above).
    let (sigmoid, softplus) = (math::sigmoid, math::softplus);
    let (relu, tanh_hard, soft) = (
        configured("relu", ""),
        configured("hard_tanh", ""),
        configured("softplus", ""),
    );
    let extremes = [f64::NEG_INFINITY, -1e300, 1e300, f64::INFINITY];
    for x in (-2000..=2000).map(|i| i as f64 / 20.0).chain(extremes) {
        let relu_want = if x > 0.0 { (x, 1.0) } else { (0.0, 0.0) };
        assert_eq!(relu.eval(x), relu_want, "relu at {x}");
        let hard = if x > -1.0 && x < 1.0 { 1.0 } else { 0.0 };
        assert_eq!(
            tanh_hard.eval(x),
            (x.clamp(-1.0, 1.0), hard),
            "hard_tanh at {x}"
        );
        assert_eq!(soft.eval(x), (softplus(x), sigmoid(x)), "softplus at {x}");
    }
}

#[test]
fn an_infinite_default_can_be_set_back_but_not_chosen_elsewhere() {
    let relu = activation::find("relu").unwrap();
    assert!(activation::configure(relu, &["max_value=inf".into()]).is_ok());
    assert!(activation::configure(relu, &["threshold=inf".into()]).is_err());
    assert!(activation::configure(relu, &["max_value=-1".into()]).is_err());
    assert!(activation::configure(relu, &["max_value=nan".into()]).is_err());
}
