"""The lab's verdict in words, and the remedy buttons' labels: sentences made from the figures
:func:`backprop_core.depth_verdict.verdict` decided on. Pure: no Streamlit, so tests read them.

Every number is named with the quantity it is about: δ = ∂L/∂z (the error signal, whose ratio
from the last hidden layer back to the first is the verdict's measure) and ‖∂L/∂W‖ (the weight
gradient, which also carries the forward activations: ∂L/∂W = aᵀδ).
"""

from __future__ import annotations

from backprop_core.depth_lab import DepthSettings, LabResult
from backprop_core.depth_verdict import Verdict, apply_remedy, matching_init
from backprop_core.training import Divergence
from ui.divergence import reason
from ui.format import fmt

from .settings import LR_CHOICES

REMEDY_LABELS = {
    "relu": "ReLU + He init",
    "leaky": "Leaky ReLU",
    "xavier": "Xavier init",
    "he": "He init",
    "clip": "Clip gradients at 1",
    "lower_lr": "Lower the learning rate",
}
TITLES = {
    "overflow": "Overflow",
    "symmetric": "Symmetric",
    "vanishing": "Vanishing",
    "diverged": "Diverged",
    "saturated": "Saturated",
    "unstable": "Not learning",
    "healthy": "Healthy",
}


def why(d: Divergence) -> str:
    """The divergence's reason as a clause ("the loss overflowed to infinity")."""
    return reason(d)


def remedy(s: DepthSettings, name: str) -> DepthSettings:
    """``s`` with one remedy applied, on the learning rates the page offers."""
    return apply_remedy(s, name, LR_CHOICES)


def remedy_label(s: DepthSettings, name: str) -> str:
    """What the button does: "He init" on a net already He-initialised at scale ×10 only resets
    the scale, so it says so."""
    after = remedy(s, name)
    if after != s and after == s.replace(init_scale=after.init_scale):
        return f"Init scale back to ×{fmt(after.init_scale)}"
    return REMEDY_LABELS[name]


def title(v: Verdict) -> str:
    if v.kind == "dead":
        return "Dead" if v.level == "error" else "Many dead units"
    if v.kind == "exploding":
        return "Exploding, clipped" if v.figures["clipped"] else "Exploding"
    return TITLES[v.kind]


def clipped_summary(r: LabResult) -> str:
    """What clipping did in the run ("" when clipping is off or no step was taken)."""
    c, s, h = r.clipping, r.settings, r.history
    if c is None or c.steps == 0:
        return ""
    if c.n_clipped == 0:
        text = (
            f"Clipping at ‖g‖ ≤ {fmt(s.clip)} never acted: ‖g‖ before clipping stayed at most "
            f"{fmt(c.largest)}."
        )
    else:
        text = (
            f"Clipping at ‖g‖ ≤ {fmt(s.clip)} scaled the gradient down in {c.n_clipped} of "
            f"{c.steps} steps: ‖g‖ before clipping reached {fmt(c.largest)}, so the largest "
            f"step was {fmt(c.shrink)}× shorter (‖η g‖ ≤ {fmt(s.lr * s.clip)} instead of "
            f"{fmt(c.unclipped_step)})."
        )
    if h.diverged is not None:
        return text + f" Training still blew up at epoch {h.diverged.epoch}: {why(h.diverged)}."
    return text + f" Training ran all {h.epochs} epochs without overflowing."


def _signal(f, verb: str) -> str:
    return (
        f"the error signal δ = ∂L/∂z {verb} ×{fmt(f['factor'])} per layer, so ‖δ‖ at hidden "
        f"layer 1 is {fmt(f['span'])}× ‖δ‖ at hidden layer {f['depth']} (the last)"
    )


def _grads(f) -> str:
    return (
        f"The weight gradients: ‖∂L/∂W‖ of weight layer 1 (input → hidden 1) is "
        f"{fmt(f['grad_ratio'])}× that of weight layer {f['depth'] + 1} (hidden {f['depth']} → "
        "output)"
    )


