"""An expression graph as Graphviz DOT text for ``st.graphviz_chart`` (pure: no Streamlit).

One box per node, micrograd-style: its name (and op), value and gradient; edges run from inputs
to the node that uses them. The node passing its gradient back at this position is filled, the
inputs it is adding to are tinted, and the edges carrying the additions are labelled with them.
"""

from __future__ import annotations

from backprop_core.graph import FORWARD, SEED, Outcome
from ui.charts import NEG, POS

from .text import names, num, op_text

CURRENT_FILL = "#ffd8a8"
RECEIVING_FILL = "#fff4e6"
LEAF_BORDER = NEG
BORDER = "#868e96"
EDGE = "#adb5bd"


def _quote(s: str) -> str:
    """A DOT string: backslashes and quotes escaped, line breaks as DOT's own ``\\n``."""
    escaped = s.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n") + '"'


MAX_ACROSS = 5  # ranks drawn left to right before "auto" turns the graph top to bottom


def depth(out: Outcome) -> int:
    """How many nodes the longest input-to-output path has: the ranks Graphviz will draw."""
    d: list[int] = []
    for n in out.graph.nodes:  # children come first
        d.append(1 + max((d[c] for c in n.children), default=0))
    return d[out.graph.root]


def rankdir(out: Outcome, direction: str) -> str:
    """``"LR"`` or ``"TB"``. A box is wider than tall, so a shallow graph reads best across
    (micrograd's way) and a deep one down: across, it would be shrunk to fit the column."""
    if direction == "auto":
        return "LR" if depth(out) <= MAX_ACROSS else "TB"
    return direction.upper()


def to_dot(out: Outcome, position: int, direction: str = "auto") -> str:
    """DOT for ``out`` at ``position``; ``direction`` is ``"lr"`` (inputs on the left), ``"tb"``
    (inputs on top) or ``"auto"`` (see :func:`rankdir`)."""
    p = out.clamp(position)
    who = names(out)
    grads = out.grads_at(p)
    step = out.step_at(p) if p > SEED else None
    receiving = {c.child for c in step.contributions} if step else set()
    added: dict[tuple[int, int], float] = {}
    if step:
        for c in step.contributions:
            added[(c.child, c.slot)] = c.amount
    lines = [
        "digraph G {",
        f"  rankdir={rankdir(out, direction)}; bgcolor=transparent; nodesep=0.2; ranksep=0.3;",
        '  node [shape=box, style="rounded,filled", fillcolor=white, fontname="Helvetica", '
        f'fontsize=14, color="{BORDER}", margin="0.06,0.02"];',
        f'  edge [color="{EDGE}", arrowsize=0.7, fontname="Helvetica", fontsize=12];',
    ]
    for n in out.graph.nodes:
        title = who[n.id] if n.is_leaf else f"{who[n.id]}  {op_text(out, n.id)}"
        value = num(out.values[n.id]) if p >= FORWARD or n.is_leaf else "?"
        grad = num(grads[n.id]) if grads is not None else "0" if p >= FORWARD else "?"
        attrs = {"label": f"{title}\n{value}\ngrad {grad}"}
        if n.is_leaf:
            attrs["color"] = LEAF_BORDER
        if n.id == out.graph.root:
            attrs["peripheries"] = "2"
        if (step and n.id == step.node) or (p == SEED and n.id == out.graph.root):
            attrs |= {"fillcolor": CURRENT_FILL, "color": POS, "penwidth": "2"}
        elif n.id in receiving:
            attrs |= {"fillcolor": RECEIVING_FILL, "color": POS}
        body = ", ".join(f"{k}={_quote(v)}" for k, v in attrs.items())
        lines.append(f'  "{n.id}" [{body}];')
    for n in out.graph.nodes:
        for slot, child in enumerate(n.children):
            edge = ""
            if step and n.id == step.node:
                edge = (
                    f' [color="{POS}", penwidth=2, fontcolor="{POS}", '
                    f"label={_quote('+= ' + num(added[(child, slot)]))}]"
                )
            lines.append(f'  "{child}" -> "{n.id}"{edge};')
    lines.append("}")
    return "\n".join(lines)
