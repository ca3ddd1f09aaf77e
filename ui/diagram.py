"""The network diagram: a pure function from numbers to a Plotly figure, no Streamlit.

Columns of nodes (input, hidden…, output) joined by one edge per weight. Nodes are coloured by
a value (an activation, a δ) on the app's diverging scale; edges by sign (orange +, blue −) with
width proportional to magnitude. ``NaN`` means "not computed yet": that node or edge is drawn
pale grey. Hover shows exact values; one weight layer can be highlighted.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from ui.charts import DIVERGING, FONT, NEG, POS
from ui.format import fmt

UNKNOWN = "#dee2e6"
HIGHLIGHT = "rgba(255, 212, 59, 0.22)"
WIDTHS = 8  # edge widths are bucketed so a big net is still a handful of traces


def unit_names(sizes: Sequence[int]) -> list[list[str]]:
    """x1…, h1… (h1.1…, h2.1… with several hidden layers), o1…: the names the page uses."""
    n_hidden = len(sizes) - 2
    cols = [[f"x{i + 1}" for i in range(sizes[0])]]
    for k, n in enumerate(sizes[1:-1]):
        prefix = "h" if n_hidden == 1 else f"h{k + 1}."
        cols.append([f"{prefix}{j + 1}" for j in range(n)])
    cols.append([f"o{j + 1}" for j in range(sizes[-1])])
    return cols


def column_titles(sizes: Sequence[int]) -> list[str]:
    n_hidden = len(sizes) - 2
    hidden = ["hidden"] if n_hidden == 1 else [f"hidden {k + 1}" for k in range(n_hidden)]
    return ["input", *hidden, "output"]


def positions(sizes: Sequence[int]) -> list[np.ndarray]:
    """(n, 2) node centres per column: x = column, y centred on 0, first unit on top."""
    return [
        np.column_stack([np.full(n, float(c)), (n - 1) / 2 - np.arange(n)])
        for c, n in enumerate(sizes)
    ]


def _scale(arrays: Sequence[np.ndarray]) -> float:
    finite = [np.abs(a[np.isfinite(a)]) for a in arrays if a is not None and np.size(a)]
    finite = [f for f in finite if f.size]
    m = float(max(f.max() for f in finite)) if finite else 0.0
    return m if m > 0 else 1.0


def network_diagram(
    sizes: Sequence[int],
    edge_values: Sequence[np.ndarray],
    node_values: Sequence[np.ndarray] | None = None,
    *,
    node_hover: Sequence[Sequence[str]] | None = None,
    edge_hover: Sequence[Sequence[Sequence[str]]] | None = None,
    node_title: str = "a",
    edge_title: str = "w",
    active_layer: int | None = None,
    edge_labels: bool = True,
    height: int = 380,
) -> go.Figure:
    """The diagram of a net with layer sizes ``sizes``.

    ``edge_values[l]`` is ``(sizes[l], sizes[l+1])`` (e.g. the weights or ∂L/∂W);
    ``node_values[c]`` is ``(sizes[c],)`` per column (NaN = not known yet);
    ``active_layer`` highlights weight layer ``l`` (the columns it joins). Edge values are
    printed on layers of at most 4 edges; hover always has them.
    """
    names = unit_names(sizes)
    pos = positions(sizes)
    if node_values is None:
        node_values = [np.full(n, np.nan) for n in sizes]
    node_values = [np.asarray(v, dtype=float).reshape(-1) for v in node_values]
    edge_values = [np.asarray(e, dtype=float) for e in edge_values]
    fig = go.Figure()

    def labelled(l: int) -> bool:
        """Print values on a layer's edges only where they stay legible (hover has them all)."""
        n = sizes[l] * sizes[l + 1]
        return edge_labels and n <= 4

    # Edges: bucketed by colour and width, drawn as None-separated polylines.
    e_max = _scale(edge_values)
    buckets: dict[tuple[str, int], tuple[list, list]] = {}
    mid_x, mid_y, mid_text, mid_hover = [], [], [], []
    for l, E in enumerate(edge_values):
        for i in range(sizes[l]):
            for j in range(sizes[l + 1]):
                v = E[i, j]
                (x0, y0), (x1, y1) = pos[l][i], pos[l + 1][j]
                if np.isfinite(v):
                    colour = POS if v >= 0 else NEG
                    width = 1 + round((WIDTHS - 1) * abs(v) / e_max)
                else:
                    colour, width = UNKNOWN, 1
                xs, ys = buckets.setdefault((colour, width), ([], []))
                xs += [x0, x1, None]
                ys += [y0, y1, None]
                t = 0.4  # off the middle, so crossing edges keep theirs apart, and clear of nodes
                mid_x.append(x0 + t * (x1 - x0))
                mid_y.append(y0 + t * (y1 - y0))
                # U+2212: a hyphen-minus is as thin as the edge line it would sit on.
                mid_text.append(fmt(v).replace("-", "−") if np.isfinite(v) and labelled(l) else "")
                hover = edge_hover[l][i][j] if edge_hover else f"{edge_title} = {v:.8g}"
                mid_hover.append(hover)
    for (colour, width), (xs, ys) in sorted(buckets.items(), key=lambda kv: kv[0][1]):
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line=dict(color=colour, width=width),
                opacity=0.85,
                hoverinfo="skip",
                showlegend=False,
            )
        )
    fig.add_trace(
        go.Scatter(
            x=mid_x,
            y=mid_y,
            mode="markers",
            marker=dict(size=12, color="rgba(0,0,0,0)"),
            hovertext=mid_hover,
            hoverinfo="text",
            name="edges",
            showlegend=False,
        )
    )

    # Edge values on a white label above the line, so a minus sign never merges with it.
    for x, y, text in zip(mid_x, mid_y, mid_text):
        if text:
            fig.add_annotation(
                x=x,
                y=y,
                text=text,
                showarrow=False,
                yshift=9,
                font=dict(size=11, color="#343a40"),
                bgcolor="rgba(255, 255, 255, 0.85)",
                borderpad=1,
                name="edge label",
            )

    # Nodes: one trace, coloured on a symmetric diverging scale; unknown ones grey.
    n_max = _scale(node_values)
    xs, ys, colours, labels, hovers, values, text_colours = [], [], [], [], [], [], []
    for c, col in enumerate(node_values):
        for j in range(sizes[c]):
            v = col[j] if j < col.size else np.nan
            xs.append(pos[c][j][0])
            ys.append(pos[c][j][1])
            known = bool(np.isfinite(v))
            colours.append(float(v) if known else None)
            values.append(fmt(v) if known else "")
            labels.append(names[c][j])
            strong = known and abs(v) / n_max > 0.6
            text_colours.append("white" if strong else "#212529")
            hovers.append(
                node_hover[c][j]
                if node_hover
                else f"{names[c][j]}: {node_title} = {v:.8g}"
                if known
                else names[c][j]
            )
    known_mask = [v is not None for v in colours]
    for known in (False, True):
        idx = [k for k, m in enumerate(known_mask) if m == known]
        if not idx:
            continue
        marker = dict(size=46, line=dict(color="#495057", width=1.5))
        if known:
            marker.update(
                color=[colours[k] for k in idx], colorscale=DIVERGING, cmin=-n_max, cmax=n_max
            )
        else:
            marker.update(color=UNKNOWN)
        fig.add_trace(
            go.Scatter(
                x=[xs[k] for k in idx],
                y=[ys[k] for k in idx],
                mode="markers+text",
                text=[labels[k] for k in idx],
                textfont=dict(size=13, color=[text_colours[k] for k in idx]),
                marker=marker,
                hovertext=[hovers[k] for k in idx],
                hoverinfo="text",
                name="known nodes" if known else "nodes",
                showlegend=False,
            )
        )
    # The node's value under it.
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=[y - 0.36 for y in ys],
            mode="text",
            text=values,
            textfont=dict(size=12, color="#212529"),
            hoverinfo="skip",
            name="node values",
            showlegend=False,
        )
    )

    top = max((n - 1) / 2 for n in sizes)
    for c, title in enumerate(column_titles(sizes)):
        fig.add_annotation(
            x=c, y=top + 0.55, text=f"<b>{title}</b>", showarrow=False, font=dict(size=12)
        )
    if active_layer is not None and 0 <= active_layer < len(sizes) - 1:
        fig.add_shape(
            type="rect",
            x0=active_layer - 0.3,
            x1=active_layer + 1.3,
            y0=-top - 0.7,
            y1=top + 0.75,
            fillcolor=HIGHLIGHT,
            line=dict(width=0),
            layer="below",
        )
    fig.add_annotation(
        x=0.5,
        y=0.0,
        xref="paper",
        yref="paper",
        yanchor="top",
        showarrow=False,
        font=dict(size=12, color="#495057"),
        # Three short lines: one long line is cut off in a narrow column.
        text=(
            f"nodes: <b>{node_title}</b><br>edges: <b>{edge_title}</b><br>"
            f"<span style='color:{POS}'>orange +</span>, "
            f"<span style='color:{NEG}'>blue −</span>, width ∝ size, grey = not yet"
        ),
    )
    fig.update_xaxes(visible=False, range=[-0.45, len(sizes) - 0.55], fixedrange=True)
    fig.update_yaxes(visible=False, range=[-top - 0.8, top + 0.8], fixedrange=True)
    fig.update_layout(
        height=height,
        margin=dict(l=5, r=5, t=5, b=58),
        font=FONT,
        plot_bgcolor="white",
        paper_bgcolor="white",
        dragmode=False,
        hoverlabel=dict(font=dict(family="monospace", size=12)),
    )
    return fig
