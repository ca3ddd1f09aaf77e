"""Targets a loss can take: the defaults for a new shape, and the repair when a loss changes.

Pure NumPy. MSE takes any numbers; binary cross-entropy needs probabilities; softmax
cross-entropy needs a probability distribution.
"""

from __future__ import annotations

import numpy as np

Array = np.ndarray


def default_targets(output_act: str, n_out: int, rng: np.random.Generator) -> Array:
    """Targets the output activation can actually reach, rounded to 2 decimals."""
    if output_act == "softmax":
        Y = np.zeros((1, n_out))
        Y[0, rng.integers(n_out)] = 1.0
        return Y
    low, high = {
        "sigmoid": (0.01, 0.99),
        "tanh": (-0.9, 0.9),
        "relu": (0.0, 1.0),
        "softplus": (0.05, 1.0),
    }.get(output_act, (-1.0, 1.0))
    return np.round(rng.uniform(low, high, size=(1, n_out)), 2)


def _vector(y: Array) -> str:
    return "(" + ", ".join(f"{v:.6g}" for v in np.asarray(y).reshape(-1)) + ")"


def conform_targets(Y: Array, loss: str) -> tuple[Array, str | None]:
    """Targets ``(1, n_out)`` the loss can take, and why they changed (``None``: unchanged).

    MSE takes any numbers. Binary cross-entropy needs each target in [0, 1] (a probability):
    others are clipped into it. Softmax cross-entropy needs a probability distribution
    (entries in [0, 1] summing to 1): otherwise the target becomes one-hot on its largest entry.
    """
    Y = np.array(Y, dtype=float, copy=True)
    if loss == "bce" and (np.any(Y < 0) or np.any(Y > 1)):
        new = np.clip(Y, 0.0, 1.0)
        return new, (
            f"Binary cross-entropy needs each target to be a probability between 0 and 1, so "
            f"y = {_vector(Y)} became {_vector(new)} (clipped into [0, 1])."
        )
    if loss == "cross_entropy":
        in_range = np.all(Y >= 0) and np.all(Y <= 1)
        if in_range and abs(float(Y.sum()) - 1.0) <= 1e-9:
            return Y, None
        new = np.zeros_like(Y)
        new[0, int(np.argmax(Y[0]))] = 1.0
        return new, (
            f"Softmax cross-entropy needs a target that is a probability distribution (entries "
            f"between 0 and 1 that sum to 1), so y = {_vector(Y)} became the one-hot "
            f"{_vector(new)}: all on its largest entry."
        )
    return Y, None


def check_targets(Y: Array, loss: str) -> list[str]:
    """Cross-entropy losses need targets in [0, 1]; say so instead of computing nonsense."""
    if loss in ("bce", "cross_entropy") and (np.any(Y < 0) or np.any(Y > 1)):
        return ["Targets for a cross-entropy loss must lie between 0 and 1; kept the old ones."]
    return []
