"""More than two classes: the output layer and loss they train with, their targets, and the
settings the Playground starts a many-class run from.

Two classes keep one sigmoid unit with binary cross-entropy (as TensorFlow Playground does);
``k > 2`` classes get ``k`` softmax units, p_k = e^{z_k} / Σ_j e^{z_j}, with cross-entropy
L = −Σ_k y_k log p_k on one-hot targets. Regression keeps a linear unit with MSE.
"""

from __future__ import annotations

import numpy as np

from .datasets import one_hot

Array = np.ndarray
# What a 3-class spiral learns to ≥ 90 % training accuracy within 100 epochs, from any seed
# tried (tests/core/test_multiclass_training.py): a spiral's arms need sin features and room.
PRESET: dict[str, object] = {
    "layers": (8, 8),
    "lr": 0.03,
    "optimizer": "adam",
    "features": ("x1", "x2", "sinx1", "sinx2"),
}


def outputs(task: str, classes: int) -> int:
    """Output units: one for regression and for two classes, ``classes`` otherwise."""
    return classes if task == "classification" and classes > 2 else 1


def output_activation(task: str, classes: int) -> str:
    if task != "classification":
        return "linear"
    return "softmax" if classes > 2 else "sigmoid"


def loss(task: str, classes: int) -> str:
    if task != "classification":
        return "mse"
    return "cross_entropy" if classes > 2 else "bce"


def targets(Y: Array, task: str, classes: int) -> Array:
    """What the network is trained against: labels ``(n, 1)`` as they are for one output unit,
    one-hot rows ``(n, classes)`` for a softmax output."""
    return one_hot(Y, classes) if outputs(task, classes) > 1 else Y
