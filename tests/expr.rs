//! The formula language against std/libm, finite differences and the catalog, plus
//! property tests that the parser never panics.

use acttutor::activation;
use acttutor::expr::{self, compare_formulas, parse};
use proptest::prelude::*;

const POINTS: [f64; 11] = [-3.0, -1.5, -0.7, -0.2, 0.0, 0.1, 0.45, 0.9, 1.3, 2.0, 4.5];

fn f(text: &str) -> expr::Compiled {
    parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn assert_close(got: f64, want: f64, tol: f64, what: &str) {
    let ok = got == want || (got - want).abs() <= tol * want.abs().max(1.0);
    assert!(ok, "{what}: got {got}, want {want}");
}

type Real = fn(f64) -> f64;

/// (formula, value, derivative) for every function and operator.
fn reference_table() -> Vec<(&'static str, Real, Real)> {
    vec![
        ("exp(x)", f64::exp, f64::exp),
        ("ln(x)", f64::ln, |x| 1.0 / x),
        ("log(x)", f64::ln, |x| 1.0 / x),
        ("sqrt(x)", f64::sqrt, |x| 0.5 / x.sqrt()),
        ("abs(x)", f64::abs, |x| x.signum()),
        ("sin(x)", f64::sin, f64::cos),
        ("cos(x)", f64::cos, |x| -x.sin()),
        ("tan(x)", f64::tan, |x| 1.0 / (x.cos() * x.cos())),
        ("tanh(x)", f64::tanh, |x| 1.0 - x.tanh() * x.tanh()),
        ("sinh(x)", f64::sinh, f64::cosh),
        ("cosh(x)", f64::cosh, f64::sinh),
        ("erf(x)", libm::erf, |x| {
            2.0 / std::f64::consts::PI.sqrt() * (-x * x).exp()
        }),
        (
            "max(x, 0.3)",
            |x| x.max(0.3),
            |x| if x > 0.3 { 1.0 } else { 0.0 },
        ),
        (
            "min(x, 0.3)",
            |x| x.min(0.3),
            |x| if x < 0.3 { 1.0 } else { 0.0 },
        ),
        // At the tie x = 0 the slopes are 1 and 0: the smaller one, 0, like relu.
        (
            "max(x, x^2)",
            |x| x.max(x * x),
            |x| {
                if x * x > x || x == 0.0 {
                    2.0 * x
                } else {
                    1.0
                }
            },
        ),
        ("x^3", |x| x.powi(3), |x| 3.0 * x * x),
        ("x^2.5", |x| x.powf(2.5), |x| 2.5 * x.powf(1.5)),
        ("2^x", |x| 2f64.powf(x), |x| 2f64.powf(x) * 2f64.ln()),
        ("x^x", |x| x.powf(x), |x| x.powf(x) * (x.ln() + 1.0)),
        ("1/x", |x| 1.0 / x, |x| -1.0 / (x * x)),
        (
            "(x+1)/(x-2)",
            |x| (x + 1.0) / (x - 2.0),
            |x| -3.0 / ((x - 2.0) * (x - 2.0)),
        ),
        ("3-x*x", |x| 3.0 - x * x, |x| -2.0 * x),
        ("-x^2", |x| -(x * x), |x| -2.0 * x),
        (
            "ln(1+exp(x))",
            |x| x.exp().ln_1p(),
            |x| 1.0 / (1.0 + (-x).exp()),
        ),
        (
            "sigmoid(2*x)",
            |x| 1.0 / (1.0 + (-2.0 * x).exp()),
            |x| {
                let s = 1.0 / (1.0 + (-2.0 * x).exp());
                2.0 * s * (1.0 - s)
            },
        ),
    ]
}

#[test]
fn every_function_matches_std_in_value_and_derivative() {
    for (text, value, slope) in reference_table() {
        let c = f(text);
        for x in POINTS {
            let want = value(x);
            if !want.is_finite() || (x == 0.0 && matches!(text, "abs(x)" | "x^x")) {
                continue;
            }
            let (got, got_slope) = c.eval(x);
            assert_close(got, want, 1e-14, &format!("{text} at {x}"));
            let want_slope = slope(x);
            if want_slope.is_finite() {
                assert_close(got_slope, want_slope, 1e-13, &format!("{text}' at {x}"));
            }
        }
    }
}

#[test]
fn derivatives_agree_with_central_differences() {
    let formulas = [
        "x*tanh(ln(1+exp(x)))",
        "0.5*x*(1+erf(x/sqrt(2)))",
        "sin(x)^2 + cos(3*x)/(2+x^2)",
        "exp(-x^2/2)*cosh(x/3)",
        "gelu(sinh(x/2)) - min(x, tanh(x))^3",
        "sqrt(1+x^2)*2^(-x)",
        "softplus(x)^1.5",
        "tan(x/3)",
        "x^3 - 2*x^2 + x - 1",
    ];
    let h = 1e-6;
    for text in formulas {
        let c = f(text);
        for x in POINTS {
            let fd = (c.eval(x + h).0 - c.eval(x - h).0) / (2.0 * h);
            assert_close(c.eval(x).1, fd, 1e-6, &format!("{text}' at {x}"));
        }
    }
}

fn grid() -> impl Iterator<Item = f64> {
    (-400..=400).map(|i| f64::from(i) * 0.025)
}

/// A formula equals a catalog entry in value and derivative over [−10, 10].
fn same_as_catalog(text: &str, name: &str, tol: f64) {
    let c = f(text);
    let act = activation::find(name).unwrap().configured();
    for x in grid() {
        let (v, d) = c.eval(x);
        let (want, want_d) = act.eval(x);
        assert_close(v, want, tol, &format!("{text} at {x}"));
        assert_close(d, want_d, tol, &format!("{text}' at {x}"));
    }
}

#[test]
fn formulas_reproduce_the_catalog() {
    same_as_catalog("x/(1+exp(-x))", "silu", 1e-12);
    same_as_catalog("x*sigmoid(x)", "silu", 1e-15);
    same_as_catalog("x*tanh(ln(1+exp(x)))", "mish", 1e-12);
    same_as_catalog("x*tanh(softplus(x))", "mish", 1e-12);
    same_as_catalog("ln(1+exp(x))", "softplus", 1e-12);
    same_as_catalog("0.5*x*(1+erf(x/sqrt(2)))", "gelu", 1e-12);
    same_as_catalog("exp(-x^2)", "gaussian", 1e-15);
    same_as_catalog("x/(1+abs(x))", "softsign", 1e-15);
    same_as_catalog("2*sigmoid(2*x)-1", "tanh", 1e-12);
    same_as_catalog(
        "0.5*x*(1+tanh(sqrt(2/pi)*(x+0.044715*x^3)))",
        "gelu_tanh",
        1e-12,
    );
}

#[test]
fn kinks_follow_the_catalog_conventions() {
    // Exactly, including at the kinks themselves.
    same_as_catalog("max(0,x)", "relu", 0.0);
    same_as_catalog("max(x,0)", "relu", 0.0);
    same_as_catalog("max(x,0.01*x)", "leaky_relu", 0.0);
    same_as_catalog("min(max(0,x),6)", "relu6", 0.0);
    same_as_catalog("max(-1, min(x, 1))", "hard_tanh", 0.0);
    assert_eq!(f("abs(x)").eval(0.0), (0.0, 0.0));
    assert_eq!(f("max(0,x)").eval(0.0), (0.0, 0.0));
    assert_eq!(f("max(x,0.01*x)").eval(0.0).1, 0.01);
    assert_eq!(f("min(max(0,x),6)").eval(6.0), (6.0, 0.0));
}

#[test]
fn awkward_points_never_panic() {
    assert_eq!(f("sqrt(x)").eval(0.0), (0.0, f64::INFINITY));
    assert!(f("ln(x)").eval(-1.0).0.is_nan());
    assert_eq!(f("ln(x)").eval(0.0).0, f64::NEG_INFINITY);
    assert_eq!(f("x^2").eval(-3.0), (9.0, -6.0));
    assert_eq!(f("x^3").eval(-2.0), (-8.0, 12.0));
    assert_eq!(f("(x-1)^2").eval(-2.0), (9.0, -6.0));
    assert_eq!(f("1/x").eval(0.0).0, f64::INFINITY);
    assert_eq!(f("sqrt(max(0,x))").eval(-1.0), (0.0, 0.0));
    // ln(1+exp(x)) is compiled as softplus, so it does not overflow.
    assert_eq!(f("ln(1+exp(x))").eval(800.0), (800.0, 1.0));
    assert_eq!(f("x*tanh(ln(1+exp(x)))").eval(800.0), (800.0, 1.0));
    assert_eq!(f("x*tanh(ln(1+exp(x)))").eval(-800.0).0, 0.0);
    for x in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1e308, -1e308] {
        for text in ["x*tanh(ln(1+exp(x)))", "x^x", "max(x, ln(x))", "gelu(x)/x"] {
            let _ = f(text).eval(x);
        }
    }
}

