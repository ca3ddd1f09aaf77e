"""The optimizers lab's figures. Pure: numbers in, Plotly figures out, no Streamlit.

Each optimizer keeps one colour on every chart, whichever optimizers are chosen.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from backprop_core.paths import Path, Region, Sweep
from ui.charts import SERIES_COLOURS, base_layout
from ui.format import fmt
from ui.optimizers.sentences import REGIME_NAMES
from ui.optimizers.settings import OPTIMIZER_NAMES

COLOURS = {
    "sgd": SERIES_COLOURS[0],
    "momentum": SERIES_COLOURS[1],
    "rmsprop": SERIES_COLOURS[2],
    "adam": SERIES_COLOURS[3],
}
FULL_BATCH_COLOUR = SERIES_COLOURS[4]
REGION_COLOURS = {
    "too_small": "rgba(134, 142, 150, 0.12)",
    "right": "rgba(43, 138, 62, 0.12)",
    "oscillating": "rgba(245, 159, 0, 0.14)",
    "divergent": "rgba(201, 42, 42, 0.12)",
}
SURFACE_SCALE = [[0.0, "#ffffff"], [1.0, "#ced4da"]]
CLICK_SPACING = 0.25  # the clickable grid: starts land on multiples of a quarter
CLICK_TRACE = "click to start here"
LOSS_FLOOR = 1e-12  # losses shown down to this share of the start


def path_name(path: Path) -> str:
    name = OPTIMIZER_NAMES.get(path.optimizer, path.optimizer)
    return name + (f", batch {path.batch}" if path.batch else "")


def path_colour(path: Path, full_batch: bool = False) -> str:
    return FULL_BATCH_COLOUR if full_batch else COLOURS.get(path.optimizer, SERIES_COLOURS[4])


def _click_grid(box: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    x_lo, x_hi, y_lo, y_hi = box
    gx = np.arange(x_lo, x_hi + 1e-9, CLICK_SPACING)
    gy = np.arange(y_lo, y_hi + 1e-9, CLICK_SPACING)
    X, Y = np.meshgrid(gx, gy)
    return X.ravel(), Y.ravel()


def _framed(values: np.ndarray, margin: float = 0.15, min_span: float = 0.5) -> list[float]:
    """An axis range around ``values`` with a margin on each side."""
    lo, hi = float(values.min()), float(values.max())
    pad = max(hi - lo, min_span) * margin + max(0.0, min_span - (hi - lo)) / 2
    return [lo - pad, hi + pad]


def contour(
    xs: np.ndarray,
    ys: np.ndarray,
    Z: np.ndarray,
    paths: Sequence[Path],
    start: Sequence[float],
    minimum: Sequence[float] | None,
    axes: tuple[str, str] = ("x", "y"),
    colours: Sequence[str] | None = None,
    names: Sequence[str] | None = None,
    clickable: bool = True,
    zoom: bool = False,
    height: int = 400,
) -> go.Figure:
    """The surface's contours (levels of log₁₀ L, so valleys show at every scale), one trace per
    path whose points are the iterates (start included; × marks where a diverged path stopped),
    and, when ``clickable``, an invisible grid of points that a click picks as the new start.
    ``zoom`` frames the paths instead of the whole surface (to see mini-batch noise)."""
    box = (float(xs[0]), float(xs[-1]), float(ys[0]), float(ys[-1]))
    fig = go.Figure()
    fig.add_trace(
        go.Contour(
            x=xs,
            y=ys,
            z=np.log10(np.maximum(Z, 0) + 1e-3),
            colorscale=SURFACE_SCALE,
            ncontours=24,
            showscale=False,
            line=dict(width=0.8, color="#ffffff"),
            hoverinfo="skip",
            name="surface",
        )
    )
    if clickable:
        gx, gy = _click_grid(box)
        fig.add_trace(
            go.Scatter(
                x=gx,
                y=gy,
                mode="markers",
                marker=dict(size=14, color="rgba(0,0,0,0)"),
                selected=dict(marker=dict(color="rgba(0,0,0,0)")),
                unselected=dict(marker=dict(color="rgba(0,0,0,0)")),
                name=CLICK_TRACE,
                showlegend=False,
                hovertemplate=f"{axes[0]} = %{{x:.4g}}, {axes[1]} = %{{y:.4g}}"
                "<br>click: start here<extra></extra>",
            )
        )
    for i, path in enumerate(paths):
        colour = colours[i] if colours else path_colour(path)
        name = names[i] if names else path_name(path)
        symbols = ["circle"] * len(path.points)
        if path.diverged is not None:
            symbols[-1] = "x"
        sizes = [5] * len(path.points)
        sizes[-1] = 11 if path.diverged is not None else 5
        fig.add_trace(
            go.Scatter(
                # plain lists, not typed arrays: a test (or a curious visitor) reads them back
                x=path.points[:, 0].tolist(),
                y=path.points[:, 1].tolist(),
                mode="lines+markers",
                name=name,
                line=dict(color=colour, width=2),
                marker=dict(color=colour, size=sizes, symbol=symbols),
                unselected=dict(marker=dict(opacity=1)),
                customdata=np.stack([np.arange(len(path.points)), path.losses], axis=1),
                hovertemplate=f"{name} step %{{customdata[0]}}<br>"
                f"{axes[0]} = %{{x:.4g}}, {axes[1]} = %{{y:.4g}}<br>"
                "L = %{customdata[1]:.4g}<extra></extra>",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=[start[0]],
            y=[start[1]],
            mode="markers",
            name="start",
            marker=dict(color="#212529", size=11, symbol="circle-open", line=dict(width=2)),
            unselected=dict(marker=dict(opacity=1)),
            hoverinfo="skip",
            showlegend=False,
        )
    )
    if minimum is not None:
        fig.add_trace(
            go.Scatter(
                x=[minimum[0]],
                y=[minimum[1]],
                mode="markers",
                name="minimum",
                marker=dict(color="#212529", size=12, symbol="star"),
                unselected=dict(marker=dict(opacity=1)),
                hovertemplate="minimum (%{x}, %{y})<extra></extra>",
                showlegend=False,
            )
        )
    base_layout(fig, None, height)
    fig.update_layout(
        clickmode="event+select",
        dragmode=False,
        hovermode="closest",
        margin=dict(l=10, r=10, t=30, b=10),
    )
    # no fixed aspect ratio: on a phone a square plot would leave half its height empty
    x_range, y_range = box[:2], box[2:]
    if zoom and paths:
        pts = np.concatenate([p.points for p in paths])
        x_range, y_range = _framed(pts[:, 0]), _framed(pts[:, 1])
    fig.update_xaxes(range=x_range, title=axes[0])
    fig.update_yaxes(range=y_range, title=axes[1])
    return fig


def losses(
    paths: Sequence[Path],
    colours: Sequence[str] | None = None,
    names: Sequence[str] | None = None,
    height: int = 400,
) -> go.Figure:
    """Loss per step, one line per path, log y (zero and blown-up values leave gaps)."""
    fig = go.Figure()
    for i, path in enumerate(paths):
        colour = colours[i] if colours else path_colour(path)
        name = names[i] if names else path_name(path)
        ys = [float(v) if 0 < v < np.inf else None for v in path.losses]
        fig.add_trace(
            go.Scatter(
                x=np.arange(len(ys)),
                y=ys,
                mode="lines",
                name=name,
                line=dict(color=colour, width=2),
                hovertemplate=f"{name} step %{{x}}: L = %{{y:.4g}}<extra></extra>",
            )
        )
        if path.diverged is not None and ys[-1] is not None:
            fig.add_trace(
                go.Scatter(
                    x=[path.steps],
                    y=[ys[-1]],
                    mode="markers",
                    marker=dict(color=colour, size=11, symbol="x"),
                    showlegend=False,
                    hovertemplate=f"{name} diverged at step {path.diverged.epoch}<extra></extra>",
                )
            )
    base_layout(fig, None, height)
    fig.update_layout(margin=dict(l=10, r=10, t=30, b=10))
    fig.update_xaxes(title="step")
    fig.update_yaxes(title="loss L", type="log", exponentformat="power")
    shown = [v for p in paths for v in p.losses if 0 < v < np.inf]
    start = max((float(p.losses[0]) for p in paths if p.losses[0] > 0), default=0.0)
    if shown and min(shown) < LOSS_FLOOR * start:
        # below 10⁻¹² of the start is rounding noise: don't let it squash the rest
        fig.update_yaxes(range=[np.log10(LOSS_FLOOR * start), np.log10(max(shown)) + 0.5])
    return fig


def sweep(
    sweeps: Sequence[Sweep],
    lr: float,
    regions: Sequence[Region] = (),
    threshold: tuple[float, str] | None = None,
    height: int = 360,
) -> go.Figure:
    """Final loss against the learning rate (log–log), one curve per optimizer; runs that
    diverged are × at the top. ``regions`` shade the axis (GD on the bowl); ``threshold`` is
    (η, label) of the 2/b line; a dotted line marks the current η."""
    fig = go.Figure()
    finite = [v for s in sweeps for v, d in zip(s.final, s.diverged) if not d and v > 0]
    starts = [s.start_loss for s in sweeps if s.start_loss > 0]
    ceiling = 10 * max(finite + starts + [1e-12])
    floor = max(min(finite + starts + [ceiling / 1e6]) / 3, ceiling * LOSS_FLOOR)
    for i, s in enumerate(sweeps):
        colour = COLOURS.get(s.optimizer, SERIES_COLOURS[4])
        name = OPTIMIZER_NAMES.get(s.optimizer, s.optimizer)
        ok = ~s.diverged & (s.final > 0)
        fig.add_trace(
            go.Scatter(
                x=s.lrs,
                y=np.where(ok, s.final, np.nan),
                mode="lines+markers",
                name=name,
                line=dict(color=colour, width=2),
                marker=dict(size=5),
                connectgaps=False,
                hovertemplate=f"{name} η = %{{x:.4g}}: final L = %{{y:.4g}}<extra></extra>",
            )
        )
        if s.diverged.any():
            fig.add_trace(
                go.Scatter(
                    x=s.lrs[s.diverged],
                    y=[ceiling * 2**i] * int(s.diverged.sum()),  # one row each: none hidden
                    mode="markers",
                    marker=dict(color=colour, size=9, symbol="x"),
                    name=f"{name} diverged",
                    showlegend=False,
                    hovertemplate=f"{name} η = %{{x:.4g}}: diverged<extra></extra>",
                )
            )
    # Annotations on a log axis take log₁₀ coordinates (shapes take data ones).
    for r in regions:
        fig.add_vrect(
            x0=r.lo, x1=r.hi, fillcolor=REGION_COLOURS[r.kind], line_width=0, layer="below"
        )
        fig.add_annotation(
            x=np.log10(np.sqrt(r.lo * r.hi)),
            y=0.02,
            yref="paper",
            text=REGIME_NAMES[r.kind],
            textangle=-90,
            xanchor="center",
            yanchor="bottom",
            showarrow=False,
            font=dict(size=11, color="#495057"),
        )
    if threshold is not None:
        fig.add_vline(x=threshold[0], line=dict(color="#c92a2a", width=2))
        fig.add_annotation(
            x=np.log10(threshold[0]),
            y=1.0,
            yref="paper",
            text=threshold[1],
            xanchor="right",
            yanchor="top",
            showarrow=False,
            font=dict(color="#c92a2a"),
            bgcolor="rgba(255,255,255,0.8)",
        )
    fig.add_vline(x=lr, line=dict(color="#212529", width=1, dash="dot"))
    base_layout(fig, None, height)
    fig.update_layout(margin=dict(l=10, r=10, t=30, b=10))
    fig.update_xaxes(type="log", title=f"learning rate η (now {fmt(lr)})", exponentformat="power")
    fig.update_yaxes(
        type="log",
        title="loss after the last step",
        exponentformat="power",
        range=[np.log10(floor), np.log10(ceiling * 2 ** len(sweeps) * 1.5)],
    )
    return fig
