//! Parse and evaluation speed of typed formulas against the built-in catalog
//! entries they reproduce (issue 7: evaluation at most 3x slower than the
//! built-in activation). Run with `cargo bench --bench expr`.

use std::hint::black_box;
use std::sync::Arc;
use std::time::Instant;

use acttutor::activation;
use acttutor::expr;
use acttutor::func::Func;

/// Each formula and the catalog entry it equals.
const CASES: [(&str, &str); 14] = [
    ("x/(1+exp(-x))", "silu"),
    ("x*sigmoid(x)", "silu"),
    ("x*tanh(ln(1+exp(x)))", "mish"),
    ("x*tanh(softplus(x))", "mish"),
    ("ln(1+exp(x))", "softplus"),
    ("max(0,x)", "relu"),
    ("max(x,0.01*x)", "leaky_relu"),
    ("0.5*x*(1+erf(x/sqrt(2)))", "gelu"),
    ("0.5*x*(1+tanh(sqrt(2/pi)*(x+0.044715*x^3)))", "gelu_tanh"),
    ("exp(-x^2)", "gaussian"),
    // Single steps: the interpreter's overhead around one function.
    ("tanh(x)", "tanh"),
    ("sigmoid(x)", "sigmoid"),
    ("gelu(x)", "gelu"),
    // A composition the compiler does not fuse: the sum of its parts.
    ("x*tanh(sigmoid(x))", "mish"),
];

const POINTS: usize = 1024;
const EVAL_ROUNDS: usize = 400;
const PARSES: usize = 20_000;
/// Repeat each measurement and keep the median, to shrug off scheduler noise.
const TRIALS: usize = 7;

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

/// Nanoseconds per call of `eval`, through `Func` as the lab and plots call it.
fn ns_per_eval(func: &Func, xs: &[f64]) -> f64 {
    median(
        (0..TRIALS)
            .map(|_| {
                let start = Instant::now();
                let mut sum = 0.0;
                for _ in 0..EVAL_ROUNDS {
                    for &x in xs {
                        let (f, df) = black_box(func).eval(black_box(x));
                        sum += f + df;
                    }
                }
                black_box(sum);
                start.elapsed().as_nanos() as f64 / (EVAL_ROUNDS * xs.len()) as f64
            })
            .collect(),
    )
}

fn ns_per_parse(text: &str) -> f64 {
    median(
        (0..TRIALS)
            .map(|_| {
                let start = Instant::now();
                for _ in 0..PARSES {
                    black_box(expr::parse(black_box(text)).unwrap());
                }
                start.elapsed().as_nanos() as f64 / PARSES as f64
            })
            .collect(),
    )
}

fn main() {
    // Inputs spread over the range activations see in training.
    let xs: Vec<f64> = (0..POINTS)
        .map(|i| -8.0 + 16.0 * i as f64 / (POINTS - 1) as f64)
        .collect();
    println!(
        "{:<46} {:>9} {:>9} {:>11} {:>12} {:>6}",
        "formula", "parse ns", "eval ns", "catalog", "catalog ns", "ratio"
    );
    let mut worst: f64 = 0.0;
    for (text, name) in CASES {
        let compiled = expr::parse(text).unwrap();
        let formula = Func::Expr(Arc::new(compiled));
        let catalog = Func::Catalog(activation::find(name).unwrap().configured());
        let parse = ns_per_parse(text);
        let eval = ns_per_eval(&formula, &xs);
        let builtin = ns_per_eval(&catalog, &xs);
        let ratio = eval / builtin;
        worst = worst.max(ratio);
        println!("{text:<46} {parse:>9.0} {eval:>9.1} {name:>11} {builtin:>12.1} {ratio:>5.2}x");
    }
    println!("worst ratio {worst:.2}x (the limit is 3x)");
}
