"""Numeric questions: what is asked about the tiny network, the engine's answer, the classic
slips and the worked solution.

Each slip is the engine's own computation with one ingredient changed — an activation whose
slope is forgotten (f' = 1) or taken at a instead of z, an MSE gradient with the ½ convention,
a loss without its mean, a step up the gradient — so a slip's value always matches what a person
making exactly that mistake would get, on any network.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np

from ..activations import Activation
from ..network import Gradients, Network
from ..stepper import StepRun, run_step
from . import names
from .grading import Slip, distinct_slips
from .solution import Builder, Solution
from .tiny import LEVELS, TinyProblem, draw_problem

Array = np.ndarray

NUMERIC_KINDS = (
    "hidden_z",
    "hidden_a",
    "output",
    "loss",
    "output_delta",
    "hidden_delta",
    "grad_w_out",
    "grad_w_hidden",
    "grad_b",
    "weight_update",
    "loss_after",
)
FORWARD = ("hidden_z", "hidden_a", "output")
GRADIENT = ("output_delta", "hidden_delta", "grad_w_out", "grad_w_hidden", "grad_b")
MIN_ANSWER = 1e-3  # smaller answers are re-drawn: they are hard to read and to type
RELU_MARGIN = 0.05  # a ReLU unit's z stays this far from the kink, where f' is undefined
MAX_TRIES = 200


@dataclass(frozen=True)
class Target:
    """What is asked: weight layer ``layer`` (0-based), unit ``unit`` of its output, input unit
    ``src`` (weights), sample ``sample`` (per-sample quantities). ``None`` when not relevant."""

    kind: str
    layer: int | None = None
    unit: int | None = None
    src: int | None = None
    sample: int | None = None

    def describe(self, sizes: list[int]) -> str:
        """The quantity in plain names, e.g. ``∂L/∂w(h1→o1)``."""
        l, j, i = self.layer, self.unit, self.src
        if self.kind in ("loss", "loss_after"):
            return "L"
        if self.kind in ("grad_w_out", "grad_w_hidden", "weight_update"):
            return names.weight(sizes, l, i, j)
        if self.kind == "grad_b":
            return names.bias(sizes, l, j)
        return names.unit(sizes, l + 1, j)


@dataclass(frozen=True, eq=False)
class NumericQuestion:
    kind: str
    problem: TinyProblem
    target: Target
    run: StepRun
    answer: float
    slips: tuple[Slip, ...]
    stage: int  # index into stage_names(n_layers): the Step page's stage showing this number
    solution: Solution

    @property
    def net(self) -> Network:
        return self.problem.net


def pick_target(rng: np.random.Generator, kind: str, p: TinyProblem) -> Target:
    """A random quantity of ``kind`` on ``p``'s network."""
    L = p.net.n_layers
    sizes = p.net.sizes
    hidden_layer = int(rng.integers(0, L - 1))
    any_layer = int(rng.integers(0, L))
    sample = int(rng.integers(0, p.batch))
    if kind in ("hidden_z", "hidden_a", "hidden_delta"):
        return Target(kind, hidden_layer, int(rng.integers(0, 2)), None, sample)
    if kind in ("output", "output_delta"):
        return Target(kind, L - 1, int(rng.integers(0, sizes[-1])), None, sample)
    if kind in ("loss", "loss_after"):
        return Target(kind)
    layer = {"grad_w_out": L - 1, "grad_w_hidden": hidden_layer}.get(kind, any_layer)
    j = int(rng.integers(0, sizes[layer + 1]))
    src = None if kind == "grad_b" else int(rng.integers(0, sizes[layer]))
    return Target(kind, layer, j, src)


def value_of(t: Target, run: StepRun) -> float:
    """The asked quantity in one step's numbers."""
    k, l, j, i, n = t.kind, t.layer, t.unit, t.src, t.sample
    return float(
        {
            "hidden_z": lambda: run.trace.pre_activations[l][n, j],
            "hidden_a": lambda: run.trace.activations[l + 1][n, j],
            "output": lambda: run.trace.output[n, j],
            "loss": lambda: run.loss,
            "output_delta": lambda: run.grads.deltas[l][n, j],
            "hidden_delta": lambda: run.grads.deltas[l][n, j],
            "grad_w_out": lambda: run.grads.weights[l][i, j],
            "grad_w_hidden": lambda: run.grads.weights[l][i, j],
            "grad_b": lambda: run.grads.biases[l][j],
            "weight_update": lambda: run.new_weights[l][i, j],
            "loss_after": lambda: run.loss_after,
        }[k]()
    )


def stage_of(t: Target, n_layers: int) -> int:
    """The stepper stage where the quantity appears (see :func:`~backprop_core.stage_names`)."""
    L = n_layers
    if t.kind in FORWARD:
        return t.layer
    if t.kind == "loss":
        return L
    if t.kind == "output_delta":
        return L + 1
    if t.kind == "hidden_delta":  # computed while going back through the layer above
        return L + 1 + (L - 1 - (t.layer + 1)) + 1
    if t.kind in ("grad_w_out", "grad_w_hidden", "grad_b"):
        return L + 1 + (L - 1 - t.layer) + 1
    return 2 * L + 2  # the update


