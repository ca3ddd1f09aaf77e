"""When has training blown up? One policy for every page: named reasons, one threshold table.

The checks return a :class:`Divergence` — the reason's name and the figures behind it, never a
sentence (the words for people are in ``ui/divergence.py``). The reasons, in the order they are
tested:

    nan         the loss is NaN (an overflowed ∞ − ∞ or 0 · ∞)
    inf         the loss overflowed to ±∞
    loss_limit  the loss passed ``THRESHOLDS.loss``
    weights     the weights overflowed: ‖W‖ over every weight is inf/NaN or past
                ``THRESHOLDS.weights`` (for one worked step: some |w| or |b| is, or passes
                ``THRESHOLDS.step_parameter``)
    shot_up     the loss rose past ``THRESHOLDS.shot_up`` × its start (and past
                ``THRESHOLDS.shot_up_floor``): a bounded activation (tanh, sigmoid) under a far
                too large learning rate thrashes without ever overflowing. Watched only where
                the caller asks (the Playground), so other runs keep going as before.

The first four are overflows: the parameters that produced them are not worth drawing. After
``shot_up`` they are finite and are the run's last state.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

Array = np.ndarray
OVERFLOWS = ("nan", "inf", "loss_limit", "weights")
KINDS = (*OVERFLOWS, "shot_up")


@dataclass(frozen=True)
class Thresholds:
    """Every figure the policy compares with."""

    loss: float = 1e12  # a loss above this has overflowed
    weights: float = 1e100  # ‖W‖ (all weights together) above this has overflowed
    # One step on the Step page shows every number, so it refuses far earlier: any single
    # weight or bias at or past this.
    step_parameter: float = 1e12
    shot_up: float = 4.0  # a loss above this many times its start has blown up ...
    shot_up_floor: float = 1.0  # ... when it is above this too (a tiny start may rise a lot)


THRESHOLDS = Thresholds()


@dataclass(frozen=True, eq=False)
class Divergence:
    """Training stopped at ``epoch`` for reason ``kind`` (one of :data:`KINDS`).

    ``value`` is the figure that crossed ``limit``: the loss (``nan``, ``inf``, ``loss_limit``,
    ``shot_up``) or ‖W‖ (``weights``; the largest |parameter| for a refused step). For
    ``shot_up``, ``start`` is the run's first loss and ``limit`` = max(factor × start, floor).
    """

    epoch: int
    kind: str
    value: float = math.nan
    limit: float = math.nan
    start: float = math.nan

    def __eq__(self, other: object) -> bool:
        """Field by field, NaN equal to NaN: the same run diverges the same way twice."""
        if not isinstance(other, Divergence):
            return NotImplemented
        return (self.epoch, self.kind) == (other.epoch, other.kind) and all(
            a == b or (math.isnan(a) and math.isnan(b))
            for a, b in zip(self._figures(), other._figures())
        )

    def __hash__(self) -> int:
        return hash((self.epoch, self.kind))

    def _figures(self) -> tuple[float, float, float]:
        return (float(self.value), float(self.limit), float(self.start))

    @property
    def overflowed(self) -> bool:
        """True when the parameters that produced it are not finite numbers worth drawing."""
        return self.kind in OVERFLOWS


def check_training(
    epoch: int,
    loss: float,
    weight_sq: float,
    start: float = math.nan,
    watch_shot_up: bool = False,
    t: Thresholds = THRESHOLDS,
) -> Divergence | None:
    """The first reason (in :data:`KINDS` order) that the run at ``epoch`` has diverged, or None.

    ``loss`` is the training loss there, ``weight_sq`` = ‖W‖² over every weight (inf or NaN as
    soon as any weight is), ``start`` the loss at epoch 0; ``shot_up`` is tested only when
    ``watch_shot_up``.
    """
    if math.isnan(loss):
        return Divergence(epoch, "nan", loss, t.loss)
    if not math.isfinite(loss):
        return Divergence(epoch, "inf", loss, t.loss)
    if loss > t.loss:
        return Divergence(epoch, "loss_limit", loss, t.loss)
    if not math.isfinite(weight_sq) or weight_sq > t.weights**2:
        return Divergence(epoch, "weights", math.sqrt(weight_sq), t.weights)
    if watch_shot_up and math.isfinite(start):
        limit = max(t.shot_up * start, t.shot_up_floor)
        if loss > limit:
            return Divergence(epoch, "shot_up", loss, limit, start)
    return None


def check_step(
    params: Sequence[Array], loss_after: float, t: Thresholds = THRESHOLDS
) -> Divergence | None:
    """Would one worked step (the Step page) blow up? ``params`` are the weights and biases it
    would produce, ``loss_after`` the loss there. ``epoch`` is 1: the step about to be taken."""
    sizes = [float(np.max(np.abs(p))) for p in params if p.size]  # NaN when p holds one
    largest = math.nan if any(math.isnan(x) for x in sizes) else max(sizes, default=0.0)
    if not largest < t.step_parameter:  # also true for NaN
        return Divergence(1, "weights", largest, t.step_parameter)
    if math.isnan(loss_after):
        return Divergence(1, "nan", loss_after, t.loss)
    if not math.isfinite(loss_after):
        return Divergence(1, "inf", loss_after, t.loss)
    return None
