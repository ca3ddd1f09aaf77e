"""The charts of the concept questions' experiments. Pure: numbers in, Plotly figure out."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from backprop_core.initialisers import INITIALISERS
from backprop_core.practice import ConceptQuestion
from ui.charts import SERIES_COLOURS, base_layout, line_chart
from ui.format import fmt

from .sentences import option

HEIGHT = 280


def bars(names: list[str], values: list[float], x_title: str, log_x: bool = True) -> go.Figure:
    """Horizontal bars, first on top: long labels stay level and readable on a phone."""
    fig = go.Figure(
        go.Bar(
            x=values,
            y=names,
            orientation="h",
            marker_color=SERIES_COLOURS[: len(names)],
            text=[fmt(v) for v in values],
            textposition="auto",  # inside a long bar, beside a short one
            cliponaxis=False,
            hovertemplate="%{y}: %{x:.4g}<extra></extra>",
        )
    )
    fig.update_xaxes(title=x_title, type="log" if log_x else "linear", exponentformat="power")
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig = base_layout(fig, height=60 + 40 * len(names))
    fig.update_layout(margin=dict(r=40))  # room for a short bar's number
    return fig


def evidence_chart(q: ConceptQuestion) -> go.Figure | None:
    """The experiment's numbers as one chart (None when a table says it better)."""
    e = q.evidence
    if q.kind == "vanishing":
        rms = e["grad_rms"]
        x = list(range(1, len(rms) + 1))
        return line_chart(
            {"gradient per weight": rms},
            x=x,
            x_title="layer (1 = next to the input)",
            y_title="‖∂L/∂W‖ / √weights",
            log_y=True,
            height=HEIGHT,
        )
    if q.kind == "zero_init":
        return line_chart(
            {"all zeros": e["loss_zeros"], "Xavier": e["loss_xavier"]},
            y_title="training loss",
            height=HEIGHT,
        )
    if q.kind == "learning_rate":
        series = {option(q, k): v for k, v in e["losses"].items()}
        return line_chart(series, y_title="training loss", log_y=True, height=HEIGHT)
    if q.kind == "saturated":
        return line_chart(
            {"MSE": np.abs(e["curve_mse"]), "cross-entropy": np.abs(e["curve_bce"])},
            x=e["grid"],
            x_title="z of the output (target y = 0)",
            y_title="|δ| = |∂L/∂z|",
            log_y=True,
            height=HEIGHT,
            marker_at=q.setting["z"],
            marker_text=f"z = {fmt(q.setting['z'])}",
        )
    if q.kind == "relu_init":
        series = {INITIALISERS[k].label: v for k, v in e["delta_norms"].items()}
        x = list(range(1, q.setting["depth"] + 1))
        return line_chart(
            series,
            x=x,
            x_title="hidden layer (1 = next to the input)",
            y_title="‖δ‖ per sample",
            log_y=True,
            height=HEIGHT,
        )
    if q.kind == "exploding":
        after = e["norm_after"]
        names = ["as it is", *(option(q, k) for k in after)]
        return bars(names, [e["norm_before"], *after.values()], "‖∇L‖ the update uses")
    if q.kind == "cost":
        return bars(
            ["finite differences", "backprop"],
            [e["fd_passes"], e["backprop_passes"]],
            "forward passes",
            log_x=False,
        )
    return None
