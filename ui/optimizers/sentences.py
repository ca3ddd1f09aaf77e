"""What the optimizers lab says, computed from the numbers of :mod:`backprop_core.paths`.

Pure: strings in Markdown (and LaTeX for formulas), no Streamlit.
"""

from __future__ import annotations

from backprop_core.paths import AxisFactor, BowlAnalysis, Path
from ui.divergence import reason
from ui.format import fmt
from ui.optimizers.settings import LR_CHOICES, OPTIMIZER_NAMES

FORMULAS = {
    "quadratic": r"L(x, y) = \tfrac12\left(a\,x^2 + b\,y^2\right)",
    "rosenbrock": r"L(x, y) = (1 - x)^2 + 100\,(y - x^2)^2",
    "saddle": r"L(x, y) = \tfrac14\,(x^2 - 1)^2 + \tfrac12\,y^2",
    "valley": r"L(x, y) = 5\,(y - \sin x)^2 + 0.05\,x^2",
    "network": r"L(w_1, w_2) = \mathrm{BCE}\big(\sigma(w_1 x_1 + w_2 x_2),\, y\big)",
}
ABOUT = {
    "quadratic": "Curvature a along x and b along y: the simplest surface where one learning "
    "rate is too big for one axis and too small for the other.",
    "rosenbrock": "A long, curved, almost flat valley floor down to the minimum at (1, 1), "
    "with steep walls: gradients point at the wall, not along the floor.",
    "saddle": "At (0, 0) the gradient is zero but it is not a minimum: the surface curves down "
    "along x towards two minima at (±1, 0). Starting near x = 0, the push away is tiny.",
    "valley": "A narrow valley winding along y = sin x: steep across (curvature 10), nearly "
    "flat along (0.1), down to its one minimum at (0, 0).",
    "network": "The real cross-entropy of one sigmoid neuron σ(w₁x₁ + w₂x₂) on 100 points of "
    "two overlapping Gaussian blobs, as a function of its two weights (bias fixed at 0): the "
    "gradient is the engine's backward pass.",
}
REGIME_NAMES = {
    "too_small": "too small",
    "right": "about right",
    "oscillating": "oscillating",
    "divergent": "divergent",
}
TRY_THIS = {
    "rosenbrock": "set **Learning rate** to 0.01: SGD and Momentum blow up within three steps "
    "on the steep wall, while RMSprop and Adam, whose steps are about η whatever the gradient, "
    "walk down the valley.",
    "saddle": "set **Optimizers** to SGD only and **Start x₀** to 0: the gradient along x is "
    "exactly 0 there, so SGD ends on the saddle point with loss ¼, not in a minimum.",
    "valley": "set **Momentum β** to 0.5 (under *Optimizer constants*): momentum loses its "
    "speed along the flat floor and stops short of the minimum.",
    "network": "set **Batch size** to 1: each step sees one sample, and the mini-batch path "
    "zigzags far from the full-batch one.",
}


def sign(x: float) -> str:
    """A number for a sentence, with a real minus sign."""
    return fmt(x).replace("-", "−")


def axis_sentence(f: AxisFactor) -> str:
    """What one gradient-descent step does to one coordinate of the bowl, from its factor."""
    c = "a" if f.axis == "x" else "b"
    ec = f"η·{c} = {sign(f.eta_c)}"
    coord = f"the {f.axis}-coordinate"
    if f.kind == "lands":
        return f"{ec}: {coord} lands on 0 in one step (factor 1 − η·{c} = 0)."
    if f.kind == "shrinks":
        return f"{ec} < 1: {coord} shrinks ×{sign(f.factor)} per step, keeping its sign."
    if f.kind == "flips_shrinks":
        return (
            f"1 < {ec} < 2: {coord} flips sign every step but shrinks ×{sign(f.growth)}: "
            "a zigzag that still converges."
        )
    if f.kind == "flips_bounces":
        return f"{ec} exactly: {coord} flips sign every step and keeps its size for ever."
    return f"{ec} > 2: {coord} flips sign and grows ×{sign(f.growth)} per step."


