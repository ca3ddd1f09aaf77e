"""Step by step: one gradient-descent step on a tiny network, one stage per click.

Thin on purpose: the state machine is ui/step/model.py, the link ui/step/settings.py (fields)
and ui/step/link.py (URL), the widgets and panels the other modules of ui/step/, and the
arithmetic is backprop_core.
"""

import streamlit as st

from ui.layout import header
from ui.step import controls, editors, lessons, link, panels, session

header(
    "Step by step",
    "One training step, one stage per click: forward, loss, backward, update — every number shown.",
    try_this="press **Next ▶** to the update and watch activations turn into δ's, then pick a "
    "weight under *Chain rule*; or open *Network*, set the output activation to Linear and η "
    "to 3, and press **Full step** a few times: the loss grows at every step.",
)
st.html(panels.CSS)

top = st.container()  # the stage buttons come first on the page, so first in tab order
with st.expander("Network, loss and learning rate", icon=":material/tune:"):
    lab, lr, update_biases = controls.controls(link.sync())
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
    editors.editors(lab)  # reruns the page when a cell changed

run = lab.run(lr, update_biases)
values = link.save(lab, lr, update_biases)
with top:
    panels.buttons(lab)
    panels.timeline(lab)
    link.problems()
    session.messages()
    link.share_box(values)
left, right = main.columns(2, gap="medium")
with left:
    panels.diagram(lab, run)
with right:
    panels.stage_panel(lab, run)
with tabs[0]:
    panels.chain_panel(lab)
with tabs[1]:
    panels.number_tables(lab, run)
with tabs[3]:
    panels.loss_chart(lab)
with tabs[4]:
    lessons.loss_comparison(lab, lr, update_biases)
with tabs[5]:
    lessons.cost_lesson(lab)
