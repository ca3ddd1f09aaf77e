"""Finite-difference gradients: the independent oracle every analytic gradient is checked by."""

from __future__ import annotations

import numpy as np

from .network import Gradients, Network

Array = np.ndarray


def rel_error(a: Array | float, b: Array | float, floor: float = 1e-12) -> float:
    """max |a − b| / max(|a| + |b|, floor): 0 when equal, ≈1 when unrelated."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), floor)))


def numerical_gradient(net: Network, X: Array, Y: Array, h: float = 1e-6) -> Gradients:
    """Central differences (L(θ + h) − L(θ − h)) / 2h for every weight and bias.

    Works on a copy, so ``net`` is never touched. ``deltas`` are left empty.
    """
    net = net.copy()
    grads = []
    for p in net.parameters():
        g = np.zeros_like(p)
        it = np.nditer(p, flags=["multi_index"])
        for _ in it:
            g[it.multi_index] = _partial(net, p, it.multi_index, X, Y, h)
        grads.append(g)
    L = net.n_layers
    return Gradients(grads[:L], grads[L:], [])


def numerical_partial(
    net: Network,
    X: Array,
    Y: Array,
    layer: int,
    index: tuple[int, ...],
    kind: str = "weight",
    h: float = 1e-6,
) -> float:
    """Central difference for one parameter: ``kind`` is "weight" or "bias"."""
    net = net.copy()
    p = net.weights[layer] if kind == "weight" else net.biases[layer]
    return _partial(net, p, tuple(index), X, Y, h)


def _partial(net: Network, p: Array, idx: tuple[int, ...], X: Array, Y: Array, h: float) -> float:
    old = p[idx]
    try:
        p[idx] = old + h
        up = net.loss(net.forward(X), Y)
        p[idx] = old - h
        down = net.loss(net.forward(X), Y)
    finally:
        p[idx] = old
    return (up - down) / (2.0 * h)
