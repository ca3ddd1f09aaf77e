"""The Playground's figures. Pure: snapshots and arrays in, Plotly figures out.

Colour means sign everywhere (``ui.charts``): orange positive / class 1, blue negative / class 0.
The network diagram draws each unit as a small picture of its output over the input plane, as
TensorFlow Playground does; the pictures are PNG data URIs placed as layout images, so even
6 × 8 units cost one light figure rather than 50 heatmap traces.

Figures are built from plain dicts in one go and not re-validated property by property
(:func:`figure`): Plotly's validation cost more than the training while playing. The tests
check the figures' JSON instead.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from PIL import Image

from backprop_core.datasets import FEATURES, Dataset
from backprop_core.live import PLANE, Probe, Snapshot
from ui.charts import DIVERGING, FONT, NEG, POS, finite_or_none
from ui.format import fmt

SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
DARK = "#1f2430"
GRID = "#eee"
_RGB_NEG = np.array([0x1F, 0x6F, 0xB2], dtype=float)
_RGB_POS = np.array([0xE8, 0x59, 0x0C], dtype=float)
_RGB_MID = np.array([0xF7, 0xF7, 0xF7], dtype=float)
LAYER_COLOURS = ["#1f6fb2", "#4c9bd6", "#2b8a3e", "#82a02a", "#e0a800", "#e8590c", "#c92a2a"]
# Styles are all set here; Plotly's default template would be re-sent and re-applied on every
# redraw (it is most of each figure's JSON and a good part of its drawing time).
EMPTY_TEMPLATE = {"layout": {}}


def sub(i: int) -> str:
    return str(i).translate(SUB)


def figure(data: list[dict], layout: dict, title: str | None = None, height: int = 280):
    """A Figure from plain trace dicts and a layout dict on the app's white style, built in one
    go without per-property validation."""
    base = dict(
        height=height,
        margin=dict(l=58, r=12, t=40 if title else 12, b=44),  # fixed: no auto-margin redraws
        font=FONT,
        plot_bgcolor="white",
        paper_bgcolor="white",
        title=dict(text=title, x=0.01, font=dict(size=14)) if title else None,
        showlegend=True,
        template=EMPTY_TEMPLATE,
    )
    base.update(layout)
    for name in [k for k in base if k.startswith(("xaxis", "yaxis"))]:
        base[name] = {"automargin": False, **base[name]}
    return go.Figure(dict(data=data, layout=base), _validate=False)


def axis(**kw) -> dict:
    return dict(showgrid=True, gridcolor=GRID, zeroline=False, **kw)


# -- small pictures -------------------------------------------------------------------------
def tile_png(values: np.ndarray, light: bool = False) -> str:
    """A ``(rows, cols)`` array in [−1, 1] as a PNG data URI: blue −1, white 0, orange +1
    (at 55 % strength when ``light``, as a background for points)."""
    v = np.clip(np.nan_to_num(np.asarray(values, dtype=float)), -1.0, 1.0)[..., None]
    if light:
        v = v * 0.55
    rgb = np.where(
        v >= 0, _RGB_MID + v * (_RGB_POS - _RGB_MID), _RGB_MID - v * (_RGB_NEG - _RGB_MID)
    )
    buf = io.BytesIO()
    Image.fromarray(rgb.round().astype(np.uint8), "RGB").save(buf, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def tiles_png(
    tiles: Sequence[tuple[float, float, np.ndarray]], width: float, height: float, px: float
) -> str:
    """Many ``(x, y, values)`` tiles (top-left corner in plot units, values in [−1, 1]) on one
    transparent ``width × height`` canvas at ``px`` pixels per unit, as one PNG data URI: a
    single layout image redraws far faster than one image per unit."""
    canvas = np.zeros((int(round(height * px)), int(round(width * px)), 4), dtype=np.uint8)
    for x, y, values in tiles:
        v = np.clip(np.nan_to_num(np.asarray(values, dtype=float)), -1.0, 1.0)[..., None]
        rgb = np.where(
            v >= 0, _RGB_MID + v * (_RGB_POS - _RGB_MID), _RGB_MID - v * (_RGB_NEG - _RGB_MID)
        )
        h, w = v.shape[:2]
        r = min(int(round(y * px)), canvas.shape[0] - h)
        c = min(int(round(x * px)), canvas.shape[1] - w)
        canvas[r : r + h, c : c + w, :3] = rgb.round().astype(np.uint8)
        canvas[r : r + h, c : c + w, 3] = 255
    buf = io.BytesIO()
    Image.fromarray(canvas, "RGBA").save(buf, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def unit_scale(a: np.ndarray, activation: str) -> np.ndarray:
    """Map a unit's outputs to [−1, 1] for colouring: tanh as is, sigmoid from (0, 1), and
    unbounded activations by their largest magnitude on the plane."""
    if activation == "tanh":
        return a
    if activation == "sigmoid":
        return 2.0 * a - 1.0
    with np.errstate(all="ignore"):
        m = float(np.nanmax(np.abs(a))) if a.size else 0.0
    return a / m if np.isfinite(m) and m > 0 else np.zeros_like(a)


def _as_plane(a: np.ndarray) -> np.ndarray:
    """A unit's picture at half the probe's resolution (a tile is small on screen); 1-D probes
    (sine) become a square picture by repeating the line vertically."""
    return np.repeat(a[None, ::2], len(a[::2]), axis=0) if a.ndim == 1 else a[::2, ::2]


# -- decision boundary / fitted curve ------------------------------------------------------
# Shape tells train from test and colour is only ever the class: the points themselves carry no
# legend entry (their swatch would take the first point's class colour), two grey stand-ins do.
SYMBOLS = {"train": "circle", "test": "diamond"}
NEUTRAL = "#868e96"
# Under the plot: above it, beside the title, it ran into the title on a narrow column.
LEGEND_UNDER = dict(orientation="h", x=0.0, xanchor="left", y=-0.2, yanchor="top")


def _point_traces(x_train, x_test, y_train, y_test, classes: bool = False) -> list[dict]:
    """Train and test points as two marker traces (circles, diamonds) plus their legend
    stand-ins. With ``classes`` the points are 2-D ``(n, 2)`` and coloured by class; otherwise
    ``x`` is ``(n,)`` and the markers are plotted at (x, y) in one neutral dark colour."""
    traces: list[dict] = []
    for name, X, Y in (("train", x_train, y_train), ("test", x_test, y_test)):
        symbol = SYMBOLS[name]
        if classes:
            xs, ys = X[:, 0], X[:, 1]
            colour = np.where(Y[:, 0] > 0.5, POS, NEG).tolist()
            hover = f"{name} point<br>x₁ %{{x:.2f}}, x₂ %{{y:.2f}}<extra></extra>"
        else:
            xs, ys, colour = X, Y[:, 0], DARK
            hover = f"{name} point<br>x %{{x:.2f}}, y %{{y:.2f}}<extra></extra>"
        rim = "white" if name == "train" else DARK
        traces.append(
            dict(
                type="scatter",
                x=xs,
                y=ys,
                mode="markers",
                name=name,
                legendgroup=name,
                showlegend=False,
                marker=dict(color=colour, size=7, symbol=symbol, line=dict(color=rim, width=1.2)),
                hovertemplate=hover,
            )
        )
        traces.append(
            dict(
                type="scatter",
                x=[None],
                y=[None],
                mode="markers",
                name=f"{name} points",
                legendgroup=name,
                marker=dict(color=NEUTRAL, size=8, symbol=symbol, line=dict(color=DARK, width=1)),
                hoverinfo="skip",
            )
        )
    return traces


def boundary_figure(snap: Snapshot, probe: Probe, data: Dataset, height: int = 400) -> go.Figure:
    """Classification: P(class 1) over the plane with train (white rim) and test (dark rim)
    points. Regression: the fitted curve over the samples and the true sin x."""
    if snap.config.task == "regression":
        return _curve_figure(probe, data, height)
    prob = np.nan_to_num(probe.output, nan=0.5)
    background = dict(
        source=tile_png(2.0 * prob - 1.0, light=True),
        xref="x",
        yref="y",
        x=float(probe.xs[0]),
        y=float(probe.ys[0]),
        sizex=float(probe.xs[-1] - probe.xs[0]),
        sizey=float(probe.ys[0] - probe.ys[-1]),
        sizing="stretch",
        layer="below",
    )
    traces = _point_traces(data.X_train, data.X_test, data.Y_train, data.Y_test, classes=True)
    span = [-PLANE, PLANE]
    return figure(
        traces,
        dict(
            xaxis=dict(
                range=span,
                title=dict(text="x₁"),
                showgrid=False,
                zeroline=False,
                constrain="domain",
            ),
            yaxis=dict(
                range=span,
                title=dict(text="x₂"),
                showgrid=False,
                zeroline=False,
                scaleanchor="x",
                constrain="domain",
            ),
            legend=LEGEND_UNDER,
            margin=dict(l=58, r=12, t=40, b=78),
            images=[background],
        ),
        "Decision boundary: P(orange)",
        height,
    )


def _curve_figure(probe: Probe, data: Dataset, height: int) -> go.Figure:
    traces: list[dict] = [
        dict(
            type="scatter",
            x=probe.xs,
            y=np.sin(probe.xs),
            mode="lines",
            name="sin x",
            line=dict(color="#adb5bd", dash="dash", width=2),
            hoverinfo="skip",
        )
    ]
    traces += _point_traces(data.X_train[:, 0], data.X_test[:, 0], data.Y_train, data.Y_test)
    traces.append(
        dict(
            type="scatter",
            x=probe.xs,
            y=finite_or_none(probe.output),
            mode="lines",
            name="network ŷ",
            line=dict(color=DARK, width=3),
            hovertemplate="x %{x:.2f}: ŷ = %{y:.3f}<extra></extra>",
        )
    )
    return figure(
        traces,
        dict(
            xaxis=axis(range=[-PLANE, PLANE], title=dict(text="x")),
            yaxis=axis(range=[-2.0, 2.0], title=dict(text="y")),
            legend=LEGEND_UNDER,
            margin=dict(l=58, r=12, t=40, b=78),
        ),
        "Fitted curve ŷ(x)",
        height,
    )


# -- the network ---------------------------------------------------------------------------
def network_figure(
    snap: Snapshot,
    probe: Probe,
    edge_values: Sequence[np.ndarray],
    edge_label: str = "w",
    width_px: int = 600,
    hover: bool = True,
) -> go.Figure:
    """Columns of units (inputs, hidden layers, output), each drawn as its output over the
    plane; edges coloured by the sign of ``edge_values[l][i, j]`` (weights or gradients) and
    as thick as their size relative to the largest."""
    cfg = snap.config
    feats = [FEATURES[f].label for f in cfg.features]
    sizes = [len(feats), *cfg.layers, 1]
    n_cols = len(sizes)
    dx, tile = 2.2, 0.84
    tallest = max(sizes)

    def ys(n: int) -> np.ndarray:
        return (n - 1) / 2.0 - np.arange(n)

    pictures: list[list[np.ndarray]] = [
        [unit_scale(_as_plane(probe.inputs[..., i]), "") for i in range(sizes[0])]
    ]
    for l, h in enumerate(probe.hidden):
        pictures.append(
            [unit_scale(_as_plane(h[..., j]), cfg.activation) for j in range(sizes[l + 1])]
        )
    out = _as_plane(probe.output)
    pictures.append([2.0 * out - 1.0 if cfg.task == "classification" else unit_scale(out, "")])
    # All the pictures as one transparent image over the diagram: tile units are placed at
    # whole pixels (``px`` per plot unit, one pixel per picture cell), so none is resampled.
    cells = pictures[-1][0].shape[1]
    px = cells / tile
    left, top = -tile / 2, (tallest - 1) / 2.0 + tile / 2
    width, height = (n_cols - 1) * dx + tile, tallest - 1 + tile
    placed = [
        (c * dx - tile / 2 - left, top - (y + tile / 2), pic)
        for c, column in enumerate(pictures)
        for y, pic in zip(ys(len(column)), column)
    ]
    images = [
        dict(
            source=tiles_png(placed, width, height, px),
            xref="x",
            yref="y",
            x=left,
            y=top,
            sizex=width,
            sizey=height,
            sizing="stretch",
            layer="above",
        )
    ]

    # Edges, bucketed by sign and thickness into a few traces; hover points a third of the way.
    finite = [np.abs(v[np.isfinite(v)]) for v in edge_values]
    biggest = max((float(f.max()) for f in finite if f.size), default=0.0) or 1.0
    buckets: dict[tuple[bool, int], tuple[list, list]] = {}
    mid_x, mid_y, mid_text = [], [], []
    for l, V in enumerate(edge_values):
        y0s, y1s = ys(sizes[l]), ys(sizes[l + 1])
        x0, x1 = l * dx + tile / 2, (l + 1) * dx - tile / 2
        for i in range(sizes[l]):
            src = feats[i] if l == 0 else f"h{sub(l)},{sub(i + 1)}"
            for j in range(sizes[l + 1]):
                v = float(V[i, j]) if np.isfinite(V[i, j]) else 0.0
                level = min(int(abs(v) / biggest * 6), 5)
                xs_, ys_ = buckets.setdefault((v >= 0, level), ([], []))
                xs_ += [x0, x1, np.nan]  # NaN breaks the line between segments
                ys_ += [y0s[i], y1s[j], np.nan]
                mid_x.append(x0 + (x1 - x0) / 3)
                mid_y.append(y0s[i] + (y1s[j] - y0s[i]) / 3)
                dst = "ŷ" if l == n_cols - 2 else f"h{sub(l + 1)},{sub(j + 1)}"
                mid_text.append(f"{edge_label} {src} → {dst} = {fmt(V[i, j])}")
    # Each bucket is one SVG path drawn as a layout shape: far cheaper for Plotly to redraw
    # than a line trace (no per-point calculation or hover bookkeeping for the edges).
    shapes = [
        dict(
            type="path",
            path=" ".join(
                f"M{xs_[k]:.3f},{ys_[k]:.3f}L{xs_[k + 1]:.3f},{ys_[k + 1]:.3f}"
                for k in range(0, len(xs_), 3)
            ),
            xref="x",
            yref="y",
            line=dict(color=POS if positive else NEG, width=0.6 + 1.1 * level),
            opacity=0.3 + 0.12 * level,
            layer="below",
        )
        for (positive, level), (xs_, ys_) in sorted(buckets.items())
    ]
    traces: list[dict] = []
    if hover:  # invisible markers along the edges; skipped while playing (they cost redraws)
        traces.append(
            dict(
                type="scatter",
                x=mid_x,
                y=mid_y,
                mode="markers",
                marker=dict(size=9, opacity=0),
                text=mid_text,
                hovertemplate="%{text}<extra></extra>",
                showlegend=False,
            )
        )
    ux, uy, utext = [], [], []
    for c, n in enumerate(sizes):
        for k, y in enumerate(ys(n)):
            ux.append(c * dx)
            uy.append(y)
            if c == 0:
                utext.append(f"input {feats[k]}")
            elif c == n_cols - 1:
                utext.append(f"output ŷ, bias b = {fmt(snap.biases[-1][0])}")
            else:
                utext.append(f"unit h{sub(c)},{sub(k + 1)}, bias b = {fmt(snap.biases[c - 1][k])}")
    traces.append(
        dict(
            type="scatter",
            x=ux,
            y=uy,
            mode="markers",
            marker=dict(size=24, symbol="square", opacity=0),
            text=utext,
            hovertemplate="%{text}<extra></extra>",
            showlegend=False,
        )
    )
    heads = ["inputs", *[f"layer {l + 1}" for l in range(len(cfg.layers))], "output"]
    top = tallest / 2.0
    traces.append(
        dict(
            type="scatter",
            x=[c * dx for c in range(n_cols)] + [-tile / 2 - 0.08] * sizes[0],
            y=[top] * n_cols + list(ys(sizes[0])),
            mode="text",
            text=heads + feats,
            textposition=["top center"] * n_cols + ["middle left"] * sizes[0],
            textfont=dict(size=12, color="#495057"),
            hoverinfo="skip",
            showlegend=False,
        )
    )
    x_range = [-tile / 2 - 1.0, (n_cols - 1) * dx + tile / 2 + 0.15]
    y_range = [-top, top + 0.65]
    aspect = (y_range[1] - y_range[0]) / (x_range[1] - x_range[0])
    height = int(min(max(width_px * aspect + 20, 220), 440))
    return figure(
        traces,
        dict(
            images=images,
            shapes=shapes,
            showlegend=False,
            margin=dict(l=4, r=4, t=4, b=4),
            xaxis=dict(visible=False, range=x_range, fixedrange=True),
            yaxis=dict(visible=False, range=y_range, scaleanchor="x", fixedrange=True),
            hovermode="closest",
        ),
        None,
        height,
    )


# -- curves over epochs ---------------------------------------------------------------------
MAX_POINTS = 500  # per line: a longer history is thinned evenly, keeping the last epoch


def thin(values: np.ndarray, first_epoch: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Epoch numbers and values, at most ``MAX_POINTS`` of them, always ending at the last."""
    xs = np.arange(first_epoch, first_epoch + len(values))
    if len(values) <= MAX_POINTS:
        return xs, values
    keep = np.unique(np.linspace(0, len(values) - 1, MAX_POINTS).round().astype(int))
    return xs[keep], values[keep]


