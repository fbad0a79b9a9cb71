//! Every catalog function as a formula (its definition), and, where the textbook
//! writes the derivative in a form the rules alone would not reach (σ′ = σ(1 − σ),
//! tanh′ = 1 − tanh²) or where a kink needs the catalog's convention, that closed
//! form with the reason it equals the rules' result.
//!
//! Tests hold each definition to the catalog's `eval` at many points, each closed
//! form to the rules' derivative away from kinks and to the catalog's f′ at them.

use std::f64::consts::PI;

use super::differentiate::{derivative, Recorder};
use super::parser::Builtin;
use super::simplify::simplify;
use super::symbolic::{
    add, builtin, call, catalog, div, mul, neg, num, pow, sigmoid, step, sub, Fun, Sym,
};
use crate::activation::math::{GELU_TANH_K, SELU_ALPHA, SELU_SCALE};
use crate::activation::{Configured, Kind};

/// A catalog function written with the language's functions (and Φ).
pub(crate) struct Definition {
    /// f(x).
    pub body: Sym,
    /// The derivative in its textbook form, and why it equals the rules' result.
    pub closed: Option<Closed>,
    /// A primitive (the step): no body to differentiate, only the closed form.
    pub atomic: bool,
}

pub(crate) struct Closed {
    pub derivative: Sym,
    pub why: Vec<String>,
}

fn x() -> Sym {
    Sym::X
}

fn entry(name: &str, a: Sym) -> Sym {
    call(Fun::Catalog(catalog(name)), a)
}

fn exp(a: Sym) -> Sym {
    builtin(Builtin::Exp, a)
}

/// 1 − step(−x): 1 for x > 0, 0 for x ≤ 0 (ReLU's slope with relu′(0) = 0).
fn positive_part() -> Sym {
    sub(num(1.0), step(neg(x())))
}

/// min(0, x): x where the exponential branch of ELU-like units applies. Written
/// e^min(0, x) rather than eˣ, the branch stays finite where it is switched off
/// (step(−x)·eˣ would be 0·∞ = NaN for x > 709).
fn negative_part() -> Sym {
    super::symbolic::bin(super::parser::BinOp::Min, num(0.0), x())
}

fn plain(body: Sym) -> Definition {
    Definition {
        body: simplify(&body),
        closed: None,
        atomic: false,
    }
}

fn with_closed(body: Sym, derivative: Sym, why: &[&str]) -> Definition {
    Definition {
        body: simplify(&body),
        closed: Some(Closed {
            derivative: simplify(&derivative),
            why: why.iter().map(|s| s.to_string()).collect(),
        }),
        atomic: false,
    }
}

