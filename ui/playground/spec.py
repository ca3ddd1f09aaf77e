"""The Playground's settings: its defaults, limits, URL keys and the value grids of its sliders."""

from __future__ import annotations

from backprop_core.config import Limits, RunConfig
from ui import share

DEFAULTS = RunConfig(
    dataset="circles", layers=(4, 2), activation="tanh", lr=0.03, epochs=100, seed=5
)
LIMITS = Limits(max_layers=6, max_units=8)
KEYS = (
    "dataset",
    "noise",
    "points",
    "train",
    "features",
    "layers",
    "activation",
    "init",
    "lr",
    "optimizer",
    "batch",
    "l2",
    "epochs",
    "seed",
)
SPEC = share.UrlSpec("playground", KEYS, DEFAULTS, LIMITS)
LR_GRID = tuple(float(f"{m}e{e}") for e in range(-4, 1) for m in (1, 2, 3, 5)) + (10.0,)
L2_GRID = (0.0, 1e-5, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0)


def key(name: str) -> str:
    """The session-state key of the widget for setting ``name``."""
    return share.widget_key(SPEC, name)


def layers_text(layers: tuple[int, ...]) -> str:
    return ",".join(map(str, layers))
