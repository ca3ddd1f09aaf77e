"""Per-layer health of a network on a batch: gradient and weight norms, activation statistics,
saturated units (sigmoid / tanh) and dead ReLUs. Layer ``l`` means weight matrix ``W_l``."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .network import Gradients, Network, Trace

Array = np.ndarray
SATURATION = 0.99  # a sigmoid unit is saturated when σ'(z) < 0.01·max, i.e. |2σ − 1| > 0.99


@dataclass(frozen=True)
class LayerReport:
    """Each field is ``(n_layers,)`` unless stated otherwise."""

    grad_norms: Array  # ‖∂L/∂W_l‖ (Frobenius)
    bias_grad_norms: Array
    weight_norms: Array
    delta_norms: Array  # root-mean-square of δ_l per sample
    act_mean: Array
    act_std: Array
    saturated: Array  # fraction of (sample, unit) values in the flat tails; NaN if n/a
    dead: Array  # fraction of units that output 0 for every sample (ReLU); NaN if n/a
    loss: float

    @property
    def n_layers(self) -> int:
        return len(self.grad_norms)


def saturated_fraction(a: Array, activation: str) -> float:
    """Share of values where the activation's slope is under 1 % of its peak; NaN when the
    activation does not saturate (ReLU family, linear)."""
    if activation == "sigmoid":
        return float(np.mean(np.abs(2.0 * a - 1.0) > SATURATION))
    if activation == "tanh":
        return float(np.mean(np.abs(a) > SATURATION))
    return float("nan")


def dead_fraction(z: Array, activation: str) -> float:
    """Share of units whose ReLU is off (z ≤ 0) for every sample: they get no gradient at all."""
    if activation != "relu":
        return float("nan")
    return float(np.mean(np.all(z <= 0, axis=0)))


def norms(arrays: list[Array]) -> Array:
    """Frobenius norm of each array, ``(len(arrays),)``."""
    return np.array([float(np.sqrt(np.vdot(x, x))) for x in arrays])


def summarise(net: Network, trace: Trace, grads: Gradients, loss: float) -> LayerReport:
    """The per-layer report of a forward ``trace`` and its ``grads`` (already computed)."""
    with np.errstate(all="ignore"):
        acts = trace.activations[1:]
        names = [net.activation_of(l).name for l in range(net.n_layers)]
        return LayerReport(
            grad_norms=norms(grads.weights),
            bias_grad_norms=norms(grads.biases),
            weight_norms=norms(net.weights),
            delta_norms=norms(grads.deltas) / np.sqrt(max(len(trace.output), 1)),
            act_mean=np.array([float(np.mean(a)) for a in acts]),
            act_std=np.array([float(np.std(a)) for a in acts]),
            saturated=np.array([saturated_fraction(a, n) for a, n in zip(acts, names)]),
            dead=np.array([dead_fraction(z, n) for z, n in zip(trace.pre_activations, names)]),
            loss=loss,
        )


def layer_report(net: Network, X: Array, Y: Array) -> LayerReport:
    """Forward and backward once on (X, Y) and summarise every layer."""
    with np.errstate(all="ignore"):
        trace = net.forward(X)
        loss = net.loss(trace, Y)
        grads = net.backward(trace, Y)
    return summarise(net, trace, grads, loss)


def growth_per_layer(grad_norms: Array) -> float:
    """Geometric-mean factor by which ‖∂L/∂W‖ changes from one layer to the next, going from the
    output back to the input (< 1 shrinks: vanishing; > 1 grows: exploding). NaN if undefined."""
    g = np.asarray(grad_norms, dtype=float)
    if len(g) < 2 or not np.all(np.isfinite(g)) or np.any(g <= 0):
        return float("nan")
    return float((g[0] / g[-1]) ** (1.0 / (len(g) - 1)))
