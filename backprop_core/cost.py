"""Why backprop is cheap: what a full gradient costs by finite differences and by backprop.

Central differences need two forward passes per parameter, (L(θ + h) − L(θ − h)) / 2h, so the
cost grows with the number of parameters times the cost of a forward pass. Backprop gets every
partial derivative from one forward and one backward pass (a backward pass costs about as much
as a forward one). :func:`count` is the arithmetic; :func:`time_gradients` measures both here.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .gradcheck import numerical_gradient
from .network import Network

Array = np.ndarray


@dataclass(frozen=True)
class Count:
    """Passes through the network needed for one full gradient."""

    parameters: int  # weights + biases
    finite_difference_forwards: int  # 2 per parameter
    backprop_forwards: int  # 1
    backprop_backwards: int  # 1


def parameter_count(sizes: Sequence[int]) -> int:
    """Weights and biases of a dense net: Σ (fan_in · fan_out + fan_out)."""
    return sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))


def count(sizes: Sequence[int]) -> Count:
    p = parameter_count(sizes)
    return Count(p, 2 * p, 1, 1)


@dataclass(frozen=True)
class Timing:
    """Seconds for one full gradient on this machine (the best of a few repeats)."""

    sizes: tuple[int, ...]
    parameters: int
    backprop: float
    finite_difference: float


def _best(fn, repeats: int, budget: float = 0.05) -> float:
    """The fastest of up to ``repeats`` runs, stopping once ``budget`` seconds are spent (a big
    finite-difference gradient runs once, so a page stays responsive)."""
    best, spent = float("inf"), 0.0
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        took = time.perf_counter() - t0
        best, spent = min(best, took), spent + took
        if spent > budget:
            break
    return best


def time_gradients(net: Network, X: Array, Y: Array, repeats: int = 3) -> Timing:
    """Measure backprop (forward + backward) and finite differences for ``net`` on one batch."""
    X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
    with np.errstate(all="ignore"):
        bp = _best(lambda: net.backward(net.forward(X), Y), repeats)
        fd = _best(lambda: numerical_gradient(net, X, Y), repeats)
    return Timing(tuple(net.sizes), parameter_count(net.sizes), bp, fd)


def widened(sizes: Sequence[int], width: int) -> list[int]:
    """The same depth, inputs and outputs with every hidden layer ``width`` units wide."""
    return [sizes[0], *([width] * (len(sizes) - 2)), sizes[-1]]
