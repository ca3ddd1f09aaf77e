"""Every chart of the live area for one snapshot, laid out network-and-boundary first."""

from __future__ import annotations

import numpy as np
import streamlit as st

from backprop_core import multiclass
from backprop_core.datasets import FEATURES, expand_features
from backprop_core.training import Snapshot, batch_gradients, probe
from backprop_core.training.experiment import dataset_of
from ui import metrics_view
from ui.charts import PLOT_CONFIG
from ui.playground import own_points
from ui.playground.boundary_chart import boundary_figure
from ui.playground.curves import accuracy_figure, grad_norms_figure, loss_figure
from ui.playground.gradient_grid import gradient_heatmaps
from ui.playground.network_chart import network_figure
from ui.playground.spec import view
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
    data = dataset_of(cfg)
    k = cfg.n_classes
    plane = probe(snap, n=50)
    X_train, X_test = (expand_features(X, cfg.features) for X in (data.X_train, data.X_test))
    targets = multiclass.targets(data.Y_train, cfg.task, k)
    grads_w, _ = batch_gradients(snap, X_train, targets)
    shown = view()
    drawing = own_points.drawing() and not playing and cfg.task == "classification"
    boundary = boundary_figure(
        snap,
        plane,
        data,
        show_test=bool(shown["showtest"]),
        discretize=bool(shown["discretize"]),
        clickable=drawing,
    )
    if drawing:  # a plain chart that reports clicks (the picture stack does not)
        boundary_slot.plotly_chart(
            boundary,
            key=own_points.CLICK_KEY,
            on_select=own_points.clicked,
            selection_mode="points",
            config=PLOT_CONFIG,
            theme=None,
        )
    else:
        steady_chart(boundary_slot, "boundary", boundary, playing)
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
    net = snap.network()
    with st.container(key="playground_metrics"):
        st.markdown(f"**How good the fit is at epoch {snap.params_epoch}**")
        with np.errstate(all="ignore"):
            outputs = [net.forward(X).output for X in (X_train, X_test)]
        metrics_view.show_metrics(
            cfg.task,
            max(k, 2),
            (data.Y_train, np.nan_to_num(outputs[0])),
            (data.Y_test, np.nan_to_num(outputs[1])),
            key="playground_metrics",
        )