def log_ticks(values: np.ndarray) -> dict:
    """A few readable ticks (1, 2, 5 × 10ᵏ) for a log axis over the finite positive values."""
    v = values[np.isfinite(values) & (values > 0)]
    if not v.size:
        return {}
    lo, hi = np.floor(np.log10(v.min())), np.ceil(np.log10(v.max()))
    for steps in ((1.0, 2.0, 5.0), (1.0, 3.0), (1.0,)):
        ticks = [m * 10.0**e for e in range(int(lo), int(hi) + 1) for m in steps]
        ticks = [t for t in ticks if v.min() / 1.5 <= t <= v.max() * 1.5]
        if len(ticks) <= 6:
            break
    if len(ticks) > 6:
        ticks = ticks[:: int(np.ceil(len(ticks) / 6))]
    span = [np.log10(v.min() / 1.5), np.log10(v.max() * 1.5)]  # so that the ticks are in view
    return dict(tickvals=ticks, ticktext=[fmt(t, 2) for t in ticks], range=span)


LEGEND_IN = dict(x=0.99, xanchor="right", y=0.99, yanchor="top", bgcolor="rgba(255,255,255,0.7)")
LEGEND_LOW = dict(
    x=0.99, xanchor="right", y=0.02, yanchor="bottom", bgcolor="rgba(255,255,255,0.7)"
)


