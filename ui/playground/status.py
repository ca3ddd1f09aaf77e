"""What the status line and the messages say: the epoch shown, why a run diverged, why Play
stopped. Pure: snapshots in, Markdown out."""

from __future__ import annotations

import numpy as np

from backprop_core.config import RunConfig
from backprop_core.training import Snapshot
from ui.divergence import reason
from ui.format import fmt
from ui.playground.spec import LIMITS, LR_GRID


def status_text(snap: Snapshot) -> str:
    """The epoch whose network is drawn and its numbers (after a divergence: the last epoch
    whose numbers were finite)."""
    e = snap.params_epoch
    parts = [
        f"**Epoch {e}**",
        f"train loss **{fmt(snap.train_loss[e])}**",
        f"test loss **{fmt(snap.test_loss[e])}**",
    ]
    if snap.config.task == "classification":
        parts.append(f"test accuracy **{snap.test_acc[e]:.1%}**")
    return " · ".join(parts)


def divergence_text(snap: Snapshot) -> str:
    """What stopped the run, what the rule measured (the training loss, not the accuracy),
    what to try, and how to watch it happen."""
    d = snap.diverged
    lr = snap.config.lr
    below = max(x for x in (*LR_GRID, 1e-4) if x <= lr / 10) if lr / 10 >= 1e-4 else 1e-4
    e = snap.params_epoch
    accuracy = ""
    if snap.config.task == "classification" and np.isfinite(snap.test_acc[e]):
        accuracy = (
            f" Test accuracy can still read {snap.test_acc[e]:.1%}: it only counts points on "
            "the right side of the boundary, while the loss also measures how confidently "
            "wrong the rest are."
        )
    return (
        f"**Training diverged at epoch {d.epoch} with learning rate {fmt(lr)}**: {reason(d)}. "
        f"This rule watches the training loss.{accuracy} Each step overshoots the minimum by "
        f"more than the last, so the weights swing ever further — try below {fmt(below)}. "
        f"The charts show the run up to epoch {e}; press **Reset**, then **Step**, to watch it "
        "blow up one epoch at a time."
    )


def cap_text(cfg: RunConfig, cap: int) -> str:
    """Why Play stopped at the epoch cap, in the visitor's terms, and what allows more."""
    more = {
        "steps": "A larger batch size (fewer updates per epoch) allows more epochs.",
        "work": "Fewer points or a smaller network allow more epochs.",
        "epochs": "",
    }[cfg.epoch_limit(LIMITS)]
    return (
        f"Stopped at epoch {cap}: the most this page trains with these settings. Anyone who "
        "opens this view's link has the run retrained from scratch on the server, so runs are "
        f"kept short enough to replay in a couple of seconds. {more}"
    ).strip()