def verdict(an: BowlAnalysis) -> str:
    """The one sentence for the current η: the steep axis decides whether GD diverges."""
    return axis_sentence(an.steep)


def regime_sentence(an: BowlAnalysis) -> str:
    """Which region η is in, and the numbers that put it there."""
    c = "b" if an.b >= an.a else "a"
    name = REGIME_NAMES[an.regime]
    if an.regime == "divergent":
        why = f"η = {sign(an.lr)} > 2/{c} = {sign(an.threshold)}"
    elif an.regime == "oscillating":
        why = f"1/{c} = {sign(an.oscillates_from)} < η ≤ 2/{c} = {sign(an.threshold)}"
    elif an.regime == "too_small":
        left = an.flat.growth**an.steps
        why = (
            f"after {an.steps} steps the {an.flat.axis}-coordinate still holds "
            f"{sign(100 * left)} % of its start (η < {sign(an.slow_below)})"
        )
    else:
        why = (
            f"{sign(an.slow_below)} ≤ η ≤ 1/{c} = {sign(an.oscillates_from)}: no zigzag, "
            f"and the {an.flat.axis}-coordinate is within 10 % of 0 after {an.steps} steps"
        )
    return f"η = {sign(an.lr)} is **{name}** for gradient descent here: {why}."


def factor_latex(f: AxisFactor) -> str:
    """x_{k+1} = (1 − η·a)·x_k with the numbers in (short enough for a phone)."""
    c = "a" if f.axis == "x" else "b"
    v = f.axis
    # the trailing \; keeps the italic k's overhang inside the formula's box
    return rf"{v}_{{k+1}} = (1 - \eta {c})\,{v}_k = {fmt(f.factor)}\,{v}_k\;"


def status(path: Path, name: str | None = None) -> str:
    """One line per optimizer: where it ended, or the step it blew up at and why."""
    if name is None:
        name = OPTIMIZER_NAMES.get(path.optimizer, path.optimizer)
        name += f" (batch {path.batch})" if path.batch else ""
    if path.diverged is not None:
        return (
            f"**{name}** diverged at step {path.diverged.epoch}: "
            f"{reason(path.diverged)}; drawn up to step {path.steps}."
        )
    x, y = path.points[-1]
    return (
        f"**{name}**: loss {sign(path.losses[-1])} after {path.steps} steps, "
        f"at ({sign(x)}, {sign(y)})."
    )


def divergent_lr(an: BowlAnalysis) -> float:
    """The smallest offered learning rate at least 1.2 × 2/max(a, b): clearly divergent."""
    return next((lr for lr in LR_CHOICES if lr >= 1.2 * an.threshold), LR_CHOICES[-1])


def converging_lr(an: BowlAnalysis) -> float:
    """The largest offered learning rate at most 0.75 × 2/max(a, b): clearly converging."""
    return max((lr for lr in LR_CHOICES if lr <= 0.75 * an.threshold), default=LR_CHOICES[0])


def bowl_try_this(an: BowlAnalysis) -> str:
    """A hint that moves η across the threshold, with what will happen, from the factors."""
    c = "b" if an.b >= an.a else "a"
    curvature = max(an.a, an.b)
    if an.regime != "divergent":
        lr = divergent_lr(an)
        growth = abs(1 - lr * curvature)
        return (
            f"set **Learning rate** to {sign(lr)}: η·{c} = {sign(lr * curvature)} > 2, so SGD's "
            f"{an.steep.axis}-coordinate flips sign and grows ×{sign(growth)} per step and its "
            "path leaves the bowl."
        )
    lr = converging_lr(an)
    return (
        f"set **Learning rate** to {sign(lr)}: η·{c} = {sign(lr * curvature)} < 2, and SGD "
        "converges again."
    )
