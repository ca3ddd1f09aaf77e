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
    START,
    Lab,
    adapt,
    apply_cells,
    build_lab,
    check_targets,
    settings_from,
)
from ui.step_view import (
    chain_view,
    computed_at,
    diagram_args,
    layer_tables,
    parameter_options,
    stage_kind,
    stage_latex,
    update_table,
)

LAB, FLASH = "step_lab", "step_flash"
# Widget keys (the sliders' and boxes' values live in st.session_state under these).
N_IN, N_HIDDEN, N_OUT = "step_n_in", "step_n_hidden", "step_n_out"
HIDDEN_ACT, OUTPUT_ACT, LR, BIASES = "step_hidden_act", "step_output_act", "step_lr", "step_biases"
LR_MIN, LR_MAX = 0.001, 10.0
PLOT_CONFIG = {"displayModeBar": False, "scrollZoom": False}
ROW_PX = 35  # st.dataframe's row height
LOSS_HELP = {
    "mse": "mean squared error: L = (1/N)·Σ(ŷ − y)²",
    "bce": "binary cross-entropy: L = −(1/N)·Σ[y·ln ŷ + (1 − y)·ln(1 − ŷ)]",
    "cross_entropy": "cross-entropy: L = −Σ y·ln ŷ (y one-hot, or probabilities summing to 1)",
}
# Two columns (diagram | stage) side by side only when each gets ~22rem; narrower, they stack,
# so a formula never has to squeeze into a quarter of a projector. KaTeX's last table cell
# pokes 2px past an aligned block's box: the padding keeps that from scrolling sideways.
CSS = """<style>
[class*="st-key-step_wrap"] > div > [data-testid="stHorizontalBlock"] {
  flex-wrap: wrap; row-gap: 0.5rem; }
[class*="st-key-step_wrap"] > div > [data-testid="stHorizontalBlock"] > [data-testid="stColumn"] {
  flex: 1 1 22rem !important; min-width: min(100%, 22rem) !important; }
.katex-display { padding-right: 4px; }
</style>"""


def flash(message: str | None, kind: str = "warning") -> None:
    if message:
        st.session_state.setdefault(FLASH, []).append((kind, message))


def exact(x: float) -> str:
    """A loss at full precision: the shortest repr that reads back to the same float."""
    return repr(float(x))


def lab() -> Lab:
    if LAB not in st.session_state:
        st.session_state[LAB] = build_lab(CLASSIC)
    return st.session_state[LAB]


def lr_and_biases() -> tuple[float, bool, str | None]:
    """η clamped into [LR_MIN, LR_MAX] (with the reason when it had to be), and the toggle."""
    raw = st.session_state.get(LR, CLASSIC_LR)
    lr, why = clamp_lr(raw)
    return lr, bool(st.session_state.get(BIASES, True)), why


def clamp_lr(raw: object) -> tuple[float, str | None]:
    try:
        lr = float(raw)
    except (TypeError, ValueError):
        lr = float("nan")
    if LR_MIN <= lr <= LR_MAX:
        return lr, None
    used = LR_MAX if lr > LR_MAX else LR_MIN
    return used, (
        f"η = {raw:g} is outside the range this page takes, {LR_MIN:g} to {LR_MAX:g}: above "
        f"{LR_MAX:g} one step of these small networks jumps so far that the numbers stop "
        f"meaning anything, and below {LR_MIN:g} a step changes nothing you can see in 4 digits. "
        f"Using η = {used:g}."
        if isinstance(raw, int | float)
        else f"η must be a number between {LR_MIN:g} and {LR_MAX:g}; using {used:g}."
    )


# -- network controls -------------------------------------------------------------------------
def _seed(key: str, value: object) -> str:
    """Give a widget its starting value once; from then on its key holds it."""
    st.session_state.setdefault(key, value)
    return key


