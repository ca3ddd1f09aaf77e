"""The worked solution: every step with its numbers, the answer at full precision, the NumPy
script of the step, the link to Step by step; for a concept question, the experiment's chart and
what its numbers say, with the lab that shows the effect at full size."""

from __future__ import annotations

import streamlit as st

from backprop_core.config import RunConfig
from backprop_core.depth_lab import DepthSettings
from backprop_core.practice import ConceptQuestion, NumericQuestion, Step, numpy_script
from ui import settings
from ui.charts import PLOT_CONFIG
from ui.format import fmt_latex, term
from ui.gradients.settings import GRADIENTS
from ui.playground.settings import PLAYGROUND, from_config
from ui.step.settings import STEP

from . import charts, links, sentences

HEADINGS = {
    "forward": "Forward pass",
    "loss": "Loss",
    "backward": "Backward pass: the chain rule",
    "update": "Update: w ← w − η·∂L/∂w",
    "after": "Forward again, with the new weights",
}


def filled(step: Step) -> str:
    """The step's LaTeX with its numbers in place (negatives in parentheses)."""
    s = step.numbers
    for k, f in enumerate(step.factors):
        s = s.replace(f"(⟦{k}⟧)", f"({fmt_latex(f.value)})")  # σ(−0.14), not σ((−0.14))
        s = s.replace(f"⟦{k}⟧", term(f.value))
    return s


def line(step: Step) -> str:
    """One step in Markdown: inline maths, so a long line wraps on a phone instead of scrolling."""
    numbers = filled(step)
    value = fmt_latex(step.value)
    shown = [step.symbol, *dict.fromkeys(s for s in (step.formula, numbers, value))]
    return f"**{step.name}**: " + " ".join(
        f"${s}$" if k == 0 else f"$= {s}$" for k, s in enumerate(shown)
    )


def factors_caption(step: Step) -> str:
    """Each factor named: what the chain-rule product multiplies."""
    named = (f"${f.symbol}$ = {sentences.minus(f.value)} ({f.name})" for f in step.factors)
    return "Factors: " + "; ".join(named)


def numeric(q: NumericQuestion, qid: str) -> None:
    st.subheader("Worked solution", divider="gray")
    groups: dict[str, list[Step]] = {}
    for step in q.solution.steps:
        groups.setdefault(step.group, []).append(step)
    asked_forward = q.kind in ("hidden_z", "hidden_a", "output", "loss")
    for group, steps in groups.items():
        box = st.container()
        if group == "forward" and not asked_forward and len(steps) > 2:
            box = st.expander(f"{HEADINGS[group]} ({len(steps)} steps)")
        elif group in ("update", "after") and q.kind == "loss_after":
            box = st.expander(f"{HEADINGS[group]} ({len(steps)} steps)", expanded=group == "after")
        else:
            box.markdown(f"**{HEADINGS[group]}**")
        with box:
            for step in steps:
                st.markdown(line(step))
                if group == "backward" and step.name.startswith(("gradient", "output δ", "δ")):
                    st.caption(factors_caption(step))
    st.markdown(f"**Answer: `{q.solution.answer!r}`**")
    step_link(q)
    with st.expander("Show the NumPy", icon=":material/code:"):
        script = numpy_script(q.problem)
        st.caption(
            "The same step in plain NumPy — forward, loss, backward, update — with these exact "
            "numbers. It prints what this page computed."
        )
        st.code(script, language="python")
        st.download_button(
            "Download the script",
            script,
            file_name=f"practice_{qid.replace(':', '_')}.py",
            mime="text/x-python",
            icon=":material/download:",
        )


def lab_link(q: ConceptQuestion) -> None:
    """The lab page on the setting that shows this effect at full size."""
    lab = q.lab
    if isinstance(lab, DepthSettings):
        settings.page_link(
            GRADIENTS,
            "views/gradients.py",
            links.gradients_values(lab),
            label="See it in the Vanishing & exploding lab",
            icon=":material/trending_down:",
        )
    elif isinstance(lab, RunConfig):
        settings.page_link(
            PLAYGROUND,
            "views/playground.py",
            from_config(lab),
            label="Train it in the Playground",
            icon=":material/scatter_plot:",
        )


def step_link(q: NumericQuestion) -> None:
    values = links.step_link_values(q)
    if values is None:
        st.caption(
            "Step by step works on one example at a time, so this two-sample network has no "
            "Step link."
        )
        return
    settings.page_link(
        STEP,
        "views/step_by_step.py",
        values,
        label="Open this network in Step by step",
        icon=":material/footprint:",
    )


def concept(q: ConceptQuestion) -> None:
    st.subheader("The experiment", divider="gray")
    st.markdown(sentences.concept_why(q))
    fig = charts.evidence_chart(q)
    if fig is not None:
        st.plotly_chart(fig, config=PLOT_CONFIG, width="stretch", key="practice_evidence")
    if q.kind == "backward_order":
        st.markdown(sentences.stage_order(q))
    st.markdown(f"**Answer: {sentences.option(q, q.answer)}**")
    lab_link(q)
