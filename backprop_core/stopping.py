""" "Stop at": end a run once it is good enough, as a pure decision on its history.

A target is a training loss to get *down to* and/or a training accuracy to get *up to*
(0 switches a target off). Play asks :func:`reached` after each batch of epochs and stops
at the first epoch that met a target; the page says which one, in its own words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Target:
    """``loss``: stop once the training loss is ≤ this (0 = off); ``accuracy``: stop once the
    training accuracy is ≥ this, a share in (0, 1] (0 = off)."""

    loss: float = 0.0
    accuracy: float = 0.0

    def __bool__(self) -> bool:
        return self.loss > 0 or self.accuracy > 0


@dataclass(frozen=True)
class Reached:
    """The first epoch at which a target held: ``what`` is ``"loss"`` or ``"accuracy"`` and
    ``value`` the loss or accuracy of that epoch."""

    epoch: int
    what: str
    value: float


def reached(
    target: Target,
    train_loss: Sequence[float],
    train_acc: Sequence[float] = (),
    start: int = 0,
) -> Reached | None:
    """The first epoch ≥ ``start`` whose training loss or accuracy met ``target``; ``None``
    when none did (or the target is off). ``train_loss``/``train_acc`` are per epoch, index 0
    the untrained network (as ``History`` keeps them); NaN never meets a target. When both
    targets first hold at the same epoch the loss is named."""
    if not target:
        return None
    loss = np.asarray(train_loss, float)[start:]
    acc = np.asarray(train_acc, float)[start:] if len(train_acc) else np.zeros(0)
    with np.errstate(invalid="ignore"):
        hits = {
            "loss": _first(loss <= target.loss) if target.loss > 0 else None,
            "accuracy": _first(acc >= target.accuracy) if target.accuracy > 0 else None,
        }
    found = [(i, what) for what, i in hits.items() if i is not None]
    if not found:
        return None
    i, what = min(found, key=lambda f: (f[0], f[1] != "loss"))
    value = loss[i] if what == "loss" else acc[i]
    return Reached(start + i, what, float(value))


def _first(mask: np.ndarray) -> int | None:
    idx = np.flatnonzero(mask)
    return int(idx[0]) if idx.size else None
