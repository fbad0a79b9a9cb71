#!/usr/bin/env python3
"""Independent high-precision reference values for the catalog's tests.

Writes tests/data/catalog_reference.csv: for every scalar catalog entry (and a few
parameter settings), f(x) and f'(x) at chosen points, computed with mpmath at 50
significant digits from the textbook formulas (not from acttutor's code) and printed
to 20 significant digits. At kinks the derivative follows PyTorch's autograd
convention, as the catalog documents in each entry's kink_note.

Parametrised forms follow the frameworks' documented formulas:
  softplus(beta, threshold): PyTorch nn.Softplus, (1/beta)*log(1+exp(beta*x)),
      reverting to x (slope 1) where beta*x > threshold
      (https://pytorch.org/docs/stable/generated/torch.nn.Softplus.html);
  hard_tanh(min_val, max_val): PyTorch nn.Hardtanh, clip(x, min_val, max_val),
      slope 1 strictly inside (https://pytorch.org/docs/stable/generated/torch.nn.Hardtanh.html);
  relu(threshold, max_value): Keras activations.relu with negative_slope 0,
      clip(x * [x > threshold], 0, max_value)
      (https://keras.io/api/layers/activations/#relu-function).

Run:  python3 tools/reference_values.py     (needs: pip install mpmath)
"""
import csv
import os

import mpmath as mp

mp.mp.dps = 50

SELU_ALPHA = mp.mpf("1.6732632423543772848170429916717")
SELU_SCALE = mp.mpf("1.0507009873554804934193349852946")
C = mp.sqrt(2 / mp.pi)
K = mp.mpf("0.044715")

sig = lambda x: 1 / (1 + mp.exp(-x))
Phi = lambda x: mp.erfc(-x / mp.sqrt(2)) / 2
phi = lambda x: mp.exp(-x * x / 2) / mp.sqrt(2 * mp.pi)
sp = lambda x: mp.log1p(mp.exp(x)) if x < 30 else x + mp.log1p(mp.exp(-x))
sech2 = lambda u: 1 / mp.cosh(u) ** 2


def step(x, p):
    return (mp.mpf(1) if x >= 0 else mp.mpf(0), mp.mpf(0))


def softplus(x, p):
    b, t = p["beta"], p["threshold"]
    if b * x > t:
        return x, mp.mpf(1)
    return sp(b * x) / b, sig(b * x)


def hard_tanh(x, p):
    lo, hi = p["min_val"], p["max_val"]
    return min(max(x, lo), hi), (mp.mpf(1) if lo < x < hi else mp.mpf(0))


def keras_relu(x, p):
    t, m = p["threshold"], p["max_value"]
    v = x if x > t else mp.mpf(0)
    f = min(max(v, 0), m)
    d = mp.mpf(1) if (x > t and x > 0 and x < m) else mp.mpf(0)
    return f, d


def leaky(x, p):
    a = p["alpha"]
    return (x, mp.mpf(1)) if x > 0 else (a * x, a)


def elu(x, p):
    a = p["alpha"]
    return (x, mp.mpf(1)) if x > 0 else (a * mp.expm1(x), a * mp.exp(x))


def celu(x, p):
    a = p["alpha"]
    return (x, mp.mpf(1)) if x > 0 else (a * mp.expm1(x / a), mp.exp(x / a))


def selu(x, p):
    if x > 0:
        return SELU_SCALE * x, SELU_SCALE
    return SELU_SCALE * SELU_ALPHA * mp.expm1(x), SELU_SCALE * SELU_ALPHA * mp.exp(x)


def gelu_tanh(x, p):
    u = C * (x + K * x**3)
    return x / 2 * (1 + mp.tanh(u)), (1 + mp.tanh(u)) / 2 + x / 2 * sech2(u) * C * (1 + 3 * K * x**2)


def swish(x, p):
    b = p["beta"]
    s = sig(b * x)
    return x * s, s + b * x * s * (1 - s)


def hard_swish(x, p):
    f = x * min(max(x + 3, 0), 6) / 6
    d = mp.mpf(0) if x <= -3 else (mp.mpf(1) if x >= 3 else (2 * x + 3) / 6)
    return f, d


