"""Step by step: one gradient-descent step on a tiny network, one stage per click.

Thin on purpose: the state machine is ui/step_model.py, what to show is ui/step_view.py,
the widgets are ui/step.py, the two lessons ui/step_lessons.py and the arithmetic is
backprop_core.
"""

import streamlit as st

from ui import step, step_lessons
from ui.layout import header

header(
    "Step by step",
    "One training step, one stage per click: forward, loss, backward, update — every number shown.",
    try_this="press **Next ▶** to the update and watch activations turn into δ's, then pick a "
    "weight under *Chain rule*; or open *Network*, set the output activation to Linear and η "
    "to 3, and press **Full step** a few times: the loss grows at every step.",
)
st.html(step.CSS)

top = st.container()  # the stage buttons come first on the page, so first in tab order
with st.expander("Network, loss and learning rate", icon=":material/tune:"):
    lab, lr, update_biases = step.controls(step.lab())
main = st.container(key="step_wrap_main")
tabs = st.tabs(
    [
        "Chain rule",
        "Numbers",
        "Edit inputs & weights",
        "Loss per step",
        "MSE vs cross-entropy",
        "Why backprop is cheap",
    ]
)
with tabs[2]:
    step.editors(lab)  # reruns the page when a cell changed

run = lab.run(lr, update_biases)
with top:
    step.buttons(lab)
    step.timeline(lab)
    step.messages()
left, right = main.columns(2, gap="medium")
with left:
    step.diagram(lab, run)
with right:
    step.stage_panel(lab, run)
with tabs[0]:
    step.chain_panel(lab)
with tabs[1]:
    step.number_tables(lab, run)
with tabs[3]:
    step.loss_chart(lab)
with tabs[4]:
    step_lessons.loss_comparison(lab, lr, update_biases)
with tabs[5]:
    step_lessons.cost_lesson(lab)
