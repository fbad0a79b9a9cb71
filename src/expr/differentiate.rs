//! The rules of differentiation, applied to a formula tree, each application
//! written down as a step a learner can follow.
//!
//! Kinks: `max`/`min` take the slope of the larger/smaller side and 0 at a tie,
//! `abs′(0) = 0`; catalog functions keep the catalog's documented conventions (their
//! rules come from `catalog_rules`, whose closed forms are checked at the kinks).

use super::catalog_rules;
use super::parser::{BinOp, Builtin};
use super::symbolic::{add, bin, builtin, call, div, mul, neg, num, pow, step, sub, Fun, Sym};

/// One line of a derivation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// How deep in the formula the rule applies (0 = the whole formula), for indenting.
    pub depth: usize,
    /// The rule in words, with formulas in the pretty notation.
    pub text: String,
}

/// Collects steps, up to a limit (past it only counts them).
#[derive(Debug, Default)]
pub(crate) struct Recorder {
    pub steps: Vec<Step>,
    pub omitted: usize,
    /// Whether to record at all (rules computed for internal use record nothing).
    pub silent: bool,
    /// Set when the derivative outgrew `MAX_NODES`; the rest of the work is skipped.
    pub overflow: bool,
}

/// The most nodes a derivative may grow to before it is given up as too large
/// (nested max/min copy their sides' slopes several times: growth can be
/// exponential in the nesting).
pub const MAX_NODES: usize = 20_000;

/// A derivation longer than this is cut, with a line that says how much was left out.
pub const MAX_STEPS: usize = 120;

impl Recorder {
    pub(crate) fn silent() -> Recorder {
        Recorder {
            silent: true,
            ..Recorder::default()
        }
    }

    pub(crate) fn say(&mut self, depth: usize, text: impl Into<String>) {
        if self.silent {
            return;
        }
        if self.steps.len() < MAX_STEPS {
            self.steps.push(Step {
                depth,
                text: text.into(),
            });
        } else {
            self.omitted += 1;
        }
    }
}

/// "(e)′", the derivative still to be taken.
fn prime(e: &Sym) -> String {
    format!("({})′", e.to_pretty())
}

/// d/dx of `e`, unsimplified, recording the rules applied. Past `MAX_NODES` it
/// sets `rec.overflow` and returns a placeholder: check the flag.
pub(crate) fn derivative(e: &Sym, rec: &mut Recorder, depth: usize) -> Sym {
    if rec.overflow {
        return num(0.0);
    }
    let d = rules(e, rec, depth);
    if d.size() > MAX_NODES {
        rec.overflow = true;
        return num(0.0);
    }
    d
}

fn rules(e: &Sym, rec: &mut Recorder, depth: usize) -> Sym {
    match e {
        Sym::Num(_) => num(0.0),
        Sym::X => num(1.0),
        _ if !e.uses_x() => {
            rec.say(depth, format!("{} = 0 (a constant)", prime(e)));
            num(0.0)
        }
        Sym::Neg(a) => {
            rec.say(depth, format!("sign: {} = −{}", prime(e), prime(a)));
            neg(derivative(a, rec, depth + 1))
        }
        Sym::Bin(op, a, b) => binary(*op, e, a, b, rec, depth),
        Sym::Call(f, u) => chain(f, e, u, rec, depth),
    }
}

/// `e` as a factor of a product or quotient, in parentheses if it is a sum.
fn factor(e: &Sym) -> String {
    match e {
        Sym::Bin(BinOp::Add | BinOp::Sub, ..) => format!("({})", e.to_pretty()),
        _ => e.to_pretty(),
    }
}

/// `e` as a divisor or base, in parentheses unless it is a single symbol or call.
fn atom(e: &Sym) -> String {
    match e {
        Sym::Num(v) if *v >= 0.0 => e.to_pretty(),
        Sym::X | Sym::Call(..) => e.to_pretty(),
        _ => format!("({})", e.to_pretty()),
    }
}

