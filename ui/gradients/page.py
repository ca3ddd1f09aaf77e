"""The lab's page: the sidebar controls (from :data:`.settings.GRADIENTS`), training with a
progress bar that a newer setting interrupts, the verdict with its remedies, and the single and
compare views. ``views/gradients.py`` calls :func:`show`."""

from __future__ import annotations

import time

import streamlit as st
from streamlit.logger import get_logger

from backprop_core.activations import ACTIVATIONS
from backprop_core.depth_lab import DepthSettings, LabJob, LabResult
from backprop_core.depth_verdict import matching_init
from backprop_core.initialisers import INITIALISERS
from ui import settings
from ui.format import fmt
from ui.layout import show_problems

from . import charts
from .sections import (
    activation_chart,
    clipping_section,
    heatmap_chart,
    loss_chart,
    profile_chart,
    symmetry_section,
    why_section,
)
from .settings import GRADIENTS, LAB_KEYS, lab_settings
from .verdict import clipped_summary, message, remedy, remedy_label, title

LOG = get_logger(__name__)  # one line per training: `--logger.level info` shows them
RESULTS = "grad_results"  # this visitor's last few runs, newest last
KEEP = 8
CHUNKS = 20
NETWORK = ("depth", "width", "activation", "init")


def describe(s: DepthSettings) -> str:
    return f"{ACTIVATIONS[s.activation].label} + {INITIALISERS[s.init].label}"


def _seeded(key: str) -> str:
    """The widget key of setting ``key``, seeded from the remembered value as
    :func:`ui.settings.widget` seeds its own widgets."""
    wkey = settings.widget_key(GRADIENTS, key)
    if wkey not in st.session_state:
        st.session_state[wkey] = settings.load(GRADIENTS)[key]
    return wkey


# Shown on the two sliders whose bare numbers would mislead: "0" is clipping off, 4 is "×4".
SHOWN = {
    "init_scale": lambda v: f"×{fmt(v)}",
    "clip": lambda v: "off" if v == 0 else f"max norm {fmt(v)}",
}


def _slider(key: str, where) -> float:
    f = GRADIENTS.field(key)
    return float(
        where.select_slider(
            f.label, f.choices, format_func=SHOWN[key], key=_seeded(key), help=f.help
        )
    )


def seed_input(where) -> int:
    """The seed as a number box: a slider over 2³¹ values cannot be aimed."""
    f = GRADIENTS.field("seed")
    return int(where.number_input(f.label, f.lo, f.hi, step=1, key=_seeded("seed"), help=f.help))


def controls() -> dict[str, object]:
    """The sidebar: every setting's widget, from its one declaration. Returns their values."""
    sb = st.sidebar
    values: dict[str, object] = {}
    sb.subheader("Network")
    for key in NETWORK:
        values[key] = settings.widget(GRADIENTS, key, where=sb)
    values["init_scale"] = _slider("init_scale", sb)
    sb.subheader("Training")
    values["lr"] = settings.widget(GRADIENTS, "lr", where=sb)
    values["clip"] = _slider("clip", sb)
    values["dataset"] = settings.widget(GRADIENTS, "dataset", where=sb)
    values["seed"] = seed_input(sb)
    values["compare"] = settings.widget(GRADIENTS, "compare", where=sb)
    if values["compare"]:
        for key in ("b_activation", "b_init"):
            values[key] = settings.widget(GRADIENTS, key, where=sb)
    return values


