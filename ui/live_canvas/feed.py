"""What the live canvas is sent: the fixed part of a run, and batches of frames while playing.

Play trains within a time budget per rerun and captures frames at evenly spaced epochs, as many
as the browser will show before the next batch arrives (``FPS`` times the time between reruns),
so every frame drawn is a real epoch state and the epochs per second stay what training allows.
"""

from __future__ import annotations

import base64
import json
import time

import numpy as np

from backprop_core.datasets import FEATURES
from backprop_core.frames import Frame, Grid, frame, make_grid, pack, unit_interval
from backprop_core.training import PLANE, LiveRun
from ui.charts import CLASS_COLOURS, NEG, POS
from ui.format import fmt

FPS = 30  # frames the browser shows per second while playing
HISTORY_POINTS = 400  # loss points sent with a batch so a freshly mounted canvas has the curve


def grid_for(run: LiveRun) -> Grid:
    cfg = run.config
    return make_grid(cfg.features, cfg.task == "regression", sum(cfg.layers), PLANE)


def run_info(run: LiveRun, grid: Grid, log_y: bool, show_test: bool) -> dict[str, object]:
    """Everything that stays fixed during a run: sizes, input tiles, the data points."""
    cfg, data = run.config, run.exp.data
    step = grid.n // grid.tile
    feats = grid.features.reshape(*((grid.n,) if grid.one_d else (grid.n, grid.n)), -1)
    feats = feats[::step] if grid.one_d else feats[::step, ::step]
    scaled = unit_interval(feats.reshape(-1, feats.shape[-1]), "linear")
    tiles = np.round((np.clip(scaled, -1, 1) + 1) * 127.5).astype(np.uint8)
    tiles = np.moveaxis(tiles.reshape(*feats.shape), -1, 0)
    X = np.concatenate([data.X_train, data.X_test])
    Y = np.concatenate([data.Y_train, data.Y_test])[:, 0]
    one_d = grid.one_d
    y_lo, y_hi = (float(Y.min()) - 0.5, float(Y.max()) + 0.5) if one_d else (-PLANE, PLANE)
    return {
        "id": f"{hash(cfg)}",
        "task": "curve" if one_d else "binary",
        "n": grid.n,
        "tile": grid.tile,
        "oneD": one_d,
        "sizes": list(cfg.sizes),
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
        "colours": {"neg": NEG, "pos": POS, "classes": CLASS_COLOURS, "loss": POS},
        "classNames": ["class 0 (blue)", "class 1 (orange)"],
        "netTitle": "Network: each square is one unit's output over the plane",
        "boundaryTitle": "Fitted curve" if one_d else "Decision boundary: P(orange)",
        "logY": log_y,
        "showTest": show_test,
    }


def now_frame(run: LiveRun, grid: Grid) -> Frame:
    h = run.exp.history
    test = h.test_loss[-1] if h.test_loss else float("nan")
    return frame(run.exp.net, grid, run.epoch, h.train_loss[-1], test)


def history(run: LiveRun, upto: int) -> dict[str, list]:
    """The loss curve before epoch ``upto``, thinned to at most ``HISTORY_POINTS`` points."""
    h = run.exp.history
    idx = np.unique(np.linspace(0, max(upto - 1, 0), min(upto, HISTORY_POINTS)).astype(int))
    idx = idx[idx < upto]
    tr, te = np.array(h.train_loss, float), np.array(h.test_loss or [np.nan] * len(h.train_loss))

    def clean(a: np.ndarray) -> list[float | None]:
        return [float(v) if np.isfinite(v) else None for v in a[idx]]

    return {"epochs": idx.tolist(), "train": clean(tr), "test": clean(te)}


def play(
    run: LiveRun, grid: Grid, cap: int, budget_s: float, wanted: int, rate: float
) -> list[Frame]:
    """Train up to ``budget_s`` seconds (and at most to epoch ``cap``), capturing up to
    ``wanted`` frames at evenly spaced epochs; ``rate`` is the epochs per second measured on
    the previous batch (0 the first time), which sets the spacing."""
    stride = max(1, int(round(rate * budget_s / max(wanted, 1)))) if rate > 0 else 1
    frames: list[Frame] = []
    t0 = time.perf_counter()
    while run.epoch < cap and run.diverged is None and len(frames) < wanted:
        run.advance(min(stride, cap - run.epoch))
        frames.append(now_frame(run, grid))
        if time.perf_counter() - t0 >= budget_s:
            break
    return frames


def exact(run: LiveRun, edges: list[np.ndarray], edge_label: str) -> dict[str, list]:
    """Hover texts with full numbers for a paused view: each unit, then each edge in frame
    order (layer by layer, ``[i, j]`` row by row)."""
    cfg, net = run.config, run.exp.net
    names = [[f"input {FEATURES[f].label}" for f in cfg.features]]
    for l, b in enumerate(net.biases):
        last = l == len(net.biases) - 1
        names.append([
            f"{'output' if last else f'layer {l + 1}, unit {j + 1}'} · bias {fmt(v)}"
            for j, v in enumerate(b)
        ])  # fmt: skip
    labels = [[f.label for f in map(FEATURES.get, cfg.features)]]
    labels += [[f"{l + 1}.{j + 1}" for j in range(n)] for l, n in enumerate(cfg.layers)]
    labels += [["out"]]
    texts = [
        f"{edge_label}({labels[l][i]} → {labels[l + 1][j]}) = {fmt(v)}"
        for l, E in enumerate(edges)
        for (i, j), v in np.ndenumerate(E)
    ]
    return {"units": names, "edges": texts}


def message(
    run: LiveRun,
    grid: Grid,
    frames: list[Frame],
    playing: bool,
    log_y: bool,
    show_test: bool,
    full: bool = True,
) -> bytes:
    """One binary message for the canvas: a 4-byte length, a JSON header, the frames' bytes.
    While playing, ``full=False`` leaves out what the canvas already holds (the run's fixed
    part and the loss so far) to keep the bytes per second low."""
    first = frames[0].epoch if frames else run.epoch + 1
    info = run_info(run, grid, log_y, show_test)
    head, blob = pack(frames)
    header: dict[str, object] = {
        "run": info if full else {k: info[k] for k in ("id", "logY", "showTest")},
        "frames": head,
        "playing": playing,
    }
    if full:
        header["history"] = history(run, first)
    if not playing:
        header["exact"] = exact(run, list(run.exp.net.weights), "w")
    text = json.dumps(header, separators=(",", ":")).encode()
    return len(text).to_bytes(4, "little") + text + blob
