"""What is wrong with a deep net, decided from its numbers: the verdict (a kind, a level and the
figures behind it) and the remedies that change its settings. Pure; no sentences — the page
words each kind from the figures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from .depth_analysis import Analysis, Symmetry
from .training import Divergence, History

if TYPE_CHECKING:
    from .depth_lab import DepthSettings

# span = ‖δ‖ at the first hidden layer / ‖δ‖ at the last hidden layer
WARN_SPAN = 1e2  # span < 1/100 or > 100: a warning (the first layers learn 100× slower/faster)
ERROR_SPAN = 1e4  # span < 1/10 000 or > 10 000: an error (the first layers are lost)
SATURATED_WARN = 0.5  # mean share of saturated sigmoid/tanh values over hidden layers
DEAD_WARN = 0.5  # share of dead ReLUs in the worst hidden layer
RISE = 1.01  # a final training loss above this × the first one: not learning

RELU_FAMILY = ("relu", "leaky_relu", "elu")
REMEDIES = ("relu", "leaky", "xavier", "he", "clip", "lower_lr")
KINDS = (
    "overflow",  # activations or gradients inf / NaN at initialisation
    "symmetric",  # zero init: every unit of a layer is a copy
    "dead",  # (level error) a whole hidden layer of dead ReLUs; (warning) most of one
    "vanishing",
    "exploding",  # ``figures["clipped"]``: clipping held the run together
    "diverged",  # balanced gradients, but training blew up
    "saturated",
    "unstable",  # balanced gradients, but the loss rose
    "healthy",
)


@dataclass(frozen=True)
class Verdict:
    """``kind`` (one of :data:`KINDS`), ``level`` (``error`` / ``warning`` / ``success``), the
    ``remedies`` to offer first and the ``figures`` the decision was made from: always ``depth``,
    ``width``, ``factor`` (‖δ‖ change per layer going back), ``span`` (‖δ₁‖ / ‖δ_last‖),
    ``grad_ratio`` (‖∂L/∂W₁‖ / ‖∂L/∂W_out‖), ``grad_max``, ``weight_median``, ``grads_level``
    (the ‖∂L/∂W‖ ratio is within ``WARN_SPAN``), ``off_init`` (the textbook init at scale 1
    would change the net), ``clipped`` (clipping was on and training took a step); per kind
    ``dead_layer`` (1-based) and ``dead_share``, ``saturated``, ``loss_first``, ``loss_last``,
    ``epochs``. ``divergence`` is the run's, if it diverged."""

    kind: str
    level: str
    remedies: tuple[str, ...] = ()
    figures: Mapping[str, float | int | bool] = field(default_factory=dict)
    divergence: Divergence | None = None


def matching_init(activation: str) -> str:
    """He for the ReLU family (half the units are off, so double the variance), else Xavier."""
    return "he" if activation in RELU_FAMILY else "xavier"


def apply_remedy(s: DepthSettings, remedy: str, lr_choices: Sequence[float] = ()) -> DepthSettings:
    """The settings with one remedy applied; unknown remedies change nothing. ``lower_lr`` takes
    the next smaller of ``lr_choices`` (a third of η when none are given)."""
    if remedy == "relu":
        return s.replace(activation="relu", init="he", init_scale=1.0)
    if remedy == "leaky":
        return s.replace(activation="leaky_relu", init="he", init_scale=1.0)
    if remedy in ("xavier", "he"):
        return s.replace(init=remedy, init_scale=1.0)
    if remedy == "clip":
        return s.replace(clip=1.0)
    if remedy == "lower_lr":
        if not lr_choices:
            return s.replace(lr=s.lr / 3)
        lower = [c for c in sorted(lr_choices) if c < s.lr]
        return s.replace(lr=lower[-1] if lower else min(lr_choices))
    return s


def span_level(span: float) -> str:
    """``error`` / ``warning`` / ``success`` for a δ span (first hidden over last hidden)."""
    if not np.isfinite(span) or span <= 0:
        return "error"
    worst = max(span, 1.0 / span)
    if worst > ERROR_SPAN:
        return "error"
    return "warning" if worst > WARN_SPAN else "success"


def verdict(
    a: Analysis, sym: Symmetry, history: History | None, settings: DepthSettings
) -> Verdict:
    """What is wrong with this setting, from the numbers at initialisation and in training.

    In order: overflow at initialisation; all units identical (zero init); a layer of dead ReLUs;
    the δ span (vanishing / exploding, thresholds ``WARN_SPAN`` / ``ERROR_SPAN``); training that
    diverged; saturation or many dead units; a rising loss; otherwise healthy.
    """
    s = settings
    init_fix = matching_init(s.activation)
    off_init = s.init != init_fix or s.init_scale != 1.0
    d = history.diverged if history is not None else None
    losses = list(history.train_loss) if history is not None else []
    with np.errstate(all="ignore"):
        figures: dict[str, float | int | bool] = {
            "depth": s.depth,
            "width": s.width,
            "factor": a.factor,
            "span": a.delta_span,
            "grad_ratio": a.grad_ratio,
            "grad_max": float(np.max(a.report.grad_norms)),
            "weight_median": float(np.median(a.report.weight_norms)),
            "grads_level": bool(1.0 / WARN_SPAN <= a.grad_ratio <= WARN_SPAN),
            "off_init": off_init,
            "clipped": bool(s.clip > 0 and history is not None and history.step_norms),
            "epochs": history.epochs if history is not None else 0,
        }
    if losses:
        figures |= {"loss_first": float(losses[0]), "loss_last": float(losses[-1])}

    def judged(kind: str, level: str, remedies: tuple[str, ...] = (), **more) -> Verdict:
        return Verdict(kind, level, remedies, {**figures, **more}, d)

    if not a.finite:
        return judged("overflow", "error", (init_fix, "clip"))
    if not sym.broken and s.width > 1:
        return judged("symmetric", "error", (init_fix,))
    dead, dead_layer = a.dead_worst()
    if np.isfinite(dead) and dead >= 1.0:
        return judged("dead", "error", ("leaky", "he"), dead_share=dead, dead_layer=dead_layer + 1)
    span, level = a.delta_span, span_level(a.delta_span)
    if level != "success" and span < 1:
        if s.activation in ("sigmoid", "softplus") or not off_init:
            remedies: tuple[str, ...] = ("relu",) if s.activation != "relu" else ("leaky",)
        else:
            remedies = (init_fix,)
        return judged("vanishing", level, remedies)
    if level != "success":
        if figures["clipped"]:
            return judged("exploding", "warning", (init_fix,) if off_init else ())
        return judged("exploding", level, ("clip", init_fix) if off_init else ("clip",))
    if d is not None:
        return judged("diverged", "error", ("clip", "lower_lr"))
    sat = a.saturated_mean()
    if np.isfinite(sat) and sat > SATURATED_WARN:
        return judged("saturated", "warning", ("xavier", "relu"), saturated=sat)
    if np.isfinite(dead) and dead > DEAD_WARN:
        return judged("dead", "warning", ("leaky",), dead_share=dead, dead_layer=dead_layer + 1)
    if len(losses) > 1 and losses[-1] > losses[0] * RISE:
        return judged("unstable", "warning", ("lower_lr", "clip"))
    return judged("healthy", "success")
