"""Two lessons of the Step-by-step page, taught with the visitor's own numbers.

* MSE vs cross-entropy on a saturated sigmoid: the same network and targets under both losses,
  the output δ with its factors, the first update and the next 20 steps
  (:mod:`backprop_core.loss_compare`).
* Why backprop is cheap: forward passes finite differences would need against one forward and
  one backward pass, counted and timed here (:mod:`backprop_core.cost`).

The numbers come from the core; the sentences are written here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from backprop_core import Network
from backprop_core.cost import count, parameter_count, time_gradients, widened
from backprop_core.loss_compare import LossRun, compare
from ui.charts import SERIES_COLOURS, base_layout, line_chart
from ui.diagram import unit_names
from ui.format import fmt
from ui.step import controls
from ui.step.model import Lab, preset_lab
from ui.step.panels import PLOT_CONFIG
from ui.step.session import LAB, flash

STEPS = 20
WIDTHS = (2, 4, 8, 16, 32)
MAX_TIMED = 1500  # parameters: a finite-difference gradient of more takes most of a second here
NAMES = {"mse": "Mean squared error", "bce": "Cross-entropy"}


def _load(name: str) -> None:
    """Button callback: the preset's numbers, and the widgets that describe its network."""
    new = preset_lab(name)
    s = new.settings
    st.session_state.update(
        {
            controls.N_IN: s.n_in,
            controls.N_HIDDEN: len(s.hidden),
            controls.N_OUT: s.n_out,
            controls.HIDDEN_ACT: s.hidden_act,
            controls.OUTPUT_ACT: s.output_act,
            f"step_loss_{s.output_act}": s.loss,
            **{f"step_h{k}": h for k, h in enumerate(s.hidden)},
        }
    )
    st.session_state[LAB] = new
    flash(
        "Loaded the *Confidently wrong* example: both outputs saturated on the wrong side."
        if name == "confidently_wrong"
        else "Loaded the classic worked example.",
        "info",
    )


# -- MSE vs cross-entropy ---------------------------------------------------------------------
def _factors(run: LossRun, names: list[str]) -> pd.DataFrame:
    rows = {"ŷ": run.y_hat, "ŷ − y": run.error, "× constant": [run.scale] * len(names)}
    if run.slope is not None:
        rows["× σ'(z)"] = run.slope
    rows["= δ"] = run.delta
    return pd.DataFrame({k: [fmt(v) for v in vals] for k, vals in rows.items()}, index=names).T


def conclusion(runs: dict[str, LossRun]) -> str:
    """One sentence from the numbers: how the two deltas, first updates and errors compare."""
    mse, ce = runs["mse"], runs["bce"]
    k = int(np.argmax(np.abs(mse.error)))
    ratio = abs(ce.delta[k]) / max(abs(mse.delta[k]), 1e-300)
    update = ce.first_update / max(mse.first_update, 1e-300)
    e0, e_mse, e_ce = mse.errors[0], mse.errors[-1], ce.errors[-1]
    better = "cross-entropy" if e_ce < e_mse else "MSE"
    return (
        f"Here MSE multiplies output {k + 1}'s error {fmt(mse.error[k])} by σ'(z) = "
        f"{fmt(mse.slope[k])}, so cross-entropy's δ is {fmt(ratio, 3)}× larger "
        f"({fmt(ce.delta[k])} vs {fmt(mse.delta[k])}) and its first update {fmt(update, 3)}× "
        f"larger; after {len(mse.errors) - 1} steps the mean output error |ŷ − y| has gone from "
        f"{fmt(e0)} to {fmt(e_ce)} with cross-entropy and to {fmt(e_mse)} with MSE — "
        f"{better} gets closer to the targets."
    )


