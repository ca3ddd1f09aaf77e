"""Step by step: one gradient-descent step on a tiny network, one stage per click.

Thin on purpose: the state machine is ui/step_model.py, what to show is ui/step_view.py,
the widgets are ui/step.py and the arithmetic is backprop_core.
"""

import streamlit as st

from ui import step
from ui.layout import header

header(
    "Step by step",
    "One training step, one stage per click: forward, loss, backward, update — every number shown.",
    try_this="press **Next ▶** to the update and watch activations turn into δ's, then pick a "
    "weight under *Chain rule*, or set η to 5 and press **Full step** a few times.",
)

lab, lr = step.controls(step.lab())
top = st.container()
left, right = st.columns([1, 1], gap="medium")
tab_chain, tab_numbers, tab_edit, tab_loss = st.tabs(
    [
        "Chain rule for one weight",
        "Numbers: z, a, δ, ∂L/∂W",
        "Edit inputs & weights",
        "Loss per step",
    ]
)
with tab_edit:
    step.editors(lab)  # reruns the page when a cell changed

run = lab.run(lr)
with top:
    step.buttons(lab)
    step.timeline(lab)
    step.messages()
with left:
    step.diagram(lab, run)
with right:
    step.stage_panel(lab, run)
with tab_chain:
    step.chain_panel(lab)
with tab_numbers:
    step.number_tables(lab, run)
with tab_loss:
    step.loss_chart(lab)
