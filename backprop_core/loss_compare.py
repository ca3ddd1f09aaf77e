"""MSE against binary cross-entropy on the same sigmoid network, targets and learning rate.

The classic interview question: why does cross-entropy learn faster when a sigmoid output is
confidently wrong? For MSE the output error is multiplied by the sigmoid's slope,

    δ = (2/N)(ŷ − y) · σ'(z),    σ'(z) = ŷ(1 − ŷ)  ≈ 0.004 when |z| ≈ 5.5,

while for binary cross-entropy that slope cancels against ∂L/∂ŷ:  δ = (ŷ − y)/N.
:func:`compare` runs both from the same parameters and returns the numbers behind that story.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .network import Network
from .stepper import run_step

Array = np.ndarray
LOSSES_COMPARED = ("mse", "bce")


@dataclass(frozen=True)
class LossRun:
    """One loss trained for ``steps`` steps from the shared start.

    ``y_hat``, ``error`` (= ŷ − y), ``slope`` (σ'(z), MSE only), ``delta`` (the output δ) are
    ``(n_out,)`` at the start. ``first_update`` is ‖η·∇θ‖₂ over every parameter of the first
    step; ``losses[k]`` is the loss (of this loss function) after ``k`` steps and
    ``errors[k]`` the mean |ŷ − y| after ``k`` steps, ``steps + 1`` values each.
    """

    loss: str
    y_hat: Array
    error: Array
    scale: float  # the constant in front: 2/N for MSE, 1/N for cross-entropy
    slope: Array | None
    delta: Array
    first_update: float
    losses: list[float]
    errors: list[float]


def _network(
    sizes: Sequence[int], hidden: str, loss: str, weights: Sequence[Array], biases: Sequence[Array]
) -> Network:
    net = Network(sizes, hidden, "sigmoid", loss, init="zeros")
    net.weights = [np.array(w, dtype=float) for w in weights]
    net.biases = [np.array(b, dtype=float) for b in biases]
    return net


def compare(
    sizes: Sequence[int],
    hidden_activation: str,
    weights: Sequence[Array],
    biases: Sequence[Array],
    X: Array,
    Y: Array,
    learning_rate: float,
    steps: int = 20,
    update_biases: bool = True,
) -> dict[str, LossRun]:
    """MSE and binary cross-entropy from the same sigmoid-output network.

    ``X`` is ``(1, n_in)``, ``Y`` is ``(1, n_out)`` with targets in [0, 1]. Each run takes
    ``steps`` plain gradient-descent steps (the page's Full step). ``ValueError`` if a target
    lies outside [0, 1] (cross-entropy cannot take it).
    """
    X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
    if np.any(Y < 0) or np.any(Y > 1):
        raise ValueError("binary cross-entropy needs every target in [0, 1]")
    out: dict[str, LossRun] = {}
    for loss in LOSSES_COMPARED:
        net = _network(sizes, hidden_activation, loss, weights, biases)
        losses, errors = [], []
        first = None
        with np.errstate(all="ignore"):
            for k in range(steps + 1):
                run = run_step(net, X, Y, learning_rate, update_biases)
                losses.append(run.loss)
                errors.append(float(np.mean(np.abs(run.trace.output - Y))))
                if first is None:
                    first = run
                if k < steps:
                    net.weights, net.biases = list(run.new_weights), list(run.new_biases)
        values = first.stages[net.n_layers + 1].values  # the output-δ stage
        y_hat = np.asarray(values["y_hat"])[0]
        grads = [*first.grads.weights, *first.grads.biases]
        if not update_biases:
            grads = list(first.grads.weights)
        step_norm = learning_rate * float(np.sqrt(sum(np.sum(g * g) for g in grads)))
        n = Y.size
        out[loss] = LossRun(
            loss=loss,
            y_hat=y_hat,
            error=y_hat - Y[0],
            scale=(2.0 if loss == "mse" else 1.0) / n,
            slope=None if values["fused"] else np.asarray(values["f_prime"])[0],
            delta=np.asarray(values["delta"])[0],
            first_update=step_norm,
            losses=losses,
            errors=errors,
        )
    return out
