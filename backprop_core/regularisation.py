"""The penalty on the weights, in one place: R(W) = λ₁·Σ|W| + (λ₂/2)·Σ W², so
∂R/∂W = λ₁·sign W + λ₂·W (sign 0 = 0: the subgradient TensorFlow Playground uses).

Biases are never penalised. The trainer adds ∂R/∂W to its flat gradient buffer in place, the
Playground's gradient view adds it to copies; both through :class:`Penalty`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

Array = np.ndarray


@dataclass(frozen=True)
class Penalty:
    """``l2`` is λ₂ ≥ 0 and ``l1`` is λ₁ ≥ 0 (0 switches a term off)."""

    l2: float = 0.0
    l1: float = 0.0

    def __bool__(self) -> bool:
        return self.l2 != 0 or self.l1 != 0

    def value(self, weights: Iterable[Array]) -> float:
        """R(W) summed over every weight matrix."""
        total = 0.0
        for W in weights:
            if self.l1:
                total += self.l1 * float(np.abs(W).sum())
            if self.l2:
                total += 0.5 * self.l2 * float(np.vdot(W, W))
        return total

    def add_gradient(self, grad: Array, weights: Array) -> Array:
        """``grad += ∂R/∂W`` in place (``grad`` and ``weights`` of one shape) and return it."""
        if self.l2:
            grad += self.l2 * weights
        if self.l1:
            grad += self.l1 * np.sign(weights)
        return grad

    def gradient(self, grad: Array, weights: Array) -> Array:
        """``grad + ∂R/∂W`` as a new array; ``grad`` itself when there is no penalty."""
        return self.add_gradient(grad.copy(), weights) if self else grad
