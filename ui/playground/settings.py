"""The Playground's settings, declared once (issue 12): every field of its link with its default,
range, label and help, and the cross-field rules. Pure: no Streamlit, so tests use it directly.

The rules that protect the server (depth, width, points and the epochs a run may cost) stay in
``backprop_core.config`` (``Limits``, ``validate``): the one cost model for every page; this
schema applies them through ``check``. The epoch is a position in a run, not a setting, but the
link carries it (key ``epochs``) so that it reproduces the view.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from backprop_core.activations import ACTIVATIONS, HIDDEN_ACTIVATIONS
from backprop_core.config import SEED_MAX, Limits, RunConfig, parse_layers, validate
from backprop_core.datasets import DATASETS, FEATURES
from backprop_core.initialisers import INITIALISERS
from backprop_core.optimizers import OPTIMIZER_LABELS
from backprop_core.settings import Choice, ChoiceList, Field, Float, Int, Schema, Values
from ui.own_data import fields as own_data_fields

LIMITS = Limits(max_layers=6, max_units=8)
DEFAULTS = RunConfig(
    dataset="circles", layers=(4, 2), activation="tanh", lr=0.03, epochs=100, seed=5
)
LR_GRID = tuple(float(f"{m}e{e}") for e in range(-4, 1) for m in (1, 2, 3, 5)) + (10.0,)
L2_GRID = (0.0, 1e-5, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0)


HELP = {
    "dataset": (
        "Two classes of points in the plane, or y = sin x + noise (regression). "
        "Classes: output ŷ = σ(z), loss L = −mean[y ln ŷ + (1 − y) ln(1 − ŷ)]. "
        "Sine: ŷ = z, L = mean (ŷ − y)²."
    ),
    "noise": ("Jitter added to every point: x ← x + N(0, (c · noise)²), c ≈ 1 for the plane."),
    "points": ("N points in all: N_train = round(N × train share) for training, the rest to test."),
    "train": ("N_train = round(share × N); the test points only measure, they never train."),
    "features": (
        "What the network sees of a point (x₁, x₂): any of x₁, x₂, x₁², x₂², x₁·x₂, "
        "sin x₁, sin x₂. With x₁² and x₂² even a network without hidden layers draws circles."
    ),
    "layers": (
        "Neurons per hidden layer, comma-separated, e.g. 4,2: 0–6 layers of 1–8 neurons. "
        "Each layer computes a = f(a_prev · W + b)."
    ),
    "activation": (
        "f in a = f(z) for every hidden unit: tanh(z); σ(z) = 1/(1 + e⁻ᶻ); "
        "ReLU max(0, z); leaky ReLU max(0.01z, z); ELU z or eᶻ − 1; softplus ln(1 + eᶻ)."
    ),
    "init": (
        "Starting weights, biases 0. Xavier W ~ N(0, 2/(n_in + n_out)); "
        "He W ~ N(0, 2/n_in); small N(0, 0.01²); large N(0, 1); zeros W = 0."
    ),
    "lr": (
        "Step size η of every update θ ← θ − η ∂L/∂θ (log scale). Too small crawls; "
        "too large overshoots the minimum and the loss blows up."
    ),
    "optimizer": (
        "SGD θ ← θ − ηg. Momentum v ← 0.9v − ηg, θ ← θ + v. "
        "Adam θ ← θ − η m̂/(√ŝ + ε), m and s running means of g and g²."
    ),
    "batch": (
        "B points per update: g = (1/B) Σ ∂Lᵢ/∂θ; an epoch makes ⌈N_train / B⌉ updates. "
        "B ≥ N_train is full-batch gradient descent."
    ),
    "l2": ("λ in L + (λ/2) Σ w²: every weight's gradient gains λw (weight decay)."),
    "seed": ("Seeds the data, the initial weights and the shuffling: same seed, same run."),
}


@dataclass(frozen=True)
class Layers(Field):
    """Hidden layer sizes typed as "4, 2": one message saying what was used and why, whatever
    was wrong (see :func:`backprop_core.config.parse_layers`)."""

    limits: Limits = LIMITS

    def read(self, raw: object) -> tuple[object, str | None]:
        if isinstance(raw, list | tuple):
            raw = ",".join(map(str, raw))
        problems: list[str] = []
        value = parse_layers(raw, self.default, self.limits, problems)  # type: ignore[arg-type]
        return value, (problems[0] if problems else None)

    def write(self, value: object) -> str:
        return ",".join(map(str, value))  # type: ignore[call-overload]


def _check(values: Values) -> tuple[Values, list[str]]:
    """Classes and own points that fit the data (``ui.own_data.fields.check``), features that
    fit the dataset, a batch no larger than the training set and no more epochs than the limits
    allow: the core's rules, on the config these values make."""
    values, first = own_data_fields.check(values)
    cfg, problems = validate(to_config(values), LIMITS)
    if values["features"] == DEFAULTS.features:  # defaults that do not fit: adjusted silently
        problems = [p for p in problems if not p.startswith("feature(s)")]
    return {**values, **from_config(cfg)}, first + problems


