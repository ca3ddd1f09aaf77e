"""The plain NumPy script of one training step on a question's network, as text.

What interviewers ask candidates to write: forward, loss, backward and update for these exact
numbers, in about twenty lines that need nothing but NumPy. Only the lines this network needs
are generated (its activations, its loss). It prints every quantity a question can ask about,
one ``name = value`` line each (z, a, loss, delta, dW, db, W_new, b_new, loss_after), with
Python's full-precision floats.
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
    return [f"out = lambda z: {ACTIVATION[name][0]}  # {name} output"]


def numpy_script(p: TinyProblem) -> str:
    """A self-contained script for one gradient-descent step of ``p``."""
    net = p.net
    f, df = ACTIVATION[net.hidden.name]
    loss, delta = LOSS[net.loss_fn.name]
    delta = delta.format(slope=OUTPUT_SLOPE.get(net.output_act.name, ""))
    last = net.n_layers - 1
    weights = [  # one matrix a line, the first one commented
        ("W = [" if l == 0 else "     ")
        + _array(W.tolist())
        + ("]" if l == last else ",")
        + ("  # W[l] is (fan_in, fan_out): z = a @ W[l] + b[l]" if l == 0 else "")
        for l, W in enumerate(net.weights)
    ]
    biases = ", ".join(_array(b.tolist()) for b in net.biases)
    lines = [
        "import numpy as np",
        "",
        f"X = {_array(p.X.tolist())}  # inputs, one row per sample",
        f"Y = {_array(p.Y.tolist())}  # targets",
        *weights,
        f"b = [{biases}]",
        f"lr = {p.lr!r}",
        f"f = lambda z: {f}  # {net.hidden.name}, every hidden layer",
        f"df = lambda z, a: {df}  # its slope f'(z)",
        *_output_lines(net),
        f"loss_of = lambda yhat: {loss}",
        "",
        "def forward(W, b):  # z = a @ W + b, then a = f(z), layer by layer",
        "    zs, acts = [], [X]",
        "    for l in range(len(W)):",
        "        zs.append(acts[-1] @ W[l] + b[l])",
        "        acts.append(out(zs[-1]) if l == len(W) - 1 else f(zs[-1]))",
        "    return zs, acts",
        "",
        "zs, acts = forward(W, b)",
        "yhat = acts[-1]",
        "loss = loss_of(yhat)",
        f"d = {delta}  # output δ = ∂L/∂z",
        "delta, dW, db = [None] * len(W), [None] * len(W), [None] * len(W)",
        "for l in reversed(range(len(W))):  # backward: ∂L/∂W = aᵀδ, ∂L/∂b = Σδ, then δ below",
        "    delta[l], dW[l], db[l] = d, acts[l].T @ d, d.sum(axis=0)",
        "    if l:",
        "        d = (d @ W[l].T) * df(zs[l - 1], acts[l])",
        "W_new = [w - lr * g for w, g in zip(W, dW)]  # update: w ← w − η ∂L/∂w",
        "b_new = [c - lr * g for c, g in zip(b, db)]",
        "loss_after = loss_of(forward(W_new, b_new)[1][-1])",
        "",
        "results = dict(z=zs, a=acts[1:], loss=loss, delta=delta, dW=dW, db=db,",
        "               W_new=W_new, b_new=b_new, loss_after=loss_after)",
        "for name, v in results.items():",
        "    print(name, '=', [x.tolist() for x in v] if isinstance(v, list) else float(v))",
    ]
    return "\n".join(lines) + "\n"
