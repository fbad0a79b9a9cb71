//! Symbolic derivatives against the dual-number derivatives, the catalog and the
//! lessons' own derivations.

use acttutor::activation::{self, CATALOG};
use acttutor::expr::{self, derive, derive_function, DeriveError};
use proptest::prelude::*;
use proptest::sample::select;

/// Relative 1e-9, with a floor far below anything a chart or grade shows, for
/// values that are 0 in one form and a denormal-sized remainder in the other
/// (1 − tanh²(40) is 0; the dual numbers' sech²(40) is 1e-34).
fn close(a: f64, b: f64) -> bool {
    close_at_scale(a, b, 1.0)
}

/// `close`, with the floor scaled for a derivative that is the small difference
/// of large terms: c/x²·x − c/x is 0 in the reals but a few ulps of c/x in
/// floating point. The scale is that of f′ judged from f, |f(x)/x| (for x^n,
/// f′ = n·f/x), so the floor stays 1000 times below the relative tolerance.
fn close_at_scale(a: f64, b: f64, scale: f64) -> bool {
    a == b || (a - b).abs() <= 1e-9 * a.abs().max(b.abs()) + 1e-12 * scale.max(1.0)
}

/// The grid [−4, 4] by 0.01, shifted off the round numbers where kinks sit.
fn grid() -> impl Iterator<Item = f64> {
    (-400..400).map(|i| f64::from(i) * 0.01 + 0.003)
}

/// Whether the dual derivative is continuous around x (no kink or pole nearby):
/// the slopes a little to each side agree with the slope at x.
fn smooth_at(f: &expr::Compiled, x: f64) -> bool {
    let h = 1e-6;
    let (_, d) = f.eval(x);
    let (_, left) = f.eval(x - h);
    let (_, right) = f.eval(x + h);
    let near = |a: f64| (a - d).abs() <= 1e-3 * d.abs().max(1.0);
    d.is_finite() && near(left) && near(right)
}

/// Check a formula's symbolic derivative against its dual derivative and its
/// unsimplified derivative at every smooth grid point. Returns how many points
/// were compared.
fn check_formula(text: &str) -> usize {
    check_formula_in(text, None)
}

/// `check_formula`, comparing only where `probe` (a formula undefined exactly
/// where `text` is) is finite.
fn check_formula_in(text: &str, probe: Option<&str>) -> usize {
    let probe = match probe.map(expr::parse) {
        // A probe longer than the language allows: nothing to compare safely.
        Some(Err(_)) => return 0,
        Some(Ok(p)) => Some(p),
        None => None,
    };
    let f = expr::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    let d = match derive(text) {
        Ok(d) => d,
        Err(DeriveError::TooLarge { .. }) => return 0,
        Err(e) => panic!("{text}: {e}"),
    };
    // Through the language: the printed derivative must read back.
    let symbolic = expr::parse(d.text()).unwrap_or_else(|e| panic!("{}: {e}", d.text()));
    let raw = d
        .unsimplified()
        .expect("the unsimplified derivative compiles");
    let mut compared = 0;
    for x in grid() {
        let (value, dual) = f.eval(x);
        let defined = probe.as_ref().is_none_or(|p| p.eval(x).0.is_finite());
        let shown = defined && value.is_finite() && value.abs() < 1e6 && dual.abs() < 1e6;
        if !(shown && smooth_at(&f, x)) {
            continue;
        }
        let got = symbolic.eval(x).0;
        let scale = (value / x).abs().max(value.abs());
        // max/min are written as step-weighted sums, so the side not chosen is still
        // evaluated: where its slope overflows (2.25^(2.625/x) near 0), 0·∞ gives
        // NaN. A known limit of the formula language (it has no "if"), left out.
        if got.is_nan() && (text.contains("max(") || text.contains("min(")) {
            continue;
        }
        // The chain rule at a zero of √g (or g^p, p < 1) where g is flat: g′/(2√g)
        // is 0/0 in the printed formula, while f is 0 all around and the dual
        // numbers say 0. Symbolic differentiation has the same limit (sympy
        // prints the same quotient); left out.
        if got.is_nan() && value == 0.0 && dual == 0.0 {
            continue;
        }
        assert!(
            close_at_scale(got, dual, scale),
            "{text}: d/dx = {} at x = {x}: {got}, dual {dual}",
            d.text()
        );
        let unsimplified = raw.eval(x).0;
        // Both forms are judged at the same scale: the simplified one may leave a
        // few ulps of f/x where the unsimplified one cancels to exactly 0 (and
        // the other way round).
        if unsimplified.is_finite() {
            assert!(
                close_at_scale(unsimplified, got, scale),
                "{text}: simplifying changed the value at {x}: {unsimplified} → {got}"
            );
        }
        compared += 1;
    }
    compared
}

