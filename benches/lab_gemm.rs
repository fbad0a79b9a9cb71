//! Benchmark: the lab's hand-blocked kernels against a GEMM crate that picks
//! AVX2/FMA at run time (`matrixmultiply`, a dev-dependency only), on the product
//! that dominates a digits step: the forward pass of 1438 images through 64-32-10
//! (z = W·a + b, ReLU, then the output layer). Both compute feature-major rows
//! (one row of n points per neuron), as the lab stores them.
//!
//! Run with `cargo bench --bench lab_gemm`.

use std::hint::black_box;
use std::time::Instant;

use acttutor::activation::find;
use acttutor::func::Func;
use acttutor::lab::{data, Head, Init, Network, Rng, Workspace};

const ROUNDS: usize = 5;
const PASSES: usize = 300;

fn main() {
    let images = data::digits();
    let n = 1438;
    let points = &images.x[..64 * n];
    let mut rng = Rng::new(1);
    let net = Network::with_shape(64, &[32], 10, Head::Softmax, Init::He, 1.0, &mut rng);
    let relu = Func::Catalog(find("relu").expect("in the catalog").configured());

    let mut ws = Workspace::new();
    let hand = best(|| net.forward(&relu, black_box(points), &mut ws));
    let hand_logits = ws.logits().to_vec();

    // The same pass with dgemm: inputs transposed to feature-major once, as
    // `Network::forward` does on every pass (its cost is included there too).
    let mut input = vec![0.0; 64 * n];
    let mut hidden = vec![0.0; 32 * n];
    let mut logits = vec![0.0; 10 * n];
    let gemm = best(|| {
        for (p, point) in points.chunks_exact(64).enumerate() {
            for (k, &v) in point.iter().enumerate() {
                input[k * n + p] = v;
            }
        }
        affine(&net, 0, &input, &mut hidden, n);
        for h in &mut hidden {
            *h = h.max(0.0);
        }
        affine(&net, 1, &hidden, &mut logits, n);
    });
    let worst = hand_logits
        .iter()
        .zip(&logits)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max);
    println!(
        "forward 1438 digits through 64-32-10: hand-blocked {:.3} ms, matrixmultiply \
         {:.3} ms a pass (largest difference in a logit {worst:.1e})",
        1000.0 * hand / PASSES as f64,
        1000.0 * gemm / PASSES as f64
    );
}

/// out = W·input + b for weight layer l (row-major W, feature-major rows of n).
fn affine(net: &Network, l: usize, input: &[f64], out: &mut [f64], n: usize) {
    let (fan_in, fan_out) = (net.sizes()[l], net.sizes()[l + 1]);
    for (row, &b) in out.chunks_exact_mut(n).zip(net.biases(l)) {
        row.fill(b);
    }
    dgemm(fan_out, fan_in, n, net.weights(l), input, out);
}

/// C (m×n) += A (m×k) · B (k×n), all row-major.
fn dgemm(m: usize, k: usize, n: usize, a: &[f64], b: &[f64], c: &mut [f64]) {
    assert!(a.len() >= m * k && b.len() >= k * n && c.len() >= m * n);
    // matrixmultiply's entry point is an unsafe fn over raw pointers; the assert
    // above is the bound it needs.
    #[allow(unsafe_code)]
    unsafe {
        matrixmultiply::dgemm(
            m,
            k,
            n,
            1.0,
            a.as_ptr(),
            k as isize,
            1,
            b.as_ptr(),
            n as isize,
            1,
            1.0,
            c.as_mut_ptr(),
            n as isize,
            1,
        );
    }
}

/// The best of ROUNDS timings of PASSES calls, in seconds.
fn best(mut pass: impl FnMut()) -> f64 {
    (0..ROUNDS)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..PASSES {
                pass();
            }
            start.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}
