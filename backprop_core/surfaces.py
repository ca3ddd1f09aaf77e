"""Loss surfaces of two parameters for the optimizers lab: each has a value and an exact gradient.

``value(x, y)`` and ``gradient(x, y)`` take arrays of any one shape (a point, a row, a grid) and
return that shape, so the same code draws a contour grid and steps an optimizer. The toy surfaces
all have their lowest value 0, so their losses can go on a log axis. The network surface is the
real binary cross-entropy of a one-neuron model ``σ(w₁x₁ + w₂x₂ + b)`` on a small dataset, as a
function of (w₁, w₂) with the bias fixed; its gradient is the engine's own backward pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .datasets import make_dataset
from .network import Network, dense_forward

Array = np.ndarray
Point = tuple[float, float]
Box = tuple[float, float, float, float]  # x_lo, x_hi, y_lo, y_hi


@dataclass(frozen=True)
class Surface:
    """f(x, y) on a plotting box, with a default start, a few preset starts, the minimum (None
    when there is no single one) and a learning rate and step count that show it well."""

    key: str
    box: Box
    start: Point
    presets: tuple[Point, ...]
    minimum: Point | None
    lr: float = 0.1
    steps: int = 100

    def value(self, x: Array, y: Array) -> Array:
        raise NotImplementedError

    def gradient(self, x: Array, y: Array) -> tuple[Array, Array]:
        raise NotImplementedError

    def loss_and_grad(self, point: Array) -> tuple[float, Array]:
        """f and ∇f at one point ``(2,)``."""
        x, y = float(point[0]), float(point[1])
        gx, gy = self.gradient(np.float64(x), np.float64(y))
        return float(self.value(np.float64(x), np.float64(y))), np.array([gx, gy], dtype=float)

    def grid(self, n: int) -> tuple[Array, Array, Array]:
        """``xs`` (n,), ``ys`` (n,) spanning the box and ``Z`` (n, n) with ``Z[i, j] = f(xs[j],
        ys[i])`` (rows are y, as a contour plot wants them)."""
        x_lo, x_hi, y_lo, y_hi = self.box
        xs, ys = np.linspace(x_lo, x_hi, n), np.linspace(y_lo, y_hi, n)
        X, Y = np.meshgrid(xs, ys)
        return xs, ys, self.value(X, Y)


@dataclass(frozen=True)
class Bowl(Surface):
    """f = ½(a·x² + b·y²): ∇f = (a·x, b·y); the Hessian is diag(a, b)."""

    a: float = 1.0
    b: float = 10.0

    def value(self, x: Array, y: Array) -> Array:
        return 0.5 * (self.a * x * x + self.b * y * y)

    def gradient(self, x: Array, y: Array) -> tuple[Array, Array]:
        return self.a * x, self.b * y


@dataclass(frozen=True)
class Rosenbrock(Surface):
    """f = (1 − x)² + 100·(y − x²)²: a curved, flat-bottomed valley with its minimum at (1, 1)."""

    def value(self, x: Array, y: Array) -> Array:
        return (1.0 - x) ** 2 + 100.0 * (y - x * x) ** 2

    def gradient(self, x: Array, y: Array) -> tuple[Array, Array]:
        r = y - x * x
        return -2.0 * (1.0 - x) - 400.0 * x * r, 200.0 * r


@dataclass(frozen=True)
class Saddle(Surface):
    """f = ¼(x² − 1)² + ½y²: a saddle at (0, 0) (f = ¼, curving down along x, up along y)
    between two minima at (±1, 0)."""

    def value(self, x: Array, y: Array) -> Array:
        u = x * x - 1.0
        return 0.25 * u * u + 0.5 * y * y

    def gradient(self, x: Array, y: Array) -> tuple[Array, Array]:
        return x * (x * x - 1.0), y


@dataclass(frozen=True)
class Valley(Surface):
    """f = 5·(y − sin x)² + 0.05·x²: a narrow valley winding along y = sin x, steep across
    (curvature 10) and nearly flat along (0.1), down to its one minimum at (0, 0)."""

    def value(self, x: Array, y: Array) -> Array:
        r = y - np.sin(x)
        return 5.0 * r * r + 0.05 * x * x

    def gradient(self, x: Array, y: Array) -> tuple[Array, Array]:
        r = y - np.sin(x)
        return -10.0 * r * np.cos(x) + 0.1 * x, 10.0 * r


@dataclass(frozen=True)
class NeuronSurface(Surface):
    """The cross-entropy of σ(w₁x₁ + w₂x₂ + b) on ``X`` (n, 2), ``Y`` (n, 1), over (w₁, w₂)."""

    X: Array = field(default_factory=lambda: np.zeros((0, 2)), repr=False, compare=False)
    Y: Array = field(default_factory=lambda: np.zeros((0, 1)), repr=False, compare=False)
    bias: float = 0.0
    _model: Network = field(
        default_factory=lambda: Network([2, 1], output_activation="sigmoid", loss="bce"),
        repr=False,
        compare=False,
    )

    @property
    def n_samples(self) -> int:
        return len(self.X)

    def network(self, w1: float, w2: float) -> Network:
        """The one-neuron model at (w₁, w₂) (a fresh copy: callers may share this surface)."""
        net = self._model.copy()
        net.weights = [np.array([[w1], [w2]])]
        net.biases = [np.array([self.bias])]
        return net

    def batch_loss_and_grad(self, point: Array, rows: Array | None = None) -> tuple[float, Array]:
        """Loss and (∂L/∂w₁, ∂L/∂w₂) by backprop on the samples ``rows`` (all when None)."""
        X, Y = (self.X, self.Y) if rows is None else (self.X[rows], self.Y[rows])
        loss, grads, _ = self.network(float(point[0]), float(point[1])).loss_and_grads(X, Y)
        return loss, grads.weights[0][:, 0].copy()

    def loss_and_grad(self, point: Array) -> tuple[float, Array]:
        return self.batch_loss_and_grad(point)

    def value(self, x: Array, y: Array) -> Array:
        """Every (w₁, w₂) pair at once: one dense layer whose columns are the pairs, then the
        engine's loss on each column."""
        x, y = np.broadcast_arrays(np.asarray(x, float), np.asarray(y, float))
        W = np.stack([x.ravel(), y.ravel()])  # (2, pairs)
        net = self._model
        Z, A = dense_forward(self.X, W, np.full(W.shape[1], self.bias), net.output_act)
        out = np.array(
            [net.loss_fn.value(Z[:, j : j + 1], A[:, j : j + 1], self.Y) for j in range(W.shape[1])]
        )
        return out.reshape(x.shape)

    def gradient(self, x: Array, y: Array) -> tuple[Array, Array]:
        x, y = np.broadcast_arrays(np.asarray(x, float), np.asarray(y, float))
        g = np.array([self.loss_and_grad(np.array(p))[1] for p in zip(x.ravel(), y.ravel())])
        return g[:, 0].reshape(x.shape), g[:, 1].reshape(x.shape)