def curves_figure(
    series: dict[str, np.ndarray],
    title: str,
    y_title: str,
    log_y: bool = False,
    stopped_at: int | None = None,
    height: int = 260,
    colours: Sequence[str] | None = None,
    first_epoch: int = 0,
    legend: dict | None = None,
    margin: dict | None = None,
) -> go.Figure:
    """Lines over epochs (inf/NaN as gaps, non-positive values as gaps on a log axis), with a
    dashed red marker where training stopped."""
    colours = colours or [POS, NEG]
    traces = []
    shown = []
    for k, (name, values) in enumerate(series.items()):
        xs, ys = thin(np.asarray(values, dtype=float), first_epoch)
        ys = np.where(np.isfinite(ys) & ((ys > 0) if log_y else True), ys, np.nan)
        shown.append(ys)
        few = np.count_nonzero(np.isfinite(ys)) < 3  # a lone point needs a marker to be seen
        traces.append(
            dict(
                type="scatter",
                x=xs,
                y=ys,
                mode="lines+markers" if few else "lines",
                name=name,
                line=dict(color=colours[k % len(colours)], width=2),
                hovertemplate=f"{name}: %{{y:.4g}} at epoch %{{x}}<extra></extra>",
            )
        )
    shapes = []
    if stopped_at is not None:
        shapes.append(
            dict(
                type="line",
                x0=stopped_at,
                x1=stopped_at,
                y0=0,
                y1=1,
                yref="paper",
                line=dict(color="#c92a2a", dash="dash", width=1.5),
            )
        )
    return figure(
        traces,
        dict(
            xaxis=axis(title=dict(text="epoch"), rangemode="tozero"),
            yaxis=axis(
                title=dict(text=y_title),
                type="log" if log_y else "linear",
                **(log_ticks(np.concatenate(shown)) if log_y and shown else {}),
            ),
            shapes=shapes,
            legend=legend or LEGEND_IN,
            **({"margin": margin} if margin else {}),
        ),
        title,
        height,
    )


