"""The Computational graph page's widgets and panels (the page file only arranges them).

The expression, the values, the position and the drawing direction are the page's settings
(:data:`ui.graph.settings.GRAPH`), so the link reproduces the view. The last expression that
could be computed is kept per visitor, so a typo shows one error above the graph that still
worked instead of an empty page.
"""

from __future__ import annotations

import streamlit as st

from backprop_core.graph import FORWARD, MAX_LEN, Outcome, try_analyse
from backprop_core.graph.parse import MAX_VALUES_LEN
from ui import settings
from ui.layout import show_problems

from .dot import to_dot
from .presets import PRESETS, Preset
from .settings import GRAPH
from .text import plain, plus_equals_markdown, step_markdown, table_rows

LAST_GOOD = "graph_last_good"


def _load(preset: Preset) -> None:
    settings.set_value(GRAPH, "expr", preset.expr)
    settings.set_value(GRAPH, "values", preset.values)
    settings.set_value(GRAPH, "step", FORWARD)


def _go(position: int) -> None:
    settings.set_value(GRAPH, "step", position)


def inputs() -> dict:
    """The Expression and Values boxes, the presets and the direction; returns the saved
    settings. Editing the expression or the values starts again after the forward pass."""
    s = settings.load(GRAPH)
    left, right = st.columns([3, 2], gap="small")
    expr = settings.widget(GRAPH, "expr", where=left, max_chars=MAX_LEN)
    values = settings.widget(GRAPH, "values", where=right, max_chars=MAX_VALUES_LEN)
    if (expr, values) != (s["expr"], s["values"]):
        s["step"] = FORWARD
    row = st.container(horizontal=True, gap="small", vertical_alignment="center")
    row.caption("Examples:", width="content")  # never enlarged; shrunk to fit a phone
    for p in PRESETS:
        row.button(p.label, key=f"graph_preset_{p.key}", on_click=_load, args=(p,), help=p.about,
                   type="tertiary")  # fmt: skip
    with st.sidebar:
        direction = settings.widget(GRAPH, "dir")
    s, problems = settings.save(GRAPH, {**s, "expr": expr, "values": values, "dir": direction})
    show_problems(settings.url_problems(GRAPH) + problems)
    return s


def outcome(s: dict) -> Outcome:
    """The computed graph; on an error, the error and the last graph that worked."""
    out, error = try_analyse(s["expr"], s["values"])
    if out is not None:
        st.session_state[LAST_GOOD] = (s["expr"], s["values"])
        if out.missing:
            many = len(out.missing) > 1
            what = f"{', '.join(out.missing)} {'have' if many else 'has'} no value in Values"
            st.info(
                plain(f"{what}, so {'they are' if many else 'it is'} 1 — add e.g. ")
                + f"`{out.missing[0]}=2` to change it."
            )
        return out
    defaults = GRAPH.defaults()
    last = st.session_state.get(LAST_GOOD, (defaults["expr"], defaults["values"]))
    st.error(plain(f"{error} Showing the last graph that worked: {last[0]}"))
    out, _ = try_analyse(*last)
    assert out is not None  # it worked before (or is the default)
    return out


def buttons(out: Outcome, s: dict) -> int:
    """Forward, Backward (one node), Back, Reset, Run all; returns the clamped position."""
    position = s["step"]
    p = out.clamp(position)
    moves = [  # label, icon, where it goes, whether it can, what it does
        ("Forward", "arrow_forward", FORWARD, p == 0,
         "Compute every node from its inputs, children first."),
        ("Backward", "arrow_back", p + 1, FORWARD <= p < out.last,
         "One node passes its gradient back to its inputs (output first)."),
        ("Back", "undo", p - 1, p > 0, "Undo the last step."),
        ("Reset", "restart_alt", 0, p > 0, "Back to nothing computed."),
        ("Run all", "fast_rewind", out.last, p < out.last,
         "Forward and the whole backward pass at once."),
    ]  # fmt: skip
    row = st.container(horizontal=True, gap="small", vertical_alignment="center")
    for label, icon, target, can, what in moves:
        kind = "primary" if label == "Backward" else "secondary"
        row.button(label, icon=f":material/{icon}:", on_click=_go, args=(target,),
                   disabled=not can, help=what, type=kind)  # fmt: skip
    return p


def graph(out: Outcome, position: int, direction: str) -> None:
    """The drawing at its own size: "content" shrinks it to fit a phone but never blows a small
    graph up to the column's width (which made the neuron taller than a projector's screen)."""
    alt = f"Computational graph of {out.graph.expr.strip()}, {len(out.graph.nodes)} nodes"
    st.graphviz_chart(to_dot(out, position, direction), width="content", alt=alt)


def explanation(out: Outcome, position: int, s: dict) -> None:
    """Where we are, what the preset is (when one is loaded), what this step did, and "+="."""
    loaded = next((p for p in PRESETS if (p.expr, p.values) == (s["expr"], s["values"])), None)
    st.caption(
        f"position {out.clamp(position)} of {out.last}" + (f" · {loaded.about}" if loaded else "")
    )
    st.markdown(step_markdown(out, position))
    with st.container(border=True):
        st.markdown(plus_equals_markdown(out, position))


def table(out: Outcome, position: int) -> None:
    rows = table_rows(out, position)
    # tall enough for every row (at most MAX_NODES): the table is the page's record of the numbers
    st.dataframe(rows, hide_index=True, width="stretch", height=35 * (len(rows) + 1) + 3)
    st.caption(
        "Every node in forward order. *Finite difference*: (out(leaf + ε) − out(leaf − ε)) / 2ε "
        "with ε = 10⁻⁶·max(1, |leaf|), computed without any derivative; *rel. error*: "
        "|grad − fd| / (|grad| + |fd|), once the backward pass is done."
    )


def share(s: dict, position: int) -> None:
    """In the page, not the sidebar: a phone keeps the sidebar closed."""
    settings.share_box(GRAPH, {**s, "step": position})