def mish(x, p):
    t = mp.tanh(sp(x))
    return x * t, t + x * (1 - t * t) * sig(x)


ENTRIES = {
    "identity": lambda x, p: (x, mp.mpf(1)),
    "step": step,
    "sigmoid": lambda x, p: (sig(x), sig(x) * (1 - sig(x))),
    "tanh": lambda x, p: (mp.tanh(x), sech2(x)),
    "hard_sigmoid": lambda x, p: (min(max(x + 3, 0), 6) / 6, mp.mpf(1) / 6 if -3 < x < 3 else mp.mpf(0)),
    "hard_tanh": hard_tanh,
    "softsign": lambda x, p: (x / (1 + abs(x)), 1 / (1 + abs(x)) ** 2),
    "softplus": softplus,
    "relu": keras_relu,
    "relu6": lambda x, p: (min(max(x, 0), 6), mp.mpf(1) if 0 < x < 6 else mp.mpf(0)),
    "leaky_relu": leaky,
    "prelu": leaky,
    "elu": elu,
    "celu": celu,
    "selu": selu,
    "gelu": lambda x, p: (x * Phi(x), Phi(x) + x * phi(x)),
    "gelu_tanh": gelu_tanh,
    "silu": lambda x, p: swish(x, {"beta": 1}),
    "swish": swish,
    "hard_swish": hard_swish,
    "mish": mish,
    "gaussian": lambda x, p: (mp.exp(-x * x), -2 * x * mp.exp(-x * x)),
    "sin": lambda x, p: (mp.sin(x), mp.cos(x)),
}

# (name, parameter settings): every entry at its defaults, some at other values.
SETTINGS = [(name, {}) for name in ENTRIES] + [
    ("leaky_relu", {"alpha": "0.2"}),
    ("prelu", {"alpha": "0.1"}),
    ("elu", {"alpha": "0.5"}),
    ("celu", {"alpha": "2"}),
    ("swish", {"beta": "2.5"}),
    ("swish", {"beta": "0"}),
    ("softplus", {"beta": "2"}),
    ("softplus", {"beta": "0.5", "threshold": "3"}),
    ("softplus", {"threshold": "20"}),
    ("hard_tanh", {"min_val": "-2", "max_val": "0.5"}),
    ("hard_tanh", {"min_val": "0", "max_val": "6"}),
    ("relu", {"max_value": "6"}),
    ("relu", {"threshold": "1.5"}),
    ("relu", {"threshold": "-1", "max_value": "2.5"}),
]
DEFAULTS = {"leaky_relu": {"alpha": "0.01"}, "prelu": {"alpha": "0.25"}, "elu": {"alpha": "1"},
            "celu": {"alpha": "1"}, "swish": {"beta": "1"},
            "softplus": {"beta": "1", "threshold": "40"}, "hard_tanh": {"min_val": "-1", "max_val": "1"},
            "relu": {"threshold": "0", "max_value": "inf"}}

POINTS = ["-1000", "-700", "-50", "-20", "-10", "-6", "-3", "-2.5", "-1.5", "-1", "-0.75",
          "-0.5", "-0.1", "-1e-8", "0", "1e-8", "0.1", "0.5", "0.75", "1", "1.5", "2.5",
          "3", "6", "10", "20", "50", "700", "1000"]


def main():
    out = os.path.join(os.path.dirname(__file__), "..", "tests", "data", "catalog_reference.csv")
    with open(out, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["name", "params", "x", "f", "df"])
        for name, params in SETTINGS:
            merged = dict(DEFAULTS.get(name, {}), **params)
            mp_params = {k: mp.mpf(v) for k, v in merged.items()}
            label = ";".join(f"{k}={v}" for k, v in params.items())
            for text in POINTS:
                x = mp.mpf(text)
                f, d = ENTRIES[name](x, mp_params)
                w.writerow([name, label, text, mp.nstr(f, 20), mp.nstr(d, 20)])
    print("wrote", out)


if __name__ == "__main__":
    main()
