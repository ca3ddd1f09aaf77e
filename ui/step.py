"""Streamlit widgets of the Step-by-step page: controls, buttons, timeline, stage panel,
editable tables, chain-rule panel, numbers tables and the loss chart.

The numbers come from :mod:`ui.step_model` (state) and :mod:`ui.step_view` (what to show);
this module only reads widgets and draws. One :class:`~ui.step_model.Lab` per visitor lives in
``st.session_state["step_lab"]``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from backprop_core import ACTIVATIONS, HIDDEN_ACTIVATIONS, LOSSES, valid_losses
from ui.charts import line_chart
from ui.diagram import network_diagram, unit_names
from ui.format import fmt
from ui.step_model import (
    CLASSIC,
    CLASSIC_LR,
    Lab,
    adapt,
    apply_cells,
    build_lab,
    check_targets,
    settings_from,
)
from ui.step_view import (
    chain_view,
    diagram_args,
    layer_tables,
    parameter_options,
    stage_kind,
    stage_latex,
    update_table,
)

LAB, FLASH, LR = "step_lab", "step_flash", "step_lr"
PLOT_CONFIG = {"displayModeBar": False, "scrollZoom": False}


def _flash(message: str | None) -> None:
    if message:
        st.session_state.setdefault(FLASH, []).append(message)


def lab() -> Lab:
    if LAB not in st.session_state:
        st.session_state[LAB] = build_lab(CLASSIC)
    return st.session_state[LAB]


# -- sidebar ----------------------------------------------------------------------------------
def controls(current: Lab) -> tuple[Lab, float]:
    """The network's shape, activations, loss and η; a changed shape rebuilds the lab."""
    s = current.settings
    sb = st.sidebar
    sb.header("Network")
    n_in = sb.slider("Inputs", 1, 4, s.n_in, help="Input size n: the example is x = (x₁ … xₙ).")
    n_hidden = sb.slider(
        "Hidden layers", 1, 3, len(s.hidden), help="Each hidden layer: a = f(a_prev·W + b)."
    )
    hidden = [
        sb.slider(
            f"Neurons in hidden layer {k + 1}",
            1,
            4,
            s.hidden[k] if k < len(s.hidden) else 2,
            help="Units in this layer: W has shape (units below) × (units here).",
        )
        for k in range(n_hidden)
    ]
    n_out = sb.slider("Outputs", 1, 3, s.n_out, help="Output size: ŷ = (ŷ₁ … ŷₖ).")
    hidden_act = sb.selectbox(
        "Hidden activation",
        HIDDEN_ACTIVATIONS,
        index=HIDDEN_ACTIVATIONS.index(s.hidden_act),
        format_func=lambda n: ACTIVATIONS[n].label,
        help="f in a = f(z) for every hidden unit; its slope f'(z) multiplies every δ on the "
        "way back. Sigmoid: σ(z) = 1/(1+e⁻ᶻ), σ' = σ(1−σ).",
    )
    outputs = tuple(ACTIVATIONS)
    output_act = sb.selectbox(
        "Output activation",
        outputs,
        index=outputs.index(s.output_act),
        format_func=lambda n: ACTIVATIONS[n].label,
        help="f for the output layer: ŷ = f(z). Softmax makes the outputs a distribution.",
    )
    losses = valid_losses(output_act)
    loss = sb.selectbox(
        "Loss",
        losses,
        index=losses.index(s.loss) if s.loss in losses else 0,
        format_func=lambda n: LOSSES[n].label,
        key=f"step_loss_{output_act}",
        help="Only losses that fit the output activation are offered. MSE: L = (1/N)·Σ(ŷ − y)²; "
        "cross-entropy: L = −Σ y·ln ŷ.",
    )
    lr = sb.number_input(
        "Learning rate η",
        min_value=0.001,
        max_value=10.0,
        value=CLASSIC_LR,
        step=0.1,
        format="%.3f",
        key=LR,
        help="The step size of the update: w ← w − η·∂L/∂w.",
    )
    new = adapt(current, settings_from(n_in, hidden, n_out, hidden_act, output_act, loss))
    st.session_state[LAB] = new
    return new, float(lr)


# -- buttons and timeline ---------------------------------------------------------------------
def _lr() -> float:
    return float(st.session_state.get(LR, CLASSIC_LR))