def loss_figure(snap: Snapshot, log_y: bool, height: int = 260) -> go.Figure:
    kind = "cross-entropy" if snap.config.loss == "bce" else "mean squared error"
    return curves_figure(
        {"train": snap.train_loss, "test": snap.test_loss},
        f"Loss ({kind})",
        "loss",
        log_y=log_y,
        stopped_at=snap.diverged.epoch if snap.diverged else None,
        height=height,
    )


def accuracy_figure(snap: Snapshot, height: int = 260) -> go.Figure:
    fig = curves_figure(
        {"train": snap.train_acc, "test": snap.test_acc},
        "Accuracy",
        "classified right",
        stopped_at=snap.diverged.epoch if snap.diverged else None,
        height=height,
        legend=LEGEND_LOW,
    )
    fig.layout.yaxis.range = [0.0, 1.03]
    fig.layout.yaxis.tickformat = ".0%"
    return fig


def grad_norms_figure(snap: Snapshot, height: int = 260) -> go.Figure:
    """‖∂L/∂W_l‖ of every layer over the epochs (log): a vanishing or exploding gradient shows
    as lines that fan apart."""
    L = len(snap.weights)
    norms = snap.grad_norms.reshape(-1, L)
    palette = LAYER_COLOURS[-L:] if len(LAYER_COLOURS) >= L else LAYER_COLOURS
    fig = curves_figure(
        {f"W{sub(l + 1)}": norms[:, l] for l in range(L)},
        "Gradient size per layer ‖∂L/∂W‖",
        "‖∂L/∂W‖ (log)",
        log_y=True,
        stopped_at=snap.diverged.epoch if snap.diverged else None,
        height=height + 34,
        colours=palette,
        first_epoch=1,
        legend=dict(orientation="h", x=0.0, y=-0.14, yanchor="top", font=dict(size=11)),
        margin=dict(l=58, r=12, t=40, b=70),
    )
    fig.layout.xaxis.title.text = None  # the legend sits where "epoch" would
    return fig


