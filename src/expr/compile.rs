//! The syntax tree compiled to a flat postfix program run on a fixed-size stack of
//! dual numbers: no allocation and no recursion per evaluation.
//!
//! Compilation folds every constant sub-formula to one number and fuses binary
//! operations with a constant side (`1+…`, `0.5*…`, `…^2`) into one-operand
//! instructions, so a typical activation runs in a handful of steps.

use super::dual::Dual;
use super::error::ExprError;
use super::parser::{BinOp, Builtin, Node};
use crate::activation::Configured;

/// One instruction. Postfix: operands are computed first, then the operation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Op {
    X,
    Const(f64),
    Neg,
    Add,
    Sub,
    Mul,
    Div,
    Pow,
    Max,
    Min,
    /// a + c
    AddC(f64),
    /// c − a
    SubFrom(f64),
    /// a·c
    MulC(f64),
    /// a / c
    DivC(f64),
    /// c / a
    DivInto(f64),
    /// a^n, n a small integer constant
    PowI(i32),
    /// a^c, c a constant
    PowC(f64),
    /// c^a
    CPow(f64),
    MaxC(f64),
    MinC(f64),
    Exp,
    Ln,
    /// ln(1 + a), from `ln(1 + …)`
    Ln1p,
    /// ln(1 + e^a), from `ln(1 + exp(…))`
    Softplus,
    /// tanh(ln(1 + e^a)), from `tanh(ln(1 + exp(…)))`
    TanhSoftplus,
    Sqrt,
    Abs,
    Sin,
    Cos,
    Tan,
    Tanh,
    Sinh,
    Cosh,
    Erf,
    Catalog(Configured),
}

/// Stack sizes a program can run with; the smallest that fits is used, so the
/// common short formulas do not pay for clearing a large array.
const SMALL_STACK: usize = 8;
const MEDIUM_STACK: usize = 32;
/// Enough for anything within the length limit (at most 250 operands in 500
/// characters).
const LARGE_STACK: usize = 256;

/// A formula ready to evaluate.
#[derive(Debug, Clone, PartialEq)]
pub struct Compiled {
    source: String,
    code: Vec<Op>,
    stack: usize,
    uses_x: bool,
}

impl Compiled {
    pub(crate) fn new(source: &str, node: &Node) -> Result<Compiled, ExprError> {
        let mut emitter = Emitter::default();
        emitter.emit(node);
        let code = emitter.code;
        let stack = stack_needed(&code);
        if stack > LARGE_STACK {
            return Err(ExprError::new("the formula is too complex", 1));
        }
        Ok(Compiled {
            source: source.trim().to_string(),
            uses_x: code.contains(&Op::X),
            code,
            stack,
        })
    }

    /// f(x) and f′(x).
    #[inline]
    pub fn eval(&self, x: f64) -> (f64, f64) {
        let r = self.eval_dual(x);
        (r.v, r.d)
    }

    #[inline]
    pub fn eval_dual(&self, x: f64) -> Dual {
        run_sized(&self.code, self.stack, x)
    }

    /// The formula as typed (without surrounding spaces).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Whether the formula depends on x at all.
    pub fn uses_x(&self) -> bool {
        self.uses_x
    }

    /// The number of instructions (for tests and benchmarks).
    pub fn len(&self) -> usize {
        self.code.len()
    }

    pub fn is_empty(&self) -> bool {
        self.code.is_empty()
    }
}

#[derive(Default)]
struct Emitter {
    code: Vec<Op>,
}

impl Emitter {
    fn emit(&mut self, node: &Node) {
        let start = self.code.len();
        match node {
            Node::Num(v) => self.code.push(Op::Const(*v)),
            Node::X => self.code.push(Op::X),
            Node::Neg(a) => {
                self.emit(a);
                self.code.push(Op::Neg);
            }
            Node::Bin(op, l, r) => self.binary(*op, l, r),
            Node::Builtin(b, a) => {
                self.emit(a);
                self.builtin(*b);
            }
            Node::Catalog(c, a) => {
                self.emit(a);
                self.code.push(catalog_op(c));
            }
        }
        self.fold(start);
    }

    /// Children are folded first, so a constant sub-formula is a run of `Const`s
    /// followed by its operation: replace it by its value.
    fn fold(&mut self, start: usize) {
        let part = &self.code[start..];
        if part.len() > 1 && !part.contains(&Op::X) {
            let value = run_sized(part, stack_needed(part), 0.0).v;
            self.code.truncate(start);
            self.code.push(Op::Const(value));
        }
    }