def _on_next() -> None:
    _flash(lab().next(_lr()))


def _on_back() -> None:
    lab().back()


def _on_full() -> None:
    _flash(lab().full_step(_lr()))


def _on_reset() -> None:
    lab().reset()


def buttons(current: Lab) -> None:
    back, nxt, full, reset = st.columns(4)
    back.button(
        "◀ Back",
        on_click=_on_back,
        disabled=not current.can_go_back(),
        width="stretch",
        help="Undo one stage (leaving the update restores the old weights).",
    )
    nxt.button(
        "Next ▶",
        on_click=_on_next,
        type="primary",
        width="stretch",
        help="One stage on: forward layer by layer, loss, δ, backward layer by layer, update.",
    )
    full.button(
        "Full step",
        on_click=_on_full,
        width="stretch",
        help="Finish this step (forward, loss, backward, w ← w − η·∂L/∂w) in one click.",
    )
    reset.button(
        "Reset",
        on_click=_on_reset,
        width="stretch",
        help="Back to the starting weights, before any step.",
    )


def timeline(current: Lab) -> None:
    names = ["Start", *current.names]
    here = current.pos + 1
    badges = []
    for k, name in enumerate(names):
        if k == here:
            badges.append(f":orange-badge[**▶ {name}**]")
        elif k < here:
            badges.append(f":green-badge[{name}]")
        else:
            badges.append(f":gray-badge[{name}]")
    steps = len(current.past) + (0 if current.pos == current.last else 1)
    st.markdown(f"Step **{max(steps, 1)}** &nbsp; " + " ".join(badges))


def messages() -> None:
    for text in st.session_state.pop(FLASH, []):
        st.warning(text, icon=":material/warning:")


# -- diagram and stage panel ------------------------------------------------------------------
def diagram(current: Lab, run) -> None:
    args = diagram_args(run, current.pos, current.settings.sizes)
    st.plotly_chart(network_diagram(**args), config=PLOT_CONFIG, width="stretch", key="diagram")


def stage_panel(current: Lab, run) -> None:
    s = current.settings
    pos = current.pos
    kind = stage_kind(pos, current.n_layers)
    if kind == "start":
        st.markdown("#### Ready")
        st.markdown(
            f"The inputs x sit at the left; the loss of these weights is "
            f"**{fmt(run.loss)}**. Press **Next ▶** to push x through layer 1: every unit adds "
            "its weighted inputs and bias, then squashes the sum with its activation."
        )
    else:
        stage = run.stages[pos]
        st.markdown(f"#### {pos + 1} / {len(run.stages)} · {stage.title}")
        st.markdown(stage.explanation)
    for block in stage_latex(run, pos, s.sizes, s.hidden_act, s.output_act, s.loss):
        st.latex(block)


# -- editable numbers -------------------------------------------------------------------------
def _editor(values: np.ndarray, rows: list[str], cols: list[str], key: str, title: str):
    """A text-cell editor (we parse the text ourselves); returns {(r, c): typed} for changes."""
    shown = pd.DataFrame(
        [[f"{v:.6g}" for v in row] for row in values], columns=cols, index=rows
    ).rename_axis(title)
    shown.insert(0, title, rows)
    config = {c: st.column_config.TextColumn(c, width="small") for c in cols}
    config[title] = st.column_config.TextColumn(title, disabled=True, width="small")
    edited = st.data_editor(
        shown, key=key, hide_index=True, column_config=config, num_rows="fixed", width="content"
    )
    changes = {}
    for r in range(len(rows)):
        for c, col in enumerate(cols):
            typed = edited.iloc[r][col]
            if typed != shown.iloc[r][col]:
                changes[(r, c)] = typed
    return changes


