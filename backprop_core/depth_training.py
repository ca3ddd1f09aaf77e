"""What happened while the vanishing / exploding lab trained: how the run ended before its last
epoch (if it did) and what gradient clipping did at each step. Pure NumPy, numbers only.

The lab trains full batch, so epoch ``e`` is exactly one optimizer step: ``History.step_norms``
``[e - 1]`` is the ‖g‖ that step ``e`` compared with the clipping threshold.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .training import Divergence, History

Array = np.ndarray


@dataclass(frozen=True)
class Ending:
    """Why the drawn lines stop before the last epoch, from ``epoch`` on.

    ``kind``: ``"diverged"`` (training stopped; ``detail`` is the :class:`Divergence` kind:
    ``nan``, ``inf``, ``loss_limit``, ``weights``), ``"zero_loss"`` (the loss is exactly 0.0 in
    float64, so every gradient is exactly 0 and nothing changes any more) or ``"zero_gradient"``
    (every ‖∂L/∂W_l‖ is exactly 0 while the loss is not: no signal reaches any weight).
    A log axis cannot draw 0, inf or NaN, so the loss line ends before ``epoch``; ``quiet`` is
    the first epoch whose gradients are all exactly 0 (0 if none), where the heatmap goes blank.
    """

    kind: str
    epoch: int
    detail: str = ""
    divergence: Divergence | None = None  # the run's, when ``kind == "diverged"``
    quiet: int = 0


def ending(history: History) -> Ending | None:
    """The first early end of a run, or None when every epoch has a drawable loss and gradient."""
    losses = np.asarray(history.train_loss, dtype=float)
    zero = np.flatnonzero(losses == 0.0)
    grads = history.grad_norm_matrix()  # (epochs, layers); row e - 1 is epoch e
    silent = np.flatnonzero(np.all(grads == 0.0, axis=1)) + 1 if grads.size else np.array([])
    quiet = int(silent[0]) if len(silent) else 0
    d = history.diverged
    found = []
    if d is not None:
        found.append(Ending("diverged", d.epoch, d.kind, d, quiet))
    if zero.size:
        found.append(Ending("zero_loss", int(zero[0]), quiet=quiet))
    if quiet:
        found.append(Ending("zero_gradient", quiet, quiet=quiet))
    return min(found, key=lambda e: e.epoch) if found else None


@dataclass(frozen=True)
class Clipping:
    """Gradient clipping at ``threshold`` over a run: ``norms`` (steps,) is ‖g‖ before clipping
    at each step, ``applied`` (steps,) whether it was scaled down to the threshold."""

    threshold: float
    lr: float
    norms: Array
    applied: Array

    @property
    def steps(self) -> int:
        return len(self.norms)

    @property
    def n_clipped(self) -> int:
        return int(np.count_nonzero(self.applied))

    @property
    def largest(self) -> float:
        """The largest finite ‖g‖ before clipping (NaN when no step was taken)."""
        finite = self.norms[np.isfinite(self.norms)]
        return float(finite.max()) if finite.size else float("nan")

    @property
    def shrink(self) -> float:
        """How many times shorter clipping made the largest step: ``largest / threshold``."""
        return max(self.largest / self.threshold, 1.0) if self.threshold > 0 else 1.0

    @property
    def unclipped_step(self) -> float:
        """‖η g‖ of the largest step had nothing clipped it; clipped, it was at most η c."""
        return self.lr * self.largest


def clipping(history: History, threshold: float, lr: float) -> Clipping:
    """What clipping at ``threshold`` (``> 0``) did in each step of ``history``."""
    norms = np.asarray(history.step_norms, dtype=float)
    with np.errstate(invalid="ignore"):
        applied = np.isfinite(norms) & (norms > threshold)
    return Clipping(float(threshold), float(lr), norms, applied)