def loss_comparison(lab: Lab, lr: float, update_biases: bool) -> None:
    st.markdown(
        "**Why cross-entropy learns faster on a confidently wrong sigmoid.** The same network, "
        "targets and η under both losses. MSE's δ carries the factor σ'(z), which is tiny when "
        "a sigmoid saturates; with cross-entropy that factor cancels and δ = (ŷ − y)/N."
    )
    row = st.container(horizontal=True)
    row.button(
        "Confidently wrong",
        on_click=_load,
        args=("confidently_wrong",),
        help="Outputs z = ±5.5: ŷ ≈ (0.996, 0.004) against y = (0.01, 0.99).",
    )
    row.button("Classic example", on_click=_load, args=("classic",))
    s = lab.settings
    if s.output_act != "sigmoid" or np.any(lab.Y < 0) or np.any(lab.Y > 1):
        st.info(
            "This comparison needs a sigmoid output and targets between 0 and 1: press "
            "**Confidently wrong** (or set the output activation to Sigmoid)."
        )
        return
    w, bias = lab.step_start()
    runs = compare(s.sizes, s.hidden_act, w, bias, lab.X, lab.Y, lr, STEPS, update_biases)
    names = unit_names(s.sizes)[-1]
    cols = st.columns(2)
    for col, (name, run) in zip(cols, runs.items()):
        with col:
            st.markdown(f"**{NAMES[name]}**")
            st.dataframe(_factors(run, names))
            st.markdown(f"First update ‖η·∇θ‖ = **{fmt(run.first_update)}**")
    fig = line_chart(
        {f"{NAMES[n]} (its own loss)": r.losses for n, r in runs.items()},
        x_title="steps taken",
        y_title="loss",
        height=260,
    )
    fig.update_traces(mode="lines+markers")
    fig.update_xaxes(dtick=5, tickformat="d")
    st.plotly_chart(fig, config=PLOT_CONFIG, width="stretch", key="loss_compare")
    st.markdown(conclusion(runs))


# -- why backprop is cheap ---------------------------------------------------------------------
def widths(sizes: tuple[int, ...]) -> list[int]:
    """The hidden widths timed for this depth: as wide as stays quick to measure."""
    return [w for w in WIDTHS if parameter_count(widened(sizes, w)) <= MAX_TIMED]


@st.cache_data(max_entries=32, show_spinner=False)
def _timings(sizes: tuple[int, ...], hidden: str, output: str, loss: str) -> list:
    """Measured once per shape on this server (values do not change the cost)."""
    X, Y = np.full((1, sizes[0]), 0.5), np.full((1, sizes[-1]), 1.0 / sizes[-1])
    shapes = [list(sizes)] + [widened(sizes, w) for w in widths(sizes)]
    return [time_gradients(Network(sz, hidden, output, loss, seed=0), X, Y, 5) for sz in shapes]


def cost_lesson(lab: Lab) -> None:
    s = lab.settings
    c = count(s.sizes)
    st.markdown(
        f"**Why backprop is cheap.** Your network has **{c.parameters} parameters**. A finite-"
        f"difference gradient nudges each one up and down, "
        f"(L(θ + h) − L(θ − h)) / 2h: **{c.finite_difference_forwards} forward passes**. "
        f"Backprop gets all {c.parameters} partial derivatives from **{c.backprop_forwards} "
        f"forward + {c.backprop_backwards} backward pass**, and a backward pass costs about as "
        "much as a forward one. The gap grows with every parameter you add."
    )
    here, *sweep = _timings(tuple(s.sizes), s.hidden_act, s.output_act, s.loss)
    st.markdown(
        f"Measured on this server just now for your network: backprop "
        f"**{fmt(here.backprop * 1e3)} ms**, finite differences "
        f"**{fmt(here.finite_difference * 1e3)} ms** "
        f"({fmt(here.finite_difference / here.backprop, 3)}× slower)."
    )
    fig = go.Figure()
    for i, (name, attr) in enumerate(
        (
            ("backprop: 1 forward + 1 backward", "backprop"),
            ("finite differences", "finite_difference"),
        )
    ):
        fig.add_trace(
            go.Scatter(
                x=[t.parameters for t in sweep],
                y=[getattr(t, attr) * 1e3 for t in sweep],
                text=[f"hidden width {w}" for w in widths(tuple(s.sizes))],
                name=name,
                mode="lines+markers",
                line=dict(color=SERIES_COLOURS[i]),
                hovertemplate="%{text}: %{x} parameters, %{y:.3g} ms<extra></extra>",
            )
        )
    shown = ", ".join(map(str, widths(tuple(s.sizes))))
    fig.update_xaxes(title=f"parameters (hidden layers {shown} wide)")
    fig.update_yaxes(title="ms per gradient", type="log", exponentformat="power")
    base_layout(fig, height=280)
    st.plotly_chart(fig, config=PLOT_CONFIG, width="stretch", key="cost_chart")
    st.caption(
        "Same depth, inputs and outputs as your network, every hidden layer widened; timed once "
        "per shape (the best of a few runs) and remembered."
    )