def editors(current: Lab) -> None:
    """Inputs, targets, weights and biases as tables; a bad cell warns and keeps its value."""
    sizes = current.settings.sizes
    names = unit_names(sizes)
    v = current.version
    problems: list[str] = []
    changed = False
    top = st.columns(2)
    with top[0]:
        st.markdown("**Input x**")
        ch = _editor(current.X, ["x"], names[0], f"step_X_{v}", " ")
        X, bad = apply_cells(current.X, ch, lambda r, c: names[0][c])
        problems += bad
        changed |= bool(ch)
    with top[1]:
        st.markdown("**Target y**")
        ch = _editor(current.Y, ["y"], names[-1], f"step_Y_{v}", " ")
        Y, bad = apply_cells(current.Y, ch, lambda r, c: f"target {names[-1][c]}")
        bad += check_targets(Y, current.settings.loss)
        if bad[-1:] and bad[-1].startswith("Targets"):
            Y = current.Y
        problems += bad
        changed |= bool(ch)
    new_w, new_b = [], []
    for l in range(len(sizes) - 1):
        cols = st.columns([3, 2])
        with cols[0]:
            st.markdown(f"**W{l + 1}** (row: from, column: to)")
            ch = _editor(current.weights[l], names[l], names[l + 1], f"step_W{l}_{v}", "from")
            w, bad = apply_cells(
                current.weights[l],
                ch,
                lambda r, c, l=l: f"W{l + 1}[{names[l][r]}→{names[l + 1][c]}]",
            )
            problems += bad
            changed |= bool(ch)
        with cols[1]:
            st.markdown(f"**b{l + 1}**")
            ch = _editor(current.biases[l][None, :], ["b"], names[l + 1], f"step_b{l}_{v}", " ")
            b, bad = apply_cells(
                current.biases[l][None, :], ch, lambda r, c, l=l: f"b{l + 1}[{names[l + 1][c]}]"
            )
            problems += bad
            changed |= bool(ch)
        new_w.append(w)
        new_b.append(b[0])
    if changed:
        current.X, current.Y, current.weights, current.biases = X, Y, new_w, new_b
        current.restart_from_here()
        for p in problems:
            _flash(p)
        st.rerun()


# -- chain rule, tables, loss -----------------------------------------------------------------
def chain_panel(current: Lab) -> None:
    sizes = current.settings.sizes
    options = parameter_options(sizes)
    labels = [o[0] for o in options]
    default = next(k for k, o in enumerate(options) if o[1] == "weight" and o[2] == len(sizes) - 2)
    label = st.selectbox(
        "Weight",
        labels,
        index=default,
        key=f"step_weight_{'-'.join(map(str, sizes))}",
        help="∂L/∂w = ∂L/∂a · ∂a/∂z · ∂z/∂w: the chain rule, one factor per link from w to L.",
    )
    net = current.network(*current.step_start())
    view = chain_view(net, current.X, current.Y, options[labels.index(label)])
    left, right = st.columns([3, 2])
    with left:
        for block in view.latex:
            st.latex(block)
    with right:
        agree = "agree" if view.rel_error < 1e-6 else "disagree"
        st.markdown(
            f"**Chain rule (backprop):** `{view.analytic:.10g}`  \n"
            f"**Finite difference:** `{view.numerical:.10g}`  \n"
            f"**Relative error:** `{view.rel_error:.2e}` — they {agree}",
            help="Finite difference: (L(w + h) − L(w − h)) / 2h with h = 10⁻⁶, no calculus, just "
            "two forward passes. Relative error: |a − b| / (|a| + |b|); below 10⁻⁶ they agree.",
        )
        st.markdown("\n".join(f"- {m}" for m in view.meanings))


def number_tables(current: Lab, run) -> None:
    st.caption("“—” = not computed yet at this stage. Exact values, 6 significant digits.")
    for title, units, grads in layer_tables(run, current.pos, current.settings.sizes):
        st.markdown(f"**{title}**")
        left, right = st.columns([3, 2])
        left.dataframe(units)
        right.dataframe(grads)
    if current.pos == current.last:
        st.markdown("**Update: old → new**")
        st.dataframe(update_table(run, current.settings.sizes).style.format("{:.6g}"))


def loss_chart(current: Lab) -> None:
    losses = current.losses()
    fig = line_chart(
        {"loss": losses}, x=list(range(len(losses))), x_title="steps taken", y_title="loss"
    )
    fig.update_traces(mode="lines+markers")
    st.plotly_chart(fig, config=PLOT_CONFIG, width="stretch", key="loss_chart")
    st.caption(
        f"{len(losses) - 1} steps taken; loss now {fmt(losses[-1])}. Full step adds a point."
    )
