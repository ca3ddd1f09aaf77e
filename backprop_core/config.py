"""A run's settings: a frozen dataclass that round-trips through plain dicts and URL params.

:func:`from_params` takes whatever a visitor typed into a URL (a dict of strings) and never
raises: unknown keys are ignored, invalid values fall back to the defaults, out-of-range
values are clamped, and every such change is reported as one human-readable line. Every cost
limit (depth, width, points, epochs and the total work of a run) is enforced here, not only by
the widgets, so a hand-written URL cannot make the server train for minutes.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass

from . import multiclass
from .activations import HIDDEN_ACTIVATIONS
from .datasets import DATASETS, FEATURES, MAX_CLASSES, usable_features
from .initialisers import INITIALISERS
from .optimizers import OPTIMIZERS
from .userdata import Points, decode


@dataclass(frozen=True)
class Limits:
    """Upper bounds that protect the server. A page may pass tighter ones."""

    max_layers: int = 50
    max_units: int = 128
    max_points: int = 2000
    max_epochs: int = 5000
    max_steps: int = 30_000  # optimizer updates in one run (≈ 2 s at worst on this machine)
    max_work: float = 4e9  # multiply-adds in one run (≈ a second or two of NumPy here)


LIMITS = Limits()
SEED_MAX = 2**31 - 1


@dataclass(frozen=True)
class RunConfig:
    dataset: str = "circles"
    noise: float = 0.1
    points: int = 200
    train: float = 0.5
    features: tuple[str, ...] = ("x1", "x2")
    layers: tuple[int, ...] = (4, 2)
    activation: str = "tanh"
    init: str = "xavier"
    init_scale: float = 1.0
    lr: float = 0.03
    optimizer: str = "sgd"
    batch: int = 10
    l2: float = 0.0
    clip: float = 0.0
    epochs: int = 100
    seed: int = 0
    classes: int = 2  # spiral and gaussian draw up to MAX_CLASSES; own points bring their own
    data: str = ""  # a visitor's own points (userdata.encode); "" = the generated dataset
    l1: float = 0.0

    # -- derived ----------------------------------------------------------------------------
    @property
    def own_points(self) -> Points | None:
        """The visitor's points when ``data`` holds usable ones."""
        return _decoded(self.data) if self.data else None

    @property
    def task(self) -> str:
        own = self.own_points
        return own.task if own is not None else DATASETS[self.dataset].task

    @property
    def n_inputs(self) -> int:
        own = self.own_points
        return own.X.shape[1] if own is not None else DATASETS[self.dataset].n_inputs

    @property
    def n_classes(self) -> int:
        """Classes trained on: the own points', else ``classes`` (0 for regression)."""
        if self.task != "classification":
            return 0
        own = self.own_points
        return own.classes if own is not None else self.classes

    @property
    def output_activation(self) -> str:
        return multiclass.output_activation(self.task, self.n_classes)

    @property
    def loss(self) -> str:
        return multiclass.loss(self.task, self.n_classes)

    @property
    def n_points(self) -> int:
        own = self.own_points
        return len(own.y) if own is not None else self.points

    @property
    def n_train(self) -> int:
        n = self.n_points
        return min(max(int(round(n * self.train)), 2), n - 1)

    @property
    def sizes(self) -> list[int]:
        return [len(self.features), *self.layers, multiclass.outputs(self.task, self.n_classes)]

    def steps_per_epoch(self) -> int:
        return math.ceil(self.n_train / max(1, min(self.batch, self.n_train)))

    def work_per_epoch(self) -> float:
        """Multiply-adds of one epoch: forward, backward and a test-set evaluation."""
        macs = sum(a * b for a, b in zip(self.sizes[:-1], self.sizes[1:]))
        return float(macs) * (3 * self.n_train + 2 * self.n_points)

    def max_affordable_epochs(self, limits: Limits = LIMITS) -> int:
        by_steps = limits.max_steps // max(self.steps_per_epoch(), 1)
        by_work = int(limits.max_work // max(self.work_per_epoch(), 1.0))
        return max(0, min(limits.max_epochs, by_steps, by_work))

    def epoch_limit(self, limits: Limits = LIMITS) -> str:
        """Which limit sets :meth:`max_affordable_epochs`: ``"epochs"`` (the plain cap),
        ``"steps"`` (optimizer updates: a larger batch allows more) or ``"work"``
        (multiply-adds: fewer points or units allow more)."""
        by_steps = limits.max_steps // max(self.steps_per_epoch(), 1)
        by_work = int(limits.max_work // max(self.work_per_epoch(), 1.0))
        if limits.max_epochs <= min(by_steps, by_work):
            return "epochs"
        return "steps" if by_steps <= by_work else "work"

    # -- conversions ----------------------------------------------------------------------
    def to_dict(self) -> dict[str, object]:
        """Plain Python values (tuples become lists)."""
        return {
            k: list(v) if isinstance(v, tuple) else v for k, v in dataclasses.asdict(self).items()
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, object]) -> RunConfig:
        fields = {f.name for f in dataclasses.fields(cls)}
        kw = {k: tuple(v) if isinstance(v, list) else v for k, v in d.items() if k in fields}
        return cls(**kw)

    def to_params(self) -> dict[str, str]:
        """URL query parameters; :func:`from_params` turns them back into this exact config."""
        out: dict[str, str] = {}
        for k, v in dataclasses.asdict(self).items():
            if isinstance(v, tuple):
                out[k] = ",".join(str(x) for x in v)
            elif isinstance(v, float):
                out[k] = repr(v)
            else:
                out[k] = str(v)
        return out

    def replace(self, **changes: object) -> RunConfig:
        return dataclasses.replace(self, **changes)


# -- parsing --------------------------------------------------------------------------------
FLOAT_RANGES: dict[str, tuple[float, float]] = {
    "noise": (0.0, 1.0),
    "train": (0.1, 0.9),
    "init_scale": (0.01, 100.0),
    "lr": (1e-4, 10.0),
    "l2": (0.0, 1.0),
    "l1": (0.0, 1.0),
    "clip": (0.0, 1000.0),
}
CHOICES: dict[str, tuple[str, ...]] = {
    "dataset": tuple(DATASETS),
    "activation": HIDDEN_ACTIVATIONS,
    "init": tuple(INITIALISERS),
    "optimizer": tuple(OPTIMIZERS),
}


def _show(raw: object) -> str:
    s = str(raw)
    return repr(s[:40] + "…" if len(s) > 40 else s)


def _parse_float(key: str, raw: object, default: float, problems: list[str]) -> float:
    lo, hi = FLOAT_RANGES[key]
    try:
        x = float(str(raw).strip())
    except ValueError:
        problems.append(f"{key}={_show(raw)} is not a number; using {default:g}")
        return default
    if not math.isfinite(x):
        problems.append(f"{key}={_show(raw)} is not a finite number; using {default:g}")
        return default
    if x < lo or x > hi:
        clamped = min(max(x, lo), hi)
        problems.append(f"{key}={x:g} is outside {lo:g}…{hi:g}; using {clamped:g}")
        return clamped
    return x


def _parse_int(key: str, raw: object, default: int, lo: int, hi: int, problems: list[str]) -> int:
    s = str(raw).strip()
    try:
        x = float(s)
    except ValueError:
        problems.append(f"{key}={_show(raw)} is not a whole number; using {default}")
        return default
    if not math.isfinite(x) or x != int(x):
        problems.append(f"{key}={_show(raw)} is not a whole number; using {default}")
        return default
    n = int(x)
    if n < lo or n > hi:
        if key == "seed":
            problems.append(f"seed={n} is outside 0…{hi}; using {default}")
            return default
        clamped = min(max(n, lo), hi)
        problems.append(f"{key}={n} is outside {lo}…{hi}; using {clamped}")
        return clamped
    return n


def parse_layers(raw: object, default: tuple[int, ...], limits: Limits, problems: list[str]):
    """Hidden layer sizes from text like "4, 2". Anything that is not a whole number keeps
    ``default`` whole; sizes and counts out of range are clamped. Whatever happened is told in
    one message ending with the layers used, so "20, 0, abc" does not read as three answers."""
    s = str(raw).strip()
    if s in ("", "0", "none"):
        return ()
    parts = [p.strip() for p in s.split(",")]
    used = ",".join(map(str, default)) or "none"
    bad = [p for p in parts if not _whole(p)]
    if bad:
        problems.append(
            f"layers={_show(raw)} is not a list of whole numbers like 4,2 "
            f"({', '.join(map(_show, bad[:3]))}); using {used}"
        )
        return default
    why: list[str] = []
    if len(parts) > limits.max_layers:
        why.append(f"{len(parts)} hidden layers asked, at most {limits.max_layers} allowed")
        parts = parts[: limits.max_layers]
    out: list[int] = []
    for p in parts:
        n = int(float(p))
        c = min(max(n, 1), limits.max_units)
        if c != n:
            why.append(f"a layer of {n} units is outside 1…{limits.max_units} (made {c})")
        out.append(c)
    if why:
        problems.append(f"layers={_show(raw)}: {'; '.join(why)}; using {','.join(map(str, out))}")
    return tuple(out)


def _whole(text: str) -> bool:
    try:
        x = float(text)
    except ValueError:
        return False
    return math.isfinite(x) and x == int(x)


def from_params(
    params: Mapping[str, object],
    defaults: RunConfig | None = None,
    limits: Limits = LIMITS,
) -> tuple[RunConfig, list[str]]:
    """A valid config from untrusted strings, and the list of what was ignored or changed.

    Never raises. Keys that are absent take ``defaults``; unknown keys are reported.
    """
    d = defaults or RunConfig()
    problems: list[str] = []
    known = {f.name for f in dataclasses.fields(RunConfig)}
    try:
        items = {str(k): v for k, v in dict(params).items()}
    except Exception:  # noqa: BLE001 - anything dict-like that misbehaves counts as empty
        items = {}
    for k in items:
        if k not in known:
            problems.append(f"unknown setting {_show(k)} ignored")
    kw: dict[str, object] = {}
    for key, raw in items.items():
        if key not in known:
            continue
        if isinstance(raw, list | tuple):
            raw = raw[-1] if raw else ""
        default = getattr(d, key)
        if key in CHOICES:
            value = str(raw).strip().lower()
            if value not in CHOICES[key]:
                problems.append(
                    f"{key}={_show(raw)} is not one of {', '.join(CHOICES[key])}; using {default}"
                )
                value = default
            kw[key] = value
        elif key in FLOAT_RANGES:
            kw[key] = _parse_float(key, raw, default, problems)
        elif key == "points":
            kw[key] = _parse_int(key, raw, default, 10, limits.max_points, problems)
        elif key == "batch":
            kw[key] = _parse_int(key, raw, default, 1, limits.max_points, problems)
        elif key == "epochs":
            kw[key] = _parse_int(key, raw, default, 0, limits.max_epochs, problems)
        elif key == "seed":
            kw[key] = _parse_int(key, raw, default, 0, SEED_MAX, problems)
        elif key == "classes":
            kw[key] = _parse_int(key, raw, default, 2, MAX_CLASSES, problems)
        elif key == "data":
            kw[key] = str(raw).strip()
        elif key == "layers":
            kw[key] = parse_layers(raw, default, limits, problems)
        elif key == "features":
            names = [f.strip() for f in str(raw).split(",") if f.strip()]
            unknown = [f for f in names if f not in FEATURES]
            if unknown:
                problems.append(
                    f"features: unknown {', '.join(map(_show, unknown))} ignored; "
                    f"choose from {', '.join(FEATURES)}"
                )
            kw[key] = tuple(f for f in FEATURES if f in names) or d.features
    cfg = d.replace(**kw)
    if "features" not in kw:  # the link did not choose features: fit the defaults silently
        cfg = cfg.replace(features=usable_features(cfg.features, cfg.n_inputs))
    return validate(cfg, limits, problems)


def validate(
    cfg: RunConfig, limits: Limits = LIMITS, problems: list[str] | None = None
) -> tuple[RunConfig, list[str]]:
    """Cross-field rules: features that fit the dataset, batch ≤ training set, cost limits."""
    problems = [] if problems is None else problems
    if cfg.data and cfg.own_points is None:
        problems.append(f"data: {decode(cfg.data)[1]}")
        cfg = cfg.replace(data="")
    top = DATASETS[cfg.dataset].max_classes
    if not 2 <= cfg.classes <= top:
        cfg = cfg.replace(classes=min(max(cfg.classes, 2), top))  # the schema says why
    n_in = cfg.n_inputs
    feats = usable_features(cfg.features, n_in)
    if feats != cfg.features:
        dropped = [f for f in cfg.features if f not in feats]
        if dropped:
            problems.append(
                f"feature(s) {', '.join(dropped)} need x₂, which {cfg.dataset} does not have"
            )
        cfg = cfg.replace(features=feats)
    if len(cfg.layers) > limits.max_layers or any(u > limits.max_units for u in cfg.layers):
        layers = tuple(min(u, limits.max_units) for u in cfg.layers[: limits.max_layers])
        problems.append(f"layers clamped to {len(layers)} × at most {limits.max_units} units")
        cfg = cfg.replace(layers=layers)
    if cfg.points > limits.max_points:
        problems.append(f"points={cfg.points} is above {limits.max_points}; using that")
        cfg = cfg.replace(points=limits.max_points)
    if cfg.batch > cfg.n_train:
        cfg = cfg.replace(batch=cfg.n_train)  # a batch cannot exceed the training set: silent
    affordable = cfg.max_affordable_epochs(limits)
    if cfg.epochs > affordable:
        problems.append(
            f"epochs={cfg.epochs} would be too much work for the server with these settings; "
            f"using {affordable}"
        )
        cfg = cfg.replace(epochs=affordable)
    return cfg, problems


@functools.lru_cache(maxsize=64)
def _decoded(data: str) -> Points | None:
    """Decoded once per distinct string: configs are read many times per rerun."""
    return decode(data)[0]
