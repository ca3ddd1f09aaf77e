"""The penalty on the weights, in one place: R(W) = (λ₂/2)·Σ W², so ∂R/∂W = λ₂·W.

Biases are never penalised. The trainer adds ∂R/∂W to its flat gradient buffer in place, the
Playground's gradient view adds it to copies; both through :class:`Penalty`, so an L1 term
(λ₁·Σ|W|, ∂R/∂W = λ₁·sign W) joins here as one more field without touching either.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Array = np.ndarray


@dataclass(frozen=True)
class Penalty:
    """``l2`` is λ₂ ≥ 0 (0 switches the penalty off)."""

    l2: float = 0.0

    def __bool__(self) -> bool:
        return self.l2 != 0

    def add_gradient(self, grad: Array, weights: Array) -> Array:
        """``grad += ∂R/∂W`` in place (``grad`` and ``weights`` of one shape) and return it."""
        if self.l2:
            grad += self.l2 * weights
        return grad

    def gradient(self, grad: Array, weights: Array) -> Array:
        """``grad + ∂R/∂W`` as a new array; ``grad`` itself when there is no penalty."""
        return grad + self.l2 * weights if self.l2 else grad
