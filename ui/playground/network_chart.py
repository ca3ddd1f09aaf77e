"""The network diagram: each unit drawn as its output over the input plane (as TensorFlow
Playground does), edges coloured by sign and as thick as their size.

The pictures are one PNG data URI placed as a layout image, so even 6 × 8 units cost one light
figure rather than 50 heatmap traces; the edges are SVG path shapes, cheaper to redraw than
line traces.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from backprop_core.datasets import FEATURES
from backprop_core.training import Probe, Snapshot
from ui.charts import NEG, POS, figure
from ui.format import fmt, sub
from ui.playground.pictures import as_plane, tiles_png, unit_scale


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
    sizes = [len(feats), *cfg.layers, cfg.sizes[-1]]
    n_cols = len(sizes)
    dx, tile = 2.2, 0.84
    tallest = max(sizes)

    def ys(n: int) -> np.ndarray:
        return (n - 1) / 2.0 - np.arange(n)

    pictures: list[list[np.ndarray]] = [
        [unit_scale(as_plane(probe.inputs[..., i]), "") for i in range(sizes[0])]
    ]
    for l, h in enumerate(probe.hidden):
        pictures.append(
            [unit_scale(as_plane(h[..., j]), cfg.activation) for j in range(sizes[l + 1])]
        )
    if sizes[-1] > 1:  # softmax: one output unit per class, each p_k over the plane
        flat = probe.inputs.reshape(-1, probe.inputs.shape[-1])
        with np.errstate(all="ignore"):
            p = np.nan_to_num(snap.network().forward(flat).output, nan=0.0)
        shape = probe.inputs.shape[:-1]
        pictures.append([2.0 * as_plane(p[:, k].reshape(shape)) - 1.0 for k in range(sizes[-1])])
    else:
        out = as_plane(probe.output)
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
                last = "ŷ" if sizes[-1] == 1 else f"ŷ{sub(j + 1)}"
                dst = last if l == n_cols - 2 else f"h{sub(l + 1)},{sub(j + 1)}"
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
                name = "ŷ" if n == 1 else f"ŷ{sub(k + 1)} = p(class {k})"
                utext.append(f"output {name}, bias b = {fmt(snap.biases[-1][k])}")
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