def message(v: Verdict, s: DepthSettings, clipped: str = "") -> str:
    """The verdict on settings ``s`` in words, after its title (which :func:`title` gives);
    ``clipped`` is what clipping did (:func:`clipped_summary`), said when it held the run."""
    f, d = v.figures, v.divergence
    init_fix = REMEDY_LABELS[matching_init(s.activation)]
    blew_up = f" Training then blew up at epoch {d.epoch}: {why(d)}." if d is not None else ""
    if v.kind == "overflow":
        return (
            "activations or gradients passed the largest float (≈ 1.8e+308) at initialisation "
            "and became inf / NaN, so nothing can be learned. Each layer multiplies the signal "
            f"by a factor > 1, and over {s.depth} layers that overflows. Use {init_fix} at "
            "scale ×1."
        )
    if v.kind == "symmetric":
        return (
            f"every weight starts equal, so all {s.width} units of each hidden layer compute the "
            "same value and receive the same gradient — they stay identical for ever, and each "
            "layer is worth one unit. Random initialisation breaks the tie."
        )
    if v.kind == "dead" and v.level == "error":
        return (
            f"every ReLU in hidden layer {f['dead_layer']} outputs 0 for every input, so no "
            "gradient reaches the layers below it (their ‖∂L/∂W‖ is exactly 0). Leaky ReLU keeps "
            "a small slope for z < 0; He initialisation keeps the signal alive."
        )
    if v.kind == "dead":
        return (
            f"{f['dead_share']:.0%} of the ReLUs in hidden layer {f['dead_layer']} output 0 for "
            "every input and get no gradient. Leaky ReLU keeps them alive."
        )
    largest = fmt(f["grad_max"])
    if v.kind == "vanishing":
        text = f"going back, {_signal(f, 'shrinks')}. "
        if not f["grads_level"]:
            return text + f"{_grads(f)}: the first layers barely learn." + blew_up
        return (
            text + f"{_grads(f)}, level only because ∂L/∂W = aᵀδ and the activations a shrink on "
            "the way forward as fast as δ does on the way back: every weight gradient is tiny, "
            f"the largest is {largest}." + blew_up
        )
    if v.kind == "exploding":
        text = f"going back, {_signal(f, 'grows')}. "
        if f["grads_level"]:
            text += (
                f"{_grads(f)}: level, because ∂L/∂W = aᵀδ and the activations a grow on the way "
                f"forward as fast as δ does on the way back — but huge: up to {largest}."
            )
        else:
            text += (
                f"{_grads(f)}; the largest is {largest} against weights of norm "
                f"≈ {fmt(f['weight_median'])}."
            )
        cause = f"{init_fix} at scale ×1" if f["off_init"] else "a shallower net"
        if f["clipped"]:
            return (
                f"{text} {clipped} Clipping bounds each step; it does not stop δ "
                f"growing per layer — {cause} removes the cause."
            )
        return (
            f"{text} Gradient clipping (scale g so that ‖g‖ ≤ c before each step) is the direct "
            f"remedy for the blow-up; {cause} removes the cause.{blew_up}"
        )
    if v.kind == "diverged":
        return (
            f"the gradients were balanced at initialisation (δ changes ×{fmt(f['factor'])} per "
            f"layer), but training blew up at epoch {d.epoch}: {why(d)}. The steps η·∂L/∂W are "
            f"too large for {s.depth} layers: clip the gradient or lower η."
        )
    if v.kind == "saturated":
        return (
            f"{f['saturated']:.0%} of the hidden {s.activation} outputs sit on the flat tails, "
            "where f'(z) ≈ 0, so those units barely learn. Smaller weights (Xavier at scale 1) "
            "keep z in the curved middle."
        )
    if v.kind == "unstable":
        return (
            f"the gradients are balanced (δ changes ×{fmt(f['factor'])} per layer), but the "
            f"training loss rose from {fmt(f['loss_first'])} to {fmt(f['loss_last'])}: the steps "
            "η·∂L/∂W overshoot. Lower η or clip the gradient."
        )
    learned = ""
    if f["epochs"] > 0:
        learned = (
            f" Training loss went from {fmt(f['loss_first'])} to {fmt(f['loss_last'])} in "
            f"{f['epochs']} epochs."
        )
    return f"going back, {_signal(f, 'changes only')}. {_grads(f)}.{learned}"
