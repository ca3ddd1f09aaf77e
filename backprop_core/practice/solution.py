"""The worked solution of a numeric question: every line of the hand computation, with numbers.

A :class:`Step` is one equation ``symbol = formula = numbers = value``: ``formula`` is LaTeX in
symbols, ``numbers`` the same LaTeX with ``⟦k⟧`` where factor ``k``'s value goes (the page
formats the numbers), and ``value`` is the engine's own number for that quantity — taken from
the stepper's trace and gradients or from :func:`~backprop_core.chain_rule.chain_rule`, never
recomputed here. The builder adds each quantity once, in the order a person would compute it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..chain_rule import chain_rule
from ..network import Network
from ..stepper import StepRun
from . import names

Array = np.ndarray


@dataclass(frozen=True)
class Factor:
    """One number used in a step: its LaTeX symbol, what it is, its value."""

    symbol: str
    name: str
    value: float


@dataclass(frozen=True)
class Step:
    group: str  # "forward" | "loss" | "backward" | "update"
    symbol: str
    name: str
    formula: str
    numbers: str  # LaTeX with ⟦k⟧ for factors[k]
    factors: tuple[Factor, ...]
    value: float


@dataclass(frozen=True)
class Solution:
    steps: tuple[Step, ...]
    answer: float


def slot(k: int) -> str:
    return f"⟦{k}⟧"


SLOPE = {  # f'(z) from a = f(z), as a person computes it: (formula of a, numbers of slot 0)
    "sigmoid": (r"{a}(1 - {a})", "⟦0⟧(1 - ⟦0⟧)"),
    "tanh": (r"1 - {a}^2", "1 - ⟦0⟧^2"),
    "relu": (r"[\,{z} > 0\,]", r"[\,⟦0⟧ > 0\,]"),
    "linear": ("1", "1"),
}
FN_TEX = {"sigmoid": r"\sigma", "tanh": r"\tanh", "relu": r"\mathrm{relu}", "linear": ""}


class Builder:
    """Adds the steps that lead to a quantity, each once. ``mark`` (e.g. ``'``) decorates the
    symbols of a second pass with updated weights."""

    def __init__(self, net: Network, X: Array, Y: Array, run: StepRun, mark: str = "") -> None:
        self.net, self.X, self.Y, self.run, self.mark = net, X, Y, run, mark
        self.sizes = net.sizes
        self.L = net.n_layers
        self.batch = len(X)
        self.steps: list[Step] = []
        self.done: set[tuple[object, ...]] = set()

    # -- symbols -------------------------------------------------------------------------------
    def s(self, n: int) -> str:
        return names.sample_tex(n, self.batch)

    def a_sym(self, col: int, j: int, n: int) -> str:
        if col == 0:
            return f"x_{{{j + 1}}}{self.s(n)}"
        if col == self.L:
            return rf"\hat y_{{{j + 1}}}{self.mark}{self.s(n)}"
        return f"a_{{{names.unit(self.sizes, col, j)}}}{self.mark}{self.s(n)}"

    def z_sym(self, l: int, j: int, n: int) -> str:
        return f"z_{{{names.unit(self.sizes, l + 1, j)}}}{self.mark}{self.s(n)}"

    def w_sym(self, l: int, i: int, j: int) -> str:
        return names.weight_tex(self.sizes, l, i, j) + self.mark

    def b_sym(self, l: int, j: int) -> str:
        return names.bias_tex(self.sizes, l, j) + self.mark

    def delta_sym(self, l: int, j: int, n: int) -> str:
        return rf"\delta_{{{names.unit(self.sizes, l + 1, j)}}}{self.s(n)}"

    def a_factor(self, col: int, j: int, n: int) -> Factor:
        value = float(self.run.trace.activations[col][n, j])
        name = "input" if col == 0 else ("output" if col == self.L else "activation")
        return Factor(self.a_sym(col, j, n), f"{name} {names.unit(self.sizes, col, j)}", value)

    def add(self, key: tuple[object, ...], step: Step) -> None:
        self.done.add(key)
        self.steps.append(step)

    # -- forward -------------------------------------------------------------------------------
    def z(self, l: int, j: int, n: int) -> None:
        if ("z", l, j, n) in self.done:
            return
        fan_in = self.sizes[l]
        if l:
            for i in range(fan_in):
                self.a(l - 1, i, n)
        W, b = self.net.weights[l], self.net.biases[l]
        factors: list[Factor] = []
        formula, numbers = [], []
        for i in range(fan_in):
            factors.append(self.a_factor(l, i, n))
            w_name = names.weight(self.sizes, l, i, j)
            factors.append(Factor(self.w_sym(l, i, j), w_name, float(W[i, j])))
            formula.append(f"{factors[-2].symbol}\\,{factors[-1].symbol}")
            numbers.append(f"{slot(2 * i)} \\cdot {slot(2 * i + 1)}")
        bname = names.bias(self.sizes, l, j)
        factors.append(Factor(self.b_sym(l, j), bname, float(b[j])))
        formula.append(factors[-1].symbol)
        numbers.append(slot(len(factors) - 1))
        value = float(self.run.trace.pre_activations[l][n, j])
        unit = names.unit(self.sizes, l + 1, j)
        self.add(
            ("z", l, j, n),
            Step(
                "forward",
                self.z_sym(l, j, n),
                f"pre-activation of {unit}",
                " + ".join(formula),
                " + ".join(numbers),
                tuple(factors),
                value,
            ),
        )

    def a(self, l: int, j: int, n: int) -> None:
        """The activation of unit ``j`` of weight layer ``l``'s output (column ``l + 1``)."""
        if ("a", l, j, n) in self.done:
            return
        act = self.net.activation_of(l)
        col = l + 1
        value = float(self.run.trace.activations[col][n, j])
        unit = names.unit(self.sizes, col, j)
        if act.name == "softmax":
            ks = range(self.sizes[col])
            for k in ks:
                self.z(l, k, n)
            factors = [
                Factor(
                    self.z_sym(l, k, n),
                    f"pre-activation of {names.unit(self.sizes, col, k)}",
                    float(self.run.trace.pre_activations[l][n, k]),
                )
                for k in ks
            ]
            own = factors[j].symbol
            formula = rf"\frac{{e^{{{own}}}}}{{{' + '.join(f'e^{{{f.symbol}}}' for f in factors)}}}"
            numbers = rf"\frac{{e^{{{slot(j)}}}}}{{{' + '.join(f'e^{{{slot(k)}}}' for k in ks)}}}"
        else:
            self.z(l, j, n)
            z = Factor(
                self.z_sym(l, j, n),
                f"pre-activation of {unit}",
                float(self.run.trace.pre_activations[l][n, j]),
            )
            factors = [z]
            fn = FN_TEX[act.name]
            formula = rf"{fn}({z.symbol})" if fn else z.symbol
            numbers = rf"{fn}({slot(0)})" if fn else slot(0)
        what = "output" if col == self.L else "activation"
        self.add(
            ("a", l, j, n),
            Step(
                "forward",
                self.a_sym(col, j, n),
                f"{what} of {unit} ({act.name})",
                formula,
                numbers,
                tuple(factors),
                value,
            ),
        )

    def forward_all(self) -> None:
        for n in range(self.batch):
            for j in range(self.sizes[-1]):
                self.a(self.L - 1, j, n)

    # -- loss ----------------------------------------------------------------------------------
    def loss(self, value: float) -> None:
        if ("loss",) in self.done:
            return
        self.forward_all()
        loss = self.net.loss_fn.name
        Y = self.Y
        factors: list[Factor] = []
        terms_f, terms_n = [], []
        for n in range(self.batch):
            for j in range(self.sizes[-1]):
                if loss == "cross_entropy" and Y[n, j] != 1.0:
                    continue  # one-hot: only the true class's log-probability counts
                y_hat = self.a_factor(self.L, j, n)
                y = Factor(f"y_{{{j + 1}}}{self.s(n)}", "target", float(Y[n, j]))
                k = len(factors)
                factors += [y_hat, y] if loss != "cross_entropy" else [y_hat]
                if loss == "mse":
                    terms_f.append(f"({y_hat.symbol} - {y.symbol})^2")
                    terms_n.append(f"({slot(k)} - {slot(k + 1)})^2")
                elif loss == "bce":
                    terms_f.append(
                        rf"{y.symbol}\ln {y_hat.symbol} + (1 - {y.symbol})\ln(1 - {y_hat.symbol})"
                    )
                    terms_n.append(
                        rf"{slot(k + 1)}\ln({slot(k)}) + (1 - {slot(k + 1)})\ln(1 - {slot(k)})"
                    )
                else:
                    terms_f.append(rf"\ln {y_hat.symbol}")
                    terms_n.append(rf"\ln({slot(k)})")
        count = Y.size if loss != "cross_entropy" else self.batch
        scale = "" if count == 1 else rf"\frac{{1}}{{{count}}}"
        sign = "" if loss == "mse" else "-"
        join_f, join_n = " + ".join(terms_f), " + ".join(terms_n)
        if len(terms_f) > 1 or (sign and loss == "bce"):
            join_f, join_n = rf"\big({join_f}\big)", rf"\big({join_n}\big)"
        self.add(
            ("loss",),
            Step(
                "loss",
                f"L{self.mark}",
                self.net.loss_fn.label.lower(),
                f"{sign}{scale}{join_f}",
                f"{sign}{scale}{join_n}",
                tuple(factors),
                value,
            ),
        )

    # -- backward ------------------------------------------------------------------------------
    def slope(self, l: int, j: int, n: int) -> Factor:
        """Adds the step for f'(z) of unit j (layer l) and returns it as a factor."""
        act = self.net.activation_of(l)
        col = l + 1
        unit = names.unit(self.sizes, col, j)
        fn = FN_TEX[act.name] or "f"
        symbol = f"{fn}'({self.z_sym(l, j, n)})"
        value = float(
            act.derivative(
                self.run.trace.pre_activations[l][n : n + 1, j : j + 1],
                self.run.trace.activations[col][n : n + 1, j : j + 1],
            )[0, 0]
        )
        if ("slope", l, j, n) not in self.done:
            self.a(l, j, n)
            formula, numbers = SLOPE[act.name]
            if act.name == "relu":
                used = Factor(
                    self.z_sym(l, j, n),
                    f"pre-activation of {unit}",
                    float(self.run.trace.pre_activations[l][n, j]),
                )
            else:
                used = self.a_factor(col, j, n)
            formula = formula.format(a=self.a_sym(col, j, n), z=self.z_sym(l, j, n))
            factors = () if act.name == "linear" else (used,)
            self.add(
                ("slope", l, j, n),
                Step(
                    "backward",
                    symbol,
                    f"slope of {act.name} at {unit}",
                    formula,
                    numbers,
                    factors,
                    value,
                ),
            )
        return Factor(symbol, f"slope of {act.name} at z of {unit}", value)

    def delta(self, l: int, j: int, n: int) -> Factor:
        """Adds the steps for δ of unit j of layer l (sample n) and returns it as a factor."""
        symbol = self.delta_sym(l, j, n)
        unit = names.unit(self.sizes, l + 1, j)
        value = float(self.run.grads.deltas[l][n, j])
        result = Factor(symbol, f"δ of {unit}: ∂L/∂z", value)
        if ("delta", l, j, n) in self.done:
            return result
        if l == self.L - 1:
            self.loss(self.run.loss)
            self._output_delta(l, j, n, symbol, value)
        else:
            self._hidden_delta(l, j, n, symbol, value)
        return result

    def _output_delta(self, l: int, j: int, n: int, symbol: str, value: float) -> None:
        net, Y = self.net, self.Y
        y_hat = self.a_factor(self.L, j, n)
        y = Factor(f"y_{{{j + 1}}}{self.s(n)}", "target", float(Y[n, j]))
        if net.loss_fn.fused_with == net.output_act.name:
            count = Y.size if net.loss_fn.name == "bce" else self.batch
            scale = "" if count == 1 else f"{count}"
            formula = (
                rf"\frac{{{y_hat.symbol} - {y.symbol}}}{{{scale}}}"
                if scale
                else f"{y_hat.symbol} - {y.symbol}"
            )
            numbers = rf"\frac{{⟦0⟧ - ⟦1⟧}}{{{scale}}}" if scale else "⟦0⟧ - ⟦1⟧"
            self.add(
                ("delta", l, j, n),
                Step(
                    "backward",
                    symbol,
                    "output δ (fused with the loss)",
                    formula,
                    numbers,
                    (y_hat, y),
                    value,
                ),
            )
            return
        count = Y.size
        two = "2" if count == 1 else rf"\frac{{2}}{{{count}}}"
        dl = float(net.loss_fn.grad_output(self.run.trace.output, Y)[n, j])
        dl_sym = rf"\frac{{\partial L}}{{\partial {y_hat.symbol}}}"
        self.add(
            ("dL_da", j, n),
            Step(
                "backward",
                dl_sym,
                "how the loss changes with this output",
                f"{two}({y_hat.symbol} - {y.symbol})",
                f"{two}(⟦0⟧ - ⟦1⟧)",
                (y_hat, y),
                dl,
            ),
        )
        slope = self.slope(l, j, n)
        first = Factor(dl_sym, "how the loss changes with this output", dl)
        self.add(
            ("delta", l, j, n),
            Step(
                "backward",
                symbol,
                "output δ",
                f"{first.symbol} \\cdot {slope.symbol}",
                "⟦0⟧ \\cdot ⟦1⟧",
                (first, slope),
                value,
            ),
        )

    def _hidden_delta(self, l: int, j: int, n: int, symbol: str, value: float) -> None:
        W = self.net.weights[l + 1]
        factors: list[Factor] = []
        for k in range(W.shape[1]):
            factors.append(self.delta(l + 1, k, n))
            factors.append(
                Factor(
                    self.w_sym(l + 1, j, k), names.weight(self.sizes, l + 1, j, k), float(W[j, k])
                )
            )
        unit = names.unit(self.sizes, l + 1, j)
        back = float(self.run.grads.deltas[l + 1][n] @ W[j])
        back_sym = rf"\frac{{\partial L}}{{\partial {self.a_sym(l + 1, j, n)}}}"
        pairs = range(len(factors) // 2)
        self.add(
            ("dL_da_hidden", l, j, n),
            Step(
                "backward",
                back_sym,
                f"δ sent back to {unit} through its outgoing weights",
                " + ".join(f"{factors[2 * p].symbol}\\,{factors[2 * p + 1].symbol}" for p in pairs),
                " + ".join(f"{slot(2 * p)} \\cdot {slot(2 * p + 1)}" for p in pairs),
                tuple(factors),
                back,
            ),
        )
        slope = self.slope(l, j, n)
        first = Factor(back_sym, f"δ sent back to {unit}", back)
        self.add(
            ("delta", l, j, n),
            Step(
                "backward",
                symbol,
                f"δ of {unit}",
                f"{first.symbol} \\cdot {slope.symbol}",
                "⟦0⟧ \\cdot ⟦1⟧",
                (first, slope),
                value,
            ),
        )

    def gradient(self, l: int, j: int, i: int | None) -> Factor:
        """∂L/∂w (``i`` given) or ∂L/∂b as the chain-rule product, summed over the batch."""
        kind = "bias" if i is None else "weight"
        rule = chain_rule(self.net, self.X, self.Y, l, j, i, kind=kind)
        p_sym = self.b_sym(l, j) if i is None else self.w_sym(l, i, j)
        p_name = names.bias(self.sizes, l, j) if i is None else names.weight(self.sizes, l, i, j)
        symbol = rf"\frac{{\partial L}}{{\partial {p_sym}}}"
        grads = self.run.grads
        value = float(grads.biases[l][j] if i is None else grads.weights[l][i, j])
        if ("grad", l, j, i) in self.done:
            return Factor(symbol, f"gradient of {p_name}", value)
        factors: list[Factor] = []
        terms_f, terms_n = [], []
        for n in range(self.batch):
            delta = self.delta(l, j, n)
            k = len(factors)
            # chain_rule's factors, multiplied: ∂L/∂z (one fused factor or ∂L/∂a · ∂a/∂z) = δ
            factors.append(
                Factor(
                    delta.symbol,
                    delta.name,
                    float(np.prod([f.values[n] for f in rule.factors[:-1]])),
                )
            )
            if i is None:
                factors.append(
                    Factor("1", "∂z/∂b: a bias adds 1·b", float(rule.factors[-1].values[n]))
                )
                terms_f.append(f"{delta.symbol} \\cdot 1")
                terms_n.append(f"{slot(k)} \\cdot 1")
            else:
                if l:
                    self.a(l - 1, i, n)
                a_prev = self.a_factor(l, i, n)
                factors.append(
                    Factor(
                        a_prev.symbol,
                        f"∂z/∂w: {rule.factors[-1].meaning}",
                        float(rule.factors[-1].values[n]),
                    )
                )
                terms_f.append(f"{delta.symbol}\\,{a_prev.symbol}")
                terms_n.append(f"{slot(k)} \\cdot {slot(k + 1)}")
        self.add(
            ("grad", l, j, i),
            Step(
                "backward",
                symbol,
                f"gradient of {p_name} (chain rule)",
                " + ".join(terms_f),
                " + ".join(terms_n),
                tuple(factors),
                value,
            ),
        )
        return Factor(symbol, f"gradient of {p_name}", value)

    # -- update --------------------------------------------------------------------------------
    def update(self, l: int, j: int, i: int | None, grad: float | None = None) -> float:
        """w' = w − η·∂L/∂w; with ``grad`` given the gradient is quoted, not derived."""
        run = self.run
        is_bias = i is None
        old = float(self.net.biases[l][j] if is_bias else self.net.weights[l][i, j])
        new = float(run.new_biases[l][j] if is_bias else run.new_weights[l][i, j])
        p_sym = self.b_sym(l, j) if is_bias else self.w_sym(l, i, j)
        p_name = names.bias(self.sizes, l, j) if is_bias else names.weight(self.sizes, l, i, j)
        if grad is None:
            g = self.gradient(l, j, i)
        else:
            g = Factor(rf"\frac{{\partial L}}{{\partial {p_sym}}}", f"gradient of {p_name}", grad)
        lr = float(run.stages[-1].values["lr"])
        factors = (Factor(p_sym, p_name, old), Factor(r"\eta", "learning rate", lr), g)
        self.add(
            ("update", l, j, i),
            Step(
                "update",
                f"{p_sym}'",
                f"{p_name} after the step",
                rf"{p_sym} - \eta\,{g.symbol}",
                "⟦0⟧ - ⟦1⟧ \\cdot ⟦2⟧",
                factors,
                new,
            ),
        )
        return new
