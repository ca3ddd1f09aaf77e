"""The Step page's panels: stage buttons, timeline, diagram, stage formulas, chain rule,
numbers and the loss chart. Numbers come from the core and :mod:`ui.step`'s pure modules."""

from __future__ import annotations

import streamlit as st

from ui.charts import line_chart
from ui.diagram import network_diagram
from ui.format import fmt
from ui.step.chain import chain_view
from ui.step.controls import lr_and_biases
from ui.step.formulas import stage_latex
from ui.step.model import START, Lab
from ui.step.session import flash, lab
from ui.step.stages import computed_at, diagram_args, parameter_options, stage_kind
from ui.step.tables import layer_tables, update_table

PLOT_CONFIG = {"displayModeBar": False, "scrollZoom": False}
ROW_PX = 35  # st.dataframe's row height
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


def exact(x: float) -> str:
    """A loss at full precision: the shortest repr that reads back to the same float."""
    return repr(float(x))


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
