//! Recursive-descent parser from tokens to a syntax tree.
//!
//! Grammar (lowest precedence first):
//!
//! ```text
//! expr    := term (('+' | '-') term)*
//! term    := unary (('*' | '/') unary)*
//! unary   := ('-' | '+') unary | power        -x^2 = -(x^2)
//! power   := primary ('^' unary)?             right-associative, 2^-x allowed
//! primary := number | x | pi | e | name '(' args ')' | '(' expr ')'
//! ```
//!
//! Every cycle of the grammar passes through `unary`, so the depth guard there
//! bounds the recursion whatever the input.

use std::f64::consts::{E, PI};

use super::error::ExprError;
use super::lexer::{tokenize, Tok, Token};
use super::{MAX_DEPTH, MAX_LEN};
use crate::activation::{self, Configured};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
    Max,
    Min,
}

/// Functions of one argument built into the language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Builtin {
    Exp,
    Ln,
    Sqrt,
    Abs,
    Sin,
    Cos,
    Tan,
    Tanh,
    Sinh,
    Cosh,
    Erf,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Num(f64),
    X,
    Neg(Box<Node>),
    Bin(BinOp, Box<Node>, Box<Node>),
    Builtin(Builtin, Box<Node>),
    Catalog(Configured, Box<Node>),
}

/// The unary built-ins by name (`log` is the natural logarithm, like `ln`).
const UNARY: [(&str, Builtin); 12] = [
    ("exp", Builtin::Exp),
    ("ln", Builtin::Ln),
    ("log", Builtin::Ln),
    ("sqrt", Builtin::Sqrt),
    ("abs", Builtin::Abs),
    ("sin", Builtin::Sin),
    ("cos", Builtin::Cos),
    ("tan", Builtin::Tan),
    ("tanh", Builtin::Tanh),
    ("sinh", Builtin::Sinh),
    ("cosh", Builtin::Cosh),
    ("erf", Builtin::Erf),
];

/// Every built-in function name, for suggestions.
pub(crate) fn builtin_names() -> impl Iterator<Item = &'static str> {
    UNARY.iter().map(|(n, _)| *n).chain(["max", "min"])
}

/// What a name refers to.
enum Callee {
    Unary(Builtin),
    Binary(BinOp),
    Catalog(Configured),
}

fn callee(name: &str) -> Option<Callee> {
    if let Some((_, b)) = UNARY.iter().find(|(n, _)| *n == name) {
        return Some(Callee::Unary(*b));
    }
    match name {
        "max" => Some(Callee::Binary(BinOp::Max)),
        "min" => Some(Callee::Binary(BinOp::Min)),
        _ => activation::find(name).map(|a| Callee::Catalog(a.configured())),
    }
}

/// A parsed formula and where x first appears (for "cannot use x" errors).
pub(crate) struct Parsed {
    pub node: Node,
    pub first_x: Option<usize>,
}

pub(crate) fn parse_tree(input: &str) -> Result<Parsed, ExprError> {
    let len = input.chars().count();
    if len > MAX_LEN {
        return Err(ExprError::new(
            format!("the formula is too long ({len} characters, at most {MAX_LEN})"),
            MAX_LEN + 1,
        ));
    }
    let mut parser = Parser {
        tokens: tokenize(input)?,
        pos: 0,
        depth: 0,
        first_x: None,
    };
    if parser.peek().tok == Tok::End {
        return Err(ExprError::new("the formula is empty", 1)
            .with_hint("type a formula in x, e.g. x*sigmoid(x)"));
    }
    let node = parser.expr()?;
    parser.finish()?;
    Ok(Parsed {
        node,
        first_x: parser.first_x,
    })
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    depth: usize,
    first_x: Option<usize>,
}

type Parse<T> = Result<T, ExprError>;

impl Parser {
    fn peek(&self) -> &Token {
        &self.tokens[self.pos]
    }

    /// The current token, moving past it (never past the end marker).
    fn next(&mut self) -> Token {
        let token = self.tokens[self.pos].clone();
        if token.tok != Tok::End {
            self.pos += 1;
        }
        token
    }

