"""Computational graph: any small expression as a graph of operations, backward one node per click.

Thin on purpose: the engine is backprop_core.graph, the words and the drawing are ui/graph/.
"""

import streamlit as st

from ui.graph import view
from ui.layout import header

header(
    "Computational graph",
    "Any small expression as a graph of scalar operations: **Forward** computes each node from "
    "its inputs, **Backward** sends the gradient back one node per click.",
    try_this="load **x used twice** and press **Backward** three times: x's gradient becomes 1, "
    "then −1, because each of the two nodes that use x adds its own share.",
)

s = view.inputs()
out = view.outcome(s)
position = view.buttons(out, s)
left, right = st.columns([3, 2], gap="medium")
with left:
    view.graph(out, position, s["dir"])
with right:
    view.explanation(out, position, s)
view.table(out, position)
view.share(s, position)
