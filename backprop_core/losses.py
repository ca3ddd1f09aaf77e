"""Losses, each averaged over the batch, with the gradient that starts the backward pass.

``value(z, a, y)`` gets the output layer's logits ``z`` and activations ``a = f(z)``, both
``(batch, n_out)``, and the targets ``y`` of the same shape. ``grad_output(a, y)`` is ∂L/∂a.
``output_delta`` gives δ = ∂L/∂z for the output layer: the fused form (ŷ − y)/N for
sigmoid + bce and softmax + cross_entropy, and ∂L/∂a ⊙ f'(z) otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .activations import ACTIVATIONS, Activation

Array = np.ndarray


@dataclass(frozen=True)
class Loss:
    """One loss: its value, ∂L/∂a, the output activations it pairs with, and its formula."""

    name: str
    label: str
    value: Callable[[Array, Array, Array], float]
    grad_output: Callable[[Array, Array], Array]
    outputs: tuple[str, ...]
    latex: str
    fused_with: str | None = None  # output activation whose delta is exactly (a - y) / N


def _mean(x: Array) -> float:
    """np.mean's exact arithmetic (one pairwise sum, one division) without its Python layers."""
    return float(np.add.reduce(x, axis=None)) / x.size


def _mse_value(z: Array, a: Array, y: Array) -> float:
    d = a - y
    return _mean(d * d)


def _mse_grad(a: Array, y: Array) -> Array:
    return (2.0 / a.size) * (a - y)


def _bce_value(z: Array, a: Array, y: Array) -> float:
    # −[y log σ(z) + (1 − y) log(1 − σ(z))] = max(z, 0) − z·y + log(1 + e^{−|z|})
    return _mean(np.maximum(z, 0.0) - z * y + np.log1p(np.exp(-np.abs(z))))


def _bce_grad(a: Array, y: Array) -> Array:
    with np.errstate(divide="ignore", invalid="ignore"):
        return (a - y) / (a * (1.0 - a) * a.size)


def _ce_value(z: Array, a: Array, y: Array) -> float:
    m = z.max(axis=-1, keepdims=True)
    log_probs = z - (m + np.log(np.exp(z - m).sum(axis=-1, keepdims=True)))
    return float(-np.sum(y * log_probs) / z.shape[0])


def _ce_grad(a: Array, y: Array) -> Array:
    with np.errstate(divide="ignore", invalid="ignore"):
        return -y / (a * a.shape[0])


LOSSES: dict[str, Loss] = {
    loss.name: loss
    for loss in (
        Loss(
            "mse",
            "Mean squared error",
            _mse_value,
            _mse_grad,
            tuple(n for n, act in ACTIVATIONS.items() if act.elementwise),
            r"L = \frac{1}{N}\sum_{n}(\hat y_n - y_n)^2",
        ),
        Loss(
            "bce",
            "Binary cross-entropy",
            _bce_value,
            _bce_grad,
            ("sigmoid",),
            r"L = -\frac{1}{N}\sum_{n}\big[y_n\ln\hat y_n + (1-y_n)\ln(1-\hat y_n)\big]",
            fused_with="sigmoid",
        ),
        Loss(
            "cross_entropy",
            "Cross-entropy (softmax)",
            _ce_value,
            _ce_grad,
            ("softmax",),
            r"L = -\frac{1}{B}\sum_{b}\sum_{k} y_{bk}\ln\hat y_{bk}",
            fused_with="softmax",
        ),
    )
}


def get_loss(name: str) -> Loss:
    """The loss called ``name``; ``ValueError`` naming the valid choices otherwise."""
    try:
        return LOSSES[name]
    except KeyError:
        raise ValueError(f"unknown loss {name!r}; choose one of {', '.join(LOSSES)}") from None


def valid_losses(output_activation: str) -> tuple[str, ...]:
    """The losses that pair with ``output_activation``."""
    return tuple(n for n, loss in LOSSES.items() if output_activation in loss.outputs)


def check_pairing(loss: Loss, output: Activation) -> None:
    """``ValueError`` naming the valid choices when ``loss`` cannot follow ``output``."""
    if output.name not in loss.outputs:
        raise ValueError(
            f"loss {loss.name!r} cannot follow a {output.name!r} output; "
            f"it needs one of {', '.join(loss.outputs)}; a {output.name!r} output "
            f"works with {', '.join(valid_losses(output.name)) or 'no loss'}"
        )


def output_delta(loss: Loss, output: Activation, z: Array, a: Array, y: Array) -> Array:
    """δ = ∂L/∂z for the output layer, ``(batch, n_out)``."""
    if loss.fused_with == output.name:
        scale = a.shape[0] if loss.name == "cross_entropy" else a.size
        return (a - y) / scale
    return loss.grad_output(a, y) * output.derivative(z, a)
