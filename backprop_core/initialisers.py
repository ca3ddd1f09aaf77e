"""Weight initialisers: ``fn(fan_in, fan_out, rng) -> (fan_in, fan_out)`` array.

Biases always start at zero. A ``scale`` multiplier on top of any initialiser lets the
vanishing / exploding lab push a good scheme off balance on purpose.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Initialiser:
    name: str
    label: str
    std: Callable[[int, int], float]
    latex: str

    def __call__(self, fan_in: int, fan_out: int, rng: np.random.Generator) -> np.ndarray:
        return draw(self, fan_in, fan_out, rng)


def draw(
    init: Initialiser, fan_in: int, fan_out: int, rng: np.random.Generator, scale: float = 1.0
) -> np.ndarray:
    std = init.std(fan_in, fan_out) * scale
    if std == 0.0:
        return np.zeros((fan_in, fan_out))
    return rng.normal(0.0, std, size=(fan_in, fan_out))


INITIALISERS: dict[str, Initialiser] = {
    i.name: i
    for i in (
        Initialiser("zeros", "Zeros", lambda fi, fo: 0.0, r"W = 0"),
        Initialiser("small", "Small N(0, 0.01²)", lambda fi, fo: 0.01, r"W \sim N(0,\ 0.01^2)"),
        Initialiser(
            "xavier",
            "Xavier / Glorot",
            lambda fi, fo: float(np.sqrt(2.0 / (fi + fo))),
            r"W \sim N\!\left(0,\ \frac{2}{n_{in} + n_{out}}\right)",
        ),
        Initialiser(
            "he",
            "He / Kaiming",
            lambda fi, fo: float(np.sqrt(2.0 / fi)),
            r"W \sim N\!\left(0,\ \frac{2}{n_{in}}\right)",
        ),
        Initialiser("large", "Large N(0, 1)", lambda fi, fo: 1.0, r"W \sim N(0,\ 1)"),
    )
}


def get_initialiser(name: str) -> Initialiser:
    """The initialiser called ``name``; ``ValueError`` naming the valid choices otherwise."""
    try:
        return INITIALISERS[name]
    except KeyError:
        raise ValueError(
            f"unknown initialiser {name!r}; choose one of {', '.join(INITIALISERS)}"
        ) from None
