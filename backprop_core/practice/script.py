"""The plain NumPy script of one training step on a question's network, as text.

What interviewers ask candidates to write: forward, loss, backward and update for these exact
numbers, in about twenty lines that need nothing but NumPy. Only the lines this network needs
are generated (its activations, its loss). It prints every quantity a question can ask about,
one ``name = value`` line each, with Python's full-precision floats.
"""

from __future__ import annotations

from ..network import Network
from .tiny import TinyProblem

ACTIVATION = {  # name -> (a = f(z), f'(z) from z and a)
    "sigmoid": ("1 / (1 + np.exp(-z))", "a * (1 - a)"),
    "tanh": ("np.tanh(z)", "1 - a**2"),
    "relu": ("np.maximum(z, 0.0)", "(z > 0) * 1.0"),
    "linear": ("z", "np.ones_like(z)"),
}
LOSS = {  # name -> (loss of yhat against Y, output δ = ∂L/∂z)
    "mse": ("np.mean((yhat - Y) ** 2)", "2 * (yhat - Y) / Y.size{slope}"),
    "bce": ("-np.mean(Y * np.log(yhat) + (1 - Y) * np.log(1 - yhat))", "(yhat - Y) / Y.size"),
    "cross_entropy": ("-np.sum(Y * np.log(yhat)) / len(Y)", "(yhat - Y) / len(Y)"),
}
OUTPUT_SLOPE = {"sigmoid": " * yhat * (1 - yhat)", "linear": ""}  # MSE outputs: ∂ŷ/∂z
PRINTED = {  # what the script prints, one line each: name -> expression
    "z": "[v.tolist() for v in zs]",
    "a": "[v.tolist() for v in acts[1:]]",
    "loss": "float(loss)",
    "delta": "[v.tolist() for v in delta]",
    "dW": "[v.tolist() for v in dW]",
    "db": "[v.tolist() for v in db]",
    "W_new": "[v.tolist() for v in W_new]",
    "b_new": "[v.tolist() for v in b_new]",
    "loss_after": "float(loss_after)",
}


def _array(rows: object) -> str:
    return f"np.array({rows!r})"


def _output_lines(net: Network) -> list[str]:
    name = net.output_act.name
    if name == "softmax":
        return [
            "def out(z):  # softmax output",
            "    e = np.exp(z - z.max(axis=1, keepdims=True))",
            "    return e / e.sum(axis=1, keepdims=True)",
        ]
    return [f"def out(z):  # {name} output", f"    return {ACTIVATION[name][0]}"]


def numpy_script(p: TinyProblem) -> str:
    """A self-contained script for one gradient-descent step of ``p``."""
    net = p.net
    f, df = ACTIVATION[net.hidden.name]
    loss, delta = LOSS[net.loss_fn.name]
    delta = delta.format(slope=OUTPUT_SLOPE.get(net.output_act.name, ""))
    weights = ", ".join(_array(W.tolist()) for W in net.weights)
    biases = ", ".join(_array(b.tolist()) for b in net.biases)
    lines = [
        "import numpy as np",
        "",
        f"X = {_array(p.X.tolist())}  # inputs, one row per sample",
        f"Y = {_array(p.Y.tolist())}  # targets",
        f"W = [{weights}]  # W[l] is (fan_in, fan_out)",
        f"b = [{biases}]",
        f"lr = {p.lr!r}",
        "",
        f"def f(z):  # {net.hidden.name}, every hidden layer",
        f"    return {f}",
        "",
        "def df(z, a):  # its slope f'(z)",
        f"    return {df}",
        "",
        *_output_lines(net),
        "",
        "def forward(W, b):",
        "    zs, acts = [], [X]",
        "    for l in range(len(W)):",
        "        zs.append(acts[-1] @ W[l] + b[l])",
        "        acts.append(out(zs[-1]) if l == len(W) - 1 else f(zs[-1]))",
        "    return zs, acts",
        "",
        "def loss_of(yhat):",
        f"    return {loss}",
        "",
        "zs, acts = forward(W, b)",
        "yhat = acts[-1]",
        "loss = loss_of(yhat)",
        f"d = {delta}  # output δ = ∂L/∂z",
        "delta, dW, db = [None] * len(W), [None] * len(W), [None] * len(W)",
        "for l in reversed(range(len(W))):  # backward: δ, then ∂L/∂W = aᵀδ and ∂L/∂b = Σδ",
        "    delta[l], dW[l], db[l] = d, acts[l].T @ d, d.sum(axis=0)",
        "    if l:",
        "        d = (d @ W[l].T) * df(zs[l - 1], acts[l])",
        "W_new = [w - lr * g for w, g in zip(W, dW)]  # update: w ← w − η ∂L/∂w",
        "b_new = [c - lr * g for c, g in zip(b, db)]",
        "loss_after = loss_of(forward(W_new, b_new)[1][-1])",
        "",
        *(f"print('{name} =', {value})" for name, value in PRINTED.items()),
    ]
    return "\n".join(lines) + "\n"