def controls(current: Lab) -> tuple[Lab, float, bool]:
    """The network's shape, activations, loss, η and Update biases (drawn where called, after
    the stage buttons, so the buttons come first in tab order); a changed shape rebuilds."""
    s = current.settings
    shape, choices, rate = st.columns([5, 5, 4])
    n_in = shape.slider(
        "Inputs", 1, 4, key=_seed(N_IN, s.n_in), help="Input size n: the example is x = (x₁ … xₙ)."
    )
    n_hidden = shape.slider(
        "Hidden layers",
        1,
        3,
        key=_seed(N_HIDDEN, len(s.hidden)),
        help="Each hidden layer: a = f(a_prev·W + b).",
    )
    hidden = [
        shape.slider(
            f"Neurons in hidden layer {k + 1}",
            1,
            4,
            key=_seed(f"step_h{k}", s.hidden[k] if k < len(s.hidden) else 2),
            help="Units in this layer: W has shape (units below) × (units here).",
        )
        for k in range(n_hidden)
    ]
    n_out = shape.slider(
        "Outputs", 1, 3, key=_seed(N_OUT, s.n_out), help="Output size: ŷ = (ŷ₁ … ŷₖ)."
    )
    hidden_act = choices.selectbox(
        "Hidden activation",
        HIDDEN_ACTIVATIONS,
        key=_seed(HIDDEN_ACT, s.hidden_act),
        format_func=lambda n: ACTIVATIONS[n].label,
        help="f in a = f(z) for every hidden unit; its slope f'(z) multiplies every δ on the "
        "way back. Sigmoid: σ(z) = 1/(1+e⁻ᶻ), σ' = σ(1−σ).",
    )
    output_act = choices.selectbox(
        "Output activation",
        tuple(ACTIVATIONS),
        key=_seed(OUTPUT_ACT, s.output_act),
        format_func=lambda n: ACTIVATIONS[n].label,
        help="f for the output layer: ŷ = f(z). Softmax makes the outputs a distribution.",
    )
    losses = valid_losses(output_act)
    loss = choices.selectbox(
        "Loss",
        losses,
        key=_seed(f"step_loss_{output_act}", s.loss if s.loss in losses else losses[0]),
        format_func=lambda n: LOSSES[n].label,
        help="Only losses that fit the output activation are offered: "
        + "; ".join(LOSS_HELP[n] for n in losses)
        + ". Your inputs and targets are kept when the new loss can take them.",
    )
    rate.number_input(
        "Learning rate η",
        step=0.1,
        format="%.3f",
        key=_seed(LR, CLASSIC_LR),
        help=f"The step size of the update: w ← w − η·∂L/∂w. From {LR_MIN:g} to {LR_MAX:g}.",
    )
    rate.toggle(
        "Update biases",
        key=_seed(BIASES, True),
        help="On: the update moves every weight and every bias, b ← b − η·∂L/∂b. Off: "
        "weights only, as in the classic hand-worked example (loss 0.298371 → 0.291028).",
    )
    new, why = adapt(current, settings_from(n_in, hidden, n_out, hidden_act, output_act, loss))
    if new is not current and new.settings.sizes == current.settings.sizes and current.past:
        why = " ".join(
            filter(
                None,
                [
                    why,
                    "The loss-per-step chart starts over: losses of two different "
                    "loss functions do not compare.",
                ],
            )  # fmt: skip
        )
    if why:
        st.session_state[FLASH + "_now"] = why
    st.session_state[LAB] = new
    lr, biases, lr_why = lr_and_biases()
    if lr_why:
        st.warning(lr_why, icon=":material/warning:")
    return new, lr, biases


# -- buttons and timeline ---------------------------------------------------------------------
def _on_next() -> None:
    lr, biases, _ = lr_and_biases()
    flash(lab().next(lr, biases))


def _on_back() -> None:
    lab().back()


def _on_full() -> None:
    lr, biases, _ = lr_and_biases()
    flash(lab().full_step(lr, biases))


def _on_reset() -> None:
    flash(lab().reset(), "info")


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
        help="Back to the starting example, before any step.",
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
    now = st.session_state.pop(FLASH + "_now", None)
    if now:
        st.info(now, icon=":material/info:")
    for kind, text in st.session_state.pop(FLASH, []):
        if kind == "info":
            st.info(text, icon=":material/info:")
        else:
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
    if kind == "loss":
        st.markdown(f"At full precision: **L = {exact(run.loss)}**")
    elif kind == "update":
        st.markdown(
            f"Loss at full precision: {exact(run.loss)} → **{exact(run.loss_after)}**"
            + ("" if run.stages[-1].values["update_biases"] else " (weights only)")
        )


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
        if current.pos != START:
            flash(
                f"You changed a number at stage {current.pos + 1} / {len(current.names)}, so "
                "the step starts again from **Start** with the new numbers (every stage after "
                "it depends on them); Reset now comes back to them.",
                "info",
            )
        current.X, current.Y, current.weights, current.biases = X, Y, new_w, new_b
        current.restart_from_here()
        for p in problems:
            flash(p)
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
    option = options[labels.index(label)]
    net = current.network(*current.step_start())
    view = chain_view(net, current.X, current.Y, option)
    ahead = computed_at(current.pos, current.n_layers, option[2])
    if ahead is not None:
        st.info(
            f"**Computed ahead.** The backward pass reaches {label} at stage {ahead + 1} / "
            f"{len(current.names)} ({current.names[ahead]}); you are at "
            + ("Start" if current.pos == START else f"stage {current.pos + 1}")
            + ". These are the numbers it will find there.",
            icon=":material/fast_forward:",
        )
    left, right = st.container(key="step_wrap_chain").columns([3, 2])
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
    known = current.pos >= current.n_layers
    st.markdown(
        f"**Loss** L = `{exact(run.loss)}`" + (" (full precision)" if known else "")
        if known
        else "**Loss** L = — (computed at the Loss stage)"
    )
    for title, units, grads in layer_tables(run, current.pos, current.settings.sizes):
        st.markdown(f"**{title}**")
        left, right = st.columns([3, 2])
        left.dataframe(units)
        right.dataframe(grads)
    if current.pos == current.last:
        st.markdown("**Update: old → new**")
        table = update_table(run, current.settings.sizes)
        st.dataframe(  # tall enough for every row: the last biases must not hide below a scroll
            table.style.format("{:.6g}"), height=ROW_PX * (len(table) + 1) + 3, key="update_table"
        )


def loss_chart(current: Lab) -> None:
    losses = current.losses()
    steps = len(losses) - 1
    fig = line_chart(
        {"loss": losses}, x=list(range(len(losses))), x_title="steps taken", y_title="loss"
    )
    fig.update_traces(mode="lines+markers")
    # Whole steps only, from 0 (a lone point would otherwise get Plotly's −1…1 axis).
    fig.update_xaxes(range=[-0.3, max(steps, 1) + 0.3], tickformat="d", dtick=max(1, steps // 8))
    fig.update_yaxes(rangemode="tozero")
    st.plotly_chart(fig, config=PLOT_CONFIG, width="stretch", key="loss_chart")
    st.caption(
        f"{steps} step{'' if steps == 1 else 's'} taken; loss now {fmt(losses[-1])}. "
        "Full step adds a point."
    )
