//! Formulas as trees for symbolic work (differentiation, simplification, printing).
//!
//! The tree mirrors the parser's, plus the standard normal CDF Φ and density φ,
//! which GELU's derivation needs by name. The expression language has no Φ, so the
//! language printer writes them out (`(1 + erf(u/sqrt(2)))/2`); the pretty printer
//! keeps the Greek letters a learner meets in the lessons.

use std::f64::consts::{E, PI};

use super::parser::{BinOp, Builtin, Node};
use crate::activation::Configured;

/// A function of one argument.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Fun {
    Builtin(Builtin),
    Catalog(Configured),
    /// Φ(u) = ½(1 + erf(u/√2)).
    NormalCdf,
    /// φ(u) = e^(−u²/2)/√(2π).
    NormalPdf,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Sym {
    Num(f64),
    X,
    Neg(Box<Sym>),
    Bin(BinOp, Box<Sym>, Box<Sym>),
    Call(Fun, Box<Sym>),
}

// Constructors, so rules read like the math they implement.
pub(crate) fn num(v: f64) -> Sym {
    Sym::Num(v)
}
pub(crate) fn neg(a: Sym) -> Sym {
    Sym::Neg(Box::new(a))
}
pub(crate) fn bin(op: BinOp, a: Sym, b: Sym) -> Sym {
    Sym::Bin(op, Box::new(a), Box::new(b))
}
pub(crate) fn add(a: Sym, b: Sym) -> Sym {
    bin(BinOp::Add, a, b)
}
pub(crate) fn sub(a: Sym, b: Sym) -> Sym {
    bin(BinOp::Sub, a, b)
}
pub(crate) fn mul(a: Sym, b: Sym) -> Sym {
    bin(BinOp::Mul, a, b)
}
pub(crate) fn div(a: Sym, b: Sym) -> Sym {
    bin(BinOp::Div, a, b)
}
pub(crate) fn pow(a: Sym, b: Sym) -> Sym {
    bin(BinOp::Pow, a, b)
}
pub(crate) fn call(f: Fun, a: Sym) -> Sym {
    Sym::Call(f, Box::new(a))
}
pub(crate) fn builtin(b: Builtin, a: Sym) -> Sym {
    call(Fun::Builtin(b), a)
}
/// step(u): 1 for u ≥ 0, else 0 (the catalog's Heaviside step).
pub(crate) fn step(a: Sym) -> Sym {
    call(Fun::Catalog(catalog("step")), a)
}
pub(crate) fn sigmoid(a: Sym) -> Sym {
    call(Fun::Catalog(catalog("sigmoid")), a)
}

/// A catalog entry with its defaults, by its canonical name.
pub(crate) fn catalog(name: &str) -> Configured {
    match crate::activation::find(name) {
        Some(act) => act.configured(),
        // The names used here are the catalog's own; a test calls every one.
        None => panic!("symbolic rules name a catalog entry that does not exist: {name}"),
    }
}

impl Sym {
    pub(crate) fn from_node(node: &Node) -> Sym {
        match node {
            Node::Num(v) => Sym::Num(*v),
            Node::X => Sym::X,
            Node::Neg(a) => neg(Sym::from_node(a)),
            Node::Bin(op, a, b) => bin(*op, Sym::from_node(a), Sym::from_node(b)),
            Node::Builtin(b, a) => builtin(*b, Sym::from_node(a)),
            Node::Catalog(c, a) => call(Fun::Catalog(*c), Sym::from_node(a)),
        }
    }

    /// The parser's tree of the same formula, Φ and φ written out, for compiling.
    pub(crate) fn to_node(&self) -> Node {
        match self.expand_special() {
            Sym::Num(v) => Node::Num(v),
            Sym::X => Node::X,
            Sym::Neg(a) => Node::Neg(Box::new(a.to_node())),
            Sym::Bin(op, a, b) => Node::Bin(op, Box::new(a.to_node()), Box::new(b.to_node())),
            Sym::Call(Fun::Builtin(b), a) => Node::Builtin(b, Box::new(a.to_node())),
            Sym::Call(Fun::Catalog(c), a) => Node::Catalog(c, Box::new(a.to_node())),
            Sym::Call(Fun::NormalCdf | Fun::NormalPdf, _) => {
                unreachable!("expand_special leaves no Φ or φ")
            }
        }
    }

