"""A fully connected network with an explicit forward, loss, backward and update.

Shapes are row-major batches. Layer ``l`` computes ``z_l = a_l @ W_l + b_l`` and
``a_{l+1} = f_l(z_l)`` with ``W_l`` of shape ``(fan_in, fan_out)``. ``forward`` and
``backward`` never mutate their inputs or the parameters; only ``step`` does.

The two per-layer primitives, :func:`dense_forward` and :func:`dense_backward`, are the
mirror images CS231n teaches; :mod:`backprop_core.stepper` replays exactly these calls one
stage at a time, so both paths give bit-identical numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .activations import Activation, get_activation
from .initialisers import draw, get_initialiser
from .losses import Loss, check_pairing, get_loss, output_delta

Array = np.ndarray


@dataclass
class Trace:
    """What a forward pass computed: ``pre_activations[l] = z_l`` ``(batch, fan_out)``,
    ``activations[0] = X`` and ``activations[l + 1] = f(z_l)``."""

    pre_activations: list[Array]
    activations: list[Array]

    @property
    def output(self) -> Array:
        return self.activations[-1]


@dataclass
class Gradients:
    """∂L/∂W_l and ∂L/∂b_l with the parameters' shapes; ``deltas[l] = ∂L/∂z_l``."""

    weights: list[Array]
    biases: list[Array]
    deltas: list[Array]


def dense_forward(a: Array, W: Array, b: Array, act: Activation) -> tuple[Array, Array]:
    """``z = a @ W + b`` and ``f(z)``: ``a`` (batch, fan_in) -> both (batch, fan_out)."""
    z = a @ W
    z += b
    return z, act.forward(z)


def dense_backward(delta: Array, a_prev: Array, W: Array) -> tuple[Array, Array, Array]:
    """From δ = ∂L/∂z (batch, fan_out): ∂L/∂W = a_prevᵀδ, ∂L/∂b = Σ_batch δ,
    and ∂L/∂a_prev = δ Wᵀ (batch, fan_in)."""
    return a_prev.T @ delta, bias_gradient(delta), delta @ W.T


def bias_gradient(delta: Array) -> Array:
    """∂L/∂b = Σ_batch δ (fan_out,), as 1ᵀδ: BLAS sums a narrow (batch, fan_out) δ down its
    columns about twice as fast as ``delta.sum(axis=0)``."""
    return np.ones(len(delta)) @ delta


def hidden_delta(grad_a: Array, z: Array, a: Array, act: Activation) -> Array:
    """δ_l = ∂L/∂a_{l+1} ⊙ f'(z_l)."""
    slope = act.derivative(z, a)
    if slope.base is None and slope is not z and slope is not a and slope.dtype == grad_a.dtype:
        slope *= grad_a  # a fresh f'(z) array: multiply in place, same numbers, one array less
        return slope
    return grad_a * slope


