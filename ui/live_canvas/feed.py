"""What the live canvas is sent: the fixed part of a run, and frames of it.

Paused, the canvas gets one frame of the snapshot on screen with hover texts in full precision.
Playing, each rerun trains within a time budget and captures frames at evenly spaced epochs, as
many as the browser shows before the next batch arrives, plus the losses of every epoch trained
(the curve has no gaps): every frame drawn is a real epoch state and the epochs per second stay
what training allows. The message is binary: a 4-byte length, a JSON header, the frames' bytes.
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from backprop_core.config import RunConfig
from backprop_core.datasets import FEATURES, Dataset, sine_truth
from backprop_core.frames import Frame, Grid, frame, make_grid, pack, unit_interval
from backprop_core.network import Network
from backprop_core.training import PLANE, LiveRun, Snapshot
from ui.charts import CLASS_COLOURS, NEG, POS
from ui.format import fmt
from ui.live_canvas import DRAWING_CODE
from ui.own_data.panel import class_name

HISTORY_POINTS = 600  # loss points sent with a full message (a freshly mounted canvas's curve)
Edges = Callable[[Network], Sequence[np.ndarray]] | None  # what the edges show, None = weights


@dataclass(frozen=True)
class View:
    """How the visitor looks at the run; changing it never restarts the run."""

    log_y: bool = False
    show_test: bool = True
    discretize: bool = False
    draw: bool = False  # drawing mode: a click on the plane adds a point
    edge_label: str = "w"  # "w" or "∂L/∂w"


def run_id(cfg: RunConfig) -> str:
    """The same for every epoch of one run, on every replica."""
    return hashlib.sha1(repr(cfg.replace(epochs=0)).encode()).hexdigest()[:12]


def grid_for(cfg: RunConfig) -> Grid:
    k = _outputs(cfg)
    units = sum(cfg.layers) + (k if k > 1 else 0)
    return make_grid(cfg.features, cfg.task == "regression", units, PLANE)


def _outputs(cfg: RunConfig) -> int:
    return cfg.n_classes if cfg.task == "classification" and cfg.n_classes > 2 else 1


def run_info(cfg: RunConfig, data: Dataset, grid: Grid) -> dict[str, object]:
    """Everything that stays fixed during a run: sizes, input tiles, the data points."""
    step = grid.n // grid.tile
    feats = grid.features.reshape(*((grid.n,) if grid.one_d else (grid.n, grid.n)), -1)
    feats = feats[::step] if grid.one_d else feats[::step, ::step]
    scaled = unit_interval(feats.reshape(-1, feats.shape[-1]), "linear")
    tiles = np.round((np.clip(scaled, -1, 1) + 1) * 127.5).astype(np.uint8)
    tiles = np.moveaxis(tiles.reshape(*feats.shape), -1, 0)
    X = np.concatenate([data.X_train, data.X_test])
    Y = np.concatenate([data.Y_train, data.Y_test])[:, 0]
    one_d, k = grid.one_d, _outputs(cfg)
    y_lo, y_hi = (float(Y.min()) - 0.5, float(Y.max()) + 0.5) if one_d else (-PLANE, PLANE)
    classes = max(cfg.n_classes, 2)
    return {
        "id": run_id(cfg),
        "task": "curve" if one_d else "multi" if k > 1 else "binary",
        "n": grid.n,
        "tile": grid.tile,
        "oneD": one_d,
        "sizes": [len(cfg.features), *cfg.layers, k],
        "extent": PLANE,
        "inputTiles": base64.b64encode(tiles.tobytes()).decode(),
        "inputNames": [FEATURES[f].label for f in cfg.features],
        "points": {
            "x": np.round(X[:, 0], 3).tolist(),
            "y": np.round(Y if one_d else X[:, 1], 3).tolist(),
            "c": [] if one_d else Y.astype(int).tolist(),
            "test": [False] * len(data.X_train) + [True] * len(data.X_test),
        },
        "yRange": [y_lo, y_hi],
        "colours": {"neg": NEG, "pos": POS, "classes": CLASS_COLOURS[:classes], "loss": POS},
        "classNames": [class_name(c) for c in range(classes)],
        "boundaryTitle": _title(one_d, k, data.name == "custom"),
        # the generated sine's own curve, dashed behind the fit (own points have none known)
        "truth": sine_truth(np.linspace(-PLANE, PLANE, grid.n)).round(4).tolist()
        if one_d and data.name != "custom"
        else None,
    }


def _title(one_d: bool, k: int, own: bool) -> str:
    if one_d:
        return "Fitted curve ŷ(x)" + ("" if own else " · dashed: sin x")
    return "Decision boundary: P(orange)" if k == 1 else "Decision boundary: the likeliest class"


def snapshot_frame(snap: Snapshot, grid: Grid, edges: Edges = None) -> Frame:
    """The picture of a paused run: its last finite parameters and their epoch's numbers."""
    e, net = snap.params_epoch, snap.network()
    test = snap.test_loss[e] if len(snap.test_loss) > e else float("nan")
    acc = snap.test_acc[e] if snap.config.task == "classification" else float("nan")
    return frame(net, grid, e, snap.train_loss[e], test, acc, edges(net) if edges else None)


