"""A fully connected network with an explicit forward, loss, backward and update.

Shapes are row-major batches. Layer ``l`` computes ``z_l = a_l @ W_l + b_l`` and
``a_{l+1} = f_l(z_l)`` with ``W_l`` of shape ``(fan_in, fan_out)``. ``forward`` and
``backward`` never mutate their inputs or the parameters; only ``step`` does.

The two per-layer primitives, :func:`dense_forward` and :func:`dense_backward`, are the
mirror images CS231n teaches. :func:`forward_pass` and :func:`backward_pass` chain them over
the layers; they are the only forward and backward in the engine: ``Network``, the trainer
(writing into its flat buffers) and the stepper (showing each stage) all call them, so every
path gives bit-identical numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

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
    """∂L/∂W_l and ∂L/∂b_l with the parameters' shapes; ``deltas[l] = ∂L/∂z_l`` (batch, fan_out);
    ``grad_inputs[l] = ∂L/∂a_l = δ_l W_lᵀ`` (batch, fan_in), what layer l hands back to the
    layer below (``None`` for l = 0: nothing needs ∂L/∂X)."""

    weights: list[Array]
    biases: list[Array]
    deltas: list[Array]
    grad_inputs: list[Array | None] = field(default_factory=list)


def as_batch(X: object, width: int, name: str = "X") -> Array:
    """``X`` as a float64 (batch, width) array, or a ValueError naming ``name`` and both shapes."""
    if type(X) is not np.ndarray or X.dtype != np.float64:
        X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != width:
        raise ValueError(f"{name} must have shape (batch, {width}), got {X.shape}")
    return X


class Workspace:
    """Scratch arrays kept between passes, one per key: rewriting warm memory beats fresh
    allocations (the trainer's epochs). Each use has its own key, so e.g. a test-set pass never
    overwrites the training set's. Not pickled: it is only a cache."""

    def __init__(self) -> None:
        self._arrays: dict[tuple[object, ...], Array] = {}

    def array(self, key: tuple[object, ...], shape: tuple[int, ...]) -> Array:
        buf = self._arrays.get(key)
        if buf is None:
            buf = self._arrays[key] = np.empty(shape)
        return buf

    def ones(self, n: int) -> Array:
        """A length-``n`` vector of ones (for ∂L/∂b = 1ᵀδ)."""
        ones = self._arrays.get(("ones", n))
        if ones is None:
            ones = self._arrays[("ones", n)] = np.ones(n)
        return ones

    def __getstate__(self) -> dict[str, object]:
        return {"_arrays": {}}


def dense_forward(
    a: Array, W: Array, b: Array, act: Activation, out: Array | None = None
) -> tuple[Array, Array]:
    """``z = a @ W + b`` and ``f(z)``: ``a`` (batch, fan_in) -> both (batch, fan_out);
    ``z`` is written into ``out`` when given."""
    z = a @ W if out is None else np.matmul(a, W, out=out)
    z += b
    return z, act.forward(z)


def dense_backward(
    delta: Array,
    a_prev: Array,
    W: Array,
    out: tuple[Array | None, Array | None, Array | None] | None = None,
    inputs: bool = True,
    ones: Array | None = None,
) -> tuple[Array, Array, Array | None]:
    """From δ = ∂L/∂z (batch, fan_out): ∂L/∂W = a_prevᵀδ, ∂L/∂b = Σ_batch δ,
    and ∂L/∂a_prev = δ Wᵀ (batch, fan_in) — ``None`` when ``inputs`` is False (the first
    layer: nothing needs ∂L/∂X). ``out`` = arrays to write the three into (any may be None),
    ``ones`` = ``np.ones(batch)`` made once per pass: the same numbers, less allocation.

    ∂L/∂b is computed as 1ᵀδ: BLAS sums a narrow (batch, fan_out) δ down its columns about
    twice as fast as ``delta.sum(axis=0)``.
    """
    if ones is None:
        ones = np.ones(len(delta))
    if out is None:
        return a_prev.T @ delta, ones @ delta, (delta @ W.T if inputs else None)
    dW = np.matmul(a_prev.T, delta, out=out[0])
    db = np.matmul(ones, delta, out=out[1])
    return dW, db, (np.matmul(delta, W.T, out=out[2]) if inputs else None)


def hidden_delta(grad_a: Array, z: Array, a: Array, act: Activation) -> Array:
    """δ_l = ∂L/∂a_{l+1} ⊙ f'(z_l)."""
    slope = act.derivative(z, a)
    if slope.base is None and slope is not z and slope is not a and slope.dtype == grad_a.dtype:
        slope *= grad_a  # a fresh f'(z) array: multiply in place, same numbers, one array less
        return slope
    return grad_a * slope


def forward_pass(net: Network, X: Array, work: Workspace | None = None, use: str = "") -> Trace:
    """Every layer's ``dense_forward`` on ``X`` (batch, n_in), unchecked (callers check once).
    With ``work``, each z goes into a kept array keyed by ``use``, the layer and the batch."""
    zs: list[Array] = []
    acts = [X]
    a, last = X, net.n_layers - 1
    for l, (W, b) in enumerate(zip(net.weights, net.biases)):
        out = None if work is None else work.array((use, l, len(X)), (len(X), W.shape[1]))
        z, a = dense_forward(a, W, b, net.output_act if l == last else net.hidden, out)
        zs.append(z)
        acts.append(a)
    return Trace(zs, acts)


def backward_pass(
    net: Network,
    trace: Trace,
    Y: Array,
    into: tuple[Sequence[Array], Sequence[Array]] | None = None,
    work: Workspace | None = None,
) -> Gradients:
    """The backward rule, the one every path uses (``Network.backward``, the trainer, the
    stepper): δ at the output from the loss, then ``dense_backward`` and ``hidden_delta`` down
    to the first layer. Unchecked. ``into`` = (∂L/∂W arrays, ∂L/∂b arrays) to write into (the
    trainer's flat gradient buffer); ``work`` keeps the ∂L/∂a arrays between calls."""
    L = net.n_layers
    zs, acts = trace.pre_activations, trace.activations
    n = len(Y)
    delta = output_delta(net.loss_fn, net.output_act, zs[-1], acts[-1], Y)
    dW: list[Array] = [None] * L  # type: ignore[list-item]
    db: list[Array] = [None] * L  # type: ignore[list-item]
    deltas: list[Array] = [None] * L  # type: ignore[list-item]
    grad_inputs: list[Array | None] = [None] * L
    ones = np.ones(n) if work is None else work.ones(n)
    for l in range(L - 1, -1, -1):
        deltas[l] = delta
        W = net.weights[l]
        out = None
        if into is not None:
            grad_a = None
            if work is not None and l:
                grad_a = work.array(("dL/da", l, n), (n, W.shape[0]))
            out = (into[0][l], into[1][l], grad_a)
        dW[l], db[l], grad_a = dense_backward(delta, acts[l], W, out, l > 0, ones)
        if l:
            grad_inputs[l] = grad_a
            delta = hidden_delta(grad_a, zs[l - 1], acts[l], net.hidden)
    return Gradients(dW, db, deltas, grad_inputs)


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

    def parameter_shapes(self) -> list[tuple[int, ...]]:
        """Each weight's (fan_in, fan_out), then each bias's (fan_out,): ``parameters()`` order."""
        pairs = list(zip(self.sizes[:-1], self.sizes[1:]))
        return [*pairs, *((fo,) for _, fo in pairs)]

    def check_inputs(self, X: object, name: str = "X") -> Array:
        """``X`` as a float64 (batch, n_in) array, or a ValueError naming ``name``."""
        return as_batch(X, self.sizes[0], name)

    def check_targets(self, Y: object, batch: int | None = None, name: str = "Y") -> Array:
        """``Y`` as a float64 (batch, n_out) array (of ``batch`` rows when given)."""
        Y = as_batch(Y, self.sizes[-1], name)
        if batch is not None and len(Y) != batch:
            shape = (batch, self.sizes[-1])
            raise ValueError(f"{name} must have shape {shape} to match the batch, got {Y.shape}")
        return Y

    # -- the four stages ------------------------------------------------------------------
    def forward(self, X: Array) -> Trace:
        """Run ``X`` (batch, n_in) through every layer."""
        return forward_pass(self, self.check_inputs(X))

    def loss(self, trace: Trace, Y: Array) -> float:
        """The loss of ``trace`` against targets ``Y`` (batch, n_out), from the logits."""
        Y = self.check_targets(Y, len(trace.output))
        return self.loss_fn.value(trace.pre_activations[-1], trace.output, Y)

    def backward(self, trace: Trace, Y: Array) -> Gradients:
        """Every ∂L/∂W_l, ∂L/∂b_l and δ_l, from the output layer back to the input."""
        return backward_pass(self, trace, self.check_targets(Y, len(trace.output)))

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
