//! Benchmark: 2000 full-batch steps of a 2-16-16-16-1 tanh network on 500 spiral
//! points, then the same with ReLU. The issue asks for 5× numpy, taking numpy as
//! ~500 steps/s; on the development machine (2 cores) `benches/lab_numpy.py` measures
//! ~6200–7100 steps/s (numpy 2.4: vectorised tanh and BLAS, one thread) and this
//! ~13 500 steps/s with tanh, ~20 000 with ReLU (each step's batch in two halves, the
//! second on the lab's helper thread; tanh evaluated 2-wide in SSE2 registers).
//!
//! Then 300 full-batch steps on the digits (1438 training images, 64-32-10, ReLU,
//! softmax, He, lr 0.5), the shape of the numpy twin in `benches/lab_numpy.py`; and
//! the toy run with the formula `x*1e-310` (all subnormal before they were flushed:
//! 16× slower) against `x*1e-3`.
//!
//! Run with `cargo bench --bench lab`.

use std::hint::black_box;
use std::time::Instant;

use acttutor::activation::find;
use acttutor::func::Func;
use acttutor::lab::{DatasetKind, Init, Lab, LabConfig, StepOutcome};

const STEPS: u64 = 2000;
const ROUNDS: usize = 5;

fn config(activation: &str) -> LabConfig {
    LabConfig {
        activation: Func::Catalog(find(activation).expect("in the catalog").configured()),
        dataset: DatasetKind::Spiral,
        output: None,
        // 500 training points, as in the numpy version (the lab holds out 20%).
        points: 625,
        noise: 0.05,
        hidden: vec![16, 16, 16],
        init: Init::Xavier,
        init_gain: 1.0,
        lr: 0.1,
        batch: 0,
        seed: 1,
    }
}

const DIGITS_STEPS: u64 = 300;

fn digits() -> LabConfig {
    LabConfig {
        activation: Func::Catalog(find("relu").expect("in the catalog").configured()),
        dataset: DatasetKind::Digits,
        hidden: vec![32],
        init: Init::He,
        lr: 0.5,
        ..LabConfig::default()
    }
}

fn formula(text: &str) -> LabConfig {
    let compiled = acttutor::expr::parse(text).expect("the formula parses");
    LabConfig {
        activation: Func::Expr(std::sync::Arc::new(compiled)),
        ..config("tanh")
    }
}

fn main() {
    for activation in ["tanh", "relu"] {
        run(
            &format!("2-16-16-16-1 {activation}, 500 spiral points"),
            || config(activation),
            STEPS,
        );
    }
    run("64-32-10 relu softmax, 1438 digits", digits, DIGITS_STEPS);
    for text in ["x*1e-3", "x*1e-310"] {
        run(
            &format!("2-16-16-16-1 {text}, 500 spiral points"),
            || formula(text),
            STEPS,
        );
    }
}

/// The best of ROUNDS runs of `steps` steps from a fresh lab.
fn run(label: &str, config: impl Fn() -> LabConfig, steps: u64) {
    let mut best = f64::INFINITY;
    let mut final_loss = f64::NAN;
    for _ in 0..ROUNDS {
        let mut lab = Lab::new(config()).expect("the benchmark config is valid");
        let start = Instant::now();
        let outcome = lab.steps(black_box(steps));
        let seconds = start.elapsed().as_secs_f64();
        best = best.min(seconds);
        if let StepOutcome::Trained(loss) = outcome {
            final_loss = loss;
        }
    }
    println!(
        "lab: {steps} full-batch steps, {label}: best of {ROUNDS} {:.3} s = {:.0} steps/s \
         ({:.3} ms a step; final loss {final_loss:.4})",
        best,
        steps as f64 / best,
        1000.0 * best / steps as f64
    );
}