    /// The operation for a built-in, fusing the common compositions `ln(1+…)`,
    /// `ln(1+exp(…))` and `tanh(ln(1+exp(…)))` into single, more accurate steps.
    /// Postfix makes this a look at the last instruction: it produced the argument.
    fn builtin(&mut self, b: Builtin) {
        let last = self.code.last().copied();
        let op = match b {
            Builtin::Ln if last == Some(Op::AddC(1.0)) => {
                self.code.pop();
                if self.code.last() == Some(&Op::Exp) {
                    self.code.pop();
                    Op::Softplus
                } else {
                    Op::Ln1p
                }
            }
            Builtin::Tanh if last == Some(Op::Softplus) => {
                self.code.pop();
                Op::TanhSoftplus
            }
            Builtin::Exp => Op::Exp,
            Builtin::Ln => Op::Ln,
            Builtin::Sqrt => Op::Sqrt,
            Builtin::Abs => Op::Abs,
            Builtin::Sin => Op::Sin,
            Builtin::Cos => Op::Cos,
            Builtin::Tan => Op::Tan,
            Builtin::Tanh => Op::Tanh,
            Builtin::Sinh => Op::Sinh,
            Builtin::Cosh => Op::Cosh,
            Builtin::Erf => Op::Erf,
        };
        self.code.push(op);
    }

    fn binary(&mut self, op: BinOp, l: &Node, r: &Node) {
        let start = self.code.len();
        self.emit(l);
        let mid = self.code.len();
        self.emit(r);
        let fused = match (
            constant(&self.code[start..mid]),
            constant(&self.code[mid..]),
        ) {
            (None, Some(c)) => {
                self.code.pop();
                with_constant_right(op, c)
            }
            (Some(c), None) => {
                self.code.remove(start);
                with_constant_left(op, c)
            }
            // Both constant: `fold` collapses the whole operation next.
            _ => generic(op),
        };
        self.code.push(fused);
    }
}

/// Catalog softplus is the same computation as the native step (and fuses with an
/// outer tanh, Mish's gate); every other entry is called through the catalog.
fn catalog_op(c: &Configured) -> Op {
    if c.act.name == "softplus" {
        Op::Softplus
    } else {
        Op::Catalog(*c)
    }
}

/// The value of a code run that is a single constant.
fn constant(code: &[Op]) -> Option<f64> {
    match code {
        [Op::Const(c)] => Some(*c),
        _ => None,
    }
}

fn generic(op: BinOp) -> Op {
    match op {
        BinOp::Add => Op::Add,
        BinOp::Sub => Op::Sub,
        BinOp::Mul => Op::Mul,
        BinOp::Div => Op::Div,
        BinOp::Pow => Op::Pow,
        BinOp::Max => Op::Max,
        BinOp::Min => Op::Min,
    }
}

/// `a op c`. Every rewrite is exact in floating point (a − c = a + (−c)).
fn with_constant_right(op: BinOp, c: f64) -> Op {
    match op {
        BinOp::Add => Op::AddC(c),
        BinOp::Sub => Op::AddC(-c),
        BinOp::Mul => Op::MulC(c),
        BinOp::Div => Op::DivC(c),
        BinOp::Pow => power_of_constant(c),
        BinOp::Max => Op::MaxC(c),
        BinOp::Min => Op::MinC(c),
    }
}

/// `c op a`.
fn with_constant_left(op: BinOp, c: f64) -> Op {
    match op {
        BinOp::Add => Op::AddC(c),
        BinOp::Sub => Op::SubFrom(c),
        BinOp::Mul => Op::MulC(c),
        BinOp::Div => Op::DivInto(c),
        BinOp::Pow => Op::CPow(c),
        BinOp::Max => Op::MaxC(c),
        BinOp::Min => Op::MinC(c),
    }
}

/// a^c: repeated multiplication for small whole exponents (fast, and correct for
/// negative bases), powf otherwise.
fn power_of_constant(c: f64) -> Op {
    if c.fract() == 0.0 && c.abs() <= 64.0 {
        Op::PowI(c as i32)
    } else {
        Op::PowC(c)
    }
}

/// The deepest the stack gets while running `code`.
fn stack_needed(code: &[Op]) -> usize {
    let mut depth: usize = 0;
    let mut deepest = 0;
    for op in code {
        match op {
            Op::X | Op::Const(_) => depth += 1,
            Op::Add | Op::Sub | Op::Mul | Op::Div | Op::Pow | Op::Max | Op::Min => depth -= 1,
            _ => {}
        }
        deepest = deepest.max(depth);
    }
    deepest
}

#[inline]
fn run_sized(code: &[Op], stack: usize, x: f64) -> Dual {
    if stack <= SMALL_STACK {
        run::<SMALL_STACK>(code, x)
    } else if stack <= MEDIUM_STACK {
        run::<MEDIUM_STACK>(code, x)
    } else {
        run::<LARGE_STACK>(code, x)
    }
}

