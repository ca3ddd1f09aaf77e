"""What the Playground draws from a snapshot besides its history: every unit over the input
plane (as TensorFlow Playground draws them) and where the next updates head on average."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..datasets import expand_features
from ..network import Network
from ..regularisation import Penalty
from .live import Snapshot

Array = np.ndarray
PLANE = 6.0  # the 2-D datasets live in about [-6, 6]²


@dataclass(frozen=True)
class Probe:
    """The network evaluated on an ``n × n`` grid of the raw input plane (``n`` points on a line
    for 1-D data). ``xs`` (n,) and ``ys`` (n,) are the grid axes (``ys`` empty when 1-D);
    ``output`` is ``(n, n)`` indexed ``[y, x]`` (or ``(n,)``); ``inputs`` ``(n, n, n_features)``
    are the features and ``hidden[l]`` ``(n, n, units)`` the activations of hidden layer ``l``."""

    xs: Array
    ys: Array
    output: Array
    inputs: Array
    hidden: tuple[Array, ...]


def plane_points(n_inputs: int, n: int, extent: float = PLANE) -> tuple[Array, Array, Array]:
    """Grid axes and the raw points ``(n·n, 2)`` (or ``(n, 1)``), rows from y = +extent down."""
    xs = np.linspace(-extent, extent, n)
    if n_inputs == 1:
        return xs, np.zeros(0), xs[:, None]
    ys = np.linspace(extent, -extent, n)
    gx, gy = np.meshgrid(xs, ys)
    return xs, ys, np.stack([gx.ravel(), gy.ravel()], axis=1)


def probe(snap: Snapshot, n: int = 60, extent: float = PLANE) -> Probe:
    """Every unit of ``snap``'s network over the input plane (one forward pass)."""
    cfg = snap.config
    n_raw = 1 if cfg.task == "regression" else 2
    xs, ys, raw = plane_points(n_raw, n, extent)
    feats = expand_features(raw, cfg.features)
    with np.errstate(all="ignore"):
        trace = snap.network().forward(feats)
    shape = (n,) if n_raw == 1 else (n, n)
    acts = trace.activations
    return Probe(
        xs=xs,
        ys=ys,
        output=acts[-1][:, 0].reshape(shape),
        inputs=feats.reshape(*shape, -1),
        hidden=tuple(a.reshape(*shape, -1) for a in acts[1:-1]),
    )


def batch_gradients(snap: Snapshot, X: Array, Y: Array) -> tuple[list[Array], list[Array]]:
    """∂L/∂W_l and ∂L/∂b_l on (X, Y) (features applied; e.g. the whole training set) at the
    snapshot's parameters, with the penalty's gradient (λ·W) included, as the trainer adds it:
    where the next updates head on average."""
    return network_gradients(snap.network(), Penalty(snap.config.l2, snap.config.l1), X, Y)


def network_gradients(
    net: Network, penalty: Penalty, X: Array, Y: Array
) -> tuple[list[Array], list[Array]]:
    """:func:`batch_gradients` for a network as it is now (e.g. a live run's, mid-Play)."""
    with np.errstate(all="ignore"):
        _, grads, _ = net.loss_and_grads(X, Y)
        gW = [penalty.gradient(g, W) for g, W in zip(grads.weights, net.weights)]
    return gW, list(grads.biases)
