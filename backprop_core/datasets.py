"""Seeded toy datasets in the spirit of TensorFlow Playground.

Every generator is ``fn(n, noise, rng, classes) -> (X, Y)`` with ``X`` (n, 2) in roughly [−6, 6]²
(``sine`` is 1-D: ``X`` (n, 1)) and ``Y`` (n, 1): class labels 0 … classes − 1 for classification,
real values for regression. ``noise`` is in [0, 1]; only spiral and gaussian draw more than two
classes. :func:`make_dataset` draws, shuffles and splits them; :func:`from_points` does the same
for points a visitor drew or uploaded.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

Array = np.ndarray
Generator = Callable[[int, float, np.random.Generator, int], tuple[Array, Array]]
MAX_CLASSES = 5


@dataclass(frozen=True)
class DatasetSpec:
    name: str
    label: str
    task: str  # "classification" or "regression"
    n_inputs: int
    generate: Generator
    blurb: str
    max_classes: int = 2


@dataclass(frozen=True)
class Dataset:
    """Raw inputs split into train / test; ``features`` are applied by :func:`expand_features`."""

    name: str
    task: str
    X_train: Array
    Y_train: Array
    X_test: Array
    Y_test: Array
    classes: int = 2  # classification only: labels are 0 … classes − 1

    @property
    def n_inputs(self) -> int:
        return self.X_train.shape[1]


def _xor(n: int, noise: float, rng: np.random.Generator, classes: int = 2) -> tuple[Array, Array]:
    X = rng.uniform(-5, 5, size=(n, 2))
    X += np.where(X > 0, 0.3, -0.3)  # keep points off the axes, as TF Playground does
    y = (X[:, 0] * X[:, 1] > 0).astype(float)
    return X + rng.normal(0, noise * 1.5, size=X.shape), y[:, None]


def _circles(
    n: int, noise: float, rng: np.random.Generator, classes: int = 2
) -> tuple[Array, Array]:
    half = n // 2
    r = np.concatenate([rng.uniform(0, 2.0, half), rng.uniform(3.5, 5.0, n - half)])
    t = rng.uniform(0, 2 * np.pi, n)
    X = np.stack([r * np.cos(t), r * np.sin(t)], axis=1)
    y = np.concatenate([np.ones(half), np.zeros(n - half)])
    return X + rng.normal(0, noise * 1.2, size=X.shape), y[:, None]


def _moons(n: int, noise: float, rng: np.random.Generator, classes: int = 2) -> tuple[Array, Array]:
    half = n // 2
    t1 = rng.uniform(0, np.pi, half)
    t2 = rng.uniform(0, np.pi, n - half)
    upper = np.stack([np.cos(t1), np.sin(t1)], axis=1)
    lower = np.stack([1 - np.cos(t2), 0.5 - np.sin(t2)], axis=1)
    X = (np.concatenate([upper, lower]) - [0.5, 0.25]) * 3.0
    y = np.concatenate([np.zeros(half), np.ones(n - half)])
    return X + rng.normal(0, noise * 0.9, size=X.shape), y[:, None]


def _class_sizes(n: int, classes: int) -> list[int]:
    """Points per class; the last class takes the remainder (for two classes: n//2 and the rest)."""
    each = n // classes
    return [each] * (classes - 1) + [n - each * (classes - 1)]


def _labels(k: int, classes: int) -> float:
    """Class of the k-th arm or blob: two-class sets keep their original 1-then-0 order."""
    return float(k == 0) if classes == 2 else float(k)


def _spiral(
    n: int, noise: float, rng: np.random.Generator, classes: int = 2
) -> tuple[Array, Array]:
    parts, labels = [], []
    for k, m in enumerate(_class_sizes(n, classes)):
        i = np.arange(m)
        r = i / max(m, 1) * 5.0
        t = 1.75 * i / max(m, 1) * 2 * np.pi + k * 2 * np.pi / classes
        parts.append(np.stack([r * np.sin(t), r * np.cos(t)], axis=1))
        labels.append(np.full(m, _labels(k, classes)))
    X = np.concatenate(parts)
    return X + rng.normal(0, noise * 0.8, size=X.shape), np.concatenate(labels)[:, None]


def _gaussian(
    n: int, noise: float, rng: np.random.Generator, classes: int = 2
) -> tuple[Array, Array]:
    spread = 0.5 + noise * 2.5
    if classes == 2:  # two blobs on the diagonal, as TensorFlow Playground draws them
        centres = [(2.0, 2.0), (-2.0, -2.0)]
    else:  # blobs evenly around a circle
        angles = 2 * np.pi * np.arange(classes) / classes + np.pi / 4
        centres = list(zip(3.0 * np.cos(angles), 3.0 * np.sin(angles)))
    sizes = _class_sizes(n, classes)
    X = np.concatenate([rng.normal(c, spread, (m, 2)) for c, m in zip(centres, sizes)])
    y = np.concatenate([np.full(m, _labels(k, classes)) for k, m in enumerate(sizes)])
    return X, y[:, None]


def _linear(
    n: int, noise: float, rng: np.random.Generator, classes: int = 2
) -> tuple[Array, Array]:
    X = rng.uniform(-5, 5, size=(n, 2))
    side = X[:, 0] - 0.5 * X[:, 1]
    X[:, 0] += np.where(side >= 0, 0.6, -0.6)  # a clear margin around the line
    y = (side >= 0).astype(float)
    return X + rng.normal(0, noise * 1.2, size=X.shape), y[:, None]


def sine_truth(x: Array) -> Array:
    """The curve the ``sine`` points scatter around (what a perfect fit would draw)."""
    return np.sin(x)


def _sine(n: int, noise: float, rng: np.random.Generator, classes: int = 2) -> tuple[Array, Array]:
    x = rng.uniform(-5, 5, size=(n, 1))
    return x, sine_truth(x) + rng.normal(0, noise * 0.5, size=x.shape)


DATASETS: dict[str, DatasetSpec] = {
    d.name: d
    for d in (
        DatasetSpec(
            "xor",
            "XOR",
            "classification",
            2,
            _xor,
            "Opposite quadrants share a class: no single line separates them.",
        ),
        DatasetSpec(
            "circles",
            "Circles",
            "classification",
            2,
            _circles,
            "A disc inside a ring: the boundary has to close around the middle.",
        ),
        DatasetSpec("moons", "Moons", "classification", 2, _moons, "Two interleaved half-moons."),
        DatasetSpec(
            "spiral",
            "Spiral",
            "classification",
            2,
            _spiral,
            "Two arms wound around each other: the hardest one here.",
            MAX_CLASSES,
        ),
        DatasetSpec(
            "gaussian",
            "Gaussian blobs",
            "classification",
            2,
            _gaussian,
            "Two clouds; noise makes them overlap.",
            MAX_CLASSES,
        ),
        DatasetSpec(
            "linear",
            "Linear",
            "classification",
            2,
            _linear,
            "Separable by a straight line: a network with no hidden layer suffices.",
        ),
        DatasetSpec(
            "sine",
            "Sine (regression)",
            "regression",
            1,
            _sine,
            "Fit y = sin(x) from noisy samples.",
        ),
    )
}


def make_dataset(
    name: str,
    n_points: int = 200,
    noise: float = 0.0,
    seed: int = 0,
    train_fraction: float = 0.5,
    classes: int = 2,
) -> Dataset:
    """Draw ``n_points`` of ``name`` from ``default_rng(seed)``, shuffle, split into train/test."""
    try:
        spec = DATASETS[name]
    except KeyError:
        raise ValueError(f"unknown dataset {name!r}; choose one of {', '.join(DATASETS)}") from None
    if not 2 <= classes <= spec.max_classes:
        raise ValueError(f"{name} draws 2…{spec.max_classes} classes, not {classes}")
    n = max(int(n_points), 2 * classes)
    rng = np.random.default_rng(seed)
    X, Y = spec.generate(n, float(noise), rng, classes)
    return _split(name, spec.task, X, Y, rng, train_fraction, classes)


def from_points(
    X: Array, Y: Array, task: str, seed: int = 0, train_fraction: float = 0.5, classes: int = 2
) -> Dataset:
    """A dataset from a visitor's own points ``X`` (n, d) and ``Y`` (n, 1), shuffled by ``seed``
    and split like the generated ones."""
    rng = np.random.default_rng(seed)
    return _split(
        "custom", task, np.asarray(X, float), np.asarray(Y, float), rng, train_fraction, classes
    )


def _split(
    name: str,
    task: str,
    X: Array,
    Y: Array,
    rng: np.random.Generator,
    train_fraction: float,
    classes: int,
) -> Dataset:
    n = len(X)
    order = rng.permutation(n)
    X, Y = X[order], Y[order]
    n_train = int(round(n * float(train_fraction)))
    n_train = min(max(n_train, 2), n - 1)
    return Dataset(name, task, X[:n_train], Y[:n_train], X[n_train:], Y[n_train:], classes)


def one_hot(labels: Array, classes: int) -> Array:
    """Class labels ``(n, 1)`` as rows of a ``(n, classes)`` identity: softmax targets."""
    return np.eye(classes)[np.asarray(labels, int).ravel()]


@dataclass(frozen=True)
class Feature:
    name: str
    label: str
    fn: Callable[[Array], Array]
    needs_x2: bool


FEATURES: dict[str, Feature] = {
    f.name: f
    for f in (
        Feature("x1", "x₁", lambda X: X[:, 0], False),
        Feature("x2", "x₂", lambda X: X[:, 1], True),
        Feature("x1sq", "x₁²", lambda X: X[:, 0] ** 2, False),
        Feature("x2sq", "x₂²", lambda X: X[:, 1] ** 2, True),
        Feature("x1x2", "x₁·x₂", lambda X: X[:, 0] * X[:, 1], True),
        Feature("sinx1", "sin x₁", lambda X: np.sin(X[:, 0]), False),
        Feature("sinx2", "sin x₂", lambda X: np.sin(X[:, 1]), True),
    )
}
DEFAULT_FEATURES: tuple[str, ...] = ("x1", "x2")


def usable_features(features: Sequence[str], n_inputs: int) -> tuple[str, ...]:
    """The known features that make sense for ``n_inputs`` raw inputs, in registry order;
    falls back to the plain inputs when nothing is left."""
    chosen = tuple(
        f for f in FEATURES if f in set(features) and (n_inputs >= 2 or not FEATURES[f].needs_x2)
    )
    return chosen or (("x1", "x2") if n_inputs >= 2 else ("x1",))


def expand_features(X: Array, features: Sequence[str]) -> Array:
    """Columns of the chosen features, ``(n, len(features))``."""
    return np.stack([FEATURES[f].fn(X) for f in features], axis=1)