#[test]
fn grading_accepts_equivalents_and_rejects_impostors() {
    let silu = f("silu(x)");
    assert!(compare_formulas(&f("x/(1+exp(-x))"), &silu).equivalent);
    assert!(compare_formulas(&f("max(x,0)"), &f("relu(x)")).equivalent);
    let verdict = compare_formulas(&f("x*sigmoid(2*x)"), &silu);
    assert!(!verdict.equivalent, "{verdict:?}");
    assert!(verdict.counterexample.is_some());
    assert!(!compare_formulas(&f("x"), &f("relu(x)")).equivalent);
    assert!(compare_formulas(&f("x*x"), &f("x^2")).equivalent);
}

#[test]
fn ten_thousand_levels_of_nesting_are_an_error_not_a_crash() {
    for open in ["(", "exp(", "-", "2^"] {
        let mut text = open.repeat(10_000) + "x";
        if open.ends_with('(') {
            text += &")".repeat(10_000);
        }
        assert!(parse(&text).is_err(), "{open}");
    }
    // Within the length limit, the depth limit is what stops it.
    let text = "(".repeat(200) + "x" + &")".repeat(200);
    let err = parse(&text).unwrap_err();
    assert!(err.message.contains("nested too deeply"), "{err}");
    assert_eq!(err.column, expr::MAX_DEPTH + 2);
}

