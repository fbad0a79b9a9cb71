//! Algebraic tidying of derivative trees: fold constants, drop ·1 and +0, collect
//! obvious repeats (a + a = 2·a, a·a = a²), keep signs at the front, and associate
//! sums and products to the left so they print without nested parentheses.
//!
//! Every rewrite is an identity of real arithmetic. Dropping `0·a` can turn a NaN
//! (where `a` is undefined) into 0; nothing else changes a value.

use super::parser::BinOp;
use super::symbolic::{add, div, mul, neg, num, number, pow, sub, Sym};

/// At most this many passes over the tree; each pass rewrites bottom-up.
const MAX_PASSES: usize = 64;

pub(crate) fn simplify(e: &Sym) -> Sym {
    let mut current = e.clone();
    for _ in 0..MAX_PASSES {
        let next = pass(&current);
        if next == current {
            break;
        }
        current = next;
    }
    current
}

/// One bottom-up pass: children first, then the rules at this node.
fn pass(e: &Sym) -> Sym {
    match e {
        Sym::Num(_) | Sym::X => e.clone(),
        Sym::Neg(a) => negate(pass(a)),
        Sym::Call(f, a) => Sym::Call(*f, Box::new(pass(a))),
        Sym::Bin(op, a, b) => {
            let (a, b) = (pass(a), pass(b));
            match op {
                BinOp::Add => sum(a, b),
                BinOp::Sub => difference(a, b),
                BinOp::Mul => product(a, b),
                BinOp::Div => quotient(a, b),
                BinOp::Pow => power(a, b),
                BinOp::Max | BinOp::Min => fold(*op, a, b),
            }
        }
    }
}

/// The number a node is, if it is one.
fn value(e: &Sym) -> Option<f64> {
    match e {
        Sym::Num(v) => Some(*v),
        _ => None,
    }
}

fn is(e: &Sym, v: f64) -> bool {
    value(e) == Some(v)
}

/// `a op b` computed, when both are numbers and the result is finite and prints
/// no longer than the longer operand: 2·3 folds to 6, 1 − 0.01 to 0.99, but 1/6
/// and 2·pi stay as written (their decimals would hide where they come from).
fn folded(op: BinOp, a: &Sym, b: &Sym) -> Option<Sym> {
    let (x, y) = (value(a)?, value(b)?);
    let v = match op {
        BinOp::Add => x + y,
        BinOp::Sub => x - y,
        BinOp::Mul => x * y,
        BinOp::Div => x / y,
        BinOp::Pow => x.powf(y),
        BinOp::Max => x.max(y),
        BinOp::Min => x.min(y),
    };
    // A sign does not count: x + 3 − 6 folds to x − 3.
    let digits = |v: f64| number(v).trim_start_matches('-').len();
    let longest = digits(x).max(digits(y));
    (v.is_finite() && digits(v) <= longest).then_some(Sym::Num(v))
}

fn fold(op: BinOp, a: Sym, b: Sym) -> Sym {
    folded(op, &a, &b).unwrap_or_else(|| super::symbolic::bin(op, a, b))
}

/// The positive form of a visibly negative term: −a → a, −2 → 2, (−a)·b → a·b.
fn positive(e: &Sym) -> Option<Sym> {
    match e {
        Sym::Neg(a) => Some((**a).clone()),
        Sym::Num(v) if *v < 0.0 => Some(Sym::Num(-v)),
        Sym::Bin(op @ (BinOp::Mul | BinOp::Div), a, b) => {
            positive(a).map(|p| super::symbolic::bin(*op, p, (**b).clone()))
        }
        _ => None,
    }
}

/// −a, with the sign moved to the front of a product and folded into numbers.
fn negate(a: Sym) -> Sym {
    if let Some(p) = positive(&a) {
        return p;
    }
    match a {
        Sym::Num(v) => Sym::Num(-v),
        Sym::Bin(BinOp::Sub, x, y) => sub(*y, *x),
        // −(t + c) = −t − c
        Sym::Bin(BinOp::Add, x, y) if value(&y).is_some() => difference(negate(*x), *y),
        Sym::Bin(op @ (BinOp::Mul | BinOp::Div), x, y) => super::symbolic::bin(op, negate(*x), *y),
        other => neg(other),
    }
}

/// c·a → (c, a); a → (1, a).
fn coefficient(e: &Sym) -> (f64, Sym) {
    match e {
        Sym::Bin(BinOp::Mul, a, b) => match value(a) {
            Some(c) => (c, (**b).clone()),
            None => (1.0, e.clone()),
        },
        _ => (1.0, e.clone()),
    }
}