SURFACE_KEYS = ("quadratic", "rosenbrock", "saddle", "valley", "network")
NETWORK_DATA = dict(name="gaussian", n_points=200, noise=0.4, seed=0)


def make_surface(key: str, a: float = 1.0, b: float = 10.0) -> Surface:
    """The surface called ``key`` (one of :data:`SURFACE_KEYS`); ``a``, ``b`` shape the bowl and
    must be positive."""
    if key == "quadratic":
        if not (a > 0 and b > 0):
            raise ValueError(f"the bowl needs a > 0 and b > 0, got a={a}, b={b}")
        return Bowl(
            "quadratic",
            (-3.0, 3.0, -2.0, 2.0),
            (-2.5, 1.5),
            ((-2.5, 1.5), (2.8, 0.3), (0.3, 1.8)),
            (0.0, 0.0),
            0.15,
            50,
            a=float(a),
            b=float(b),
        )
    if key == "rosenbrock":
        return Rosenbrock(
            "rosenbrock",
            (-2.0, 2.0, -1.0, 3.0),
            (-1.2, 1.0),
            ((-1.2, 1.0), (-1.5, 2.0), (0.0, 2.5)),
            (1.0, 1.0),
            0.002,
            300,
        )
    if key == "saddle":
        return Saddle(
            "saddle",
            (-2.0, 2.0, -2.0, 2.0),
            (0.05, 1.8),
            ((0.05, 1.8), (0.0, 1.8), (1.8, 1.5)),
            None,
        )
    if key == "valley":
        return Valley(
            "valley",
            (-4.0, 4.0, -2.5, 2.5),
            (-3.5, 1.5),
            ((-3.5, 1.5), (3.5, -1.8), (-2.0, -2.0)),
            (0.0, 0.0),
            0.1,
            100,
        )
    if key == "network":
        data = make_dataset(**NETWORK_DATA)
        return NeuronSurface(
            "network",
            (-4.0, 8.0, -4.0, 8.0),  # room for momentum's overshoot from the wrong side
            (-3.0, -1.0),
            ((-3.0, -1.0), (-3.5, 3.5), (3.5, -3.0)),
            None,
            0.1,
            100,
            X=data.X_train,
            Y=data.Y_train,
        )
    raise ValueError(f"unknown surface {key!r}; choose one of {', '.join(SURFACE_KEYS)}")