def gradient_heatmaps(grads: Sequence[np.ndarray], inputs: Sequence[str]) -> go.Figure:
    """Every layer's ∂L/∂W_l as a (fan_in × fan_out) block, side by side in one heatmap (one
    trace on one pair of axes: cheap to redraw while playing). Each block is coloured on its own
    symmetric scale, so every layer is readable however small its gradients; the hover gives the
    real values and each block's norm."""
    rows = max(np.shape(g)[0] for g in grads)
    gap = 1  # empty column between blocks
    width = sum(np.shape(g)[1] for g in grads) + gap * (len(grads) - 1)
    z = np.full((rows, width), np.nan)
    text = np.full((rows, width), "", dtype=object)
    annotations = []
    scale_at, scale_text = [], []
    col = 0
    for l, g in enumerate(grads):
        g = np.asarray(g, dtype=float)
        n_in, n_out = g.shape
        finite = g[np.isfinite(g)]
        m = float(np.max(np.abs(finite))) if finite.size else 0.0
        norm = float(np.sqrt(np.sum(finite**2))) if finite.size else float("nan")
        z[:n_in, col : col + n_out] = np.where(np.isfinite(g), g / (m or 1.0), np.nan)
        src = list(inputs) if l == 0 else [f"h{sub(l)},{sub(i + 1)}" for i in range(n_in)]
        dst = (
            ["ŷ"] if l == len(grads) - 1 else [f"h{sub(l + 1)},{sub(j + 1)}" for j in range(n_out)]
        )
        for i in range(n_in):
            for j in range(n_out):
                text[i, col + j] = (
                    f"∂L/∂w {src[i]} → {dst[j]} = {fmt(g[i, j])}<br>"
                    f"layer {l + 1}: ‖∂L/∂W‖ = {fmt(norm, 3)}"
                )
        annotations.append(
            dict(
                text=f"W{sub(l + 1)}",
                x=col + (n_out - 1) / 2,
                y=-0.5,
                xref="x",
                yref="y",
                yanchor="bottom",
                showarrow=False,
                font=dict(size=11),
            )
        )
        scale_at.append(col + (n_out - 1) / 2)
        scale_text.append(f"±{fmt(m, 2)}")
        col += n_out + gap
    trace = dict(
        type="heatmap",
        z=z,
        text=text.tolist(),
        colorscale=DIVERGING,
        zmin=-1.0,
        zmax=1.0,
        # A projector cannot hover: the bar says what a colour means, the ticks under each
        # block how large that block's biggest gradient is.
        showscale=True,
        colorbar=dict(
            tickvals=[-1.0, 0.0, 1.0],
            ticktext=["−largest", "0", "+largest"],
            thickness=12,
            len=1.0,
            outlinewidth=0,
            tickfont=dict(size=11),
        ),
        xgap=1,
        ygap=1,
        hovertemplate="%{text}<extra></extra>",
        hoverongaps=False,
    )
    height = int(min(max(80 + 26 * rows, 150), 320))
    return figure(
        [trace],
        dict(
            annotations=annotations,
            showlegend=False,
            margin=dict(l=8, r=8, t=28, b=30),
            xaxis=dict(
                range=[-0.5, width - 0.5],
                fixedrange=True,
                showgrid=False,
                zeroline=False,
                showline=False,
                tickvals=scale_at,
                ticktext=scale_text,
                tickfont=dict(size=11, color="#495057"),
            ),
            yaxis=dict(visible=False, range=[rows - 0.5, -0.5], fixedrange=True),
        ),
        None,
        height,
    )
