"""Optimizer paths on a two-parameter surface, the learning-rate sweep, and why GD diverges.

A path runs one of :mod:`backprop_core.optimizers` (the engine's own update rules, on the
parameter list ``[point]``) from a start point. It keeps every iterate, start included, and
stops at the first update that the project's one divergence policy
(:func:`backprop_core.divergence.check_training`) calls an overflow, naming that step; the
overflowed point itself is not kept, so a path is drawn up to its last finite point.

For plain gradient descent on the bowl ½(a·x² + b·y²) one step maps (x, y) to
((1 − η·a)·x, (1 − η·b)·y): :func:`bowl_analysis` returns those factors, what each does to its
coordinate, the threshold η < 2/max(a, b) and the regime, as numbers and names for the page.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .divergence import Divergence, check_training
from .optimizers import OPTIMIZERS, Optimizer
from .surfaces import NeuronSurface, Surface

Array = np.ndarray
OPTIMIZER_KEYS = tuple(OPTIMIZERS)
# "too small": after the run, the flat axis still holds more than this share of its start
SLOW_SHARE = 0.1


def constants_used(name: str) -> tuple[str, ...]:
    """The constants besides η that optimizer ``name``'s rule reads (its dataclass fields):
    momentum ``beta``; RMSprop ``rho``, ``eps``; Adam ``beta1``, ``beta2``, ``eps``."""
    try:
        cls = OPTIMIZERS[name]
    except KeyError:
        raise ValueError(
            f"unknown optimizer {name!r}; choose one of {', '.join(OPTIMIZERS)}"
        ) from None
    return tuple(f.name for f in dataclasses.fields(cls) if f.name != "lr")


def build_optimizer(name: str, lr: float, constants: Mapping[str, float]) -> Optimizer:
    """``OPTIMIZERS[name]`` at learning rate ``lr``, taking from ``constants`` the ones its rule
    uses (:func:`constants_used`) and its own defaults for the rest."""
    own = constants_used(name)
    return OPTIMIZERS[name](lr=float(lr), **{k: float(v) for k, v in constants.items() if k in own})


@dataclass(frozen=True)
class Path:
    """``points`` (k + 1, 2): the start then every kept iterate; ``losses`` (k + 1,): the full
    loss at each (on the network surface, over every sample even for mini-batch steps);
    ``diverged``: the policy's reason, whose ``epoch`` is the update (1-based) that overflowed."""

    optimizer: str
    lr: float
    points: Array
    losses: Array
    diverged: Divergence | None
    batch: int | None = None

    @property
    def steps(self) -> int:
        """Updates whose result was kept."""
        return len(self.points) - 1


def _batches(n: int, batch: int, steps: int, seed: int) -> list[Array]:
    """Row indices of ``steps`` mini-batches: shuffle the samples each epoch, then cut them into
    consecutive batches (the last one of an epoch may be smaller), as the trainer does."""
    rng = np.random.default_rng(seed)
    out: list[Array] = []
    while len(out) < steps:
        order = rng.permutation(n)
        out.extend(order[i : i + batch] for i in range(0, n, batch))
    return out[:steps]


def run_path(
    surface: Surface,
    optimizer: Optimizer,
    start: Sequence[float],
    steps: int,
    batch: int | None = None,
    seed: int = 0,
) -> Path:
    """Run ``optimizer`` from ``start`` for up to ``steps`` updates. With ``batch`` (network
    surface only) each update uses the gradient of one mini-batch drawn from ``seed``."""
    point = np.array([float(start[0]), float(start[1])])
    params = [point]
    state = optimizer.init(params)
    stochastic = isinstance(surface, NeuronSurface) and batch is not None
    stochastic = stochastic and batch < surface.n_samples  # type: ignore[union-attr]
    rows = _batches(surface.n_samples, batch, steps, seed) if stochastic else []  # type: ignore
    diverged = None
    with np.errstate(all="ignore"):
        loss, grad = surface.loss_and_grad(point)
        points, losses = [point.copy()], [loss]
        for step in range(1, steps + 1):
            if stochastic:
                grad = surface.batch_loss_and_grad(point, rows[step - 1])[1]  # type: ignore
            optimizer.update(params, [grad], state)
            loss, grad = surface.loss_and_grad(point)
            diverged = check_training(step, loss, float(point @ point))
            if diverged is not None:
                break
            points.append(point.copy())
            losses.append(loss)
    return Path(
        optimizer.name,
        optimizer.lr,
        np.array(points),
        np.array(losses),
        diverged,
        batch if stochastic else None,
    )


@dataclass(frozen=True)
class Sweep:
    """One optimizer at each learning rate ``lrs`` (m,): ``final`` (m,) the loss at the last
    kept iterate, ``diverged`` (m,) whether that run stopped early, ``start_loss`` f(start)."""

    optimizer: str
    lrs: Array
    final: Array
    diverged: Array
    start_loss: float