    /// This tree with Φ and φ replaced by their definitions in the language.
    pub(crate) fn expand_special(&self) -> Sym {
        match self {
            Sym::Num(_) | Sym::X => self.clone(),
            Sym::Neg(a) => neg(a.expand_special()),
            Sym::Bin(op, a, b) => bin(*op, a.expand_special(), b.expand_special()),
            Sym::Call(f, a) => {
                let u = a.expand_special();
                match f {
                    Fun::NormalCdf => {
                        let scaled = div(u, builtin(Builtin::Sqrt, num(2.0)));
                        div(add(num(1.0), builtin(Builtin::Erf, scaled)), num(2.0))
                    }
                    Fun::NormalPdf => {
                        let exponent = div(neg(pow(u, num(2.0))), num(2.0));
                        let norm = builtin(Builtin::Sqrt, mul(num(2.0), num(PI)));
                        div(builtin(Builtin::Exp, exponent), norm)
                    }
                    _ => call(*f, u),
                }
            }
        }
    }

    /// This tree with x replaced by `u` (a function's rule applied to its argument).
    pub(crate) fn substitute(&self, u: &Sym) -> Sym {
        match self {
            Sym::Num(_) => self.clone(),
            Sym::X => u.clone(),
            Sym::Neg(a) => neg(a.substitute(u)),
            Sym::Bin(op, a, b) => bin(*op, a.substitute(u), b.substitute(u)),
            Sym::Call(f, a) => call(*f, a.substitute(u)),
        }
    }

    pub(crate) fn uses_x(&self) -> bool {
        match self {
            Sym::Num(_) => false,
            Sym::X => true,
            Sym::Neg(a) | Sym::Call(_, a) => a.uses_x(),
            Sym::Bin(_, a, b) => a.uses_x() || b.uses_x(),
        }
    }

    /// The number of nodes, for size limits.
    pub(crate) fn size(&self) -> usize {
        match self {
            Sym::Num(_) | Sym::X => 1,
            Sym::Neg(a) | Sym::Call(_, a) => 1 + a.size(),
            Sym::Bin(_, a, b) => 1 + a.size() + b.size(),
        }
    }

    /// In the expression language, readable by `expr::parse` (Φ and φ written out).
    pub(crate) fn to_language(&self) -> String {
        let expanded = self.expand_special();
        // Writing Φ out leaves products of quotients a simplification can tidy.
        let tidy = if expanded == *self {
            expanded
        } else {
            super::simplify::simplify(&expanded)
        };
        Printer::LANGUAGE.print(&tidy, 0)
    }

    /// For reading: σ, Φ, φ, ·, −, superscript powers, √, |u|.
    pub(crate) fn to_pretty(&self) -> String {
        Printer::PRETTY.print(self, 0)
    }
}

/// Binding strength: higher binds tighter. A child weaker than its context is
/// wrapped in parentheses.
fn precedence(e: &Sym) -> u8 {
    match e {
        Sym::Num(v) if *v < 0.0 => 3,
        Sym::Num(_) | Sym::X | Sym::Call(..) => 5,
        Sym::Neg(_) => 3,
        Sym::Bin(BinOp::Add | BinOp::Sub, ..) => 1,
        Sym::Bin(BinOp::Mul | BinOp::Div, ..) => 2,
        Sym::Bin(BinOp::Pow, ..) => 4,
        Sym::Bin(BinOp::Max | BinOp::Min, ..) => 5,
    }
}

struct Printer {
    pretty: bool,
}

impl Printer {
    const LANGUAGE: Printer = Printer { pretty: false };
    const PRETTY: Printer = Printer { pretty: true };

    /// `e`, in parentheses if it binds more weakly than `context`.
    fn print(&self, e: &Sym, context: u8) -> String {
        let text = self.raw(e);
        if precedence(e) < context {
            format!("({text})")
        } else {
            text
        }
    }

    fn raw(&self, e: &Sym) -> String {
        match e {
            Sym::Num(v) => self.number(*v),
            Sym::X => "x".into(),
            Sym::Neg(a) => format!("{}{}", self.minus(), self.print(a, 3)),
            Sym::Bin(op, a, b) => self.binary(*op, a, b),
            Sym::Call(f, a) => self.call(f, a),
        }
    }