def live_frame(run: LiveRun, grid: Grid, edges: Edges = None) -> Frame:
    h, net = run.exp.history, run.exp.net
    test = h.test_loss[-1] if h.test_loss else float("nan")
    acc = h.test_acc[-1] if run.config.task == "classification" else float("nan")
    return frame(net, grid, run.epoch, h.train_loss[-1], test, acc, edges(net) if edges else None)


def history(snap_or_run: Snapshot | LiveRun, upto: int) -> dict[str, list]:
    """The loss curve through epoch ``upto``, thinned to at most ``HISTORY_POINTS`` points."""
    h = snap_or_run.exp.history if isinstance(snap_or_run, LiveRun) else snap_or_run
    tr = np.asarray(h.train_loss, float)[: upto + 1]
    te = np.full(len(tr), np.nan)
    if len(h.test_loss):
        te = np.asarray(h.test_loss, float)[: upto + 1]
    idx = np.unique(np.linspace(0, len(tr) - 1, min(len(tr), HISTORY_POINTS)).astype(int))
    return {"epochs": idx.tolist(), "train": _clean(tr[idx]), "test": _clean(te[idx])}


def _clean(a: np.ndarray) -> list[float | None]:
    return [float(v) if np.isfinite(v) else None for v in a]


@dataclass(frozen=True)
class Batch:
    """Frames captured while playing, and every epoch's losses trained meanwhile."""

    frames: list[Frame]
    first: int  # the first epoch of ``train``/``test``
    train: list[float | None]
    test: list[float | None]


def play(
    run: LiveRun, grid: Grid, cap: int, budget_s: float, wanted: int, stride: int, edges: Edges
) -> Batch:
    """Train up to ``budget_s`` seconds (and at most to epoch ``cap``), capturing a frame every
    ``stride`` epochs, at most ``wanted`` frames."""
    start = run.epoch
    frames: list[Frame] = []
    t0 = time.perf_counter()
    while run.epoch < cap and run.diverged is None and len(frames) < wanted:
        run.advance(min(stride, cap - run.epoch))
        if run.diverged is not None:
            break  # the paused view shows the last finite state and says what happened
        frames.append(live_frame(run, grid, edges))
        if time.perf_counter() - t0 >= budget_s:
            break
    h = run.exp.history
    test = h.test_loss[start + 1 :] if h.test_loss else [float("nan")] * (run.epoch - start)
    train = _clean(np.array(h.train_loss[start + 1 :]))
    return Batch(frames, start + 1, train, _clean(np.array(test)))


def exact(cfg: RunConfig, net: Network, edges: Sequence[np.ndarray], label: str) -> dict:
    """Hover texts with full numbers for a paused view: each unit, then each edge in frame
    order (layer by layer, ``[i, j]`` row by row)."""
    k = _outputs(cfg)
    names = [[f"input {FEATURES[f].label}" for f in cfg.features]]
    for l, b in enumerate(net.biases):
        if l < len(net.biases) - 1:
            unit = [f"layer {l + 1}, unit {j + 1}" for j in range(len(b))]
        else:
            unit = ["output"] if k == 1 else [f"output {class_name(j)}" for j in range(k)]
        names.append([f"{u} · bias {fmt(v)}" for u, v in zip(unit, b)])
    labels = [[FEATURES[f].label for f in cfg.features]]
    labels += [[f"{l + 1}.{j + 1}" for j in range(n)] for l, n in enumerate(cfg.layers)]
    labels += [["out"] if k == 1 else [f"out {j}" for j in range(k)]]
    texts = [
        f"{label}({labels[l][i]} → {labels[l + 1][j]}) = {fmt(v)}"
        for l, E in enumerate(edges)
        for (i, j), v in np.ndenumerate(E)
    ]
    return {"units": names, "edges": texts}


def message(
    info: dict[str, object] | None,
    run: str,
    view: View,
    frames: Sequence[Frame],
    playing: bool,
    hist: dict[str, list] | None = None,
    curve: Batch | None = None,
    hovers: dict | None = None,
    report: str | None = None,
) -> bytes:
    """One binary message for the canvas. ``info`` (the run's fixed part) and ``hist`` (the
    loss so far) are left out while playing, when the canvas already holds them, to keep the
    bytes per second low. With ``report`` the canvas, once it has drawn the message, sends it
    back as its ``drawn`` event (the page then draws what waits for the canvas)."""
    head, blob = pack(frames)
    header: dict[str, object] = {
        "run": run,
        "view": {
            "logY": view.log_y,
            "showTest": view.show_test,
            "discretize": view.discretize,
            "draw": view.draw,
            "edgeLabel": view.edge_label,
        },
        "frames": head,
        "playing": playing,
    }
    if info is not None:  # a canvas that may be new: with the code that draws it (boot.js)
        header["info"] = info
        header["code"] = DRAWING_CODE
    if hist is not None:
        header["history"] = hist
    if curve is not None:
        header["curve"] = {"first": curve.first, "train": curve.train, "test": curve.test}
    if hovers is not None:
        header["exact"] = hovers
    if report is not None:
        header["report"] = report
    text = json.dumps(header, separators=(",", ":"), allow_nan=False).encode()
    return len(text).to_bytes(4, "little") + text + blob
