//! Unit tests of the language: precedence, names, errors and their columns.

use super::*;

fn value(text: &str, x: f64) -> f64 {
    parse(text)
        .unwrap_or_else(|e| panic!("{text}: {e}"))
        .eval(x)
        .0
}

fn error(text: &str) -> String {
    parse(text).unwrap_err().to_string()
}

#[test]
fn precedence_and_associativity() {
    let table: &[(&str, f64)] = &[
        ("1+2*3", 7.0),
        ("(1+2)*3", 9.0),
        ("2*3^2", 18.0),
        ("2^3^2", 512.0),
        ("(2^3)^2", 64.0),
        ("-2^2", -4.0),
        ("(-2)^2", 4.0),
        ("2^-1", 0.5),
        ("2^-1^2", 0.5),
        ("-2*-3", 6.0),
        ("--2", 2.0),
        ("+2", 2.0),
        ("8/4/2", 1.0),
        ("8-4-2", 2.0),
        ("1-2+3", 2.0),
        ("12/2*3", 18.0),
        ("2*-x", -6.0),
        ("-x^2", -9.0),
        ("x^2", 9.0),
        ("1e-3*1000", 1.0),
        (".5+.5", 1.0),
        ("3.", 3.0),
        ("2^(1+1)", 4.0),
        ("-(x)", -3.0),
    ];
    for &(text, want) in table {
        assert_eq!(value(text, 3.0), want, "{text}");
    }
}

#[test]
fn names_ignore_case_and_catalog_functions_work() {
    assert_eq!(value("PI", 0.0), std::f64::consts::PI);
    assert_eq!(value("E", 0.0), std::f64::consts::E);
    assert_eq!(value("Exp(X)", 1.0), std::f64::consts::E);
    assert_eq!(value("log(e)", 0.0), 1.0);
    assert_eq!(value("ReLU(x)", -2.0), 0.0);
    assert_eq!(value("leaky_relu(x)", -1.0), -0.01);
    assert_eq!(value("Leaky_ReLU(x)", -1.0), -0.01);
    assert_eq!(value("logistic(0)", 0.0), 0.5);
    assert_eq!(value("relu6(x)", 10.0), 6.0);
    let sigmoid2 = parse("sigmoid(2*x)").unwrap().eval(0.0);
    assert_eq!(
        sigmoid2,
        (0.5, 0.5),
        "chain rule through a catalog function"
    );
}

