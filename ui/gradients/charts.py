"""Plotly figures of the vanishing / exploding lab. Pure: arrays in, Figure out, no Streamlit.

Layers run left to right (or bottom to top) from the input to the output, so a vanishing
gradient is a line that climbs towards the output and an exploding one a line that falls.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ui.charts import NEG, POS, SEQUENTIAL, base_layout, finite_or_none

Array = np.ndarray
GREY = "#868e96"
LOG_SPAN = 1e3  # activation sizes spanning more than this across layers get a log axis


def positive_or_none(values: Sequence[float]) -> list[float | None]:
    """Values for a log axis: zero, negative, inf and NaN become gaps."""
    return [v if v is not None and v > 0 else None for v in finite_or_none(values)]


def has_points(values: Sequence[float]) -> bool:
    """Whether a log-axis line of ``values`` would draw anything at all."""
    return any(v is not None for v in positive_or_none(values))


def legend_on_top(fig: go.Figure, top: int = 56) -> go.Figure:
    """Legend in its own strip above the plot (titles are drawn by the page, not the figure)."""
    fig.update_layout(
        margin=dict(t=top),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0.0),
    )
    return fig


WEIGHT_ENDS = ("from input", "to output")  # weight layer 1 reads x, weight layer n writes ŷ
HIDDEN_ENDS = ("first", "last")  # hidden layers are neither the input nor the output


def layer_axis(
    fig: go.Figure,
    n: int,
    title: str,
    row: int | None = None,
    ends: tuple[str, str] = WEIGHT_ENDS,
) -> None:
    """Ticks 1 … n with the two ends named by ``ends``, at most ~9 ticks (they must fit a
    compare-mode column on a 1024 px projector)."""
    step = max(1, int(np.ceil(n / 8)))
    ticks = [t for t in range(1, n + 1, step) if t == 1 or n - t >= step / 2] + [n]
    ticks = sorted(set(ticks))
    names = {1: ends[0], n: ends[1]} if n > 1 else {1: ""}
    text = [f"{t}<br>{names[t]}" if names.get(t) else str(t) for t in ticks]
    kw = dict(row=row, col=1) if row else {}
    fig.update_xaxes(
        tickvals=ticks, ticktext=text, tickangle=0, title=title, range=[0.4, n + 0.6], **kw
    )


def gradient_profile(
    series: Sequence[tuple[str, Sequence[float], str, str]],
    n_layers: int,
    title: str | None = None,
    y_range: tuple[float, float] | None = None,
    height: int = 330,
    ends: tuple[str, str] = WEIGHT_ENDS,
    x_title: str = "weight layer l",
) -> go.Figure:
    """One line per ``(name, values per weight layer, colour, dash)`` on a log axis."""
    fig = go.Figure()
    x = list(range(1, n_layers + 1))
    for name, values, colour, dash in series:
        fig.add_trace(
            go.Scatter(
                x=x[: len(values)],
                y=positive_or_none(values),
                name=name,
                mode="lines+markers",
                line=dict(color=colour, width=2, dash=dash),
                marker=dict(size=5),
                hovertemplate=f"{name}<br>layer %{{x}}: %{{y:.3e}}<extra></extra>",
            )
        )
    fig.update_yaxes(type="log", exponentformat="power", title="norm (log scale)")
    if y_range is not None:
        fig.update_yaxes(range=list(y_range))
    layer_axis(fig, n_layers, x_title, ends=ends)
    return legend_on_top(base_layout(fig, title, height))


def log_range(*arrays: Sequence[float]) -> tuple[float, float] | None:
    """A shared log10 axis range covering every positive finite value, with a margin."""
    values = [v for a in arrays for v in positive_or_none(a) if v is not None]
    if not values:
        return None
    lo, hi = np.log10(min(values)), np.log10(max(values))
    pad = max(0.3, 0.05 * (hi - lo))
    return float(lo - pad), float(hi + pad)


def _decades(lo: float, hi: float) -> list[int]:
    step = max(1, int(np.ceil((hi - lo) / 8)))
    return list(range(int(np.floor(lo)), int(np.ceil(hi)) + 1, step))


def gradient_heatmap(matrix: Array, title: str | None = None, height: int = 330) -> go.Figure:
    """``matrix`` (epochs, layers) of ‖∂L/∂W_l‖ as log10 colours: layer 1 (input) at the bottom."""
    m = np.asarray(matrix, dtype=float)
    with np.errstate(all="ignore"):
        z = np.where(np.isfinite(m) & (m > 0), np.log10(np.where(m > 0, m, 1.0)), np.nan).T
    finite = z[np.isfinite(z)]
    lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    if hi - lo < 1e-9:
        lo, hi = lo - 0.5, hi + 0.5
    ticks = _decades(lo, hi)
    epochs, layers = m.shape
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=list(range(1, epochs + 1)),
            y=list(range(1, layers + 1)),
            customdata=m.T,
            zmin=lo,
            zmax=hi,
            colorscale=SEQUENTIAL,
            hovertemplate="epoch %{x}, layer %{y}<br>‖∂L/∂W‖ = %{customdata:.3e}<extra></extra>",
            colorbar=dict(
                title=dict(text="‖∂L/∂W‖", side="right"),
                thickness=10,
                tickvals=ticks,
                ticktext=[f"1e{t}" for t in ticks],
            ),
        )
    )
    step = max(1, int(np.ceil(layers / 10)))
    ticks_y = sorted(set(range(1, layers + 1, step)) | {layers})
    fig.update_yaxes(
        title="weight layer (1 = from input)",
        tickvals=ticks_y,
        showgrid=False,
    )
    fig.update_xaxes(title="epoch", showgrid=False)
    return base_layout(fig, title, height)


def activation_boxes(
    box: Array,
    saturated: Sequence[float],
    dead: Sequence[float],
    activation: str,
    title: str | None = None,
    height: int = 360,
) -> go.Figure:
    """Per hidden layer: a box from the 25th to the 75th percentile of its activations, the median,
    whiskers at the 1st and 99th; below it, the shares of saturated units and dead ReLUs."""
    box = np.asarray(box, dtype=float)
    depth = box.shape[1]
    x = list(range(1, depth + 1))
    sat = np.asarray(saturated, dtype=float)[:depth]
    dead_ = np.asarray(dead, dtype=float)[:depth]
    shares = [
        (f"saturated {activation}", sat, POS),
        ("dead ReLU", dead_, NEG),
    ]
    shares = [(n, v, c) for n, v, c in shares if np.any(np.isfinite(v))]
    rows = 2 if shares else 1
    fig = make_subplots(
        rows=rows,
        cols=1,
        shared_xaxes=True,
        row_heights=[0.68, 0.32] if rows == 2 else [1.0],
        vertical_spacing=0.08,
    )
    with np.errstate(all="ignore"):
        size = np.nanmax(np.abs(box), axis=0)
    positive = size[np.isfinite(size) & (size > 0)]
    if positive.size and positive.max() > LOG_SPAN * positive.min():
        # a linear box plot would be flat: show how big the activations get, on a log axis
        for name, row, colour, dash in (
            ("99th percentile", 4, NEG, "solid"),
            ("median", 2, GREY, "dot"),
        ):
            fig.add_trace(
                go.Scatter(
                    x=x,
                    y=positive_or_none(np.abs(box[row])),
                    name=f"|a| {name}",
                    mode="lines+markers",
                    line=dict(color=colour, dash=dash, width=2),
                    hovertemplate=f"|a| {name}<br>layer %{{x}}: %{{y:.3e}}<extra></extra>",
                ),
                row=1,
                col=1,
            )
        fig.update_yaxes(type="log", exponentformat="power", row=1, col=1)
    else:
        fig.add_trace(
            go.Box(
                x=x,
                lowerfence=finite_or_none(box[0]),
                q1=finite_or_none(box[1]),
                median=finite_or_none(box[2]),
                q3=finite_or_none(box[3]),
                upperfence=finite_or_none(box[4]),
                name="a = f(z): 1–25–50–75–99 %",
                marker_color=NEG,
                fillcolor="rgba(31,111,178,0.25)",
                line=dict(width=1.2),
                hoverinfo="y",
            ),
            row=1,
            col=1,
        )
    fig.update_yaxes(title="a = f(z)", row=1, col=1)
    for name, values, colour in shares:
        fig.add_trace(
            go.Bar(
                x=x,
                y=finite_or_none(values),
                name=name,
                marker_color=colour,
                hovertemplate=f"{name}<br>layer %{{x}}: %{{y:.0%}}<extra></extra>",
            ),
            row=2,
            col=1,
        )
    if rows == 2:
        fig.update_yaxes(title="share", range=[0, 1.05], tickformat=".0%", row=2, col=1)
    layer_axis(fig, depth, "hidden layer", row=rows, ends=HIDDEN_ENDS)
    fig = legend_on_top(base_layout(fig, title, height))
    fig.update_layout(barmode="group", showlegend=True)
    return fig


def backward_gains(
    weight_gain: Sequence[float], slope_gain: Sequence[float], height: int = 280
) -> go.Figure:
    """What each hidden layer does to ‖δ‖ on the way back: × the weights, × f'(z), and both."""
    w = np.asarray(weight_gain, dtype=float)
    s = np.asarray(slope_gain, dtype=float)
    with np.errstate(all="ignore"):
        both = w * s
    series = [
        ("× Wᵀ  (weights)", w, GREY, "dot"),
        ("⊙ f'(z)  (activation slope)", s, NEG, "dash"),
        ("‖δ_l‖ / ‖δ_{l+1}‖  (both)", both, POS, "solid"),
    ]
    fig = gradient_profile(
        series, len(w), height=height, ends=HIDDEN_ENDS, x_title="hidden layer l"
    )
    fig.add_hline(y=1.0, line=dict(color="#adb5bd", width=1))
    values = np.concatenate([w, s, both])
    values = values[np.isfinite(values) & (values > 0)]
    nice = [m * 10.0**e for e in range(-6, 7) for m in (1, 2, 5)]
    if values.size:
        lo, hi = min(values.min(), 1.0), max(values.max(), 1.0)
        ticks = [v for v in nice if lo / 1.5 <= v <= hi * 1.5]
        step = max(1, len(ticks) // 7)
        ticks = ticks[::step]
        fig.update_yaxes(tickvals=ticks, ticktext=[f"{v:g}" for v in ticks])
    fig.update_yaxes(title="factor per layer")
    return fig