fn sum(a: Sym, b: Sym) -> Sym {
    if let Some(v) = folded(BinOp::Add, &a, &b) {
        return v;
    }
    if is(&a, 0.0) {
        return b;
    }
    if is(&b, 0.0) {
        return a;
    }
    if let Some(p) = positive(&b) {
        return difference(a, p);
    }
    if let Some(p) = positive(&a) {
        return difference(b, p);
    }
    // a + a = 2·a, 2·a + a = 3·a
    let ((ca, ta), (cb, tb)) = (coefficient(&a), coefficient(&b));
    if ta == tb && !matches!(ta, Sym::Num(_)) {
        return product(num(ca + cb), ta);
    }
    match b {
        // a + (b + c) = (a + b) + c
        Sym::Bin(BinOp::Add, x, y) => sum(sum(a, *x), *y),
        Sym::Bin(BinOp::Sub, x, y) => difference(sum(a, *x), *y),
        b => match (&a, value(&b)) {
            // (t + c1) + c2 = t + (c1 + c2)
            (Sym::Bin(BinOp::Add, t, c1), Some(_)) if value(c1).is_some() => {
                match folded(BinOp::Add, c1, &b) {
                    Some(c) => sum((**t).clone(), c),
                    None => add(a, b),
                }
            }
            _ => add(a, b),
        },
    }
}

fn difference(a: Sym, b: Sym) -> Sym {
    if let Some(v) = folded(BinOp::Sub, &a, &b) {
        return v;
    }
    if is(&b, 0.0) {
        return a;
    }
    if is(&a, 0.0) {
        return negate(b);
    }
    if a == b {
        return num(0.0);
    }
    if let Some(p) = positive(&b) {
        return sum(a, p);
    }
    match b {
        // a − (b + c) = (a − b) − c; a − (b − c) = (a − b) + c
        Sym::Bin(BinOp::Add, x, y) => difference(difference(a, *x), *y),
        Sym::Bin(BinOp::Sub, x, y) => sum(difference(a, *x), *y),
        b => match (&a, value(&b)) {
            // (t + c1) − c2 = t + (c1 − c2)
            (Sym::Bin(BinOp::Add, t, c1), Some(_)) if value(c1).is_some() => {
                match folded(BinOp::Sub, c1, &b) {
                    Some(c) => sum((**t).clone(), c),
                    None => sub(a, b),
                }
            }
            _ => sub(a, b),
        },
    }
}

/// a^n → (a, n) for a numeric exponent; a → (a, 1).
fn base_and_exponent(e: &Sym) -> (Sym, Option<f64>) {
    match e {
        Sym::Bin(BinOp::Pow, a, n) => match value(n) {
            Some(n) => ((**a).clone(), Some(n)),
            None => (e.clone(), Some(1.0)),
        },
        _ => (e.clone(), Some(1.0)),
    }
}

fn product(a: Sym, b: Sym) -> Sym {
    if let Some(v) = folded(BinOp::Mul, &a, &b) {
        return v;
    }
    if is(&a, 0.0) || is(&b, 0.0) {
        return num(0.0);
    }
    if is(&a, 1.0) {
        return b;
    }
    if is(&b, 1.0) {
        return a;
    }
    // Signs to the front: a·(−b) = −(a·b).
    if let Some(p) = positive(&b) {
        return negate(product(a, p));
    }
    // A product of constants that do not fold short (2·pi·0.3) stays as written:
    // reordering its factors would go round in circles.
    if !a.uses_x() && !b.uses_x() {
        return mul(a, b);
    }
    if value(&a).is_none() && value(&b).is_some() {
        return product(b, a);
    }
    // a·(1/b) = (1/b)·a = a/b
    if let Sym::Bin(BinOp::Div, one, d) = &b {
        if is(one, 1.0) {
            return quotient(a, (**d).clone());
        }
    }
    if let Sym::Bin(BinOp::Div, one, d) = &a {
        if is(one, 1.0) {
            return quotient(b, (**d).clone());
        }
    }
    // x before the functions it multiplies: c·f(x)·x = c·x·f(x)
    if b == Sym::X {
        match &a {
            Sym::Call(..) => return mul(Sym::X, a),
            Sym::Bin(BinOp::Mul, c, t) if value(c).is_some() && matches!(**t, Sym::Call(..)) => {
                return mul(mul((**c).clone(), Sym::X), (**t).clone());
            }
            _ => {}
        }
    }
    // a·a = a², a·a² = a³
    let ((ba, na), (bb, nb)) = (base_and_exponent(&a), base_and_exponent(&b));
    if ba == bb && value(&ba).is_none() {
        if let (Some(m), Some(n)) = (na, nb) {
            return power(ba, num(m + n));
        }
    }
    match b {
        // c1·(c2·t) = (c1·c2)·t; a·(b·c) = (a·b)·c
        Sym::Bin(BinOp::Mul, x, y) => match folded(BinOp::Mul, &a, &x) {
            Some(c) => product(c, *y),
            None if value(&x).is_some() && value(&a).is_none() => product(product(*x, a), *y),
            None => product(product(a, *x), *y),
        },
        // a·(b/c) = (a·b)/c
        Sym::Bin(BinOp::Div, x, y) => quotient(product(a, *x), *y),
        b => mul(a, b),
    }
}

