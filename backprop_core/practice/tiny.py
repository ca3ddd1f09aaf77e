"""The random tiny network a numeric question is asked about, drawn from a seeded generator.

2 inputs, one or two hidden layers of 2 units, 1 or 2 outputs; sigmoid, tanh or ReLU hidden
units; mean squared error (sigmoid or linear output) or cross-entropy (sigmoid + binary
cross-entropy for one output, softmax + cross-entropy for two). Every weight, bias, input and
target has two decimals, so the arithmetic can be done by hand; the network is an ordinary
:class:`~backprop_core.network.Network`, so every number asked about comes from the engine.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..network import Network

Array = np.ndarray
HIDDEN = ("sigmoid", "tanh", "relu")
LEARNING_RATES = (0.1, 0.5, 1.0)


@dataclass(frozen=True)
class Level:
    """How hard: the hidden layers and how many samples are in the batch."""

    hidden: tuple[int, ...]
    batch: int


LEVELS: dict[int, Level] = {
    1: Level((2,), 1),  # one hidden layer, one sample
    2: Level((2, 2), 1),  # two hidden layers: δ goes back twice
    3: Level((2, 2), 2),  # and a batch of two: gradients sum over samples
}


@dataclass(frozen=True, eq=False)
class TinyProblem:
    """A network, one batch ``X`` (batch, 2) with targets ``Y`` (batch, n_out), and η."""

    net: Network
    X: Array
    Y: Array
    lr: float

    @property
    def batch(self) -> int:
        return len(self.X)


def _two_decimals(rng: np.random.Generator, shape: tuple[int, ...], lo: float = 0.05) -> Array:
    """Values in ±[lo, 1] rounded to two decimals: never 0, so no weight or input is idle."""
    magnitude = rng.uniform(lo, 1.0, size=shape)
    return np.round(magnitude * rng.choice([-1.0, 1.0], size=shape), 2)


def draw_problem(rng: np.random.Generator, level: Level) -> TinyProblem:
    """One random tiny network, batch and learning rate at ``level``."""
    hidden = str(rng.choice(HIDDEN))
    n_out = int(rng.integers(1, 3))
    if rng.random() < 0.5:
        output, loss = ("sigmoid" if rng.random() < 2 / 3 else "linear"), "mse"
    elif n_out == 1:
        output, loss = "sigmoid", "bce"
    else:
        output, loss = "softmax", "cross_entropy"
    sizes = [2, *level.hidden, n_out]
    net = Network(sizes, hidden, output, loss, init="zeros")
    net.weights = [_two_decimals(rng, (fi, fo)) for fi, fo in zip(sizes[:-1], sizes[1:])]
    net.biases = [np.round(rng.uniform(-0.5, 0.5, size=fo), 2) for fo in sizes[1:]]
    X = _two_decimals(rng, (level.batch, 2), lo=0.1)
    if loss == "mse":
        lo = 0.0 if output == "sigmoid" else -1.0
        Y = np.round(rng.uniform(lo, 1.0, size=(level.batch, n_out)), 2)
    elif loss == "bce":
        Y = rng.integers(0, 2, size=(level.batch, 1)).astype(float)
    else:
        Y = np.eye(2)[rng.integers(0, 2, size=level.batch)]
    return TinyProblem(net, X, Y, float(rng.choice(LEARNING_RATES)))
