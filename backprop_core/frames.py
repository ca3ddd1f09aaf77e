"""Compact pictures of a training run, one per epoch, for a browser to play at display rate.

A frame is everything the Playground's live area shows at one epoch, as small integer arrays:
the network's output over the input plane (the decision boundary, or the fitted curve of 1-D
data), every hidden unit's activation over the plane (its tile; with several output units, each
output unit's probability too), the values on the edges (the weights, or their gradients: colour
and width), the losses and the test accuracy. :func:`pack` joins frames into one
binary block of a few kilobytes each, so a playing visitor receives a few hundred kilobytes a
second; the browser only decodes and draws.

Value scales: a unit's activation goes to [−1, 1] (tanh as is, sigmoid as 2a − 1, unbounded
activations over their largest magnitude on the plane), then to a byte ``round((v + 1)·127.5)``;
a binary classifier's output P(class 1) to ``round(p·255)``; a multi-class output to its winning
class and that class's confidence above chance, ``round((p − 1/k) / (1 − 1/k)·255)``; a fitted
curve stays float32. Edge values are int8 of their largest magnitude in the frame (``scale``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .datasets import expand_features
from .network import Network

Array = np.ndarray
BOUNDARY = 40  # grid points per side of the output picture
MAX_TILE_BYTES = 3_200  # all unit tiles of one frame; tiles shrink on wide networks


@dataclass(frozen=True)
class Grid:
    """The input plane sampled once per run: ``features`` (n·n, f) for a 2-D task, rows from
    y = +extent down; (n, f) along x for a 1-D one."""

    n: int
    tile: int  # tile side: every (n // tile)-th grid point
    one_d: bool
    features: Array


def make_grid(features: Sequence[str], one_d: bool, hidden_units: int, extent: float = 6.0) -> Grid:
    """The plane for this network: tiles as fine as the byte budget allows (20, 10 or 8 px, which
    divide the 40-point plane; TensorFlow Playground's are 10)."""
    n = BOUNDARY
    xs = np.linspace(-extent, extent, n)
    if one_d:
        raw = xs[:, None]
    else:
        gx, gy = np.meshgrid(xs, np.linspace(extent, -extent, n))
        raw = np.stack([gx.ravel(), gy.ravel()], axis=1)
    per_unit = MAX_TILE_BYTES / max(hidden_units, 1)
    tile = next((t for t in (20, 10) if (t if one_d else t * t) <= per_unit), 8)
    return Grid(n, tile, one_d, expand_features(raw, features))


def unit_interval(a: Array, activation: str) -> Array:
    """Activations mapped to [−1, 1] for colouring, per unit (the last axis)."""
    if activation == "tanh":
        return np.clip(a, -1.0, 1.0)
    if activation == "sigmoid":
        return 2.0 * a - 1.0
    with np.errstate(all="ignore"):
        m = np.nanmax(np.abs(a), axis=0, keepdims=True) if a.size else np.zeros((1, 0))
        m = np.where(np.isfinite(m) & (m > 0), m, np.inf)
        return np.nan_to_num(a / m, posinf=0.0, neginf=0.0)


def _byte(v: Array) -> Array:
    return np.round((np.clip(np.nan_to_num(v), -1.0, 1.0) + 1.0) * 127.5).astype(np.uint8)


@dataclass(frozen=True)
class Frame:
    epoch: int
    train_loss: float
    test_loss: float
    test_acc: float  # NaN for regression
    output: Array  # uint8 (n, n) P(class 1); (2, n, n) class and confidence; float32 (n,) curve
    tiles: Array  # uint8 (units, t, t) or (units, t) for 1-D data: hidden units, then each
    # output unit's probability when there are several
    edges: Array  # int8, every layer's edge values (W or ∂L/∂W) flattened in order
    scale: float  # the largest |value| (edges = round(value / scale · 127))


def frame(
    net: Network,
    grid: Grid,
    epoch: int,
    train_loss: float,
    test_loss: float,
    test_acc: float = float("nan"),
    edges: Sequence[Array] | None = None,
) -> Frame:
    """The live area's picture of ``net`` after ``epoch`` epochs; the edges show ``edges``
    (one ``(fan_in, fan_out)`` array per layer, e.g. the gradients) or else the weights."""
    with np.errstate(all="ignore"):
        acts = net.forward(grid.features).activations
    n, step = grid.n, grid.n // grid.tile
    shape = (n,) if grid.one_d else (n, n)
    out = acts[-1]
    if out.shape[1] == 1 and grid.one_d:
        output = out[:, 0].astype(np.float32)
    elif out.shape[1] == 1:
        output = np.round(np.clip(np.nan_to_num(out[:, 0]), 0, 1) * 255).astype(np.uint8)
        output = output.reshape(shape)
    else:
        k = out.shape[1]
        conf = (np.nanmax(out, axis=1) - 1 / k) / (1 - 1 / k)
        output = np.stack([np.argmax(out, axis=1), np.round(np.clip(conf, 0, 1) * 255)])
        output = output.astype(np.uint8).reshape(2, *shape)
    tiles = []
    several = out.shape[1] > 1
    for a in acts[1:] if several else acts[1:-1]:
        v = unit_interval(a, net.hidden.name) if a is not out else 2.0 * a - 1.0
        v = _byte(v).reshape(*shape, -1)
        v = v[::step] if grid.one_d else v[::step, ::step]
        tiles.append(np.moveaxis(v, -1, 0))
    tile_shape = (grid.tile,) if grid.one_d else (grid.tile, grid.tile)
    tiles_arr = np.concatenate(tiles) if tiles else np.zeros((0, *tile_shape), np.uint8)
    flat = np.concatenate([np.ravel(w) for w in (net.weights if edges is None else edges)])
    with np.errstate(all="ignore"):
        scale = float(np.nanmax(np.abs(flat))) if flat.size else 0.0
    scale = scale if np.isfinite(scale) and scale > 0 else 1.0
    with np.errstate(all="ignore"):
        q = np.round(np.clip(np.nan_to_num(flat / scale), -1, 1) * 127).astype(np.int8)
    losses = float(train_loss), float(test_loss), float(test_acc)
    return Frame(int(epoch), *losses, output, tiles_arr, q, scale)


def pack(frames: Sequence[Frame]) -> tuple[dict[str, object], bytes]:
    """Frames as a JSON-ready header (epochs, losses, scales, the byte size of each part) and
    one binary block: every frame's output, then every frame's tiles, then every frame's edges."""
    head = {
        "epochs": [f.epoch for f in frames],
        "train": [_finite(f.train_loss) for f in frames],
        "test": [_finite(f.test_loss) for f in frames],
        "acc": [_finite(f.test_acc) for f in frames],
        "scale": [f.scale for f in frames],
        "bytes": [sum(getattr(f, k).nbytes for f in frames) for k in ("output", "tiles", "edges")],
    }
    blob = b"".join(
        np.ascontiguousarray(getattr(f, k)).tobytes()
        for k in ("output", "tiles", "edges")
        for f in frames
    )
    return head, blob


def _finite(x: float) -> float | None:
    return float(x) if np.isfinite(x) else None