fn quotient(a: Sym, b: Sym) -> Sym {
    if let Some(v) = folded(BinOp::Div, &a, &b) {
        return v;
    }
    if is(&b, 1.0) {
        return a;
    }
    if is(&a, 0.0) {
        return num(0.0);
    }
    if a == b {
        return num(1.0);
    }
    if let Some(p) = positive(&b) {
        return negate(quotient(a, p));
    }
    // (c·t)/d = (c/d)·t when c/d is short
    if let (Sym::Bin(BinOp::Mul, c, t), Some(_)) = (&a, value(&b)) {
        if let Some(q) = folded(BinOp::Div, c, &b) {
            return product(q, (**t).clone());
        }
    }
    div(a, b)
}

fn power(a: Sym, b: Sym) -> Sym {
    if let Some(v) = folded(BinOp::Pow, &a, &b) {
        return v;
    }
    if is(&b, 1.0) {
        return a;
    }
    if is(&b, 0.0) {
        return num(1.0);
    }
    pow(a, b)
}

#[cfg(test)]
mod tests {
    use super::super::parser::parse_tree;
    use super::*;
    use proptest::prelude::*;

    /// Formulas with repeats, signs, constants on either side and ·1, +0, ·0.
    fn formula() -> impl Strategy<Value = String> {
        let leaf = prop::sample::select(vec!["x", "x", "0", "1", "2", "0.5", "-3", "pi"])
            .prop_map(str::to_string);
        leaf.prop_recursive(4, 32, 2, |inner| {
            prop_oneof![
                (
                    inner.clone(),
                    prop::sample::select(vec!["+", "-", "*"]),
                    inner.clone()
                )
                    .prop_map(|(a, op, b)| format!("({a}) {op} ({b})")),
                // Divisors kept away from 0, where the sign of a zero would decide
                // between +∞ and −∞ and real arithmetic has no answer.
                (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) / (1 + ({b})^2)")),
                (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) / ({b})")),
                (inner.clone(), 0u32..4).prop_map(|(a, n)| format!("({a})^{n}")),
                inner.clone().prop_map(|a| format!("-({a})")),
                inner.prop_map(|a| format!("sigmoid({a})")),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        #[test]
        fn simplifying_never_changes_a_value(text in formula()) {
            let node = parse_tree(&text).unwrap().node;
            let original = Sym::from_node(&node);
            let tidy = simplify(&original);
            let before = crate::expr::Compiled::new("", &original.to_node()).unwrap();
            let after = crate::expr::Compiled::new("", &tidy.to_node()).unwrap();
            for i in -30..30 {
                let x = f64::from(i) * 0.1 + 0.01;
                let (b, a) = (before.eval(x).0, after.eval(x).0);
                // Dropping 0·a may turn a NaN into 0; every finite value stays.
                // Where a divisor is exactly 0 (x − x) the value hangs on the sign
                // of that zero: such formulas are skipped.
                if b.is_finite() && !text.contains("/ (0)") && before.eval(x).1.is_finite() {
                    prop_assert!(
                        (a - b).abs() <= 1e-9 * a.abs().max(b.abs()) + 1e-12,
                        "{text} → {} at {x}: {b} → {a}", tidy.to_language()
                    );
                }
            }
        }
    }

    fn tidy(text: &str) -> String {
        let node = parse_tree(text).unwrap().node;
        simplify(&Sym::from_node(&node)).to_language()
    }

    #[test]
    fn constant_products_settle() {
        // These looped forever before: constant factors were swapped back and forth.
        assert_eq!(tidy("pi*(pi*0.3)*x"), "pi*(pi*0.3)*x");
        assert_eq!(tidy("x*(0.3*(pi*pi))"), "pi*(pi*0.3)*x");
    }

    #[test]
    fn identities() {
        assert_eq!(tidy("1*x + 0"), "x");
        assert_eq!(tidy("x*1 - 0*x"), "x");
        assert_eq!(tidy("2*3 + x"), "6 + x");
        assert_eq!(tidy("x + x"), "2*x");
        assert_eq!(tidy("x*x"), "x^2");
        assert_eq!(tidy("x*x^2"), "x^3");
        assert_eq!(tidy("x^1"), "x");
        assert_eq!(tidy("--x"), "x");
        assert_eq!(tidy("x + -exp(x)"), "x - exp(x)");
        assert_eq!(tidy("x - -2"), "x + 2");
        assert_eq!(tidy("x*(-2)"), "-2*x");
        assert_eq!(tidy("1/6*x"), "x/6");
        assert_eq!(tidy("2*pi"), "2*pi");
        assert_eq!(tidy("x + 3 - 6"), "x - 3");
        assert_eq!(
            tidy("x*(sigmoid(x)*(1 - sigmoid(x)))"),
            "x*sigmoid(x)*(1 - sigmoid(x))"
        );
        assert_eq!(tidy("x - x"), "0");
        assert_eq!(tidy("1 - 0.01"), "0.99");
    }
}
