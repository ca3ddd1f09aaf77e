"""The optimizers lab's settings, declared once (pure: no Streamlit, so tests can use it)."""

from __future__ import annotations

from backprop_core.paths import OPTIMIZER_KEYS
from backprop_core.settings import Choice, ChoiceList, Float, Int, Schema
from backprop_core.surfaces import SURFACE_KEYS

SURFACE_NAMES = {
    "quadratic": "Bowl ½(a·x² + b·y²)",
    "rosenbrock": "Rosenbrock banana",
    "saddle": "Saddle between two minima",
    "valley": "Narrow curved valley",
    "network": "One neuron on real data",
}
OPTIMIZER_NAMES = {"sgd": "SGD", "momentum": "Momentum", "rmsprop": "RMSprop", "adam": "Adam"}
LR_CHOICES = tuple(
    round(m * 10.0**e, 10) for e in range(-4, 1) for m in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8)
) + (10.0,)
CURVATURES = (0.1, 0.2, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 20.0, 50.0, 100.0)
MAX_STEPS = 500
# The sweep runs every optimizer at 26 rates: at most this many steps each, so the costliest
# link (the network surface, four optimizers) stays well under a second on an idle core.
SWEEP_MAX_STEPS = 200
BATCH_MAX = 100  # the network surface's training samples

OPTIMIZERS = Schema(
    page="optimizers",
    fields=(
        Choice(
            "surface",
            "quadratic",
            choices=SURFACE_KEYS,
            names=SURFACE_NAMES,
            label="Surface",
            help="The loss the optimizers walk down: bowl ½(a·x² + b·y²); Rosenbrock "
            "(1 − x)² + 100·(y − x²)²; saddle ¼(x² − 1)² + ½y²; valley 5·(y − sin x)² + 0.05·x²; "
            "network BCE(σ(w₁x₁ + w₂x₂), y). Choosing one also picks its own start, learning "
            "rate and steps.",
        ),
        Float(
            "a",
            1.0,
            lo=0.1,
            hi=100.0,
            choices=CURVATURES,
            label="a (curvature along x)",
            help="L = ½(a·x² + b·y²), so ∂L/∂x = a·x and ∂²L/∂x² = a.",
        ),
        Float(
            "b",
            10.0,
            lo=0.1,
            hi=100.0,
            choices=CURVATURES,
            label="b (curvature along y)",
            help="L = ½(a·x² + b·y²), so ∂L/∂y = b·y and ∂²L/∂y² = b. Condition number κ = b/a.",
        ),
        ChoiceList(
            "opts",
            ("sgd", "momentum", "rmsprop", "adam"),
            choices=OPTIMIZER_KEYS,
            names=OPTIMIZER_NAMES,
            min_len=1,
            label="Optimizers",
            help="SGD: θ ← θ − η·g. Momentum: v ← β·v − η·g, θ ← θ + v. "
            "RMSprop: s ← ρ·s + (1 − ρ)·g², θ ← θ − η·g/(√s + ε). "
            "Adam: m ← β₁·m + (1 − β₁)·g, s ← β₂·s + (1 − β₂)·g², "
            "θ ← θ − η·m̂/(√ŝ + ε) with m̂ = m/(1 − β₁ᵗ), ŝ = s/(1 − β₂ᵗ).",
        ),
        Float(
            "lr",
            0.15,
            choices=LR_CHOICES,
            label="Learning rate",
            help="η in θ ← θ − η·∇L: the step is η times the gradient (log scale).",
        ),
        Int(
            "steps",
            50,
            lo=1,
            hi=MAX_STEPS,
            label="Steps",
            help="Updates θₖ₊₁ = θₖ − η·(update rule) from the start θ₀.",
        ),
        Float(
            "x0",
            -2.5,
            lo=-8.0,
            hi=8.0,
            label="Start x₀",
            help="θ₀ = (x₀, y₀), where every optimizer starts. Or click the contour plot.",
        ),
        Float(
            "y0",
            1.5,
            lo=-8.0,
            hi=8.0,
            label="Start y₀",
            help="θ₀ = (x₀, y₀), where every optimizer starts. Or click the contour plot.",
        ),
        Float(
            "beta",
            0.9,
            lo=0.0,
            hi=0.99,
            choices=(0.0, 0.5, 0.8, 0.9, 0.95, 0.99),
            label="Momentum β",
            help="v ← β·v − η·g, θ ← θ + v: β = 0 is plain SGD; near 1 the velocity remembers "
            "about 1/(1 − β) past gradients.",
        ),
        Float(
            "rho",
            0.9,
            lo=0.5,
            hi=0.999,
            choices=(0.5, 0.8, 0.9, 0.95, 0.99, 0.999),
            label="RMSprop ρ",
            help="s ← ρ·s + (1 − ρ)·g²: the running mean of squared gradients that divides "
            "each step, θ ← θ − η·g/(√s + ε).",
        ),
        Float(
            "beta1",
            0.9,
            lo=0.0,
            hi=0.99,
            choices=(0.0, 0.5, 0.8, 0.9, 0.95, 0.99),
            label="Adam β₁",
            help="m ← β₁·m + (1 − β₁)·g: Adam's momentum (mean of gradients), "
            "bias-corrected m̂ = m/(1 − β₁ᵗ).",
        ),
        Float(
            "beta2",
            0.999,
            lo=0.9,
            hi=0.9999,
            choices=(0.9, 0.99, 0.999, 0.9999),
            label="Adam β₂",
            help="s ← β₂·s + (1 − β₂)·g²: Adam's mean of squared gradients, "
            "bias-corrected ŝ = s/(1 − β₂ᵗ).",
        ),
        Float(
            "eps",
            1e-8,
            lo=1e-10,
            hi=0.1,
            choices=(1e-10, 1e-8, 1e-6, 1e-4, 1e-2, 0.1),
            label="ε (RMSprop, Adam)",
            help="θ ← θ − η·g/(√s + ε): keeps the division finite where the gradient is ~0; "
            "a large ε turns the step back into ≈ (η/ε)·g.",
        ),
        Int(
            "batch",
            10,
            lo=1,
            hi=BATCH_MAX,
            label="Batch size",
            help="Stochastic gradient: g = (1/B)·Σ over B shuffled samples of ∂Lᵢ/∂w; "
            f"B = {BATCH_MAX} is the full batch.",
        ),
        Int(
            "seed",
            0,
            lo=0,
            hi=9999,
            clamp=False,
            label="Seed",
            help="Seeds the shuffle that deals samples into mini-batches (the same for "
            "every run with this seed).",
        ),
    ),
)
