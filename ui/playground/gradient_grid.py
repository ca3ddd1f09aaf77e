"""Every weight's gradient ∂L/∂W, one block per layer, in one heatmap."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from ui.charts import DIVERGING, figure
from ui.format import fmt, sub


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
            (["ŷ"] if n_out == 1 else [f"ŷ{sub(j + 1)}" for j in range(n_out)])
            if l == len(grads) - 1
            else [f"h{sub(l + 1)},{sub(j + 1)}" for j in range(n_out)]
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
