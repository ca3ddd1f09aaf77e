"""The vanishing / exploding gradients lab: its settings, one analysis of a deep net, a verdict.

Pure NumPy. Everything is a function of :class:`DepthSettings` (and its seed), so a page can
cache :func:`run_lab` on the settings and a URL reproduces the same numbers.

The backward pass multiplies the error signal once per layer,

    δ_l = (δ_{l+1} W_{l+1}ᵀ) ⊙ f'(z_l),

so ‖δ‖ changes by a roughly constant factor per layer and the first layer sees that factor to
the power of the depth. The verdict measures exactly that: the ratio of ‖δ‖ at the first hidden
layer to ‖δ‖ at the last hidden layer (both have ``width`` units, so the ratio is not skewed by
layer shapes). ‖∂L/∂W_l‖ = ‖a_lᵀ δ_l‖ is reported too, but it mixes in the forward signal: with
ReLU and large weights the activations grow as fast as δ does, so ‖∂L/∂W‖ is flat — and huge.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .config import CHOICES, RunConfig, from_params
from .datasets import make_dataset
from .depth_training import Clipping, Ending, clipping, ending
from .diagnostics import LayerReport, summarise
from .experiment import make_network
from .network import Network
from .optimizers import make_optimizer
from .training import History, Trainer

Array = np.ndarray

# -- limits, choices and thresholds ---------------------------------------------------------
DEPTH_RANGE = (2, 50)  # hidden layers
WIDTH_RANGE = (4, 128)  # units per hidden layer
POINTS = 200  # drawn per dataset; half of them train the net
NOISE = 0.1
MAX_WORK = 5e9  # multiply-adds spent training one setting (≈ 0.5 s of NumPy here)
MIN_EPOCHS, MAX_EPOCHS = 10, 200

LR_CHOICES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
SCALE_CHOICES = (0.1, 0.25, 0.5, 1.0, 1.5, 2.0, 4.0, 10.0)
CLIP_CHOICES = (0.0, 0.1, 0.5, 1.0, 5.0, 10.0)  # 0 = off

# The verdict: span = ‖δ‖ at the first hidden layer / ‖δ‖ at the last hidden layer.
WARN_SPAN = 1e2  # span < 1/100 or > 100: a warning (the first layers learn 100× slower/faster)
ERROR_SPAN = 1e4  # span < 1/10 000 or > 10 000: an error (the first layers are lost)
SATURATED_WARN = 0.5  # mean share of saturated sigmoid/tanh values over hidden layers
DEAD_WARN = 0.5  # share of dead ReLUs in the worst hidden layer

RELU_FAMILY = ("relu", "leaky_relu", "elu")


# -- settings -------------------------------------------------------------------------------
@dataclass(frozen=True)
class DepthSettings:
    """One setting of the lab: a ``depth`` × ``width`` net and how it is initialised and trained."""

    depth: int = 10
    width: int = 32
    activation: str = "sigmoid"
    init: str = "xavier"
    init_scale: float = 1.0
    clip: float = 0.0
    lr: float = 0.03
    dataset: str = "circles"
    seed: int = 0

    @property
    def sizes(self) -> list[int]:
        return self.run_config().sizes

    def run_config(self) -> RunConfig:
        """The same net as the rest of the app describes it (inputs x₁, x₂, one output)."""
        n_train = POINTS // 2
        return RunConfig(
            dataset=self.dataset,
            noise=NOISE,
            points=POINTS,
            train=0.5,
            features=("x1", "x2") if self.dataset != "sine" else ("x1",),
            layers=(self.width,) * self.depth,
            activation=self.activation,
            init=self.init,
            init_scale=self.init_scale,
            lr=self.lr,
            batch=n_train,
            clip=self.clip,
            seed=self.seed,
        )

    def replace(self, **changes: object) -> DepthSettings:
        return dataclasses.replace(self, **changes)

    def to_params(self) -> dict[str, str]:
        return {
            f.name: (repr(v) if isinstance(v, float) else str(v))
            for f in dataclasses.fields(self)
            for v in [getattr(self, f.name)]
        }


@dataclass(frozen=True)
class LabView:
    """What the page shows: one setting, or (``compare``) it next to a second activation + init
    on the same seed, data, depth and width."""

    settings: DepthSettings = DepthSettings()
    compare: bool = False
    other_activation: str = "relu"
    other_init: str = "he"

    @property
    def other(self) -> DepthSettings:
        return self.settings.replace(activation=self.other_activation, init=self.other_init)

    def to_params(self) -> dict[str, str]:
        out = self.settings.to_params()
        if self.compare:
            out.update(compare="1", b_activation=self.other_activation, b_init=self.other_init)
        return out


def snap(x: float, choices: tuple[float, ...]) -> float:
    """The choice nearest to ``x`` (in log space for positive values; 0 only matches 0)."""
    positive = [c for c in choices if c > 0]
    if x <= 0 and 0.0 in choices:
        return 0.0
    x = max(x, 1e-300)
    return min(positive, key=lambda c: abs(math.log(c) - math.log(x)))


def _parse_int(key: str, raw: object, default: int, lo: int, hi: int, problems: list[str]) -> int:
    try:
        x = float(str(raw).strip())
        if not math.isfinite(x) or x != int(x):
            raise ValueError
    except ValueError:
        problems.append(f"{key}={str(raw)[:40]!r} is not a whole number; using {default}")
        return default
    n = int(x)
    if not lo <= n <= hi:
        clamped = min(max(n, lo), hi)
        problems.append(f"{key}={n} is outside {lo}…{hi}; using {clamped}")
        return clamped
    return n


def parse_params(
    params: Mapping[str, object], defaults: LabView | None = None
) -> tuple[LabView, list[str]]:
    """A valid view from untrusted URL strings and the list of what was ignored or changed.

    Never raises. The shared keys go through :func:`backprop_core.config.from_params`; depth and
    width are clamped here; lr, init_scale and clip snap to the nearest value the controls offer.
    """
    d = defaults or LabView()
    problems: list[str] = []
    try:
        items = {
            str(k): (v[-1] if isinstance(v, list | tuple) and v else v) for k, v in params.items()
        }
    except Exception:  # noqa: BLE001 - anything dict-like that misbehaves counts as empty
        items = {}
    shared = ("activation", "init", "init_scale", "lr", "clip", "dataset", "seed")
    own = ("depth", "width", "compare", "b_activation", "b_init")
    for k in items:
        if k not in shared and k not in own:
            problems.append(f"unknown setting {k[:40]!r} ignored")
    s = d.settings
    cfg, shared_problems = from_params(
        {k: items[k] for k in shared if k in items},
        defaults=RunConfig(
            activation=s.activation,
            init=s.init,
            init_scale=s.init_scale,
            lr=s.lr,
            clip=s.clip,
            dataset=s.dataset,
            seed=s.seed,
            epochs=0,
        ),
    )
    problems += shared_problems
    values: dict[str, object] = {
        "activation": cfg.activation,
        "init": cfg.init,
        "dataset": cfg.dataset,
        "seed": cfg.seed,
    }
    for key, choices in (("lr", LR_CHOICES), ("init_scale", SCALE_CHOICES), ("clip", CLIP_CHOICES)):
        value = float(getattr(cfg, key))
        snapped = snap(value, choices)
        if not math.isclose(snapped, value, rel_tol=1e-9, abs_tol=1e-12):
            problems.append(f"{key}={value:g} is not offered; using the nearest, {snapped:g}")
        values[key] = snapped
    if "depth" in items:
        values["depth"] = _parse_int("depth", items["depth"], s.depth, *DEPTH_RANGE, problems)
    if "width" in items:
        values["width"] = _parse_int("width", items["width"], s.width, *WIDTH_RANGE, problems)
    settings = s.replace(**values)

    compare = d.compare
    if "compare" in items:
        raw = str(items["compare"]).strip().lower()
        compare = raw in ("1", "true", "yes", "on")
        if raw not in ("1", "true", "yes", "on", "0", "false", "no", "off", ""):
            problems.append(f"compare={raw[:40]!r} is not 1 or 0; using 0")
    other = {"b_activation": d.other_activation, "b_init": d.other_init}
    for key, registry in (("b_activation", "activation"), ("b_init", "init")):
        if key in items:
            value = str(items[key]).strip().lower()
            if value in CHOICES[registry]:
                other[key] = value
            else:
                problems.append(
                    f"{key}={value[:40]!r} is not one of {', '.join(CHOICES[registry])}"
                )
    view = LabView(settings, compare, other["b_activation"], other["b_init"])
    return view, problems


# -- remedies -------------------------------------------------------------------------------
REMEDIES: dict[str, str] = {
    "relu": "ReLU + He init",
    "leaky": "Leaky ReLU",
    "xavier": "Xavier init",
    "he": "He init",
    "clip": "Clip gradients at 1",
    "lower_lr": "Lower the learning rate",
}


def matching_init(activation: str) -> str:
    """He for the ReLU family (half the units are off, so double the variance), else Xavier."""
    return "he" if activation in RELU_FAMILY else "xavier"


def apply_remedy(s: DepthSettings, remedy: str) -> DepthSettings:
    """The settings with one remedy applied; unknown remedies change nothing."""
    if remedy == "relu":
        return s.replace(activation="relu", init="he", init_scale=1.0)
    if remedy == "leaky":
        return s.replace(activation="leaky_relu", init="he", init_scale=1.0)
    if remedy in ("xavier", "he"):
        return s.replace(init=remedy, init_scale=1.0)
    if remedy == "clip":
        return s.replace(clip=1.0)
    if remedy == "lower_lr":
        lower = [c for c in LR_CHOICES if c < s.lr]
        return s.replace(lr=lower[-1] if lower else LR_CHOICES[0])
    return s


# -- analysis -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Analysis:
    """One forward and backward pass of a net on the lab's data.

    Hidden layers are ``0 … depth-1``; ``report`` covers every weight matrix (``depth + 1``).
    ``box`` is ``(5, depth)``: the 1st, 25th, 50th, 75th and 99th percentile of each hidden
    layer's activations. ``weight_gain[l] = ‖δ_{l+1} W_{l+1}ᵀ‖ / ‖δ_{l+1}‖`` and
    ``slope_gain[l] = ‖δ_l‖ / ‖δ_{l+1} W_{l+1}ᵀ‖`` (what ⊙ f'(z_l) does) for each hidden layer;
    their product is ``‖δ_l‖ / ‖δ_{l+1}‖``. ``mean_slope[l]`` is the mean of f'(z_l).
    """

    report: LayerReport
    box: Array
    weight_gain: Array
    slope_gain: Array
    mean_slope: Array
    activation: str

    @property
    def depth(self) -> int:
        return len(self.mean_slope)

    @property
    def finite(self) -> bool:
        r = self.report
        return bool(
            np.isfinite(r.loss)
            and np.all(np.isfinite(r.grad_norms))
            and np.all(np.isfinite(self.box))
        )

    @property
    def hidden_delta(self) -> Array:
        """‖δ_l‖ (RMS per sample) of each hidden layer."""
        return self.report.delta_norms[: self.depth]

    @property
    def delta_span(self) -> float:
        """‖δ‖ at the first hidden layer over ‖δ‖ at the last: < 1 vanishing, > 1 exploding."""
        d = self.hidden_delta
        with np.errstate(all="ignore"):
            return float(d[0] / d[-1]) if d[-1] > 0 else float("nan")

    @property
    def factor(self) -> float:
        """Geometric-mean change of ‖δ‖ per layer going back: ``span ** (1 / (depth - 1))``."""
        span = self.delta_span
        if not np.isfinite(span) or span <= 0:
            return span
        return float(span ** (1.0 / max(self.depth - 1, 1)))

    @property
    def grad_ratio(self) -> float:
        """‖∂L/∂W‖ of the first layer over that of the last (output) layer."""
        g = self.report.grad_norms
        with np.errstate(all="ignore"):
            return float(g[0] / g[-1]) if g[-1] > 0 else float("nan")

    def saturated_mean(self) -> float:
        s = self.report.saturated[: self.depth]
        return float(np.mean(s)) if np.all(np.isfinite(s)) else float("nan")

    def dead_worst(self) -> tuple[float, int]:
        """The largest share of dead ReLUs in a hidden layer and that layer (0-based)."""
        d = self.report.dead[: self.depth]
        if not np.any(np.isfinite(d)):
            return float("nan"), -1
        i = int(np.nanargmax(d))
        return float(d[i]), i


BOX_SAMPLE = 4096  # activations per layer that the percentiles are taken from


def analyse(net: Network, X: Array, Y: Array) -> Analysis:
    """Gradient norms, δ per layer, activation percentiles and the backward gains of ``net``,
    from a single forward and backward pass. ``report`` holds the same numbers as
    :func:`backprop_core.diagnostics.layer_report` would."""
    with np.errstate(all="ignore"):
        trace = net.forward(X)
        loss = net.loss(trace, Y)
        grads = net.backward(trace, Y)
        depth = net.n_layers - 1
        acts, zs = trace.activations[1:], trace.pre_activations
        report = summarise(net, trace, grads, loss)
        hidden = np.stack([a.ravel() for a in acts[:depth]])
        step = max(hidden.shape[1] // BOX_SAMPLE, 1)
        box = np.percentile(hidden[:, ::step], [1, 25, 50, 75, 99], axis=1)
        weight_gain, slope_gain, mean_slope = np.empty(depth), np.empty(depth), np.empty(depth)
        for l in range(depth):
            upper = grads.deltas[l + 1]
            back = upper @ net.weights[l + 1].T  # δ_{l+1} W_{l+1}ᵀ = ∂L/∂a_{l+1}
            n_upper, n_back = np.linalg.norm(upper), np.linalg.norm(back)
            weight_gain[l] = n_back / n_upper if n_upper > 0 else np.nan
            slope_gain[l] = np.linalg.norm(grads.deltas[l]) / n_back if n_back > 0 else np.nan
            mean_slope[l] = float(np.mean(net.hidden.derivative(zs[l], acts[l])))
    return Analysis(report, box, weight_gain, slope_gain, mean_slope, net.hidden.name)


@dataclass(frozen=True)
class Symmetry:
    """Per hidden layer: ``units``, how many of them are ``distinct`` (different incoming
    weights, bias or outgoing weights) and the largest difference from unit 1 (``spread``).
    ``weight_norms`` has one entry per weight matrix."""

    units: Array
    distinct: Array
    spread: Array
    weight_norms: Array

    @property
    def broken(self) -> bool:
        return bool(np.any(self.distinct > 1))


def symmetry(weights: list[Array], biases: list[Array]) -> Symmetry:
    """Are the hidden units of each layer copies of each other? Exact comparison: with zero
    initialisation every unit of a layer receives bit-identical updates, forever."""
    depth = len(weights) - 1
    units, distinct, spread = np.empty(depth, int), np.empty(depth, int), np.empty(depth)
    with np.errstate(all="ignore"):
        for l in range(depth):
            unit = np.hstack([weights[l].T, biases[l][:, None], weights[l + 1]])  # (units, ·)
            units[l] = len(unit)
            distinct[l] = len({row.tobytes() for row in np.ascontiguousarray(unit)})
            spread[l] = float(np.max(np.abs(unit - unit[:1]))) if unit.size else 0.0
        norms = np.array([float(np.linalg.norm(W)) for W in weights])
    return Symmetry(units, distinct, spread, norms)


# -- the verdict ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Verdict:
    kind: str  # overflow symmetric dead vanishing exploding diverged saturated unstable healthy
    level: str  # "error", "warning" or "success"
    title: str
    message: str
    remedies: tuple[str, ...] = ()


def _fmt(x: float) -> str:
    """Numbers in verdict sentences: 3 significant digits, scientific when tiny or huge."""
    if not np.isfinite(x):
        return "∞" if x > 0 else "NaN"
    if x != 0 and (abs(x) < 1e-2 or abs(x) >= 1e4):
        mant, exp = f"{x:.2e}".split("e")
        return f"{mant.rstrip('0').rstrip('.')}e{int(exp)}"
    return f"{x:.0f}" if abs(x) >= 100 else f"{x:.3g}"


def clipped_summary(history: History | None, s: DepthSettings) -> str:
    """What clipping at ``s.clip`` did in the run ("" when clipping is off or no step was taken)."""
    if history is None or s.clip <= 0 or not history.step_norms:
        return ""
    c = clipping(history, s.clip, s.lr)
    d = history.diverged
    if c.n_clipped == 0:
        text = (
            f"Clipping at ‖g‖ ≤ {s.clip:g} never acted: ‖g‖ before clipping stayed at most "
            f"{_fmt(c.largest)}."
        )
    else:
        text = (
            f"Clipping at ‖g‖ ≤ {s.clip:g} scaled the gradient down in {c.n_clipped} of "
            f"{c.steps} steps: ‖g‖ before clipping reached {_fmt(c.largest)}, so the largest "
            f"step was {_fmt(c.shrink)}× shorter (‖η g‖ ≤ {_fmt(s.lr * s.clip)} instead of "
            f"{_fmt(c.unclipped_step)})."
        )
    if d is not None:
        return text + f" Training still blew up at epoch {d.epoch}: {d.reason}."
    return text + f" Training ran all {history.epochs} epochs without overflowing."


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
    diverged; saturation or many dead units; otherwise healthy.
    """
    s = settings
    init_fix = matching_init(s.activation)
    off_init = s.init != init_fix or s.init_scale != 1.0  # the textbook init would change things
    diverged = history.diverged if history is not None else None
    blew_up = (
        f" Training then blew up at epoch {diverged.epoch}: {diverged.reason}."
        if diverged is not None
        else ""
    )
    if not a.finite:
        return Verdict(
            "overflow",
            "error",
            "Overflow",
            "Overflow at initialisation: activations or gradients passed the largest float "
            "(≈ 1.8e308) and became inf / NaN, so nothing can be learned. Each layer multiplies "
            f"the signal by a factor > 1, and over {s.depth} layers that overflows. Use "
            f"{REMEDIES[init_fix]} at scale 1.",
            (init_fix, "clip"),
        )
    if not sym.broken and s.width > 1:
        return Verdict(
            "symmetric",
            "error",
            "Symmetric",
            f"Symmetric: every weight starts equal, so all {s.width} units of each hidden layer "
            "compute the same value and receive the same gradient — they stay identical for "
            "ever, and each layer is worth one unit. "
            "Random initialisation breaks the tie.",
            (init_fix,),
        )
    dead, dead_layer = a.dead_worst()
    if np.isfinite(dead) and dead >= 1.0:
        return Verdict(
            "dead",
            "error",
            "Dead",
            f"Dead: every ReLU in hidden layer {dead_layer + 1} outputs 0 for every input, so no "
            "gradient reaches the layers below it (their ‖∂L/∂W‖ is exactly 0). Leaky ReLU keeps "
            "a small slope for z < 0; He initialisation keeps the signal alive.",
            ("leaky", "he"),
        )
    span, factor, level = a.delta_span, a.factor, span_level(a.delta_span)
    signal = (
        f"the error signal δ = ∂L/∂z {{}} ×{_fmt(factor)} per layer, so ‖δ‖ at hidden layer 1 "
        f"is {_fmt(span)}× ‖δ‖ at hidden layer {s.depth} (the last)"
    )
    grads = (
        f"The weight gradients: ‖∂L/∂W‖ of weight layer 1 (input → hidden 1) is "
        f"{_fmt(a.grad_ratio)}× that of weight layer {s.depth + 1} (hidden {s.depth} → output)"
    )
    largest = _fmt(float(np.max(a.report.grad_norms)))
    if level != "success" and span < 1:
        if s.activation in ("sigmoid", "softplus") or not off_init:
            remedies: tuple[str, ...] = ("relu",) if s.activation != "relu" else ("leaky",)
        else:
            remedies = (init_fix,)
        text = f"Vanishing: going back, {signal.format('shrinks')}. "
        if a.grad_ratio < 1.0 / WARN_SPAN:
            text += f"{grads}: the first layers barely learn."
        else:
            text += (
                f"{grads}, level only because ∂L/∂W = aᵀδ and the activations a shrink on the "
                f"way forward as fast as δ does on the way back: every weight gradient is tiny, "
                f"the largest is {largest}."
            )
        return Verdict("vanishing", level, "Vanishing", text + blew_up, remedies)
    if level != "success":
        clip = clipped_summary(history, s)
        level_grads = 1.0 / WARN_SPAN <= a.grad_ratio <= WARN_SPAN
        text = f"Exploding: going back, {signal.format('grows')}. "
        if level_grads:
            text += (
                f"{grads}: level, because ∂L/∂W = aᵀδ and the activations a grow on the way "
                f"forward as fast as δ does on the way back — but huge: up to {largest}."
            )
        else:
            text += (
                f"{grads}; the largest is {largest} against weights of norm "
                f"≈ {_fmt(float(np.median(a.report.weight_norms)))}."
            )
        cause = f"{REMEDIES[init_fix]} at scale ×1" if off_init else "a shallower net"
        if clip:
            return Verdict(
                "exploding",
                "warning",
                "Exploding, clipped",
                text.replace("Exploding:", "Exploding, clipped:", 1)
                + f" {clip} Clipping bounds each step; it does not stop δ growing per "
                f"layer — {cause} removes the cause.",
                (init_fix,) if off_init else (),
            )
        text += (
            " Gradient clipping (scale g so that ‖g‖ ≤ c before each step) is the direct remedy "
            f"for the blow-up; {cause} removes the cause."
        )
        return Verdict(
            "exploding",
            level,
            "Exploding",
            text + blew_up,
            ("clip", init_fix) if off_init else ("clip",),
        )
    if diverged is not None:
        return Verdict(
            "diverged",
            "error",
            "Diverged",
            f"Diverged: the gradients were balanced at initialisation (δ changes ×{_fmt(factor)} "
            f"per layer), but training blew up at epoch {diverged.epoch}: {diverged.reason}. The "
            f"steps η·∂L/∂W are too large for {s.depth} layers: clip the gradient or lower η.",
            ("clip", "lower_lr"),
        )
    sat = a.saturated_mean()
    if np.isfinite(sat) and sat > SATURATED_WARN:
        return Verdict(
            "saturated",
            "warning",
            "Saturated",
            f"Saturated: {sat:.0%} of the hidden {s.activation} outputs sit on the flat tails, "
            "where f'(z) ≈ 0, so those units barely learn. Smaller weights (Xavier at scale 1) "
            "keep z in the curved middle.",
            ("xavier", "relu"),
        )
    if np.isfinite(dead) and dead > DEAD_WARN:
        return Verdict(
            "dead",
            "warning",
            "Many dead units",
            f"Many dead units: {dead:.0%} of the ReLUs in hidden layer {dead_layer + 1} output 0 "
            "for every input and get no gradient. Leaky ReLU keeps them alive.",
            ("leaky",),
        )
    losses = history.train_loss if history is not None else []
    if len(losses) > 1 and losses[-1] > losses[0] * 1.01:
        return Verdict(
            "unstable",
            "warning",
            "Not learning",
            f"Not learning: the gradients are balanced (δ changes ×{_fmt(factor)} per layer), "
            f"but the training loss rose from {_fmt(losses[0])} to {_fmt(losses[-1])}: the steps "
            "η·∂L/∂W overshoot. Lower η or clip the gradient.",
            ("lower_lr", "clip"),
        )
    learned = ""
    if history is not None and history.epochs > 0:
        learned = (
            f" Training loss went from {_fmt(history.train_loss[0])} to "
            f"{_fmt(history.train_loss[-1])} in {history.epochs} epochs."
        )
    return Verdict(
        "healthy",
        "success",
        "Healthy",
        f"Healthy: going back, {signal.format('changes only')}. {grads}." + learned,
    )


# -- one run of the lab ---------------------------------------------------------------------
@dataclass(frozen=True)
class LabResult:
    settings: DepthSettings
    epochs: int  # epochs asked for; ``history.epochs`` is fewer if training diverged
    n_train: int
    at_init: Analysis
    trained: Analysis | None  # None when training never took a step
    history: History
    symmetry_init: Symmetry
    symmetry_trained: Symmetry
    verdict: Verdict

    @property
    def ending(self) -> Ending | None:
        """Why the loss line and heatmap stop before the last epoch, if they do."""
        return ending(self.history)

    @property
    def clipping(self) -> Clipping | None:
        """What clipping did at each step; None when clipping is off."""
        if self.settings.clip <= 0:
            return None
        return clipping(self.history, self.settings.clip, self.settings.lr)

    @property
    def grad_matrix(self) -> Array:
        """(epochs, depth + 1): ‖∂L/∂W_l‖ during each epoch (full batch, before clipping)."""
        return self.history.grad_norm_matrix()


def epochs_for(s: DepthSettings) -> int:
    """As many epochs as ``MAX_WORK`` multiply-adds allow (forward, backward, and the loss),
    clamped to ``MIN_EPOCHS … MAX_EPOCHS``: 200 for a 10 × 32 net, 15 for 50 × 128."""
    sizes = s.sizes
    macs = sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
    per_epoch = 4.0 * macs * (POINTS // 2)
    return int(min(max(MAX_WORK // per_epoch, MIN_EPOCHS), MAX_EPOCHS))


def lab_data(s: DepthSettings) -> tuple[Array, Array]:
    """The training half of the dataset, inputs standardised to mean 0 and variance 1, so the
    first layer starts in the same range whatever the dataset: ``X`` (n, n_in), ``Y`` (n, 1)."""
    cfg = s.run_config()
    data = make_dataset(cfg.dataset, cfg.points, cfg.noise, cfg.seed, cfg.train)
    X = data.X_train[:, : len(cfg.features)]
    std = X.std(axis=0)
    X = (X - X.mean(axis=0)) / np.where(std > 0, std, 1.0)
    return X, data.Y_train


def build_net(s: DepthSettings) -> Network:
    return make_network(s.run_config())


class LabJob:
    """One run of the lab that can be trained a few epochs at a time (a page checks between
    chunks whether the visitor has already asked for something else) with exactly the numbers
    of :func:`run_lab`, which trains it in one go."""

    def __init__(self, s: DepthSettings, epochs: int | None = None) -> None:
        self.settings = s
        self.X, self.Y = lab_data(s)
        self.net = build_net(s)
        self.symmetry_init = symmetry(self.net.weights, self.net.biases)
        self.at_init = analyse(self.net, self.X, self.Y)
        self.epochs = epochs_for(s) if epochs is None else int(epochs)
        self.trainer = Trainer(
            self.net,
            self.X,
            self.Y,
            optimizer=make_optimizer("sgd", s.lr),
            clip_norm=s.clip,
            seed=s.seed,
        )
        self.asked = 0  # epochs asked for so far

    @property
    def done(self) -> bool:
        return self.asked >= self.epochs or self.trainer.history.diverged is not None

    @property
    def fraction(self) -> float:
        return 1.0 if self.done else self.asked / max(self.epochs, 1)

    def advance(self, epochs: int) -> None:
        """Train up to ``epochs`` more epochs (never past the run's total)."""
        n = max(0, min(int(epochs), self.epochs - self.asked))
        self.trainer.run(n)
        self.asked += n

    def result(self) -> LabResult:
        """Finish training (if not done yet), analyse the trained net and judge it."""
        self.advance(self.epochs - self.asked)
        h, s, net = self.trainer.history, self.settings, self.net
        trained = analyse(net, self.X, self.Y) if h.epochs > 0 else None
        return LabResult(
            s,
            self.epochs,
            len(self.X),
            self.at_init,
            trained,
            h,
            self.symmetry_init,
            symmetry(net.weights, net.biases),
            verdict(self.at_init, self.symmetry_init, h, s),
        )


def run_lab(s: DepthSettings, epochs: int | None = None) -> LabResult:
    """Analyse the fresh net, train it with full-batch gradient descent, analyse it again."""
    return LabJob(s, epochs).result()
