"""Lines over epochs: loss, accuracy and the gradient size of every layer."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from backprop_core.training import Snapshot
from ui.charts import LAYER_COLOURS, NEG, POS, axis, figure
from ui.format import fmt, sub

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
    kind = "mean squared error" if snap.config.loss == "mse" else "cross-entropy"
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