class Network:
    """A multilayer perceptron ``sizes = [n_in, hidden..., n_out]``."""

    def __init__(
        self,
        sizes: Sequence[int],
        hidden_activation: str = "sigmoid",
        output_activation: str = "sigmoid",
        loss: str = "mse",
        init: str = "xavier",
        seed: int = 0,
        init_scale: float = 1.0,
    ) -> None:
        sizes = [int(s) for s in sizes]
        if len(sizes) < 2 or min(sizes) < 1:
            raise ValueError(f"sizes needs at least an input and an output size >= 1, got {sizes}")
        self.sizes = sizes
        self.hidden = get_activation(hidden_activation)
        if not self.hidden.hidden_ok:
            raise ValueError(f"{hidden_activation!r} can only be used on the output layer")
        self.output_act = get_activation(output_activation)
        self.loss_fn: Loss = get_loss(loss)
        check_pairing(self.loss_fn, self.output_act)
        self.init_name = get_initialiser(init).name
        self.seed = int(seed)
        rng = np.random.default_rng(self.seed)
        initialiser = get_initialiser(init)
        self.weights: list[Array] = [
            draw(initialiser, fi, fo, rng, init_scale) for fi, fo in zip(sizes[:-1], sizes[1:])
        ]
        self.biases: list[Array] = [np.zeros(fo) for fo in sizes[1:]]

    # -- structure -------------------------------------------------------------------------
    @property
    def n_layers(self) -> int:
        return len(self.sizes) - 1

    def activation_of(self, layer: int) -> Activation:
        return self.output_act if layer == self.n_layers - 1 else self.hidden

    def copy(self) -> Network:
        other = object.__new__(Network)
        other.__dict__.update(self.__dict__)
        other.weights = [w.copy() for w in self.weights]
        other.biases = [b.copy() for b in self.biases]
        return other

    def _check(self, X: Array, name: str, width: int) -> Array:
        if type(X) is not np.ndarray or X.dtype != np.float64:
            X = np.asarray(X, dtype=float)
        if X.ndim != 2 or X.shape[1] != width:
            raise ValueError(f"{name} must have shape (batch, {width}), got {X.shape}")
        return X

    # -- the four stages ------------------------------------------------------------------
    def forward(self, X: Array) -> Trace:
        """Run ``X`` (batch, n_in) through every layer."""
        a = self._check(X, "X", self.sizes[0])
        zs: list[Array] = []
        acts = [a]
        last = self.n_layers - 1
        for l, (W, b) in enumerate(zip(self.weights, self.biases)):
            z, a = dense_forward(a, W, b, self.output_act if l == last else self.hidden)
            zs.append(z)
            acts.append(a)
        return Trace(zs, acts)

    def loss(self, trace: Trace, Y: Array) -> float:
        """The loss of ``trace`` against targets ``Y`` (batch, n_out), from the logits."""
        Y = self._check_targets(trace, Y)
        return self.loss_fn.value(trace.pre_activations[-1], trace.output, Y)

    def _check_targets(self, trace: Trace, Y: Array) -> Array:
        Y = self._check(Y, "Y", self.sizes[-1])
        if Y.shape[0] != trace.output.shape[0]:
            raise ValueError(
                f"Y must have shape {trace.output.shape} to match the batch, got {Y.shape}"
            )
        return Y

    def backward(self, trace: Trace, Y: Array) -> Gradients:
        """Every ∂L/∂W_l, ∂L/∂b_l and δ_l, from the output layer back to the input."""
        Y = self._check_targets(trace, Y)
        L = self.n_layers
        zs, acts = trace.pre_activations, trace.activations
        delta = output_delta(self.loss_fn, self.output_act, zs[-1], acts[-1], Y)
        dW: list[Array] = [None] * L  # type: ignore[list-item]
        db: list[Array] = [None] * L  # type: ignore[list-item]
        deltas: list[Array] = [None] * L  # type: ignore[list-item]
        for l in range(L - 1, 0, -1):
            deltas[l] = delta
            dW[l], db[l], grad_a = dense_backward(delta, acts[l], self.weights[l])
            delta = hidden_delta(grad_a, zs[l - 1], acts[l], self.hidden)
        deltas[0] = delta  # the first layer needs no ∂L/∂X: skip that product
        dW[0], db[0] = acts[0].T @ delta, bias_gradient(delta)
        return Gradients(dW, db, deltas)

    def step(self, grads: Gradients, learning_rate: float) -> None:
        """Plain gradient descent: ``W -= lr * dW`` and ``b -= lr * db`` for every layer."""
        self.weights = [W - learning_rate * g for W, g in zip(self.weights, grads.weights)]
        self.biases = [b - learning_rate * g for b, g in zip(self.biases, grads.biases)]

    # -- conveniences ---------------------------------------------------------------------
    def predict(self, X: Array) -> Array:
        return self.forward(X).output

    def loss_and_grads(self, X: Array, Y: Array) -> tuple[float, Gradients, Trace]:
        trace = self.forward(X)
        return self.loss(trace, Y), self.backward(trace, Y), trace

    def parameters(self) -> list[Array]:
        """Weights then biases, layer by layer: the order optimizers and gradcheck use."""
        return [*self.weights, *self.biases]

    def set_parameters(self, params: Sequence[Array]) -> None:
        L = self.n_layers
        self.weights = list(params[:L])
        self.biases = list(params[L:])
