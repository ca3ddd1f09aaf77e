"""Update rules. Each optimizer keeps its state in an explicit dict and updates in place.

    SGD       θ ← θ − η g
    Momentum  v ← β v − η g;   θ ← θ + v
    RMSprop   s ← ρ s + (1 − ρ) g²;   θ ← θ − η g / (√s + ε)
    Adam      m ← β₁m + (1 − β₁)g;  s ← β₂s + (1 − β₂)g²;
              θ ← θ − η m̂ / (√ŝ + ε), with m̂ = m/(1 − β₁ᵗ), ŝ = s/(1 − β₂ᵗ)

``params`` and ``grads`` are equal-length lists of arrays (``Network.parameters()`` order).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

Array = np.ndarray
State = dict[str, object]


@dataclass(frozen=True)
class SGD:
    lr: float
    name = "sgd"
    latex = r"\theta \leftarrow \theta - \eta\, g"

    def init(self, params: Sequence[Array]) -> State:
        return {}

    def update(self, params: Sequence[Array], grads: Sequence[Array], state: State) -> None:
        for p, g in zip(params, grads):
            p -= self.lr * g


@dataclass(frozen=True)
class Momentum:
    lr: float
    beta: float = 0.9
    name = "momentum"
    latex = r"v \leftarrow \beta v - \eta g,\quad \theta \leftarrow \theta + v"

    def init(self, params: Sequence[Array]) -> State:
        return {"v": [np.zeros_like(p) for p in params]}

    def update(self, params: Sequence[Array], grads: Sequence[Array], state: State) -> None:
        for p, g, v in zip(params, grads, state["v"]):  # type: ignore[arg-type]
            v *= self.beta
            v -= self.lr * g
            p += v


@dataclass(frozen=True)
class RMSprop:
    lr: float
    rho: float = 0.9
    eps: float = 1e-8
    name = "rmsprop"
    latex = (
        r"s \leftarrow \rho s + (1 - \rho) g^2,\quad"
        r" \theta \leftarrow \theta - \eta\,\frac{g}{\sqrt{s} + \epsilon}"
    )

    def init(self, params: Sequence[Array]) -> State:
        return {"s": [np.zeros_like(p) for p in params]}

    def update(self, params: Sequence[Array], grads: Sequence[Array], state: State) -> None:
        for p, g, s in zip(params, grads, state["s"]):  # type: ignore[arg-type]
            s *= self.rho
            s += (1.0 - self.rho) * (g * g)
            p -= self.lr * g / (np.sqrt(s) + self.eps)


@dataclass(frozen=True)
class Adam:
    lr: float
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8
    name = "adam"
    latex = r"\theta \leftarrow \theta - \eta\,\frac{\hat m}{\sqrt{\hat s} + \epsilon}"

    def init(self, params: Sequence[Array]) -> State:
        return {
            "t": 0,
            "m": [np.zeros_like(p) for p in params],
            "s": [np.zeros_like(p) for p in params],
        }

    def update(self, params: Sequence[Array], grads: Sequence[Array], state: State) -> None:
        t = int(state["t"]) + 1  # type: ignore[arg-type]
        state["t"] = t
        c1 = 1.0 - self.beta1**t
        c2 = 1.0 - self.beta2**t
        for p, g, m, s in zip(params, grads, state["m"], state["s"]):  # type: ignore[arg-type]
            m *= self.beta1
            m += (1.0 - self.beta1) * g
            s *= self.beta2
            s += (1.0 - self.beta2) * (g * g)
            p -= self.lr * (m / c1) / (np.sqrt(s / c2) + self.eps)


OPTIMIZERS = {"sgd": SGD, "momentum": Momentum, "rmsprop": RMSprop, "adam": Adam}
OPTIMIZER_LABELS = {
    "sgd": "SGD",
    "momentum": "Momentum (β = 0.9)",
    "rmsprop": "RMSprop (ρ = 0.9)",
    "adam": "Adam",
}
Optimizer = SGD | Momentum | RMSprop | Adam


def make_optimizer(name: str, lr: float) -> Optimizer:
    try:
        return OPTIMIZERS[name](lr)
    except KeyError:
        raise ValueError(
            f"unknown optimizer {name!r}; choose one of {', '.join(OPTIMIZERS)}"
        ) from None


def global_norm(grads: Sequence[Array]) -> float:
    """√(Σ g²) over every array."""
    return float(np.sqrt(sum(float(np.vdot(g, g)) for g in grads)))


def clip_by_global_norm(grads: Sequence[Array], max_norm: float) -> tuple[list[Array], float]:
    """Scale all gradients by min(1, max_norm / ‖g‖) so their joint norm is at most max_norm.

    Returns the (possibly) scaled gradients and the norm before clipping.
    """
    norm = global_norm(grads)
    if max_norm > 0 and norm > max_norm and np.isfinite(norm):
        scale = max_norm / norm
        return [g * scale for g in grads], norm
    return list(grads), norm