# -- slips ------------------------------------------------------------------------------------
def _ones(z: Array, a: Array) -> Array:
    return np.ones_like(z)


def _slope_at_a(act: Activation) -> Activation:
    """The activation with f' evaluated at a instead of z: σ'(a) = σ(a)(1 − σ(a))."""
    return dataclasses.replace(act, derivative=lambda z, a: act.derivative(a, act.forward(a)))


def _variant(net: Network, **parts: object) -> Network:
    other = net.copy()
    other.__dict__.update(parts)
    return other


def _mean_count(net: Network, Y: Array) -> int:
    """The N the loss divides by: every element for MSE and BCE, every sample for softmax CE."""
    return len(Y) if net.loss_fn.name == "cross_entropy" else Y.size


def slipped_gradients(p: TinyProblem, run: StepRun) -> dict[str, Gradients]:
    """The gradients each classic backward-pass slip produces, from the engine's own backward."""
    net, X, Y = p.net, p.X, p.Y
    out, loss = net.output_act, net.loss_fn
    g = run.grads

    def scaled(c: float) -> Gradients:
        return Gradients(
            [c * w for w in g.weights], [c * b for b in g.biases], [c * d for d in g.deltas]
        )

    def backward(variant: Network) -> Gradients:
        with np.errstate(all="ignore"):
            return variant.backward(variant.forward(X), Y)

    found = {"sign": scaled(-1.0)}
    n = _mean_count(net, Y)
    if loss.name == "mse":
        found["half_mse"] = scaled(0.5)
        if out.name != "linear":
            found["forgot_output_slope"] = backward(_variant(net, output_act=_variant_act(out)))
    if n > 1:
        found["forgot_mean"] = scaled(float(n))
    if loss.name == "bce":  # σ' multiplied in again on top of the fused (ŷ − y)
        again = dataclasses.replace(
            loss, fused_with=None, grad_output=lambda a, y: (a - y) / a.size
        )
        found["extra_output_slope"] = backward(_variant(net, loss_fn=again))
    if net.n_layers > 1:
        found["forgot_hidden_slope"] = backward(_variant(net, hidden=_variant_act(net.hidden)))
    parts: dict[str, object] = {"hidden": _slope_at_a(net.hidden)}
    if out.elementwise and loss.fused_with != out.name:
        parts["output_act"] = _slope_at_a(out)
    found["slope_at_a"] = backward(_variant(net, **parts))
    return found


def _variant_act(act: Activation) -> Activation:
    return dataclasses.replace(act, derivative=_ones)


def _gradient_value(t: Target, g: Gradients) -> float:
    l, j, i, n = t.layer, t.unit, t.src, t.sample
    if t.kind in ("output_delta", "hidden_delta"):
        return float(g.deltas[l][n, j])
    if t.kind == "grad_b":
        return float(g.biases[l][j])
    return float(g.weights[l][i, j])


def _loss_with(net: Network, X: Array, Y: Array, weights: list[Array], biases: list[Array]):
    other = _variant(net, weights=weights, biases=biases)
    with np.errstate(all="ignore"):
        return other.loss(other.forward(X), Y)


def slips_for(t: Target, p: TinyProblem, run: StepRun) -> list[Slip]:
    """Every classic slip that makes sense for this question, with the value it leads to."""
    net, X, Y, lr = p.net, p.X, p.Y, p.lr
    l, j, i, n = t.layer, t.unit, t.src, t.sample
    tr = run.trace
    out: list[Slip] = []
    if t.kind in FORWARD or t.kind == "loss":
        no_bias = _variant(net, biases=[np.zeros_like(b) for b in net.biases])
        nb = run_step(no_bias, X, Y, lr)
        out.append(Slip("forgot_bias", value_of(t, nb)))
    if t.kind == "hidden_z":
        z = float(tr.pre_activations[l][n, j])
        out += [Slip("a_for_z", float(tr.activations[l + 1][n, j])), Slip("sign", -z)]
    elif t.kind in ("hidden_a", "output"):
        out += [Slip("z_for_a", float(tr.pre_activations[l][n, j]))]
    elif t.kind == "loss":
        L = run.loss
        if net.loss_fn.name == "mse":
            out.append(Slip("half_mse", L / 2))
        else:
            out.append(Slip("log10", L / math.log(10)))
        count = _mean_count(net, Y)
        if count > 1:
            out.append(Slip("forgot_mean", L * count))
    elif t.kind in GRADIENT:
        for key, g in slipped_gradients(p, run).items():
            out.append(Slip(key, _gradient_value(t, g)))
        if t.kind == "hidden_delta":
            W = net.weights[l + 1]
            slope = float(run.grads.deltas[l][n, j] / (run.grads.deltas[l + 1][n] @ W[j]))
            for k in range(W.shape[1]):
                out.append(Slip("one_path", float(run.grads.deltas[l + 1][n, k] * W[j, k]) * slope))
        if t.kind in ("grad_w_out", "grad_w_hidden"):
            out.append(Slip("gave_delta", float(run.grads.biases[l][j])))
            other = 1 - i
            delta = run.grads.deltas[l][:, j]
            out.append(Slip("wrong_input", float(tr.activations[l][:, other] @ delta)))
    elif t.kind == "weight_update":
        w, gw = float(net.weights[l][i, j]), float(run.grads.weights[l][i, j])
        for key, g in slipped_gradients(p, run).items():
            out.append(Slip("uphill" if key == "sign" else key, w - lr * float(g.weights[l][i, j])))
        out += [
            Slip("forgot_lr", w - gw),
            Slip("gave_change", -lr * gw),
            Slip("gave_gradient", gw),
        ]
    elif t.kind == "loss_after":
        out.append(Slip("loss_before", run.loss))
        for key, g in slipped_gradients(p, run).items():
            new_w = [W - lr * d for W, d in zip(net.weights, g.weights)]
            new_b = [b - lr * d for b, d in zip(net.biases, g.biases)]
            out.append(
                Slip("uphill" if key == "sign" else key, _loss_with(net, X, Y, new_w, new_b))
            )
    return out