def run(settings: DepthSettings) -> LabResult:
    """The lab's result for ``settings``, trained in chunks with a progress bar between them.

    Each progress update is a point where Streamlit stops this run if the visitor has already
    moved a control again, so arrowing Depth 10 → 30 trains (about) the last depth only, not
    all twenty. Results are kept per visitor (not in st.cache_data, which cannot stop halfway).
    """
    kept: dict[DepthSettings, LabResult] = st.session_state.setdefault(RESULTS, {})
    if settings in kept:
        kept[settings] = kept.pop(settings)  # most recently used goes last
        return kept[settings]
    job = LabJob(settings)
    bar = st.empty()
    step = max(1, -(-job.epochs // CHUNKS))
    start = time.perf_counter()
    try:
        while not job.done:
            bar.progress(job.fraction, text=f"Training {describe(settings)}…")
            job.advance(step)
    finally:  # a newer rerun stops this one at a progress update: say so in the server log
        if not job.done:
            LOG.info(
                "stopped a stale training after %d of %d epochs: %s",
                job.asked,
                job.epochs,
                settings,
            )
    bar.empty()
    LOG.info("trained %d epochs in %.2f s: %s", job.epochs, time.perf_counter() - start, settings)
    kept[settings] = result = job.result()
    while len(kept) > KEEP:
        kept.pop(next(iter(kept)))
    return result


# -- verdict and remedies -------------------------------------------------------------------
def verdict_banner(r: LabResult) -> None:
    v = r.verdict
    show = {"error": st.error, "warning": st.warning, "success": st.success}[v.level]
    show(f"**{title(v)}:** {message(v, r.settings, clipped_summary(r))}")


def _apply(name: str) -> None:
    values = settings.load(GRADIENTS)
    before = lab_settings(values)
    after = remedy(before, name)
    for key in LAB_KEYS:
        if getattr(after, key) != getattr(before, key):
            settings.set_value(GRADIENTS, key, getattr(after, key))


def remedy_buttons(result: LabResult) -> None:
    """The remedies the verdict names (highlighted) and the classic three, each one click away."""
    s = result.settings
    wanted = result.verdict.remedies
    shown = list(dict.fromkeys([*wanted, "relu", matching_init(s.activation), "clip"]))
    cols = st.columns([0.7] + [1.0] * len(shown), vertical_alignment="center")
    cols[0].markdown("**Remedies:**")
    for col, name in zip(cols[1:], shown):
        col.button(
            remedy_label(s, name),
            key=f"grad_fix_{name}",
            on_click=_apply,
            args=(name,),
            type="primary" if name in wanted else "secondary",
            disabled=remedy(s, name) == s,
            width="stretch",
        )


# -- the page -------------------------------------------------------------------------------
def show() -> None:
    """Read the settings (link, memory, widgets), train, draw; offer the link to this view."""
    remembered = settings.load(GRADIENTS)
    values, problems = settings.save(GRADIENTS, {**remembered, **controls()})
    show_problems(settings.url_problems(GRADIENTS) + problems)
    settings.share_box(GRADIENTS, values)
    if values["compare"]:
        compare_view(lab_settings(values), lab_settings(values, b=True))
    else:
        single_view(run(lab_settings(values)))


def single_view(r: LabResult) -> None:
    verdict_banner(r)
    remedy_buttons(r)
    left, right = st.columns([3, 2])
    with left:
        profile_chart(r)
    with right:
        loss_chart(r)
    if r.settings.init == "zeros":
        symmetry_section(r)
    if r.settings.clip > 0:
        clipping_section(r, run(r.settings.replace(clip=0.0)))
    left, right = st.columns(2)
    with left:
        heatmap_chart(r)
    with right:
        activation_chart(r)
    why_section(r)


def compare_view(a: DepthSettings, b: DepthSettings) -> None:
    results = (run(a), run(b))
    if a == b:
        st.info(
            f"B is the same setting as A ({describe(a)}), so both columns are "
            "identical: pick another Activation (B) or Initialisation (B) in the sidebar."
        )
    grads = [x.report.grad_norms for r in results for x in (r.at_init, r.trained) if x is not None]
    y_range = charts.log_range(*grads, *[r.at_init.report.delta_norms for r in results])
    cols = st.columns(2, gap="large")
    for col, r, tag in zip(cols, results, "AB"):
        with col:
            st.subheader(f"{tag} · {describe(r.settings)}")
            verdict_banner(r)
            profile_chart(r, y_range, key=tag)
            loss_chart(r, key=tag)
            activation_chart(r, title="Activations per hidden layer", key=tag)
    if any(r.settings.init == "zeros" for r in results):
        symmetry_section(next(r for r in results if r.settings.init == "zeros"))
