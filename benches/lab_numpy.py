"""The lab benchmark in numpy, for the README's comparison with `cargo bench --bench lab`.

2000 full-batch gradient-descent steps of a 2-16-16-16-1 tanh network (Glorot-normal
weights, zero biases, sigmoid output, mean binary cross-entropy from the logit) on
500 two-arm spiral points, in float64: the same work as benches/lab.rs.

Then 300 full-batch steps of a 64-32-10 ReLU network with a softmax output
(He-normal weights, lr 0.5, categorical cross-entropy, the gradient p - y) on 1438
digits images (pixels / 16), the shape of the digits step in benches/lab.rs.

    pip install numpy && python3 benches/lab_numpy.py
"""

import csv
import gzip
import os
import time

import numpy as np

STEPS = 2000
ROUNDS = 5
POINTS = 500
HIDDEN = [16, 16, 16]
LR = 0.1


def spiral(n, noise, rng):
    """Two arms, each turning 1.75 times around as the radius grows from 0 to 1."""
    label = np.arange(n) % 2
    t = rng.random(n)
    angle = 1.75 * 2 * np.pi * t + label * np.pi
    x = np.stack([t * np.sin(angle), t * np.cos(angle)], axis=1)
    return x + noise * rng.standard_normal(x.shape), label.astype(np.float64)[:, None]


def init(sizes, rng):
    """Glorot normal: variance 2/(fan_in + fan_out); biases 0."""
    weights, biases = [], []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        std = np.sqrt(2.0 / (fan_in + fan_out))
        weights.append(std * rng.standard_normal((fan_in, fan_out)))
        biases.append(np.zeros(fan_out))
    return weights, biases


def step(x, y, weights, biases):
    """One full-batch step; returns the loss before the update."""
    n = x.shape[0]
    outputs = [x]
    for w, b in zip(weights[:-1], biases[:-1]):
        outputs.append(np.tanh(outputs[-1] @ w + b))
    z = outputs[-1] @ weights[-1] + biases[-1]
    loss = np.mean(np.logaddexp(0.0, z) - y * z)
    delta = (1.0 / (1.0 + np.exp(-z)) - y) / n
    for layer in range(len(weights) - 1, -1, -1):
        grad_w = outputs[layer].T @ delta
        grad_b = delta.sum(axis=0)
        if layer > 0:
            delta = (delta @ weights[layer].T) * (1.0 - outputs[layer] ** 2)
        weights[layer] -= LR * grad_w
        biases[layer] -= LR * grad_b
    return loss


def main():
    rng = np.random.default_rng(1)
    x, y = spiral(POINTS, 0.05, rng)
    best = float("inf")
    for _ in range(ROUNDS):
        weights, biases = init([2, *HIDDEN, 1], np.random.default_rng(2))
        start = time.perf_counter()
        for _ in range(STEPS):
            loss = step(x, y, weights, biases)
        best = min(best, time.perf_counter() - start)
    print(
        f"numpy {np.__version__}: {STEPS} full-batch steps, 2-16-16-16-1 tanh, "
        f"{POINTS} spiral points: best of {ROUNDS} {best:.3f} s = {STEPS / best:.0f} steps/s "
        f"(final loss {loss:.4f})"
    )


DIGITS_STEPS = 300
DIGITS_TRAIN = 1438  # the lab's 80/20 split of 1797 images (20% rounded)


def digits():
    """The digits the lab embeds: 64 pixels / 16 and the label, a training share."""
    path = os.path.join(os.path.dirname(__file__), "..", "data", "digits.csv.gz")
    with gzip.open(path, "rt") as f:
        rows = np.array([[float(v) for v in row] for row in csv.reader(f)])
    order = np.random.default_rng(1).permutation(len(rows))[:DIGITS_TRAIN]
    return rows[order, :64] / 16.0, rows[order, 64].astype(int)


def digits_step(x, labels, weights, biases, lr):
    """One full-batch step of the ReLU/softmax net; returns the loss before it."""
    n = x.shape[0]
    hidden = np.maximum(x @ weights[0] + biases[0], 0.0)
    z = hidden @ weights[1] + biases[1]
    z = z - z.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    loss = -log_p[np.arange(n), labels].mean()
    delta = np.exp(log_p)
    delta[np.arange(n), labels] -= 1.0
    delta /= n
    grad_w1 = hidden.T @ delta
    grad_b1 = delta.sum(axis=0)
    delta_hidden = (delta @ weights[1].T) * (hidden > 0.0)
    grad_w0 = x.T @ delta_hidden
    grad_b0 = delta_hidden.sum(axis=0)
    weights[1] -= lr * grad_w1
    biases[1] -= lr * grad_b1
    weights[0] -= lr * grad_w0
    biases[0] -= lr * grad_b0
    return loss


def bench_digits():
    x, labels = digits()
    best = float("inf")
    for _ in range(ROUNDS):
        rng = np.random.default_rng(2)
        weights = [rng.standard_normal((64, 32)) * np.sqrt(2 / 64),
                   rng.standard_normal((32, 10)) * np.sqrt(2 / 32)]
        biases = [np.zeros(32), np.zeros(10)]
        start = time.perf_counter()
        for _ in range(DIGITS_STEPS):
            loss = digits_step(x, labels, weights, biases, 0.5)
        best = min(best, time.perf_counter() - start)
    print(
        f"numpy {np.__version__}: {DIGITS_STEPS} full-batch steps, 64-32-10 relu softmax, "
        f"{DIGITS_TRAIN} digits: best of {ROUNDS} {best:.3f} s = {DIGITS_STEPS / best:.0f} "
        f"steps/s ({1000 * best / DIGITS_STEPS:.3f} ms a step; final loss {loss:.4f})"
    )


if __name__ == "__main__":
    main()
    bench_digits()
