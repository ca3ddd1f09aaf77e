"""Every chart of the live area for one snapshot, laid out network-and-boundary first."""

from __future__ import annotations

import streamlit as st

from backprop_core.datasets import FEATURES, expand_features, make_dataset
from backprop_core.training import Snapshot, batch_gradients, probe
from ui.charts import PLOT_CONFIG
from ui.playground.boundary_chart import boundary_figure
from ui.playground.curves import accuracy_figure, grad_norms_figure, loss_figure
from ui.playground.gradient_grid import gradient_heatmaps
from ui.playground.network_chart import network_figure
from ui.playground.steady import steady_chart


def draw(snap: Snapshot, playing: bool = False) -> None:
    """Every chart. The layout is made first and filled loss-first: the browser draws each
    chart as it arrives, so the curve people watch while moving a slider comes soonest (the
    previous chart stays in its container until then: no blank frame)."""
    cfg = snap.config
    left, right = st.columns([3, 2], gap="medium")
    with left:
        edges_grad = st.toggle(
            "Edges show gradients ∂L/∂w",
            key="playground_edges_grad",
            help="Off: each edge's colour and width is its weight w (orange > 0, blue < 0). "
            "On: its gradient ∂L/∂w on the whole training set, the direction w is pushed.",
        )
        network_slot = st.container(key="playground_network")
        st.caption(
            "Each square is one unit's output over the input plane (orange > 0, blue < 0), "
            "the output's is the prediction; hover an edge or a unit for its numbers."
        )
    boundary_slot = right.container(key="playground_boundary")
    c1, c2, c3 = st.columns(3, gap="medium")
    with c1:
        loss_slot = st.container()
        log_y = st.toggle("Log scale", key="playground_log_loss", help="The loss on a log axis.")
    st.markdown(
        f"**Every weight's gradient at epoch {snap.params_epoch}**: ∂L/∂W on the whole "
        "training set, one grid per layer (rows: from, columns: to)."
    )
    grads_slot = st.container()

    def chart(slot, fig) -> None:
        slot.plotly_chart(fig, config=PLOT_CONFIG, theme=None)

    chart(loss_slot, loss_figure(snap, log_y))
    data = make_dataset(cfg.dataset, cfg.points, cfg.noise, cfg.seed, cfg.train)
    plane = probe(snap, n=50)
    grads_w, _ = batch_gradients(snap, expand_features(data.X_train, cfg.features), data.Y_train)
    steady_chart(boundary_slot, "boundary", boundary_figure(snap, plane, data), playing)
    values = grads_w if edges_grad else list(snap.weights)
    label = "∂L/∂w" if edges_grad else "w"
    network = network_figure(snap, plane, values, label, hover=not playing)
    steady_chart(network_slot, "network", network, playing)
    if cfg.task == "classification":
        chart(c2, accuracy_figure(snap))
    else:
        c2.caption("Regression: no accuracy; the loss is the mean squared error.")
    chart(c3, grad_norms_figure(snap))
    labels = [FEATURES[f].label for f in cfg.features]
    chart(grads_slot, gradient_heatmaps(grads_w, labels))
