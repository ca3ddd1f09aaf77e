"""Activation functions: each one is a record of its value, its derivative and its formula.

Add an activation = add one entry to ``ACTIVATIONS``. ``derivative(z, a)`` receives both the
pre-activation ``z`` and the activation ``a = forward(z)`` so that cheap forms such as
σ'(z) = a(1 − a) can reuse ``a``. Every function is elementwise on any shape, except
``softmax``, which normalises along the last axis and is only used fused with cross-entropy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

Array = np.ndarray


@dataclass(frozen=True)
class Activation:
    """One activation: ``forward(z) -> a`` and ``derivative(z, a) -> f'(z)``."""

    name: str
    label: str
    forward: Callable[[Array], Array]
    derivative: Callable[[Array, Array], Array]
    latex: str
    derivative_latex: str
    elementwise: bool = True
    hidden_ok: bool = True


def sigmoid(z: Array) -> Array:
    """σ(z) = 1 / (1 + e^{−z}), exact for any z: exp only ever sees −|z|."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def _sigmoid_der(z: Array, a: Array) -> Array:
    return a * (1.0 - a)


def _tanh_der(z: Array, a: Array) -> Array:
    return 1.0 - a * a


def _relu(z: Array) -> Array:
    return np.maximum(z, 0.0)


def _relu_der(z: Array, a: Array) -> Array:
    return (z > 0).astype(z.dtype)


LEAKY_SLOPE = 0.01
ELU_ALPHA = 1.0


def _leaky(z: Array) -> Array:
    return np.where(z > 0, z, LEAKY_SLOPE * z)


def _leaky_der(z: Array, a: Array) -> Array:
    return np.where(z > 0, 1.0, LEAKY_SLOPE)


def _elu(z: Array) -> Array:
    return np.where(z > 0, z, ELU_ALPHA * np.expm1(np.minimum(z, 0.0)))


def _elu_der(z: Array, a: Array) -> Array:
    # α·e^z directly: a + α = α·(e^z − 1) + α cancels to 0 long before e^z underflows
    return np.where(z > 0, 1.0, ELU_ALPHA * np.exp(np.minimum(z, 0.0)))


def _softplus(z: Array) -> Array:
    return np.logaddexp(0.0, z)


def _softplus_der(z: Array, a: Array) -> Array:
    return sigmoid(z)


def _linear(z: Array) -> Array:
    return z


def _linear_der(z: Array, a: Array) -> Array:
    return np.ones_like(z)


def softmax(z: Array) -> Array:
    """Row-wise softmax, shifted by the row maximum so exp never overflows."""
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _softmax_der(z: Array, a: Array) -> Array:
    raise ValueError(
        "softmax has no elementwise derivative; it is only used with the cross_entropy loss"
    )


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation(
            "sigmoid",
            "Sigmoid",
            sigmoid,
            _sigmoid_der,
            r"\sigma(z) = \frac{1}{1 + e^{-z}}",
            r"\sigma'(z) = \sigma(z)\,(1 - \sigma(z))",
        ),
        Activation("tanh", "Tanh", np.tanh, _tanh_der, r"\tanh(z)", r"\tanh'(z) = 1 - \tanh^2(z)"),
        Activation(
            "relu",
            "ReLU",
            _relu,
            _relu_der,
            r"\mathrm{relu}(z) = \max(0, z)",
            r"\mathrm{relu}'(z) = [z > 0]",
        ),
        Activation(
            "leaky_relu",
            "Leaky ReLU",
            _leaky,
            _leaky_der,
            r"\mathrm{lrelu}(z) = \max(0.01z, z)",
            r"\mathrm{lrelu}'(z) = 1 \text{ if } z > 0 \text{ else } 0.01",
        ),
        Activation(
            "elu",
            "ELU",
            _elu,
            _elu_der,
            r"\mathrm{elu}(z) = z \text{ if } z > 0 \text{ else } e^{z} - 1",
            r"\mathrm{elu}'(z) = 1 \text{ if } z > 0 \text{ else } e^{z}",
        ),
        Activation(
            "softplus",
            "Softplus",
            _softplus,
            _softplus_der,
            r"\mathrm{softplus}(z) = \ln(1 + e^{z})",
            r"\mathrm{softplus}'(z) = \sigma(z)",
        ),
        Activation("linear", "Linear", _linear, _linear_der, r"f(z) = z", r"f'(z) = 1"),
        Activation(
            "softmax",
            "Softmax",
            softmax,
            _softmax_der,
            r"\mathrm{softmax}(z)_k = \frac{e^{z_k}}{\sum_j e^{z_j}}",
            r"\frac{\partial \hat y_k}{\partial z_j} = \hat y_k([k=j] - \hat y_j)",
            elementwise=False,
            hidden_ok=False,
        ),
    )
}

HIDDEN_ACTIVATIONS: tuple[str, ...] = tuple(n for n, a in ACTIVATIONS.items() if a.hidden_ok)
OUTPUT_ACTIVATIONS: tuple[str, ...] = tuple(ACTIVATIONS)


def get_activation(name: str) -> Activation:
    """The activation called ``name``; ``ValueError`` naming the valid choices otherwise."""
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(
            f"unknown activation {name!r}; choose one of {', '.join(ACTIVATIONS)}"
        ) from None
