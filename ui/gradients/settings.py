"""The Vanishing & exploding lab's settings, declared once (pure: no Streamlit).

The URL keys are the fields of :class:`backprop_core.depth_lab.DepthSettings` plus compare mode
and B's activation and initialisation, so a link reproduces both columns of a comparison.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from backprop_core.activations import ACTIVATIONS, HIDDEN_ACTIVATIONS
from backprop_core.config import SEED_MAX
from backprop_core.datasets import DATASETS
from backprop_core.depth_lab import DEPTH_RANGE, WIDTH_RANGE, DepthSettings
from backprop_core.initialisers import INITIALISERS
from backprop_core.settings import Bool, Choice, Float, Int, Schema

LR_CHOICES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
SCALE_CHOICES = (0.1, 0.25, 0.5, 1.0, 1.5, 2.0, 4.0, 10.0)
CLIP_CHOICES = (0.0, 0.1, 0.5, 1.0, 5.0, 10.0)  # 0 = off

ACTIVATION_NAMES = {k: ACTIVATIONS[k].label for k in HIDDEN_ACTIVATIONS}
INIT_NAMES = {k: v.label for k, v in INITIALISERS.items()}
D = DepthSettings()  # the core's defaults are the page's defaults


def _activation(key: str, default: str, label: str, help: str = "") -> Choice:
    return Choice(
        key, default, choices=HIDDEN_ACTIVATIONS, names=ACTIVATION_NAMES, label=label, help=help
    )


def _init(key: str, default: str, label: str, help: str = "") -> Choice:
    return Choice(
        key, default, choices=tuple(INITIALISERS), names=INIT_NAMES, label=label, help=help
    )


GRADIENTS = Schema(
    page="gradients",
    fields=(
        Int(
            "depth",
            D.depth,
            lo=DEPTH_RANGE[0],
            hi=DEPTH_RANGE[1],
            label="Depth",
            help="Hidden layers, each `Width` wide.",
        ),
        Int(
            "width",
            D.width,
            lo=WIDTH_RANGE[0],
            hi=WIDTH_RANGE[1],
            label="Width",
            help="Units in every hidden layer.",
        ),
        _activation(
            "activation",
            D.activation,
            "Activation",
            "f in a = f(z) for every hidden layer. The backward pass multiplies δ by f'(z).",
        ),
        _init(
            "init",
            D.init,
            "Initialisation",
            "How W starts: zeros; small N(0, 0.01²); Xavier N(0, 2/(n_in+n_out)); He N(0, 2/n_in); "
            "large N(0, 1).",
        ),
        Float(
            "init_scale",
            D.init_scale,
            choices=SCALE_CHOICES,
            label="Init scale ×",
            help="Multiplies the initial weights: W = scale · W_init.",
        ),
        Float(
            "lr",
            D.lr,
            choices=LR_CHOICES,
            label="Learning rate",
            help="η in W ← W − η ∂L/∂W (full-batch gradient descent).",
        ),
        Float(
            "clip",
            D.clip,
            choices=CLIP_CHOICES,
            label="Gradient clipping",
            help="The largest ‖g‖ allowed; 0 = off. If ‖g‖ (all gradients together) exceeds c, "
            "g is scaled by c / ‖g‖ before the step.",
        ),
        Choice(
            "dataset",
            D.dataset,
            choices=tuple(DATASETS),
            names={k: v.label for k, v in DATASETS.items()},
            label="Dataset",
        ),
        Int("seed", D.seed, lo=0, hi=SEED_MAX, clamp=False, label="Seed", help="Weights and data."),
        Bool("compare", False, label="Compare two settings", help="Same seed, data and size."),
        _activation("b_activation", "relu", "Activation (B)"),
        _init("b_init", "he", "Initialisation (B)"),
    ),
)
LAB_KEYS = tuple(f.name for f in dataclasses.fields(DepthSettings))


def lab_settings(values: Mapping[str, object], b: bool = False) -> DepthSettings:
    """Setting A (or B: A with B's activation and initialisation) of valid ``values``."""
    s = DepthSettings(**{k: values[k] for k in LAB_KEYS})
    if b:
        return s.replace(activation=values["b_activation"], init=values["b_init"])
    return s