/// Every function name the language knows (built-ins, catalog names, aliases).
fn names() -> Vec<&'static str> {
    expr::function_names()
        .filter(|n| !matches!(*n, "max" | "min"))
        .collect()
}

/// A formula and its domain probe: the same formula with every catalog call
/// f(a) written f(a) + 0*(a). Some catalog functions map NaN to a number
/// (hard_sigmoid(ln(−1)) is 0, as clip does), so f can be finite where the
/// formula is undefined; the probe is NaN there, since 0·NaN = NaN and 0·∞ = NaN.
type WithProbe = (String, String);

fn call(f: &str, (a, probe): WithProbe) -> WithProbe {
    const BUILTINS: [&str; 12] = [
        "exp", "ln", "log", "sqrt", "abs", "sin", "cos", "tan", "tanh", "sinh", "cosh", "erf",
    ];
    let probed = if BUILTINS.contains(&f) {
        format!("{f}({probe})")
    } else {
        format!("({f}({probe}) + 0*({probe}))")
    };
    (format!("{f}({a})"), probed)
}

/// Random well-formed formulas over the whole language: numbers, x, pi, every
/// operator and function, nested a few levels; each with its domain probe.
fn formula() -> impl Strategy<Value = WithProbe> {
    let leaf = prop_oneof![
        3 => Just("x".to_string()),
        2 => (1u32..40).prop_map(|n| format!("{}", f64::from(n) / 8.0)),
        1 => Just("pi".to_string()),
    ]
    .prop_map(|s| (s.clone(), s));
    leaf.prop_recursive(4, 24, 2, |inner| {
        let both = |f: fn(&str, &str) -> String| {
            move |((a, pa), (b, pb)): (WithProbe, WithProbe)| (f(&a, &b), f(&pa, &pb))
        };
        prop_oneof![
            (
                inner.clone(),
                select(vec!["+", "-", "*", "/"]),
                inner.clone()
            )
                .prop_map(|((a, pa), op, (b, pb))| {
                    (format!("({a}) {op} ({b})"), format!("({pa}) {op} ({pb})"))
                }),
            (inner.clone(), 1u32..4)
                .prop_map(|((a, pa), n)| (format!("({a})^{n}"), format!("({pa})^{n}"))),
            (select(names()), inner.clone()).prop_map(|(f, a)| call(f, a)),
            (inner.clone(), inner.clone()).prop_map(both(|a, b| format!("max({a}, {b})"))),
            (inner.clone(), inner.clone()).prop_map(both(|a, b| format!("min({a}, {b})"))),
            inner
                .clone()
                .prop_map(|(a, pa)| (format!("-({a})"), format!("-({pa})"))),
            (1u32..20, inner).prop_map(|(c, (a, pa))| {
                let c = f64::from(c) / 4.0;
                (format!("({c})^({a})"), format!("({c})^({pa})"))
            }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn random_formulas_match_the_dual_numbers((text, probe) in formula()) {
        check_formula_in(&text, Some(&probe));
    }

    /// The parser's token soups (as in tests/expr.rs), kept when they parse. Of
    /// the catalog only sigmoid, which keeps NaN as NaN (no domain probe needed).
    #[test]
    fn token_soups_that_parse_match_the_dual_numbers(
        tokens in prop::collection::vec(select(SOUP), 1..24)
    ) {
        let text = tokens.concat();
        if expr::parse(&text).is_ok() {
            check_formula(&text);
        }
    }
}

const SOUP: &[&str] = &[
    "x", "x", "x", "1", "0.5", "2", "pi", "e", "(", ")", "+", "-", "*", "/", "^", "exp(", "ln(",
    "sqrt(", "abs(", "sin(", "cos(", "tanh(", "erf(", "sigmoid(", "max(x,", "min(x,",
];

#[test]
fn the_generator_reaches_real_formulas() {
    // A guard on the property test: hand-picked formulas of every kind compare at
    // most grid points.
    for text in [
        "x*sigmoid(x)",
        "x^x",
        "2^x",
        "ln(1 + x^2)",
        "sqrt(1 + x^2)/(1 + exp(-x))",
        "tan(x/2)",
        "sinh(x)*cosh(x)",
        "erf(x)^2",
        "max(x, x^2)",
        "abs(x)*x",
        "x^0.5",
        "gelu(2*x - 1)",
    ] {
        assert!(check_formula(text) > 300, "{text}");
    }
}

#[test]
fn every_catalog_function_matches_its_dual_derivative() {
    for act in CATALOG.iter() {
        let c = act.configured();
        // Derived from the definition (`acttutor derive NAME`).
        let d = derive_function(&c).unwrap_or_else(|e| panic!("{}: {e}", act.name));
        let symbolic = expr::parse(d.text()).unwrap_or_else(|e| panic!("{}: {e}", d.text()));
        // Called in a formula, through the chain rule.
        let inside = format!("{}(2*x - 1)", act.name);
        let f = expr::parse(&inside).unwrap();
        let chained = expr::parse(derive(&inside).unwrap().text()).unwrap();
        for x in grid() {
            if smooth_at(&f, x) {
                let (got, want) = (chained.eval(x).0, f.eval(x).1);
                assert!(close(got, want), "{inside} at {x}: {got} vs {want}");
            }
            let (got, want) = (symbolic.eval(x).0, c.df(x));
            assert!(close(got, want), "{}′({x}): {got} vs {want}", act.name);
        }
        // Kinks keep the catalog's conventions (relu′(0) = 0, leaky_relu′(0) = α, …).
        for x in [-3.0, -1.0, 0.0, 1.0, 3.0, 6.0] {
            let (got, want) = (symbolic.eval(x).0, c.df(x));
            assert!(
                close(got, want),
                "{}′({x}) at a kink: {got} vs {want}",
                act.name
            );
        }
    }
}

#[test]
fn aliases_derive_like_their_entries() {
    let a = derive_function(&activation::find("logistic").unwrap().configured()).unwrap();
    assert_eq!(a.text(), "sigmoid(x)*(1 - sigmoid(x))");
}

#[test]
fn the_headline_example_reads_as_in_the_issue() {
    let d = derive("x*sigmoid(x)").unwrap();
    assert_eq!(d.text(), "sigmoid(x) + x*sigmoid(x)*(1 - sigmoid(x))");
    assert_eq!(d.pretty(), "σ(x) + x·σ(x)·(1 − σ(x))");
    let lines = d.lines();
    assert_eq!(lines[0], "product rule on x·σ(x): (x)′·σ(x) + x·(σ(x))′");
    assert_eq!(lines[1], "  (σ(x))′ = σ(x)·(1 − σ(x))");
}

/// Spaces and multiplication dots removed, eˣ written e^x: the lessons and the
/// steps then compare character for character.
fn normal(text: &str) -> String {
    text.replace("eˣ", "e^x")
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '·')
        .collect()
}

/// The derivation of a catalog function, all lines and the result, normalised.
fn derivation_text(name: &str) -> String {
    let c = activation::find(name).unwrap().configured();
    let d = derive_function(&c).unwrap();
    normal(&format!("{}\n{}", d.lines().join("\n"), d.pretty()))
}

/// Each formula must appear in the lesson and in acttutor's derivation.
fn agrees_with_lesson(name: &str, lesson: &str, formulas: &[&str]) {
    let (lesson, ours) = (normal(lesson), derivation_text(name));
    for formula in formulas {
        let formula = normal(formula);
        assert!(lesson.contains(&formula), "the lesson lost {formula}");
        assert!(ours.contains(&formula), "{name}: {formula} not in\n{ours}");
    }
}

#[test]
fn golden_steps_follow_the_lessons() {
    let day = |file: &str| std::fs::read_to_string(format!("lessons/{file}")).unwrap();
    agrees_with_lesson(
        "sigmoid",
        &day("day03-sigmoid.md"),
        &[
            "e^(−x) / (1 + e^(−x))²",
            "[1 / (1 + e^(−x))] · [e^(−x) / (1 + e^(−x))]",
            "σ(x) · (1 − σ(x))",
        ],
    );
    agrees_with_lesson(
        "tanh",
        &day("day04-tanh.md"),
        &["(v·v − u·u) / v²", "1 − tanh²(x)"],
    );
    agrees_with_lesson(
        "softplus",
        &day("day12-softplus-softsign.md"),
        &["e^x/(1 + e^x) = 1/(1 + e^(−x)) = σ(x)"],
    );
    agrees_with_lesson("gelu", &day("day13-gelu.md"), &["x·Φ(x)", "Φ(x) + x·φ(x)"]);
    // The lesson's swish_β′ with β = 1.
    let swish = day("day14-swish-silu.md").replace("βx", "x");
    agrees_with_lesson("swish", &swish, &["σ(x) + x·σ(x)(1 − σ(x))"]);
    agrees_with_lesson("silu", &swish, &["σ(x) + x·σ(x)(1 − σ(x))"]);
    // The lesson writes tanh′ = sech² (= 1 − tanh², day 4).
    let mish = day("day15-mish.md").replace("sech²(softplus(x))", "(1 − tanh²(softplus(x)))");
    agrees_with_lesson(
        "mish",
        &mish,
        &[
            "mish(x) = x·tanh(softplus(x))",
            "tanh(softplus(x)) + x·(1 − tanh²(softplus(x)))·σ(x)",
        ],
    );
}

#[test]
fn golden_steps_name_the_rules() {
    let steps = |name: &str| {
        derive_function(&activation::find(name).unwrap().configured())
            .unwrap()
            .lines()
    };
    let sigmoid = steps("sigmoid");
    assert_eq!(sigmoid[0], "definition: sigmoid(x) = 1/(1 + e^(−x))");
    assert!(sigmoid[1].starts_with("reciprocal rule on 1/(1 + e^(−x))"));
    assert_eq!(sigmoid.last().unwrap(), "so f′(x) = σ(x)·(1 − σ(x))");
    let gelu = steps("gelu");
    assert_eq!(
        gelu,
        [
            "definition: gelu(x) = x·Φ(x)",
            "product rule on x·Φ(x): (x)′·Φ(x) + x·(Φ(x))′",
            "  (Φ(x))′ = φ(x)",
            "simplified: Φ(x) + x·φ(x)",
        ]
    );
    let mish = steps("mish");
    assert!(
        mish.iter().any(|l| l.trim() == "(softplus(x))′ = σ(x)"),
        "{mish:?}"
    );
    assert!(mish[1].starts_with("product rule on x·tanh(softplus(x))"));
}

#[test]
fn bad_input_is_explained() {
    // The same positioned error as everywhere else.
    for text in ["2x", "x*", "sigmod(x)", "", "(x"] {
        let want = expr::parse(text).unwrap_err();
        assert_eq!(derive(text).unwrap_err(), DeriveError::Parse(want));
    }
    // A derivative that would not fit in a formula says so.
    let tower = "sigmoid(".repeat(12) + "x" + &")".repeat(12);
    let err = derive(&tower).unwrap_err();
    assert!(
        matches!(err, DeriveError::TooLarge { limit: 500, .. }),
        "{err}"
    );
    assert!(err
        .to_string()
        .starts_with("the derivative is too large to print ("));
}

#[test]
fn steps_are_bounded() {
    let long = (0..40)
        .map(|i| format!("sin({i}*x)"))
        .collect::<Vec<_>>()
        .join("+");
    if let Ok(d) = derive(&long) {
        assert!(d.steps.len() <= expr::MAX_STEPS);
    }
}