    fn minus(&self) -> &'static str {
        if self.pretty {
            "−"
        } else {
            "-"
        }
    }

    fn binary(&self, op: BinOp, a: &Sym, b: &Sym) -> String {
        let (times, minus) = if self.pretty {
            ("·", " − ")
        } else {
            ("*", " - ")
        };
        match op {
            BinOp::Add => format!("{} + {}", self.print(a, 1), self.print(b, 2)),
            BinOp::Sub => format!("{}{minus}{}", self.print(a, 1), self.print(b, 2)),
            BinOp::Mul => format!("{}{times}{}", self.print(a, 2), self.print(b, 3)),
            BinOp::Div => format!("{}/{}", self.print(a, 2), self.print(b, 3)),
            BinOp::Pow => self.power(a, b),
            BinOp::Max => format!("max({}, {})", self.print(a, 0), self.print(b, 0)),
            BinOp::Min => format!("min({}, {})", self.print(a, 0), self.print(b, 0)),
        }
    }

    fn power(&self, a: &Sym, b: &Sym) -> String {
        if self.pretty {
            if let Some(sup) = superscript(b) {
                // tanh²(x), as the lessons write it; otherwise (…)².
                if let Sym::Call(f, u) = a {
                    if !matches!(f, Fun::Builtin(Builtin::Sqrt | Builtin::Abs | Builtin::Exp)) {
                        return format!("{}{sup}({})", self.name(f), self.print(u, 0));
                    }
                }
                return format!("{}{sup}", self.print(a, 5));
            }
            return format!("{}^{}", self.print(a, 5), self.print(b, 5));
        }
        format!("{}^{}", self.print(a, 5), self.print(b, 3))
    }

    fn call(&self, f: &Fun, a: &Sym) -> String {
        if self.pretty {
            match f {
                Fun::Builtin(Builtin::Exp) if *a == Sym::X => return "eˣ".into(),
                Fun::Builtin(Builtin::Exp) => return format!("e^{}", self.print(a, 5)),
                Fun::Builtin(Builtin::Sqrt) => return format!("√{}", self.print(a, 5)),
                Fun::Builtin(Builtin::Abs) => return format!("|{}|", self.print(a, 0)),
                _ => {}
            }
        }
        format!("{}({})", self.name(f), self.print(a, 0))
    }

    fn name(&self, f: &Fun) -> &'static str {
        match f {
            Fun::Builtin(b) => builtin_name(*b),
            Fun::Catalog(c) if self.pretty && c.act.name == "sigmoid" => "σ",
            Fun::Catalog(c) => c.act.name,
            Fun::NormalCdf => "Φ",
            Fun::NormalPdf => "φ",
        }
    }

    fn number(&self, v: f64) -> String {
        if self.pretty {
            if v == PI {
                return "π".into();
            }
            let text = number(v);
            return text.replace('-', "−");
        }
        number(v)
    }
}

/// A function's name as the pretty printer writes it (σ, Φ, φ, exp, relu, …).
pub(crate) fn pretty_name(f: &Fun) -> &'static str {
    Printer::PRETTY.name(f)
}

/// A number as the language reads it: shortest round-trip digits, pi and e by name.
pub(crate) fn number(v: f64) -> String {
    if v == PI {
        return "pi".into();
    }
    if v == E {
        return "e".into();
    }
    if v == 0.0 && v.is_sign_negative() {
        return "-0".into();
    }
    if v.fract() == 0.0 && v.abs() < 1e15 {
        return format!("{}", v as i64);
    }
    // Debug gives the shortest digits that read back to the same double, with an
    // exponent for very large or small values (1e-7), which the lexer accepts.
    format!("{v:?}")
}

fn builtin_name(b: Builtin) -> &'static str {
    match b {
        Builtin::Exp => "exp",
        Builtin::Ln => "ln",
        Builtin::Sqrt => "sqrt",
        Builtin::Abs => "abs",
        Builtin::Sin => "sin",
        Builtin::Cos => "cos",
        Builtin::Tan => "tan",
        Builtin::Tanh => "tanh",
        Builtin::Sinh => "sinh",
        Builtin::Cosh => "cosh",
        Builtin::Erf => "erf",
    }
}

/// A small whole exponent as superscript digits (², ³, ⁻¹).
fn superscript(e: &Sym) -> Option<String> {
    let v = match e {
        Sym::Num(v) => *v,
        Sym::Neg(a) => match **a {
            Sym::Num(v) => -v,
            _ => return None,
        },
        _ => return None,
    };
    if v.fract() != 0.0 || v.abs() > 99.0 {
        return None;
    }
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    let digits: String = format!("{}", v.abs() as i64)
        .chars()
        .map(|c| DIGITS[c.to_digit(10).unwrap_or(0) as usize])
        .collect();
    Some(if v < 0.0 {
        format!("⁻{digits}")
    } else {
        digits
    })
}