#[test]
fn every_catalog_name_and_alias_is_callable() {
    for name in crate::activation::all_names() {
        let text = format!("{name}(x)");
        let f = parse(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert!(f.uses_x());
    }
}

#[test]
fn source_and_uses_x() {
    let f = parse("  x*2 ").unwrap();
    assert_eq!(f.source(), "x*2");
    assert!(f.uses_x());
    assert!(!parse("2*pi").unwrap().uses_x());
    assert_eq!(parse("x-x").unwrap().eval(5.0), (0.0, 0.0));
}

#[test]
fn the_documented_messages() {
    assert_eq!(error("x*"), "expected a number, x or '(' at column 3");
    assert_eq!(
        error("sigmod(x)"),
        "unknown function 'sigmod' at column 1; did you mean 'sigmoid'?"
    );
    assert_eq!(
        error("2x"),
        "implicit multiplication is not supported at column 2; use 2*x"
    );
    assert_eq!(
        error("3 sin(x)"),
        "implicit multiplication is not supported at column 3; use 3*sin"
    );
    assert_eq!(
        error("(x+1)(x-1)"),
        "implicit multiplication is not supported at column 6; use (…)*(…)"
    );
}

#[test]
fn errors_point_at_the_right_column() {
    let cases: &[(&str, &str, usize)] = &[
        ("", "the formula is empty", 1),
        ("   ", "the formula is empty", 1),
        ("x+", "expected a number, x or '('", 3),
        ("x**2", "expected a number, x or '('", 3),
        ("()", "expected a number, x or '('", 2),
        ("(x+1", "unclosed '('", 1),
        ("max(x, 1", "unclosed '('", 4),
        ("x+1)", "unmatched ')'", 4),
        ("(x, 1)", "expected ')'", 3),
        ("x, 1", "unexpected ','", 2),
        ("max(x)", "max takes 2 arguments (got 1)", 1),
        ("1 + min(x, 1, 2)", "min takes 2 arguments (got 3)", 5),
        ("exp(x, 1)", "exp takes 1 argument (got 2)", 1),
        ("exp()", "exp takes 1 argument (got 0)", 1),
        ("gelu()", "gelu takes 1 argument (got 0)", 1),
        ("exp + 1", "the function 'exp' needs parentheses", 1),
        ("2 * y", "unknown name 'y'", 5),
        ("foo(x)", "unknown function 'foo'", 1),
        ("x # 1", "unexpected character '#'", 3),
        ("1.2.3", "implicit multiplication is not supported", 4),
        ("x^", "expected a number, x or '('", 3),
        ("1e999", "the number 1e999 is too large", 1),
    ];
    for &(text, message, column) in cases {
        let err = parse(text).unwrap_err();
        assert_eq!(
            (err.message.as_str(), err.column),
            (message, column),
            "{text:?}"
        );
    }
}

#[test]
fn hints_help() {
    assert!(error("x**2").ends_with("write powers with ^, e.g. x^2"));
    assert!(error("gelu").ends_with("write gelu(x)"));
    assert!(error("rleu(x)").contains("'relu'"));
    assert!(error("qqqqqqqqqq(x)").ends_with("see `acttutor table` for the catalog"));
    assert!(error("3*π").ends_with("write pi"));
}

#[test]
fn length_and_depth_limits() {
    let long = "x+".repeat(250) + "x";
    let err = parse(&long).unwrap_err();
    assert_eq!(err.column, MAX_LEN + 1);
    assert!(err
        .message
        .starts_with("the formula is too long (501 characters"));
    assert!(parse(&("x+".repeat(249) + "x")).is_ok());

    let nested = |n: usize| "(".repeat(n) + "x" + &")".repeat(n);
    assert_eq!(parse(&nested(MAX_DEPTH)).unwrap().eval(2.0), (2.0, 1.0));
    let err = parse(&nested(MAX_DEPTH + 1)).unwrap_err();
    assert!(err.message.contains("nested too deeply"), "{err}");
    assert!(parse(&("-".repeat(200) + "x")).is_err());
    assert!(parse(&"2^".repeat(100)).is_err());
}

#[test]
fn constants() {
    assert_eq!(eval_constant("4^(-10)").unwrap(), 4f64.powi(-10));
    assert_eq!(eval_constant(" 1/4 ").unwrap(), 0.25);
    assert_eq!(eval_constant("sigmoid(0)").unwrap(), 0.5);
    let err = eval_constant("2*x").unwrap_err();
    assert_eq!(
        err.to_string(),
        "a constant expression cannot use x at column 3"
    );
    assert!(eval_constant("1/0").is_err());
    assert!(eval_constant("ln(-1)").is_err());
}

#[test]
fn render_puts_the_caret_under_the_error() {
    let err = parse("1 + foo(x)").unwrap_err();
    assert_eq!(err.render("1 + foo(x)"), "1 + foo(x)\n    ^");
}

#[test]
fn grading() {
    let f = |t: &str| parse(t).unwrap();
    let silu = f("silu(x)");
    assert!(compare_formulas(&f("x/(1+exp(-x))"), &silu).equivalent);
    assert!(compare_formulas(&f("x*sigmoid(x)"), &silu).equivalent);
    assert!(compare_formulas(&f("max(x,0)"), &f("relu(x)")).equivalent);
    assert!(compare_formulas(&f("(x+abs(x))/2"), &f("relu(x)")).equivalent);
    let wrong = compare_formulas(&f("x*sigmoid(2*x)"), &silu);
    assert!(!wrong.equivalent);
    let (x, want, got) = wrong.counterexample.unwrap();
    assert_eq!(want, silu.eval(x).0);
    assert_ne!(want, got);
    assert!(wrong.reason.starts_with("at x = "), "{}", wrong.reason);
    // Same values, different slope at one point only is still caught.
    let slope = compare_formulas(&f("max(x,0)"), &f("leaky_relu(x)"));
    assert!(!slope.equivalent);
    // A reference undefined on the negative side is only checked where defined.
    assert!(compare_formulas(&f("ln(x^2)/2"), &f("ln(x)")).equivalent);
}
