"""The decision boundary (classification) or the fitted curve (regression), with the points."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from backprop_core.datasets import Dataset
from backprop_core.training import PLANE, Probe, Snapshot
from ui.charts import DARK, NEG, NEUTRAL, POS, axis, figure, finite_or_none
from ui.playground.pictures import tile_png

# Shape tells train from test and colour is only ever the class: the points themselves carry no
# legend entry (their swatch would take the first point's class colour), two grey stand-ins do.
SYMBOLS = {"train": "circle", "test": "diamond"}
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