PLAYGROUND = Schema(
    page="playground",
    fields=(
        Choice(
            "dataset",
            DEFAULTS.dataset,
            choices=tuple(DATASETS),
            label="Dataset",
            names={k: d.label for k, d in DATASETS.items()},
            help=HELP["dataset"],
        ),
        Float("noise", DEFAULTS.noise, lo=0.0, hi=1.0, label="Noise", help=HELP["noise"]),
        Int(
            "points",
            DEFAULTS.points,
            lo=10,
            hi=LIMITS.max_points,
            label="Points",
            help=HELP["points"],
        ),
        Float("train", DEFAULTS.train, lo=0.1, hi=0.9, label="Train share", help=HELP["train"]),
        ChoiceList(
            "features",
            DEFAULTS.features,
            choices=tuple(FEATURES),
            min_len=1,
            label="Input features",
            names={k: f.label for k, f in FEATURES.items()},
            help=HELP["features"],
        ),
        Layers("layers", DEFAULTS.layers, label="Hidden layers", help=HELP["layers"]),
        Choice(
            "activation",
            DEFAULTS.activation,
            choices=tuple(HIDDEN_ACTIVATIONS),
            label="Activation",
            names={k: ACTIVATIONS[k].label for k in HIDDEN_ACTIVATIONS},
            help=HELP["activation"],
        ),
        Choice(
            "init",
            DEFAULTS.init,
            choices=tuple(INITIALISERS),
            label="Initialisation",
            names={k: i.label.split(" /")[0] for k, i in INITIALISERS.items()},
            help=HELP["init"],
        ),
        Float("lr", DEFAULTS.lr, lo=1e-4, hi=10.0, label="Learning rate", help=HELP["lr"]),
        Choice(
            "optimizer",
            DEFAULTS.optimizer,
            choices=tuple(OPTIMIZER_LABELS),
            label="Optimizer",
            names=dict(OPTIMIZER_LABELS),
            help=HELP["optimizer"],
        ),
        Int(
            "batch",
            DEFAULTS.batch,
            lo=1,
            hi=LIMITS.max_points,
            label="Batch size",
            help=HELP["batch"],
        ),
        Float("l2", DEFAULTS.l2, lo=0.0, hi=1.0, label="L2 regularisation", help=HELP["l2"]),
        own_data_fields.L1,
        own_data_fields.CLASSES,
        own_data_fields.DATA,
        own_data_fields.SHOW_TEST,
        own_data_fields.DISCRETIZE,
        own_data_fields.STOP_LOSS,
        own_data_fields.STOP_ACC,
        Int("epochs", DEFAULTS.epochs, lo=0, hi=LIMITS.max_epochs, label="Epochs"),
        Int("seed", DEFAULTS.seed, lo=0, hi=SEED_MAX, clamp=False, label="Seed", help=HELP["seed"]),
    ),
    check=_check,
)


RUN_KEYS = tuple(f.name for f in dataclasses.fields(RunConfig))
# what the page shows or when Play stops, not what is trained: never part of the run's config
VIEW_KEYS = ("showtest", "discretize", "stop_loss", "stop_acc")


def to_config(values: Values) -> RunConfig:
    """The core's config for these (valid) values."""
    return DEFAULTS.replace(**{k: values[k] for k in PLAYGROUND.keys if k in RUN_KEYS})


def from_config(cfg: RunConfig) -> Values:
    """The values of the schema's training fields in ``cfg`` (not the ``VIEW_KEYS``)."""
    every = dataclasses.asdict(cfg)
    return {k: every[k] for k in PLAYGROUND.keys if k in RUN_KEYS}
