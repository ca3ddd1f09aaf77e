"""The charts below the live canvas for one snapshot: the loss, accuracy and gradient-size
curves, every weight's gradient and how good the fit is. They are drawn when the run is
paused, not at each batch of Play (each would cost the browser a Plotly redraw and the visitor
frames): the canvas plays the run, these show it in full once it stops. They are a fragment of
their own (``DETAILS_AREA``, drawn by ``ui.playground.live``)."""

from __future__ import annotations

import numpy as np
import streamlit as st

from backprop_core import multiclass
from backprop_core.datasets import FEATURES, expand_features
from backprop_core.training import Snapshot, batch_gradients
from backprop_core.training.experiment import dataset_of
from ui import metrics_view
from ui.charts import PLOT_CONFIG
from ui.playground.curves import accuracy_figure, grad_norms_figure, loss_figure
from ui.playground.gradient_grid import gradient_heatmaps
from ui.playground.sidebar import LIVE_AREA

LOG_KEY = "playground_log_loss"
LOG_KEPT = "_playground_log_loss"  # the toggle is not drawn while playing: its value waits here


DETAILS_AREA = "playground_details"  # the key of the fragment these charts are drawn in


def _keep_log() -> None:
    """The loss curves here and on the canvas change axis: both areas are drawn again."""
    st.session_state[LOG_KEPT] = st.session_state[LOG_KEY]
    st.rerun([LIVE_AREA, DETAILS_AREA])


def details(snap: Snapshot) -> None:
    """The charts for ``snap``, all computed before any is sent. In a full run they follow the
    canvas in the same run: sent one by one as they were computed, the first would reach the
    browser with the canvas and keep it busy drawing Plotly charts before the canvas."""
    cfg = snap.config
    log_y = bool(st.session_state.get(LOG_KEPT, False))
    loss = loss_figure(snap, log_y)
    accuracy = accuracy_figure(snap) if cfg.task == "classification" else None
    norms = grad_norms_figure(snap)
    data = dataset_of(cfg)
    k = cfg.n_classes
    X_train, X_test = (expand_features(X, cfg.features) for X in (data.X_train, data.X_test))
    grads_w, _ = batch_gradients(snap, X_train, multiclass.targets(data.Y_train, cfg.task, k))
    grids = gradient_heatmaps(grads_w, [FEATURES[f].label for f in cfg.features])
    net = snap.network()
    with np.errstate(all="ignore"):
        outputs = [np.nan_to_num(net.forward(X).output) for X in (X_train, X_test)]
    fit = metrics_view.measure(
        cfg.task, max(k, 2), (data.Y_train, outputs[0]), (data.Y_test, outputs[1])
    )

    def chart(slot, fig) -> None:
        slot.plotly_chart(fig, config=PLOT_CONFIG, theme=None)

    c1, c2, c3 = st.columns(3, gap="medium")
    with c1:
        chart(st.container(), loss)
        st.toggle(
            "Log scale",
            value=log_y,
            key=LOG_KEY,
            on_change=_keep_log,
            help="The loss on a log axis, here and in the live area.",
        )
    if accuracy is not None:
        chart(c2, accuracy)
    else:
        c2.caption("Regression: no accuracy; the loss is the mean squared error.")
    chart(c3, norms)
    st.markdown(
        f"**Every weight's gradient at epoch {snap.params_epoch}**: ∂L/∂W on the whole "
        "training set, one grid per layer (rows: from, columns: to)."
    )
    chart(st.container(), grids)
    with st.container(key="playground_metrics"):
        st.markdown(f"**How good the fit is at epoch {snap.params_epoch}**")
        metrics_view.show(fit, key="playground_metrics")
