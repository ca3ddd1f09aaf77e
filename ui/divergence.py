"""The words every page uses when training blows up, from the core's reason and figures.

:mod:`backprop_core.divergence` decides *that* a run diverged and *why* (a kind plus the
numbers); this module is the one place that says it to people. Pure: no streamlit, so tests
read the sentences directly.
"""

from __future__ import annotations

import math

from backprop_core.divergence import THRESHOLDS, Divergence

from .format import fmt


def reason(d: Divergence) -> str:
    """Why, as a clause that follows "… diverged at epoch 12: " (lower case, no full stop)."""
    if d.kind == "nan":
        return "the loss became NaN (an overflowed ∞ − ∞ or 0 · ∞)"
    if d.kind == "inf":
        return "the loss overflowed to infinity"
    if d.kind == "loss_limit":
        return f"the loss overflowed past {fmt(d.limit)}"
    if d.kind == "weights":
        if math.isfinite(d.value):  # a finite size past the limit
            return f"the weights overflowed: their size reached {fmt(d.value)}, past {fmt(d.limit)}"
        return "the weights overflowed (became infinite or NaN)"
    if d.kind == "shot_up":
        return (
            f"the training loss rose to {fmt(d.value)}, over {fmt(THRESHOLDS.shot_up)}× its "
            f"starting {fmt(d.start)}"
        )
    return f"training stopped ({d.kind})"


def sentence(d: Divergence) -> str:
    """``"Training diverged at epoch 12: the loss overflowed to infinity."``"""
    return f"Training diverged at epoch {d.epoch}: {reason(d)}."


def refused_step(lr: float) -> str:
    """Why the Step page did not take a step that :func:`backprop_core.divergence.check_step`
    found would blow up (an infinite loss comes from runaway weights too: one sentence)."""
    return (
        f"This step would blow the weights up (η = {fmt(lr)} is too large for these gradients), "
        "so it was not taken. Lower the learning rate or press Reset."
    )