fn binary(op: BinOp, e: &Sym, a: &Sym, b: &Sym, rec: &mut Recorder, depth: usize) -> Sym {
    let (pa, pb) = (factor(a), factor(b));
    let whole = e.to_pretty();
    let (va, vb) = (a.uses_x(), b.uses_x());
    match op {
        BinOp::Add | BinOp::Sub => {
            let (name, sign) = if op == BinOp::Add {
                ("sum", "+")
            } else {
                ("difference", "−")
            };
            rec.say(
                depth,
                format!("{name} rule on {whole}: {} {sign} {}", prime(a), prime(b)),
            );
            let (da, db) = (derivative(a, rec, depth + 1), derivative(b, rec, depth + 1));
            if op == BinOp::Add {
                add(da, db)
            } else {
                sub(da, db)
            }
        }
        BinOp::Mul if !va => {
            rec.say(
                depth,
                format!("constant factor on {whole}: {pa}·{}", prime(b)),
            );
            mul(a.clone(), derivative(b, rec, depth + 1))
        }
        BinOp::Mul if !vb => {
            rec.say(
                depth,
                format!("constant factor on {whole}: {}·{pb}", prime(a)),
            );
            mul(derivative(a, rec, depth + 1), b.clone())
        }
        BinOp::Mul => {
            rec.say(
                depth,
                format!(
                    "product rule on {whole}: {}·{pb} + {pa}·{}",
                    prime(a),
                    prime(b)
                ),
            );
            let (da, db) = (derivative(a, rec, depth + 1), derivative(b, rec, depth + 1));
            add(mul(da, b.clone()), mul(a.clone(), db))
        }
        BinOp::Div if !vb => {
            rec.say(
                depth,
                format!("constant divisor on {whole}: {}/{}", prime(a), atom(b)),
            );
            div(derivative(a, rec, depth + 1), b.clone())
        }
        BinOp::Div if !va => {
            rec.say(
                depth,
                format!(
                    "reciprocal rule on {whole}: −{pa}·{}/{}²",
                    prime(b),
                    atom(b)
                ),
            );
            let db = derivative(b, rec, depth + 1);
            neg(div(mul(a.clone(), db), pow(b.clone(), num(2.0))))
        }
        BinOp::Div => {
            rec.say(
                depth,
                format!(
                    "quotient rule on {whole}: ({}·{pb} − {pa}·{})/{}²",
                    prime(a),
                    prime(b),
                    atom(b)
                ),
            );
            let (da, db) = (derivative(a, rec, depth + 1), derivative(b, rec, depth + 1));
            div(
                sub(mul(da, b.clone()), mul(a.clone(), db)),
                pow(b.clone(), num(2.0)),
            )
        }
        BinOp::Pow => power(e, a, b, rec, depth),
        BinOp::Max | BinOp::Min => extremum(op, e, a, b, rec, depth),
    }
}

fn power(e: &Sym, a: &Sym, b: &Sym, rec: &mut Recorder, depth: usize) -> Sym {
    let (pa, pb, whole) = (a.to_pretty(), factor(b), e.to_pretty());
    if !b.uses_x() {
        // n·a^(n−1)·a′
        // n − 1 worked out when that stays short (3 → 2; e stays e − 1).
        let lowered = super::simplify::simplify(&sub(b.clone(), num(1.0)));
        let shown = factor(&super::simplify::simplify(&pow(a.clone(), lowered.clone())));
        rec.say(
            depth,
            format!("power rule on {whole}: {pb}·{shown}·{}", prime(a)),
        );
        let da = derivative(a, rec, depth + 1);
        return mul(mul(b.clone(), pow(a.clone(), lowered)), da);
    }
    if !a.uses_x() {
        if *a == Sym::Num(std::f64::consts::E) {
            rec.say(
                depth,
                format!("exponential rule on {whole}: {whole}·{}", prime(b)),
            );
            return mul(e.clone(), derivative(b, rec, depth + 1));
        }
        rec.say(
            depth,
            format!("exponential rule on {whole}: {whole}·ln({pa})·{}", prime(b)),
        );
        let db = derivative(b, rec, depth + 1);
        return mul(mul(e.clone(), builtin(Builtin::Ln, a.clone())), db);
    }
    rec.say(
        depth,
        format!(
            "general power rule on {whole} = e^({pb}·ln({pa})): {whole}·({}·ln({pa}) + {pb}·{}/{pa})",
            prime(b),
            prime(a)
        ),
    );
    let (da, db) = (derivative(a, rec, depth + 1), derivative(b, rec, depth + 1));
    let by_exponent = mul(db, builtin(Builtin::Ln, a.clone()));
    let by_base = div(mul(b.clone(), da), a.clone());
    mul(e.clone(), add(by_exponent, by_base))
}