    /// The operator at the cursor if it is one of `ops`, consumed.
    fn eat_op(&mut self, ops: &[char]) -> Option<char> {
        match self.peek().tok {
            Tok::Op(c) if ops.contains(&c) => {
                self.pos += 1;
                Some(c)
            }
            _ => None,
        }
    }

    fn expr(&mut self) -> Parse<Node> {
        let mut left = self.term()?;
        while let Some(c) = self.eat_op(&['+', '-']) {
            let op = if c == '+' { BinOp::Add } else { BinOp::Sub };
            left = Node::Bin(op, Box::new(left), Box::new(self.term()?));
        }
        Ok(left)
    }

    fn term(&mut self) -> Parse<Node> {
        let mut left = self.unary()?;
        while let Some(c) = self.eat_op(&['*', '/']) {
            let op = if c == '*' { BinOp::Mul } else { BinOp::Div };
            left = Node::Bin(op, Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Parse<Node> {
        self.depth += 1;
        if self.depth > MAX_DEPTH + 1 {
            return Err(ExprError::new(
                format!("the formula is nested too deeply (more than {MAX_DEPTH} levels)"),
                self.peek().column,
            ));
        }
        let node = match self.eat_op(&['-', '+']) {
            Some('-') => Node::Neg(Box::new(self.unary()?)),
            Some(_) => self.unary()?,
            None => self.power()?,
        };
        self.depth -= 1;
        Ok(node)
    }

    fn power(&mut self) -> Parse<Node> {
        let base = self.primary()?;
        if self.eat_op(&['^']).is_some() {
            let exponent = self.unary()?;
            return Ok(Node::Bin(BinOp::Pow, Box::new(base), Box::new(exponent)));
        }
        Ok(base)
    }

    fn primary(&mut self) -> Parse<Node> {
        let token = self.next();
        let node = match &token.tok {
            Tok::Num(v) => Node::Num(*v),
            Tok::Ident(name) => self.name(&token, name)?,
            Tok::LParen => {
                let inner = self.expr()?;
                self.close(&token)?;
                inner
            }
            _ => return Err(self.expected_operand(&token)),
        };
        self.no_implicit_product()?;
        Ok(node)
    }

    /// `x*` ends where an operand should start.
    fn expected_operand(&self, token: &Token) -> ExprError {
        let err = ExprError::new("expected a number, x or '('", token.column);
        let after_star = self.pos >= 2 && self.tokens[self.pos - 2].tok == Tok::Op('*');
        if token.tok == Tok::Op('*') && after_star {
            err.with_hint("write powers with ^, e.g. x^2")
        } else {
            err
        }
    }

    /// An operand right after an operand (`2x`, `(x)(x)`) means a missing `*`.
    fn no_implicit_product(&self) -> Parse<()> {
        let next = self.peek();
        if !matches!(next.tok, Tok::Num(_) | Tok::Ident(_) | Tok::LParen) {
            return Ok(());
        }
        let shown = |t: &Token| match t.tok {
            Tok::LParen | Tok::RParen => "(…)".to_string(),
            _ => t.text.clone(),
        };
        let prev = shown(&self.tokens[self.pos - 1]);
        Err(
            ExprError::new("implicit multiplication is not supported", next.column)
                .with_hint(format!("use {prev}*{}", shown(next))),
        )
    }

    /// Consume the `)` matching `open`.
    fn close(&mut self, open: &Token) -> Parse<()> {
        match self.peek().tok {
            Tok::RParen => {
                self.pos += 1;
                Ok(())
            }
            Tok::End => {
                Err(ExprError::new("unclosed '('", open.column).with_hint("add ')' to close it"))
            }
            _ => Err(ExprError::new("expected ')'", self.peek().column)),
        }
    }

    fn name(&mut self, token: &Token, name: &str) -> Parse<Node> {
        match name {
            "x" => {
                self.first_x.get_or_insert(token.column);
                return Ok(Node::X);
            }
            "pi" => return Ok(Node::Num(PI)),
            "e" => return Ok(Node::Num(E)),
            _ => {}
        }
        let is_call = self.peek().tok == Tok::LParen;
        match (callee(name), is_call) {
            (Some(callee), true) => self.call(token, callee),
            (Some(_), false) => Err(ExprError::new(
                format!("the function '{}' needs parentheses", token.text),
                token.column,
            )
            .with_hint(format!("write {}(x)", token.text))),
            (None, _) => Err(unknown_name(token, is_call)),
        }
    }

    fn call(&mut self, token: &Token, callee: Callee) -> Parse<Node> {
        let open = self.next();
        let mut args = Vec::new();
        if self.peek().tok != Tok::RParen {
            args.push(self.expr()?);
            while self.peek().tok == Tok::Comma {
                self.pos += 1;
                args.push(self.expr()?);
            }
        }
        self.close(&open)?;
        let arity = if matches!(callee, Callee::Binary(_)) {
            2
        } else {
            1
        };
        if args.len() != arity {
            let plural = if arity == 1 { "" } else { "s" };
            return Err(ExprError::new(
                format!(
                    "{} takes {arity} argument{plural} (got {})",
                    token.text,
                    args.len()
                ),
                token.column,
            ));
        }
        let mut args = args.into_iter().map(Box::new);
        let first = args.next().expect("arity checked");
        Ok(match callee {
            Callee::Unary(b) => Node::Builtin(b, first),
            Callee::Catalog(c) => Node::Catalog(c, first),
            Callee::Binary(op) => Node::Bin(op, first, args.next().expect("arity checked")),
        })
    }

    /// After a complete formula only the end may follow.
    fn finish(&self) -> Parse<()> {
        let token = self.peek();
        match token.tok {
            Tok::End => Ok(()),
            Tok::RParen => {
                Err(ExprError::new("unmatched ')'", token.column).with_hint("it closes no '('"))
            }
            Tok::Comma => Err(ExprError::new("unexpected ','", token.column)
                .with_hint("commas only separate the arguments of max(a, b) and min(a, b)")),
            _ => Err(ExprError::new(
                format!("unexpected '{}'", token.text),
                token.column,
            )),
        }
    }
}

/// "unknown function 'sigmod'; did you mean 'sigmoid'?"
fn unknown_name(token: &Token, is_call: bool) -> ExprError {
    let what = if is_call { "function" } else { "name" };
    let err = ExprError::new(format!("unknown {what} '{}'", token.text), token.column);
    if !is_call && token.text.chars().count() == 1 {
        return err.with_hint("the variable is x; the constants are pi and e");
    }
    let names: Vec<&str> = if is_call {
        builtin_names().chain(activation::all_names()).collect()
    } else {
        ["x", "pi", "e"]
            .into_iter()
            .chain(builtin_names())
            .chain(activation::all_names())
            .collect()
    };
    let found = best_matches(&token.text, names);
    match found.as_slice() {
        [] if is_call => err.with_hint("see `acttutor table` for the catalog"),
        [] => err.with_hint("formulas use x, the constants pi and e, and functions like exp(x)"),
        names => err.with_hint(format!("did you mean {}?", quote_list(names))),
    }
}

/// The closest names, dropping those clearly worse than the best one (so "sigmod"
/// suggests sigmoid, not also hard_sigmoid).
fn best_matches(word: &str, names: Vec<&'static str>) -> Vec<&'static str> {
    let word = word.to_lowercase();
    let distance = |name: &str| {
        let d = activation::edit_distance(&word, &name.to_lowercase());
        // closest() counts a substring ("gel" in "gelu") as one edit; so do we,
        // except for a letter or two, which is inside too many names to mean much.
        if word.len() > 2 && name.to_lowercase().contains(&word) {
            d.min(1)
        } else {
            d
        }
    };
    let found = activation::closest(&word, names.into_iter(), 6);
    let best = found.iter().map(|n| distance(n)).min().unwrap_or(0);
    found
        .into_iter()
        .filter(|n| distance(n) <= best + 1)
        .take(3)
        .collect()
}

/// 'a', 'b' or 'c'
fn quote_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("'{s}'")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}