/// The definition of a catalog entry with its parameter values.
pub(crate) fn definition(c: &Configured) -> Definition {
    let p = c.params[0];
    let kink = c.act.kink_note;
    if c.act.kind == Kind::Gated {
        // value·g(gate) with the gate held fixed: a constant times x.
        let gate = match c.act.name {
            "glu" => sigmoid(num(p)),
            "swiglu" => entry("silu", num(p)),
            _ => entry("gelu", num(p)),
        };
        return plain(mul(x(), gate));
    }
    match c.act.name {
        "identity" => plain(x()),
        "step" => Definition {
            body: step(x()),
            closed: Some(Closed {
                derivative: num(0.0),
                why: vec![
                    "step(x) is constant on each side of 0, so its slope there is 0".into(),
                    format!("at the jump: {kink}"),
                ],
            }),
            atomic: true,
        },
        "sigmoid" => with_closed(
            div(num(1.0), add(num(1.0), exp(neg(x())))),
            mul(sigmoid(x()), sub(num(1.0), sigmoid(x()))),
            &["e^(−x)/(1 + e^(−x))² = [1/(1 + e^(−x))]·[e^(−x)/(1 + e^(−x))] = σ(x)·(1 − σ(x))"],
        ),
        "tanh" => with_closed(
            div(sub(exp(x()), exp(neg(x()))), add(exp(x()), exp(neg(x())))),
            sub(num(1.0), pow(builtin(Builtin::Tanh, x()), num(2.0))),
            &[
                "with u = eˣ − e^(−x) and v = eˣ + e^(−x): u′ = v and v′ = u",
                "so the quotient rule gives (v·v − u·u)/v² = 1 − (u/v)² = 1 − tanh²(x)",
            ],
        ),
        "hard_sigmoid" => with_closed(
            div(entry("relu6", add(x(), num(3.0))), num(6.0)),
            div(sub(num(1.0), step(sub(abs(x()), num(3.0)))), num(6.0)),
            &[
                "relu6′(x + 3)/6 is 1/6 where −3 < x < 3 and 0 outside: (1 − step(|x| − 3))/6",
                &format!("at the kinks: {kink}"),
            ],
        ),
        "hard_tanh" if c.params == [-1.0, 1.0] => with_closed(
            bin_max(num(-1.0), bin_min(num(1.0), x())),
            sub(num(1.0), step(sub(abs(x()), num(1.0)))),
            &[
                "the slope is 1 where −1 < x < 1 and 0 outside: 1 − step(|x| − 1)",
                &format!("at the kinks: {kink}"),
            ],
        ),
        "hard_tanh" => {
            let (lo, hi) = (c.params[0], c.params[1]);
            with_closed(
                bin_max(num(lo), bin_min(num(hi), x())),
                mul(
                    sub(num(1.0), step(sub(num(lo), x()))),
                    sub(num(1.0), step(sub(x(), num(hi)))),
                ),
                &[
                    "the slope is 1 where lo < x < hi and 0 outside: (1 − step(lo − x))·(1 − step(x − hi))",
                    &format!("at the kinks: {kink}"),
                ],
            )
        }
        "softsign" => with_closed(
            div(x(), add(num(1.0), abs(x()))),
            div(num(1.0), pow(add(num(1.0), abs(x())), num(2.0))),
            &[
                "for x > 0: ((1 + x) − x)/(1 + x)² = 1/(1 + x)²; for x < 0: ((1 − x) + x)/(1 − x)² = 1/(1 − x)²",
                "both are 1/(1 + |x|)²",
            ],
        ),
        "softplus" if c.params[0] != 1.0 || c.params[1] != 40.0 => {
            // PyTorch's form: (1/β)·ln(1 + e^(βx)) up to βx = T, x beyond.
            let (beta, threshold) = (c.params[0], c.params[1]);
            let bx = mul(num(beta), x());
            let beyond = step(sub(bx.clone(), num(threshold)));
            let below = sub(num(1.0), beyond.clone());
            with_closed(
                add(
                    mul(below.clone(), div(entry("softplus", bx.clone()), num(beta))),
                    mul(beyond.clone(), x()),
                ),
                add(mul(below, sigmoid(bx)), beyond),
                &["below the threshold (1/β)·softplus(βx) has slope σ(βx) by the chain rule; beyond it x has slope 1"],
            )
        }
        "softplus" => with_closed(
            builtin(Builtin::Ln, add(num(1.0), exp(x()))),
            sigmoid(x()),
            &["eˣ/(1 + eˣ) = 1/(1 + e^(−x)) = σ(x), dividing top and bottom by eˣ"],
        ),
        "relu" if c.params[0] != 0.0 || c.params[1].is_finite() => {
            // Keras: x where x > θ and x > 0, capped at m; 0 elsewhere.
            let (threshold, cap) = (c.params[0], c.params[1]);
            let passes = mul(sub(num(1.0), step(sub(num(threshold), x()))), positive_part());
            let (body, slope) = if cap.is_finite() {
                let capped = step(sub(x(), num(cap)));
                let below = sub(num(1.0), capped.clone());
                (
                    mul(passes.clone(), add(mul(below.clone(), x()), mul(capped, num(cap)))),
                    mul(passes, below),
                )
            } else {
                (mul(passes.clone(), x()), passes)
            };
            with_closed(
                body,
                slope,
                &[
                    "the slope is 1 where x passes (x > θ and x > 0) below the cap m, 0 elsewhere",
                    &format!("at the kinks: {kink}"),
                ],
            )
        }
        "relu" => with_closed(
            bin_max(num(0.0), x()),
            positive_part(),
            &[
                "the slope is 1 for x > 0 and 0 for x < 0: 1 − step(−x)",
                &format!("at the kink: {kink}"),
            ],
        ),
        "relu6" => with_closed(
            bin_min(bin_max(num(0.0), x()), num(6.0)),
            mul(positive_part(), sub(num(1.0), step(sub(x(), num(6.0))))),
            &[
                "the slope is 1 where 0 < x < 6 and 0 outside: (1 − step(−x))·(1 − step(x − 6))",
                &format!("at the kinks: {kink}"),
            ],
        ),
        "leaky_relu" | "prelu" => with_closed(
            bin_max(x(), mul(num(p), x())),
            sub(num(1.0), mul(sub(num(1.0), num(p)), step(neg(x())))),
            &[
                "the slope is 1 for x > 0 and α for x < 0: 1 − (1 − α)·step(−x)",
                &format!("at the kink: {kink}"),
            ],
        ),
        "elu" => with_closed(
            add(bin_max(num(0.0), x()), bin_min(num(0.0), mul(num(p), sub(exp(x()), num(1.0))))),
            add(positive_part(), mul(mul(num(p), step(neg(x()))), exp(negative_part()))),
            &[
                "the slope is 1 for x > 0 and α·eˣ for x < 0: 1 − step(−x) + α·step(−x)·e^min(0, x)",
                &format!("at the kink: {kink}"),
            ],
        ),
        "celu" => with_closed(
            add(
                bin_max(num(0.0), x()),
                bin_min(num(0.0), mul(num(p), sub(exp(div(x(), num(p))), num(1.0)))),
            ),
            add(positive_part(), mul(step(neg(x())), exp(div(negative_part(), num(p))))),
            &[
                "the slope is 1 for x > 0 and e^(x/α) for x < 0: 1 − step(−x) + step(−x)·e^(min(0, x)/α)",
                &format!("at the kink: {kink}"),
            ],
        ),
        "selu" => with_closed(
            mul(
                num(SELU_SCALE),
                add(
                    bin_max(num(0.0), x()),
                    bin_min(num(0.0), mul(num(SELU_ALPHA), sub(exp(x()), num(1.0)))),
                ),
            ),
            add(
                mul(num(SELU_SCALE), positive_part()),
                mul(mul(num(SELU_SCALE * SELU_ALPHA), step(neg(x()))), exp(negative_part())),
            ),
            &[
                "the slope is λ for x > 0 and λα·eˣ for x < 0: λ·(1 − step(−x)) + λα·step(−x)·e^min(0, x)",
                &format!("at the kink: {kink}"),
            ],
        ),
        "gelu" => plain(mul(x(), call(Fun::NormalCdf, x()))),
        "gelu_tanh" => {
            let inner = mul(
                builtin(Builtin::Sqrt, div(num(2.0), num(PI))),
                add(x(), mul(num(GELU_TANH_K), pow(x(), num(3.0)))),
            );
            plain(mul(
                mul(num(0.5), x()),
                add(num(1.0), builtin(Builtin::Tanh, inner)),
            ))
        }
        "silu" => plain(mul(x(), sigmoid(x()))),
        "swish" => plain(mul(x(), sigmoid(mul(num(p), x())))),
        "hard_swish" => plain(div(mul(x(), entry("relu6", add(x(), num(3.0)))), num(6.0))),
        "mish" => plain(mul(
            x(),
            builtin(Builtin::Tanh, entry("softplus", x())),
        )),
        "gaussian" => plain(exp(neg(pow(x(), num(2.0))))),
        "sin" => plain(builtin(Builtin::Sin, x())),
        other => panic!("the catalog entry {other} has no symbolic definition"),
    }
}