/// max(a, b)′ = a′ where a > b, b′ where b > a (`1 − step(b − a)` is 1 exactly
/// where a > b); min likewise. The language has no "if", so the side not chosen
/// is still evaluated: where its slope overflows, 0·∞ makes the result NaN. At a tie the slope is the dual numbers' (and the
/// catalog's): of the two slopes the one nearer 0, or 0 if their signs differ,
/// written max(0, min(a′, b′)) + min(0, max(a′, b′)). With one side constant that
/// is 0, and the term is left out.
fn extremum(op: BinOp, e: &Sym, a: &Sym, b: &Sym, rec: &mut Recorder, depth: usize) -> Sym {
    let (pa, pb, whole) = (a.to_pretty(), b.to_pretty(), e.to_pretty());
    let is_max = op == BinOp::Max;
    if a == b {
        rec.say(depth, format!("{whole} = {pa}: both sides are the same"));
        return derivative(a, rec, depth + 1);
    }
    let (above, below) = if is_max { (">", "<") } else { ("<", ">") };
    let both_vary = a.uses_x() && b.uses_x();
    let tie = if both_vary {
        "at a tie the slope nearer 0 (0 if the signs differ)"
    } else {
        "0 at a tie"
    };
    rec.say(
        depth,
        format!(
            "{} on {whole}: {} where {pa} {above} {pb}, {} where {pa} {below} {pb}, {tie}",
            if is_max { "max" } else { "min" },
            prime(a),
            prime(b)
        ),
    );
    let (da, db) = (derivative(a, rec, depth + 1), derivative(b, rec, depth + 1));
    let (a_minus_b, b_minus_a) = (sub(a.clone(), b.clone()), sub(b.clone(), a.clone()));
    // For max, a is chosen where b − a < 0: 1 − step(b − a).
    let (a_wins, b_wins) = if is_max {
        (b_minus_a.clone(), a_minus_b.clone())
    } else {
        (a_minus_b.clone(), b_minus_a.clone())
    };
    let sides = add(
        mul(da.clone(), sub(num(1.0), step(a_wins))),
        mul(db.clone(), sub(num(1.0), step(b_wins))),
    );
    if !both_vary {
        return sides;
    }
    let nearer_zero = add(
        bin(
            BinOp::Max,
            num(0.0),
            bin(BinOp::Min, da.clone(), db.clone()),
        ),
        bin(BinOp::Min, num(0.0), bin(BinOp::Max, da, db)),
    );
    let at_tie = mul(step(a_minus_b), step(b_minus_a));
    add(sides, mul(nearer_zero, at_tie))
}

/// f(u)′ = f′(u)·u′.
fn chain(f: &Fun, e: &Sym, u: &Sym, rec: &mut Recorder, depth: usize) -> Sym {
    let outer = simplified_rule(f).substitute(u);
    let name = e.to_pretty();
    let shown = outer.to_pretty();
    let fname = super::symbolic::pretty_name(f);
    if *u == Sym::X {
        rec.say(depth, format!("{} = {shown}", prime(e)));
    } else {
        rec.say(
            depth,
            format!(
                "chain rule on {name}: {fname}′({})·{}, with {fname}′({}) = {shown}",
                u.to_pretty(),
                prime(u),
                u.to_pretty()
            ),
        );
    }
    if let Fun::Catalog(c) = f {
        if !c.act.kink_note.is_empty() {
            rec.say(depth + 1, format!("at the kink: {}", c.act.kink_note));
        }
    }
    let du = derivative(u, rec, depth + 1);
    mul(outer, du)
}

/// f′(x) for a function of one argument, tidied.
fn simplified_rule(f: &Fun) -> Sym {
    super::simplify::simplify(&rule(f))
}

/// f′ as a formula in x.
pub(crate) fn rule(f: &Fun) -> Sym {
    let x = Sym::X;
    match f {
        Fun::Builtin(b) => match b {
            Builtin::Exp => builtin(Builtin::Exp, x),
            Builtin::Ln => div(num(1.0), x),
            Builtin::Sqrt => div(num(1.0), mul(num(2.0), builtin(Builtin::Sqrt, x))),
            // sign(x), 0 at 0 like the catalog's abs′(0)
            Builtin::Abs => sub(step(x.clone()), step(neg(x))),
            Builtin::Sin => builtin(Builtin::Cos, x),
            Builtin::Cos => neg(builtin(Builtin::Sin, x)),
            Builtin::Tan => add(num(1.0), pow(builtin(Builtin::Tan, x), num(2.0))),
            Builtin::Tanh => sub(num(1.0), pow(builtin(Builtin::Tanh, x), num(2.0))),
            Builtin::Sinh => builtin(Builtin::Cosh, x),
            Builtin::Cosh => builtin(Builtin::Sinh, x),
            Builtin::Erf => mul(
                div(num(2.0), builtin(Builtin::Sqrt, num(std::f64::consts::PI))),
                builtin(Builtin::Exp, neg(pow(x, num(2.0)))),
            ),
        },
        Fun::NormalCdf => call(Fun::NormalPdf, x),
        Fun::NormalPdf => neg(mul(x.clone(), call(Fun::NormalPdf, x))),
        Fun::Catalog(c) => catalog_rules::derivative_rule(c),
    }
}