def sweep(
    surface: Surface,
    name: str,
    constants: Mapping[str, float],
    start: Sequence[float],
    steps: int,
    lrs: Sequence[float],
) -> Sweep:
    """Run ``name`` from ``start`` for ``steps`` updates at every learning rate in ``lrs``."""
    runs = [run_path(surface, build_optimizer(name, lr, constants), start, steps) for lr in lrs]
    return Sweep(
        name,
        np.array(lrs, dtype=float),
        np.array([r.losses[-1] for r in runs]),
        np.array([r.diverged is not None for r in runs]),
        float(runs[0].losses[0]) if runs else math.nan,
    )


def sweep_lrs(lo: float, hi: float, n: int) -> Array:
    """``n`` learning rates spaced evenly on a log scale from ``lo`` to ``hi``."""
    return np.geomspace(lo, hi, n)


# -- why gradient descent diverges on the bowl ----------------------------------------------


@dataclass(frozen=True)
class AxisFactor:
    """What one GD step does to one coordinate of the bowl: multiply it by ``factor`` = 1 − η·c.

    ``kind``: ``"lands"`` (factor 0: the minimum in one step), ``"shrinks"`` (0 < factor < 1),
    ``"flips_shrinks"`` (−1 < factor < 0), ``"flips_bounces"`` (factor −1: the same size for
    ever) or ``"flips_grows"`` (factor < −1)."""

    axis: str
    curvature: float
    lr: float
    factor: float
    kind: str

    @property
    def eta_c(self) -> float:
        """η·c, the number compared with 1 and 2."""
        return self.lr * self.curvature

    @property
    def growth(self) -> float:
        """|factor|: how much the coordinate's size is multiplied by per step."""
        return abs(self.factor)


def axis_factor(axis: str, curvature: float, lr: float) -> AxisFactor:
    f = 1.0 - lr * curvature
    if f == 0:
        kind = "lands"
    elif f > 0:
        kind = "shrinks"
    elif f > -1:
        kind = "flips_shrinks"
    elif f == -1:
        kind = "flips_bounces"
    else:
        kind = "flips_grows"
    return AxisFactor(axis, float(curvature), float(lr), f, kind)


REGIMES = ("too_small", "right", "oscillating", "divergent")


@dataclass(frozen=True)
class BowlAnalysis:
    """GD at rate ``lr`` for ``steps`` steps on ½(a·x² + b·y²).

    ``threshold`` = 2/max(a, b): GD converges for η < threshold, diverges above it.
    ``oscillates_from`` = 1/max(a, b): above it the steep coordinate flips sign every step.
    ``slow_below``: below it, after ``steps`` steps the flat coordinate still holds more than
    :data:`SLOW_SHARE` of its start. ``regime`` is one of :data:`REGIMES`."""

    a: float
    b: float
    lr: float
    steps: int
    x: AxisFactor
    y: AxisFactor
    threshold: float
    oscillates_from: float
    slow_below: float
    regime: str

    @property
    def condition(self) -> float:
        """κ = max(a, b)/min(a, b): how much steeper the steep axis is than the flat one."""
        return max(self.a, self.b) / min(self.a, self.b)

    @property
    def steep(self) -> AxisFactor:
        return self.y if self.b >= self.a else self.x

    @property
    def flat(self) -> AxisFactor:
        return self.x if self.b >= self.a else self.y

    @property
    def rate(self) -> float:
        """max |factor|: the distance to the minimum shrinks (or grows) about this much a step."""
        return max(self.x.growth, self.y.growth)


def regime(a: float, b: float, lr: float, steps: int) -> str:
    """Which of :data:`REGIMES` rate ``lr`` falls in (the edges as in :class:`BowlAnalysis`)."""
    hi, lo = max(a, b), min(a, b)
    if lr * hi > 2:
        return "divergent"
    if lr * hi > 1:
        return "oscillating"
    if abs(1.0 - lr * lo) ** steps > SLOW_SHARE:
        return "too_small"
    return "right"


def bowl_analysis(a: float, b: float, lr: float, steps: int) -> BowlAnalysis:
    hi, lo = max(a, b), min(a, b)
    return BowlAnalysis(
        float(a),
        float(b),
        float(lr),
        int(steps),
        axis_factor("x", a, lr),
        axis_factor("y", b, lr),
        2.0 / hi,
        1.0 / hi,
        (1.0 - SLOW_SHARE ** (1.0 / max(int(steps), 1))) / lo,
        regime(a, b, lr, steps),
    )


@dataclass(frozen=True)
class Region:
    lo: float
    hi: float
    kind: str  # one of REGIMES


def bowl_regions(a: float, b: float, steps: int, lo: float, hi: float) -> list[Region]:
    """The learning-rate range [lo, hi] cut into :data:`REGIMES` for GD on the bowl, from the
    edges ``slow_below``, 1/max(a, b) and 2/max(a, b); empty pieces are left out."""
    an = bowl_analysis(a, b, lo, steps)
    slow_end = min(an.slow_below, an.oscillates_from)
    edges = [
        (lo, slow_end, "too_small"),
        (slow_end, an.oscillates_from, "right"),
        (an.oscillates_from, an.threshold, "oscillating"),
        (an.threshold, hi, "divergent"),
    ]
    out = []
    for e_lo, e_hi, kind in edges:
        e_lo, e_hi = max(e_lo, lo), min(e_hi, hi)
        if e_hi > e_lo:
            out.append(Region(e_lo, e_hi, kind))
    return out
