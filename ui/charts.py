"""Generic Plotly chart builders shared by the pages. Pure: data in, Figure out, no Streamlit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

# Sign = colour, everywhere in the app: blue negative, orange positive (TensorFlow Playground's).
NEG = "#1f6fb2"
POS = "#e8590c"
DIVERGING = [[0.0, NEG], [0.5, "#f5f5f5"], [1.0, POS]]
MID = "#f7f7f7"  # zero, between the two
DARK = "#1f2430"  # text-dark marks: rims of test points, the fitted curve
NEUTRAL = "#868e96"  # a legend swatch that must not look like either sign or class
GRID = "#eee"
LAYER_COLOURS = ["#1f6fb2", "#4c9bd6", "#2b8a3e", "#82a02a", "#e0a800", "#e8590c", "#c92a2a"]
SEQUENTIAL = "Viridis"
SERIES_COLOURS = ["#e8590c", "#1f6fb2", "#2b8a3e", "#862e9c", "#495057"]
# Class colours, colour-blind safe (Okabe–Ito); classes 0 and 1 keep the app's blue and orange.
CLASS_COLOURS = [NEG, POS, "#009e73", "#cc79a7", "#56b4e9"]
FONT = dict(family="Source Sans Pro, sans-serif", size=13)
# The one Plotly config every chart of the app is shown with: `st.plotly_chart(fig,
# config=PLOT_CONFIG)`. Plotly's toolbar pops up over the legend on hover, and on a phone on
# every tap; these charts are read, not edited, so it stays hidden (hover still works).
PLOT_CONFIG = {"displayModeBar": False, "displaylogo": False, "scrollZoom": False}


# Styles are all set here; Plotly's default template would be re-sent and re-applied on every
# redraw (it is most of each figure's JSON and a good part of its drawing time).
EMPTY_TEMPLATE = {"layout": {}}


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


def base_layout(fig: go.Figure, title: str | None = None, height: int = 320) -> go.Figure:
    fig.update_layout(
        title=dict(text=title, x=0.01, font=dict(size=15)) if title else None,
        height=height,
        margin=dict(l=10, r=10, t=40 if title else 10, b=10),
        font=FONT,
        plot_bgcolor="white",
        paper_bgcolor="white",
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1.0),
    )
    fig.update_xaxes(showgrid=True, gridcolor="#eee", zeroline=False)
    fig.update_yaxes(showgrid=True, gridcolor="#eee", zeroline=False)
    return fig


def finite_or_none(values: Sequence[float]) -> list[float | None]:
    """Plotly draws gaps for None; NaN / inf become gaps rather than a broken axis."""
    return [float(v) if v is not None and np.isfinite(v) else None for v in values]


def line_chart(
    series: Mapping[str, Sequence[float]],
    x: Sequence[float] | None = None,
    title: str | None = None,
    x_title: str = "epoch",
    y_title: str = "loss",
    log_y: bool = False,
    height: int = 300,
    marker_at: float | None = None,
    marker_text: str = "",
) -> go.Figure:
    """One line per series (NaN/inf shown as gaps); optional vertical marker, e.g. divergence."""
    fig = go.Figure()
    for i, (name, ys) in enumerate(series.items()):
        xs = list(x) if x is not None else list(range(len(ys)))
        ys = finite_or_none(ys)
        if log_y:
            ys = [v if v is not None and v > 0 else None for v in ys]
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                name=name,
                mode="lines",
                line=dict(color=SERIES_COLOURS[i % len(SERIES_COLOURS)], width=2),
                hovertemplate=f"{name}: %{{y:.4g}}<br>{x_title} %{{x}}<extra></extra>",
            )
        )
    if marker_at is not None:
        fig.add_vline(
            x=marker_at,
            line=dict(color="#c92a2a", dash="dash"),
            annotation_text=marker_text,
            annotation_position="top left",
        )
    fig.update_xaxes(title=x_title)
    fig.update_yaxes(title=y_title, type="log" if log_y else "linear", exponentformat="power")
    return base_layout(fig, title, height)