const SOUP: &[&str] = &[
    "x",
    "X",
    "1",
    "0.5",
    "1e-3",
    ".5",
    "2",
    "pi",
    "e",
    "(",
    ")",
    "(",
    ")",
    "+",
    "-",
    "*",
    "/",
    "^",
    ",",
    " ",
    "max",
    "min",
    "exp",
    "ln",
    "sqrt",
    "abs",
    "tanh",
    "gelu",
    "sigmoid",
    "leaky_relu",
    "sigmod",
    "y",
    ".",
    "e5",
    "1e",
    "#",
    "π",
    "\t",
    "\n",
    "é",
    "1e999",
    "--",
];

fn check_parse(text: &str) {
    let len = text.chars().count();
    match parse(text) {
        Ok(c) => {
            for x in [-2.0, 0.0, 0.5, 3.0] {
                let _ = c.eval(x);
            }
        }
        Err(err) => {
            assert!(
                err.column >= 1 && err.column <= len + 1,
                "{err} in {text:?}"
            );
            assert_eq!(err.to_string().lines().count(), 1, "{err:?}");
            assert_eq!(err.render(text).lines().count(), 2, "{err:?}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn random_strings_never_panic(text in "\\PC{0,80}") {
        check_parse(&text);
    }

    #[test]
    fn long_random_strings_never_panic(text in "[-+*/^(),.0-9a-z ]{0,700}") {
        check_parse(&text);
    }

    #[test]
    fn token_soups_never_panic(tokens in prop::collection::vec(prop::sample::select(SOUP), 0..120)) {
        check_parse(&tokens.concat());
    }

    #[test]
    fn constant_folding_changes_nothing(a in -5.0f64..5.0, b in 0.1f64..3.0, x in -3.0f64..3.0) {
        // The same formula with constants written in and fed through x-dependent
        // paths must agree (folding and fusing are exact rewrites).
        let folded = f(&format!("({a})*x^2 - x/({b}) + ({a})^2"));
        let direct = f(&format!("x*x*({a}) - x*(1/({b})) + ({a})*({a})"));
        let (v1, d1) = folded.eval(x);
        let (v2, d2) = direct.eval(x);
        prop_assert!((v1 - v2).abs() <= 1e-12 * v1.abs().max(1.0));
        prop_assert!((d1 - d2).abs() <= 1e-12 * d1.abs().max(1.0));
    }
}
