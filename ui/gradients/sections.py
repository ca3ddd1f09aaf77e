"""Each section of the lab's page: the per-layer profile, the training loss and how it ended,
the layer × epoch heatmap, activations, the backward-pass factors, zero-init symmetry and what
clipping did. Each takes a :class:`LabResult` (and a ``key`` so two columns can hold one each)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from backprop_core.depth_lab import LabResult
from ui.charts import NEG, POS, line_chart
from ui.format import fmt

from . import charts
from .verdict import why

PLOT = {"displaylogo": False}


def heading(text: str) -> None:
    st.markdown(f"**{text}**")


def layer_list(layers: list[int]) -> str:
    """1-based layer numbers as runs: ``[1, 2, 3, 4, 7]`` -> ``"1–4, 7"``."""
    runs: list[list[int]] = []
    for n in layers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs)


def undrawable(name: str, values: np.ndarray) -> str:
    """Which points of a log-axis line are missing and why ("" when every point is drawn)."""
    v = np.asarray(values, dtype=float)
    zero = [i + 1 for i in np.flatnonzero(v == 0)]
    bad = [i + 1 for i in np.flatnonzero(~np.isfinite(v))]
    parts = []
    if zero:
        parts.append(f"exactly 0 in layer{'s' if len(zero) > 1 else ''} {layer_list(zero)}")
    if bad:
        parts.append(f"inf / NaN in layer{'s' if len(bad) > 1 else ''} {layer_list(bad)}")
    if not parts:
        return ""
    drawn = len(v) - len(zero) - len(bad)
    if drawn == 0:
        tail = "so this line is not drawn at all"
    else:
        tail = f"so only {drawn} of {len(v)} {'is' if drawn == 1 else 'are'} drawn"
    return f"{name} is {' and '.join(parts)}: a log axis cannot show those, {tail}."


def profile_chart(r: LabResult, y_range=None, title="Gradient norm per layer ‖∂L/∂W_l‖", key=""):
    a0, a1 = r.at_init, r.trained
    series = [("‖∂L/∂W_l‖ at init", a0.report.grad_norms, POS, "solid")]
    if a1 is not None:
        series.append(
            (f"‖∂L/∂W_l‖ after {r.history.epochs} epochs", a1.report.grad_norms, NEG, "solid")
        )
    series.append(("‖δ_l‖ at init", a0.report.delta_norms, "#868e96", "dot"))
    notes = [undrawable(name, v) for name, v, _, _ in series]
    drawn = [x for x in series if charts.has_points(x[1])]
    if not drawn:
        st.error(
            "Every gradient norm is 0, inf or NaN, so there is no line to draw on a log axis: "
            "the network overflowed or no gradient reaches any weight."
        )
        return
    heading(title)
    fig = charts.gradient_profile(drawn, len(a0.report.grad_norms), y_range=y_range)
    st.plotly_chart(fig, config=PLOT, key=f"grad_profile_{key}")
    for note in filter(None, notes):
        st.caption(note)


def ending_text(r: LabResult) -> str:
    """Why the loss line and heatmap stop early, with the epoch ("" when they do not)."""
    e = r.ending
    if e is None:
        return ""
    if e.kind == "diverged":
        what = {"nan": "NaN", "inf": "overflow", "loss_limit": "overflow", "weights": "overflow"}
        return (
            f"Training stopped at epoch {e.epoch} ({what.get(e.detail, 'blow-up')}): "
            f"{why(e.divergence)}. "
            "The lines stop there; NumPy's inf / NaN were caught, not drawn."
        )
    if e.kind == "zero_loss":
        quiet = (
            f" From epoch {e.quiet} every gradient is exactly 0 too, so the weights stop "
            "changing and the heatmap is empty from there."
            if e.quiet
            else ""
        )
        return (
            f"Early end at epoch {e.epoch}: the training loss is exactly 0 in float64 (every "
            "output rounds to exactly its target). 0 cannot sit on a log axis, so the loss line "
            f"ends at epoch {e.epoch - 1}.{quiet}"
        )
    return (
        f"Early end at epoch {e.epoch}: every ‖∂L/∂W_l‖ is exactly 0 (the loss is "
        f"{fmt(r.history.train_loss[e.epoch])}): no error signal reaches any weight, so nothing "
        "changes any more and the heatmap is empty from there."
    )


def loss_chart(r: LabResult, key: str = "") -> None:
    h = r.history
    d = h.diverged
    losses = np.asarray(h.train_loss, dtype=float)
    if h.epochs == 0:
        st.error(
            f"No epoch could be trained: at initialisation {why(d) if d else 'the loss failed'} "
            f"(loss = {fmt(losses[0])}). The output is astronomically large, so any step "
            "would overflow; fix the initialisation first."
        )
        return
    heading("Training loss")
    e = r.ending
    fig = line_chart(
        {"training loss": losses},
        log_y=True,
        marker_at=e.epoch if e else None,
        marker_text={"diverged": "diverged", "zero_loss": "loss = 0"}.get(e.kind, "stopped")
        if e
        else "",
        height=330,
    )
    st.plotly_chart(fig, config=PLOT, key=f"grad_loss_{key}")
    clip = "off" if r.settings.clip == 0 else f"at ‖g‖ ≤ {fmt(r.settings.clip)}"
    st.caption(
        f"Full-batch gradient descent, η = {fmt(r.settings.lr)}, clipping {clip}: {r.epochs} "
        f"epochs on {r.n_train} points (fewer epochs for big nets, to keep the page fast)."
    )
    if e:
        (st.error if e.kind == "diverged" else st.info)(ending_text(r))


def heatmap_chart(r: LabResult) -> None:
    m = r.grad_matrix
    if m.size == 0:
        st.info("No epoch was trained, so there is no layer × epoch picture to draw.")
        return
    if not np.any(np.isfinite(m) & (m > 0)):
        st.info(
            "Every ‖∂L/∂W_l‖ is 0, inf or NaN in every epoch, so there is no layer × epoch "
            "picture to draw on a log colour scale."
        )
        return
    heading("‖∂L/∂W_l‖ in every epoch (log colour)")
    st.plotly_chart(charts.gradient_heatmap(m), config=PLOT, key="grad_heatmap")
    e = r.ending
    if e is not None and e.quiet:
        st.caption(
            f"Empty from epoch {e.quiet}: every gradient is exactly 0 (see the training loss)."
        )


def activation_chart(
    r: LabResult, title: str = "Activations per hidden layer (at init)", key: str = ""
) -> None:
    a = r.at_init
    if not np.any(np.isfinite(a.box)):
        st.error("The activations overflowed to inf / NaN at initialisation: nothing to draw.")
        return
    heading(title)
    fig = charts.activation_boxes(a.box, a.report.saturated, a.report.dead, r.settings.activation)
    st.plotly_chart(fig, config=PLOT, key=f"grad_acts_{key}")


def sup(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻"))


def sub(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def _gmean(values: np.ndarray) -> float:
    v = np.asarray(values, dtype=float)
    if v.size == 0 or not np.all(np.isfinite(v)) or np.any(v <= 0):
        return float("nan")
    return float(np.exp(np.mean(np.log(v))))


def why_section(r: LabResult) -> None:
    a, s = r.at_init, r.settings
    n = s.depth - 1
    st.subheader("Why: the backward pass multiplies, once per layer")
    st.latex(r"\delta_l = \big(\delta_{l+1}\, W_{l+1}^{\top}\big) \odot f'(z_l)")
    w, k = _gmean(a.weight_gain[:n]), _gmean(a.slope_gain[:n])
    if not np.isfinite(w * k):
        st.markdown(
            "Here some factor is 0 or undefined: with zero weights (or a layer of dead ReLUs) "
            "δ Wᵀ = 0, so no error signal flows back through that layer at all."
        )
        return
    text = (
        f"In this network at initialisation, one step back through a hidden layer multiplies ‖δ‖ "
        f"by **×{fmt(w)}** through the weights (δ Wᵀ) and by **×{fmt(k)}** through the slope "
        f"f'(z) (its mean here is {fmt(float(np.mean(a.mean_slope)))}): **×{fmt(a.factor)}** "
        f"per layer. Over the {n} steps from the last hidden layer to the first that is "
        f"{fmt(a.factor)}{sup(n)} = **{fmt(a.delta_span)}**, the measured ratio ‖δ₁‖ / "
        f"‖δ{sub(s.depth)}‖."
    )
    notes = {
        "sigmoid": "σ'(z) = σ(z)(1 − σ(z)) is at most 0.25, so unless the weights make up for it "
        f"{n} sigmoid layers shrink δ like 0.25{sup(n)} = {fmt(0.25**n)} "
        "(20 layers: 0.25²⁰ ≈ 9e-13).",
        "tanh": "tanh'(z) = 1 − tanh²(z) is 1 only at z = 0 and falls to 0 on the tails: "
        "Xavier keeps z near 0, large weights push it onto the flat tails.",
        "relu": "relu'(z) is 1 or 0: about half the units pass δ unchanged and half block it, "
        "so He initialisation doubles the weight variance (2 / n_in) to keep the product at ×1.",
    }
    note = notes.get("relu" if s.activation in ("leaky_relu", "elu") else s.activation, "")
    left, right = st.columns([2, 3])
    left.markdown(text)
    if note:
        left.markdown(note)
    if n >= 1 and charts.has_points(a.weight_gain[:n]):
        fig = charts.backward_gains(a.weight_gain[:n], a.slope_gain[:n])
        right.plotly_chart(fig, config=PLOT, key="grad_gains")


def symmetry_section(r: LabResult) -> None:
    """Zero initialisation: the numbers that show every unit of a layer stays a copy."""
    s0, s1 = r.symmetry_init, r.symmetry_trained
    st.subheader("Zero initialisation: the symmetry is never broken")
    rows = pd.DataFrame(
        {
            "hidden layer": np.arange(1, len(s1.units) + 1),
            "units": s1.units,
            "distinct at init": s0.distinct,
            f"distinct after {r.history.epochs} epochs": s1.distinct,
            "largest difference between units": [fmt(x) for x in s1.spread],
            "‖W_l‖ after training": [fmt(x) for x in s1.weight_norms[:-1]],
            "‖∂L/∂W_l‖ at init": [fmt(x) for x in r.at_init.report.grad_norms[:-1]],
        }
    )
    w = s1.weight_norms
    still = [i + 1 for i in np.flatnonzero(w == 0)]
    moved = [i + 1 for i in np.flatnonzero(w > 0)]
    if not still:
        how = (
            "Every weight layer moved (see ‖W_l‖), but every unit of a layer by exactly the "
            "same amount."
        )
    elif not moved:
        how = (
            "No weight moved at all: f(0) = 0 here, so every hidden activation and every δ is "
            "exactly 0, and so is every ‖∂L/∂W_l‖."
        )
    else:
        smallest = float(np.min(w[w > 0]))
        them = "them" if len(still) > 1 else "it"
        how = (
            f"Weight layer{'s' if len(still) > 1 else ''} {layer_list(still)} did not move at "
            f"all (‖W_l‖ = 0 exactly): the error signal that reaches {them} "
            f"is multiplied on the way back by weights as small as {fmt(smallest)} and "
            f"underflows to exactly 0 in float64. Weight layer{'s' if len(moved) > 1 else ''} "
            f"{layer_list(moved)} moved, but every unit of a layer by exactly the same amount."
        )
    if not s1.broken:
        st.markdown(
            f"After {r.history.epochs} epochs every hidden layer still has **1 distinct unit** out "
            f"of {r.settings.width}: the largest difference between two units' weights is "
            f"**{fmt(float(np.max(s1.spread)))}** — exactly zero, not rounding. {how}"
        )
    else:
        st.markdown("Some units became different (numerical noise broke the tie).")
    st.dataframe(rows, hide_index=True, height=min(38 + 35 * len(rows), 300))


def clipping_section(r: LabResult, free: LabResult) -> None:
    """With clipping on: ‖g‖ before clipping at every step against the threshold, and ``free``,
    the same run without clipping, so the visitor sees what clipping prevented."""
    c = r.clipping
    if c is None or c.steps == 0:
        return
    st.subheader("Gradient clipping, step by step")
    left, right = st.columns([3, 2])
    with left:
        heading(f"‖g‖ before clipping in each step, against the threshold c = {fmt(c.threshold)}")
        fig = line_chart(
            {"‖g‖ before clipping": c.norms}, x=list(range(1, c.steps + 1)), log_y=True,
            x_title="step (= epoch: full batch)", y_title="‖g‖ (log)", height=300,
        )  # fmt: skip
        fig.add_hline(
            y=c.threshold,
            line=dict(color="#2b8a3e", dash="dash"),
            annotation_text=f"c = {fmt(c.threshold)}",
            annotation_position="bottom right",
        )
        st.plotly_chart(fig, config=PLOT, key="grad_clip_norms")
    fd = free.history.diverged
    if fd is not None:
        without = f"training diverged at epoch {fd.epoch}: {why(fd)}"
    else:
        without = (
            f"training ran all {free.history.epochs} epochs, to a loss of "
            f"{fmt(free.history.train_loss[-1])}"
        )
    mine = r.history.diverged
    with_clip = (
        f"training diverged at epoch {mine.epoch}: {why(mine)}"
        if mine is not None
        else f"it ran all {r.history.epochs} epochs, to a loss of {fmt(r.history.train_loss[-1])}"
    )
    right.markdown(
        f"Clipping scaled the gradient down to ‖g‖ = {fmt(c.threshold)} in **{c.n_clipped} of "
        f"{c.steps} steps**. The largest ‖g‖ before clipping was **{fmt(c.largest)}**: without "
        f"clipping that step would have moved the parameters by ‖η g‖ = {fmt(c.unclipped_step)}; "
        f"clipped, by {fmt(c.lr * c.threshold)} ({fmt(c.shrink)}× less).\n\n"
        f"**What it prevented.** The same seed without clipping: {without}. With clipping "
        f"{with_clip}."
    )