fn abs(a: Sym) -> Sym {
    builtin(Builtin::Abs, a)
}

fn bin_max(a: Sym, b: Sym) -> Sym {
    super::symbolic::bin(super::parser::BinOp::Max, a, b)
}

fn bin_min(a: Sym, b: Sym) -> Sym {
    super::symbolic::bin(super::parser::BinOp::Min, a, b)
}

/// f′(x) for a catalog entry: its closed form, or the rules applied to its body.
pub(crate) fn derivative_rule(c: &Configured) -> Sym {
    let def = definition(c);
    match def.closed {
        Some(closed) => closed.derivative,
        None => simplify(&derivative(&def.body, &mut Recorder::silent(), 0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activation::CATALOG;

    /// Points over [−6, 6] that avoid the kinks (0, ±1, ±3, 6) by at least 0.005.
    fn points() -> impl Iterator<Item = f64> {
        (-600..=600).map(|i| f64::from(i) * 0.01 + 0.005)
    }

    fn close(a: f64, b: f64, rel: f64) -> bool {
        a == b || (a - b).abs() <= rel * a.abs().max(b.abs()) + 1e-13
    }

    fn compile(e: &Sym) -> crate::expr::Compiled {
        let text = e.to_language();
        crate::expr::parse(&text).unwrap_or_else(|err| panic!("{text}: {err}"))
    }

    #[test]
    fn every_definition_is_the_catalog_function() {
        for act in CATALOG.iter() {
            let c = act.configured();
            let body = compile(&definition(&c).body);
            for x in points() {
                let (want, _) = c.eval(x);
                let (got, _) = body.eval(x);
                assert!(
                    close(got, want, 1e-9),
                    "{}: at {x} {got} vs {want}",
                    act.name
                );
            }
        }
    }

    #[test]
    fn closed_forms_equal_the_rules_away_from_kinks() {
        for act in CATALOG.iter() {
            let def = definition(&act.configured());
            let Some(closed) = def.closed else { continue };
            if def.atomic {
                continue;
            }
            let rules = simplify(&derivative(&def.body, &mut Recorder::silent(), 0));
            let (closed, rules) = (compile(&closed.derivative), compile(&rules));
            for x in points() {
                let (a, b) = (closed.eval(x).0, rules.eval(x).0);
                assert!(close(a, b, 1e-9), "{}: at {x} {a} vs {b}", act.name);
            }
        }
    }

    #[test]
    fn derivatives_keep_the_catalog_conventions_at_kinks() {
        for act in CATALOG.iter() {
            let c = act.configured();
            let rule = compile(&derivative_rule(&c));
            for x in [-3.0, -1.0, 0.0, 1.0, 3.0, 6.0] {
                let want = c.df(x);
                let got = rule.eval(x).0;
                assert!(
                    close(got, want, 1e-12),
                    "{}′({x}): {got} vs {want}",
                    act.name
                );
            }
        }
    }

    #[test]
    fn every_parameter_value_is_honoured() {
        for act in CATALOG.iter().filter(|a| !a.params.is_empty()) {
            for fraction in [0.1, 0.37, 0.9] {
                let mut c = act.configured();
                for (slot, param) in c.params.iter_mut().zip(act.params) {
                    *slot = param.min + fraction * (param.max - param.min);
                }
                let body = compile(&definition(&c).body);
                let rule = compile(&derivative_rule(&c));
                for x in points() {
                    let (f, df) = c.eval(x);
                    let label = c.label();
                    assert!(close(body.eval(x).0, f, 1e-9), "{label}({x})");
                    assert!(close(rule.eval(x).0, df, 1e-9), "{label}′({x})");
                }
            }
        }
    }

    #[test]
    fn switched_off_exponentials_do_not_overflow() {
        // step(−x)·eˣ was 0·∞ = NaN here.
        for name in ["elu", "celu", "selu"] {
            let c = crate::activation::find(name).unwrap().configured();
            let rule = compile(&derivative_rule(&c));
            assert_eq!(rule.eval(800.0).0, c.df(800.0), "{name}");
        }
    }

    #[test]
    fn parameters_reach_the_rules() {
        let mut leaky = crate::activation::find("leaky_relu").unwrap().configured();
        leaky.params[0] = 0.2;
        assert_eq!(derivative_rule(&leaky).to_language(), "1 - 0.8*step(-x)");
    }
}