/// The interpreter. The top of the stack lives in `acc` (a register), so unary
/// operations never touch memory; `stack` holds what lies below it.
#[inline]
fn run<const N: usize>(code: &[Op], x: f64) -> Dual {
    let mut stack = [Dual::ZERO; N];
    let mut below = 0;
    let mut acc = Dual::ZERO;
    macro_rules! push {
        ($value:expr) => {{
            stack[below] = acc;
            below += 1;
            $value
        }};
    }
    macro_rules! pop {
        () => {{
            below -= 1;
            stack[below]
        }};
    }
    for op in code {
        acc = match *op {
            Op::X => push!(Dual::var(x)),
            Op::Const(c) => push!(Dual::constant(c)),
            Op::Neg => -acc,
            Op::Add => pop!() + acc,
            Op::Sub => pop!() - acc,
            Op::Mul => pop!() * acc,
            Op::Div => pop!() / acc,
            Op::Pow => pop!().pow(acc),
            Op::Max => pop!().max(acc),
            Op::Min => pop!().min(acc),
            Op::AddC(c) => Dual {
                v: acc.v + c,
                d: acc.d,
            },
            Op::SubFrom(c) => Dual {
                v: c - acc.v,
                d: -acc.d,
            },
            Op::MulC(c) => Dual {
                v: acc.v * c,
                d: acc.d * c,
            },
            Op::DivC(c) => Dual {
                v: acc.v / c,
                d: acc.d / c,
            },
            Op::DivInto(c) => Dual::constant(c) / acc,
            Op::PowI(n) => acc.powi(n),
            Op::PowC(c) => acc.powf_const(c),
            Op::CPow(c) => acc.const_pow(c),
            Op::MaxC(c) => acc.max_const(c),
            Op::MinC(c) => acc.min_const(c),
            Op::Exp => acc.exp(),
            Op::Ln => acc.ln(),
            Op::Ln1p => acc.ln_1p(),
            Op::Softplus => acc.softplus(),
            Op::TanhSoftplus => acc.tanh_softplus(),
            Op::Sqrt => acc.sqrt(),
            Op::Abs => acc.abs(),
            Op::Sin => acc.sin(),
            Op::Cos => acc.cos(),
            Op::Tan => acc.tan(),
            Op::Tanh => acc.tanh(),
            Op::Sinh => acc.sinh(),
            Op::Cosh => acc.cosh(),
            Op::Erf => acc.erf(),
            Op::Catalog(c) => acc.chain(c.eval(acc.v)),
        };
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::super::parser::parse_tree;
    use super::*;

    fn code(text: &str) -> Vec<Op> {
        let parsed = parse_tree(text).unwrap();
        Compiled::new(text, &parsed.node).unwrap().code
    }

    #[test]
    fn constants_fold_and_fuse() {
        assert_eq!(code("2*3+1"), vec![Op::Const(7.0)]);
        assert_eq!(
            code("1+exp(-x)"),
            vec![Op::X, Op::Neg, Op::Exp, Op::AddC(1.0)]
        );
        assert_eq!(code("x^2"), vec![Op::X, Op::PowI(2)]);
        assert_eq!(code("x^0.5"), vec![Op::X, Op::PowC(0.5)]);
        assert_eq!(code("2^x"), vec![Op::X, Op::CPow(2.0)]);
        assert_eq!(code("1-x"), vec![Op::X, Op::SubFrom(1.0)]);
        assert_eq!(code("x-1"), vec![Op::X, Op::AddC(-1.0)]);
        assert_eq!(code("max(0,x)"), vec![Op::X, Op::MaxC(0.0)]);
        assert_eq!(code("ln(1+x^2)"), vec![Op::X, Op::PowI(2), Op::Ln1p]);
        assert_eq!(code("ln(exp(x)+1)"), vec![Op::X, Op::Softplus]);
        assert_eq!(code("tanh(softplus(x))"), vec![Op::X, Op::TanhSoftplus]);
        assert_eq!(
            code("x*tanh(ln(1+exp(x)))"),
            vec![Op::X, Op::X, Op::TanhSoftplus, Op::Mul]
        );
        assert_eq!(
            code("tanh(ln(1+exp(2)))"),
            vec![Op::Const(2f64.exp().ln_1p().tanh())]
        );
        assert_eq!(code("x*x"), vec![Op::X, Op::X, Op::Mul]);
    }

    #[test]
    fn stack_depth_is_tracked() {
        assert_eq!(stack_needed(&code("x")), 1);
        assert_eq!(stack_needed(&code("x*(x+(x*x))")), 4);
        let deep = "x+(".repeat(40) + "x" + &")".repeat(40);
        let parsed = parse_tree(&deep).unwrap();
        let compiled = Compiled::new(&deep, &parsed.node).unwrap();
        assert_eq!(compiled.stack, 41);
        assert_eq!(compiled.eval(1.0), (41.0, 41.0));
    }
}
