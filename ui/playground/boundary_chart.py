"""The decision boundary (classification) or the fitted curve (regression), with the points."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from backprop_core.datasets import Dataset
from backprop_core.training import PLANE, Probe, Snapshot
from ui.charts import CLASS_COLOURS, DARK, NEUTRAL, axis, figure, finite_or_none
from ui.playground.pictures import classes_png, tile_png

# Shape tells train from test and colour is only ever the class: the points themselves carry no
# legend entry (their swatch would take the first point's class colour), two grey stand-ins do.
SYMBOLS = {"train": "circle", "test": "diamond"}
# Under the plot: above it, beside the title, it ran into the title on a narrow column.
LEGEND_UNDER = dict(orientation="h", x=0.0, xanchor="left", y=-0.2, yanchor="top")
CLICK_TRACE = "click grid"
CLICK_SPACING = 0.2  # drawing mode: a click lands on the nearest multiple of 0.2


def click_grid() -> go.Scatter:
    """Invisible points over the plane that a click in drawing mode picks (Plotly reports
    clicks on points only)."""
    g = np.round(np.arange(-PLANE, PLANE + 1e-9, CLICK_SPACING), 3)
    X, Y = np.meshgrid(g, g)
    clear = dict(marker=dict(color="rgba(0,0,0,0)"))
    return go.Scatter(
        x=X.ravel(),
        y=Y.ravel(),
        mode="markers",
        marker=dict(size=9, color="rgba(0,0,0,0)"),
        selected=clear,
        unselected=clear,
        name=CLICK_TRACE,
        showlegend=False,
        hovertemplate="x₁ %{x:.1f}, x₂ %{y:.1f}<br>click: add a point here<extra></extra>",
    )


def _point_traces(
    x_train, x_test, y_train, y_test, classes: bool = False, show_test: bool = True
) -> list[dict]:
    """Train and test points as two marker traces (circles, diamonds) plus their legend
    stand-ins. With ``classes`` the points are 2-D ``(n, 2)`` and coloured by class; otherwise
    ``x`` is ``(n,)`` and the markers are plotted at (x, y) in one neutral dark colour."""
    traces: list[dict] = []
    splits = (("train", x_train, y_train), ("test", x_test, y_test))[: 2 if show_test else 1]
    for name, X, Y in splits:
        symbol = SYMBOLS[name]
        if classes:
            xs, ys = X[:, 0], X[:, 1]
            colour = [CLASS_COLOURS[int(c)] for c in Y[:, 0]]
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


def _background(snap: Snapshot, probe: Probe, discretize: bool) -> tuple[str, str]:
    """The plane's picture and the chart's title: P(class 1) for two classes, else the
    winning class with its confidence above chance, (p − 1/k) / (1 − 1/k), as strength."""
    k = snap.config.n_classes
    if k <= 2:
        prob = np.nan_to_num(probe.output, nan=0.5)
        if discretize:
            prob = (prob >= 0.5).astype(float)
        return tile_png(2.0 * prob - 1.0, light=True), "Decision boundary: P(orange)"
    feats = probe.inputs.reshape(-1, probe.inputs.shape[-1])
    with np.errstate(all="ignore"):
        out = np.nan_to_num(snap.network().forward(feats).output, nan=1.0 / k)
    shape = probe.inputs.shape[:2]
    winner = out.argmax(axis=1).reshape(shape)
    conf = np.ones(shape) if discretize else ((out.max(axis=1) - 1 / k) / (1 - 1 / k))
    return classes_png(winner, conf.reshape(shape)), f"Decision regions: the likeliest of {k}"


def boundary_figure(
    snap: Snapshot,
    probe: Probe,
    data: Dataset,
    height: int = 400,
    show_test: bool = True,
    discretize: bool = False,
    clickable: bool = False,
) -> go.Figure:
    """Classification: P(class 1) over the plane (or, for more classes, the likeliest class
    shaded by its confidence) with train (white rim) and test (dark rim) points; ``clickable``
    adds the drawing mode's click grid. Regression: the fitted curve over the samples and the
    true sin x."""
    if snap.config.task == "regression":
        return _curve_figure(probe, data, height, show_test)
    source, title = _background(snap, probe, discretize)
    background = dict(
        source=source,
        xref="x",
        yref="y",
        x=float(probe.xs[0]),
        y=float(probe.ys[0]),
        sizex=float(probe.xs[-1] - probe.xs[0]),
        sizey=float(probe.ys[0] - probe.ys[-1]),
        sizing="stretch",
        layer="below",
    )
    traces = _point_traces(
        data.X_train, data.X_test, data.Y_train, data.Y_test, classes=True, show_test=show_test
    )
    span = [-PLANE, PLANE]
    fig = figure(
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
        title,
        height,
    )
    if clickable:  # a click selects the grid point under it (as the optimizers lab does)
        fig.add_trace(click_grid())
        fig.update_layout(clickmode="event+select", dragmode=False)
    return fig


def _curve_figure(probe: Probe, data: Dataset, height: int, show_test: bool) -> go.Figure:
    truth = dict(
        type="scatter",
        x=probe.xs,
        y=np.sin(probe.xs),
        mode="lines",
        name="sin x",
        line=dict(color="#adb5bd", dash="dash", width=2),
        hoverinfo="skip",
    )
    traces: list[dict] = [] if data.name == "custom" else [truth]  # own points: no known truth
    traces += _point_traces(
        data.X_train[:, 0], data.X_test[:, 0], data.Y_train, data.Y_test, show_test=show_test
    )
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