# -- solution ---------------------------------------------------------------------------------
def build_solution(t: Target, p: TinyProblem, run: StepRun) -> Solution:
    """The worked steps that end at the answer."""
    b = Builder(p.net, p.X, p.Y, run)
    l, j, i, n = t.layer, t.unit, t.src, t.sample
    if t.kind == "hidden_z":
        b.z(l, j, n)
    elif t.kind in ("hidden_a", "output"):
        b.a(l, j, n)
    elif t.kind == "loss":
        b.loss(run.loss)
    elif t.kind in ("output_delta", "hidden_delta"):
        b.delta(l, j, n)
    elif t.kind in ("grad_w_out", "grad_w_hidden", "grad_b"):
        b.gradient(l, j, i)
    elif t.kind == "weight_update":
        b.update(l, j, i)
    else:  # loss_after: every parameter moves, then a forward pass with the new ones
        b.loss(run.loss)
        for layer, W in enumerate(p.net.weights):
            for jj in range(W.shape[1]):
                for ii in range(W.shape[0]):
                    b.update(layer, jj, ii, grad=float(run.grads.weights[layer][ii, jj]))
                b.update(layer, jj, None, grad=float(run.grads.biases[layer][jj]))
        after = _variant(p.net, weights=run.new_weights, biases=run.new_biases)
        again = Builder(after, p.X, p.Y, run_step(after, p.X, p.Y, p.lr), mark="'")
        again.loss(run.loss_after)
        b.steps += [dataclasses.replace(s, group="after") for s in again.steps]
    return Solution(tuple(b.steps), value_of(t, run))


# -- a whole question -------------------------------------------------------------------------
def acceptable(t: Target, p: TinyProblem, run: StepRun, answer: float) -> bool:
    """Hand-friendly: a finite answer that is not tiny, a step that changes what is asked about,
    no ReLU on its kink, outputs that are not saturated (a saturated sigmoid makes every gradient
    vanish into rounding)."""
    if not math.isfinite(answer) or abs(answer) < MIN_ANSWER:
        return False
    if t.kind == "weight_update" and abs(run.grads.weights[t.layer][t.src, t.unit]) < MIN_ANSWER:
        return False
    if t.kind == "loss_after" and abs(run.loss_after - run.loss) < MIN_ANSWER:
        return False
    if p.net.hidden.name == "relu":
        hidden_z = run.trace.pre_activations[:-1]
        if any(np.any(np.abs(z) < RELU_MARGIN) for z in hidden_z):
            return False
        if any(np.any(np.all(z < 0, axis=1)) for z in hidden_z):
            return False  # a hidden layer all off for a sample: everything below it is 0
    if p.net.output_act.name in ("sigmoid", "softmax"):
        y = run.trace.output
        if np.any(y < 0.02) or np.any(y > 0.98):
            return False
    return bool(np.all(np.isfinite(run.loss_after)))


def numeric_question(rng: np.random.Generator, kind: str, level: int) -> NumericQuestion:
    """Draw networks from ``rng`` until one gives a hand-friendly question of ``kind``."""
    lv = LEVELS[level]
    for _ in range(MAX_TRIES):
        p = draw_problem(rng, lv)
        t = pick_target(rng, kind, p)
        run = run_step(p.net, p.X, p.Y, p.lr)
        answer = value_of(t, run)
        if acceptable(t, p, run, answer):
            break
    slips = distinct_slips(answer, slips_for(t, p, run))
    solution = build_solution(t, p, run)
    return NumericQuestion(kind, p, t, run, answer, slips, stage_of(t, p.net.n_layers), solution)
