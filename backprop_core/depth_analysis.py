"""One forward and backward pass of a deep net, measured layer by layer, and the zero-init
symmetry check. Pure NumPy: the numbers the vanishing / exploding lab's verdict is made of.

The backward pass multiplies the error signal once per layer,

    δ_l = (δ_{l+1} W_{l+1}ᵀ) ⊙ f'(z_l),

so ‖δ‖ changes by a roughly constant factor per layer and the first layer sees that factor to
the power of the depth. :attr:`Analysis.delta_span` measures exactly that: ‖δ‖ at the first
hidden layer over ‖δ‖ at the last (both have ``width`` units, so layer shapes do not skew it).
‖∂L/∂W_l‖ = ‖a_{l-1}ᵀ δ_l‖ mixes in the forward signal: with ReLU and large weights the
activations grow as fast as δ does, so ‖∂L/∂W‖ is flat — and huge.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .diagnostics import LayerReport, summarise
from .network import Network

Array = np.ndarray


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
