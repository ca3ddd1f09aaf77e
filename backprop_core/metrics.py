"""How good a fit is, in the numbers people ask for: accuracy per class and the confusion matrix
for classification, RMSE and R² for regression."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Array = np.ndarray


def predicted_classes(output: Array) -> Array:
    """Class index per row: ``output`` (n, 1) sigmoid probabilities (class 1 when ≥ 0.5) or
    (n, k) softmax probabilities (the largest)."""
    output = np.asarray(output)
    if output.shape[1] == 1:
        return (output[:, 0] >= 0.5).astype(int)
    return np.argmax(output, axis=1)


def confusion_matrix(labels: Array, predicted: Array, classes: int) -> Array:
    """Counts ``(classes, classes)``: row = true class, column = predicted class."""
    labels = np.asarray(labels, int).ravel()
    predicted = np.asarray(predicted, int).ravel()
    return np.bincount(labels * classes + predicted, minlength=classes * classes).reshape(
        classes, classes
    )


@dataclass(frozen=True)
class ClassMetrics:
    confusion: Array  # (classes, classes) counts, rows = true class
    per_class: Array  # (classes,) share of each true class predicted right; NaN for an empty class
    accuracy: float


def class_metrics(labels: Array, output: Array, classes: int) -> ClassMetrics:
    cm = confusion_matrix(labels, predicted_classes(output), classes)
    totals = cm.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        per_class = np.where(totals > 0, np.diag(cm) / np.maximum(totals, 1), np.nan)
    n = cm.sum()
    return ClassMetrics(cm, per_class, float(np.trace(cm) / n) if n else float("nan"))


@dataclass(frozen=True)
class RegressionMetrics:
    rmse: float
    r2: float  # 1 − SS_res / SS_tot; NaN when every target is the same


def regression_metrics(targets: Array, output: Array) -> RegressionMetrics:
    y = np.asarray(targets, float).ravel()
    p = np.asarray(output, float).ravel()
    ss_res = float(np.sum((y - p) ** 2))
    ss_tot = float(np.sum((y - y.mean()) ** 2))
    rmse = float(np.sqrt(ss_res / len(y))) if len(y) else float("nan")
    return RegressionMetrics(rmse, 1.0 - ss_res / ss_tot if ss_tot > 0 else float("nan"))
