"""The lab benchmark in numpy, for the README's comparison with `cargo bench --bench lab`.

2000 full-batch gradient-descent steps of a 2-16-16-16-1 tanh network (Glorot-normal
weights, zero biases, sigmoid output, mean binary cross-entropy from the logit) on
500 two-arm spiral points, in float64: the same work as benches/lab.rs.

    pip install numpy && python3 benches/lab_numpy.py
"""

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


if __name__ == "__main__":
    main()
