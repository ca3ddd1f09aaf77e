"""What the Step-by-step page shows at a given stage: pure functions, no Streamlit.

From a :class:`~backprop_core.StepRun` and a position in it: the diagram's numbers (what is
known so far), the stage's formula with the actual numbers substituted (LaTeX), the per-layer
tables, and any weight's chain-rule product next to its finite-difference estimate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from backprop_core import (
    Network,
    StepRun,
    chain_rule,
    numerical_partial,
    rel_error,
)
from ui.diagram import unit_names
from ui.format import fmt_latex, term

Array = np.ndarray

# f(·) as it appears in a formula with a number inside.
APPLY = {
    "sigmoid": r"\sigma",
    "tanh": r"\tanh",
    "relu": r"\mathrm{relu}",
    "leaky_relu": r"\mathrm{lrelu}",
    "elu": r"\mathrm{elu}",
    "softplus": r"\mathrm{softplus}",
    "linear": "",
}
DERIV = {
    "sigmoid": r"\sigma'",
    "tanh": r"\tanh'",
    "relu": r"\mathrm{relu}'",
    "leaky_relu": r"\mathrm{lrelu}'",
    "elu": r"\mathrm{elu}'",
    "softplus": r"\mathrm{softplus}'",
    "linear": "f'",
}


def weight_label(names: list[list[str]], l: int, i: int, j: int) -> str:
    """The selectbox label of W_l[i, j]: ``W2[h1→o1]`` (layers 1-based, as on the page)."""
    return f"W{l + 1}[{names[l][i]}→{names[l + 1][j]}]"


def bias_label(names: list[list[str]], l: int, j: int) -> str:
    return f"b{l + 1}[{names[l + 1][j]}]"


def parameter_options(sizes: list[int]) -> list[tuple[str, str, int, int | None, int]]:
    """Every weight then every bias: (label, kind, layer, i, j)."""
    names = unit_names(sizes)
    out = []
    for l in range(len(sizes) - 1):
        for i in range(sizes[l]):
            for j in range(sizes[l + 1]):
                out.append((weight_label(names, l, i, j), "weight", l, i, j))
    for l in range(len(sizes) - 1):
        for j in range(sizes[l + 1]):
            out.append((bias_label(names, l, j), "bias", l, None, j))
    return out


# -- what is known at a position ---------------------------------------------------------------
@dataclass(frozen=True)
class Known:
    """How far the step has got: the number of layers run forward, whether the loss is known,
    the lowest layer whose δ / ∂L/∂W are known (L = none), and whether the update is done."""

    forward: int
    loss: bool
    delta_from: int
    grad_from: int
    updated: bool


def known_at(pos: int, L: int) -> Known:
    if pos < L + 1:  # start, forward stages, loss
        return Known(max(0, min(pos + 1, L)), pos >= L, L, L, False)
    backward_done = min(pos - (L + 1), L)
    grad_from = L - backward_done
    delta_from = max(0, L - 1 - backward_done)
    return Known(L, True, delta_from, grad_from, pos >= 2 * L + 2)


def computed_at(pos: int, L: int, layer: int) -> int | None:
    """The stage that computes layer ``layer``'s ∂L/∂W and ∂L/∂b, if it is still ahead of
    ``pos`` (``None`` once it is known). Backward through layer l is stage 2L + 1 − l."""
    return None if layer >= known_at(pos, L).grad_from else 2 * L + 1 - layer


def stage_kind(pos: int, L: int) -> str:
    if pos < 0:
        return "start"
    if pos < L:
        return "forward"
    return {L: "loss", L + 1: "output_delta", 2 * L + 2: "update"}.get(pos, "backward")


def diagram_args(run: StepRun, pos: int, sizes: list[int]) -> dict:
    """Keyword arguments for :func:`ui.diagram.network_diagram` at stage ``pos``."""
    L = len(sizes) - 1
    k = known_at(pos, L)
    kind = stage_kind(pos, L)
    names = unit_names(sizes)
    acts = run.trace.activations
    zs = run.trace.pre_activations
    deltas = run.grads.deltas
    nan = [np.full(n, np.nan) for n in sizes]
    W = [np.asarray(w) for w in run.stages[-1].values["old_weights"]]

    def z_of(c: int):
        return zs[c - 1][0] if 1 <= c <= k.forward else None

    def a_of(c: int):
        return acts[c][0] if c <= k.forward else None

    def d_of(c: int):
        return deltas[c - 1][0] if c >= 1 and c - 1 >= k.delta_from and kind != "update" else None

    node_hover = []
    for c in range(L + 1):
        rows = []
        for j in range(sizes[c]):
            parts = [f"<b>{names[c][j]}</b>"]
            for sym, arr in (("z", z_of(c)), ("a", a_of(c)), ("δ", d_of(c))):
                if arr is not None:
                    parts.append(f"{sym} = {arr[j]:.8g}")
            if c == L and k.loss:
                parts.append(f"target y = {run.stages[L].values['y'][0][j]:.8g}")
            rows.append("<br>".join(parts))
        node_hover.append(rows)

    grads = run.grads.weights
    new_w = run.new_weights

    def edge_text(l: int, i: int, j: int) -> str:
        parts = [f"<b>{weight_label(names, l, i, j)}</b>", f"w = {W[l][i, j]:.8g}"]
        if l >= k.grad_from:
            parts.append(f"∂L/∂w = {grads[l][i, j]:.8g}")
        if k.updated:
            parts.append(f"new w = {new_w[l][i, j]:.8g}")
        return "<br>".join(parts)

    edge_hover = [
        [[edge_text(l, i, j) for j in range(sizes[l + 1])] for i in range(sizes[l])]
        for l in range(L)
    ]
    args = dict(node_hover=node_hover, edge_hover=edge_hover, sizes=sizes)
    if kind in ("start", "forward", "loss"):
        nodes = [a_of(c) if a_of(c) is not None else nan[c] for c in range(L + 1)]
        args.update(node_values=nodes, edge_values=W, node_title="activation a", edge_title="w")
        args["active_layer"] = pos if kind == "forward" else None
    elif kind == "update":
        args.update(
            node_values=[acts[0][0], *nan[1:]],
            edge_values=new_w,
            node_title="input x",
            edge_title="new w = w − η·∂L/∂w",
            active_layer=None,
        )
    else:
        nodes = [nan[0]] + [d if (d := d_of(c)) is not None else nan[c] for c in range(1, L + 1)]
        edges = [grads[l] if l >= k.grad_from else np.full_like(W[l], np.nan) for l in range(L)]
        layer = run.stages[pos].layer
        args.update(
            node_values=nodes,
            edge_values=edges,
            node_title="δ = ∂L/∂z",
            edge_title="∂L/∂w",
            active_layer=layer,
        )
    return args


# -- the stage's formula with numbers ----------------------------------------------------------
def _aligned(lines: list[str]) -> str:
    """Rows aligned on their ``&``, a size smaller so four units fit a half-page column."""
    return r"\small\begin{aligned}" + r" \\[2pt] ".join(lines) + r"\end{aligned}"


def _f(name: str, inner: str) -> str:
    sym = APPLY.get(name, r"f")
    return f"{sym}({inner})" if sym else inner


def stage_latex(
    run: StepRun, pos: int, sizes: list[int], hidden: str, output: str, loss: str
) -> list[str]:
    """LaTeX blocks for stage ``pos``: the general rule, then the rule with this step's numbers."""
    L = len(sizes) - 1
    names = unit_names(sizes)
    kind = stage_kind(pos, L)
    if kind == "start":
        return [
            r"\text{forward: } a^{(l+1)} = f\big(a^{(l)} W^{(l)} + b^{(l)}\big)",
            r"\text{update: } w \leftarrow w - \eta\,\frac{\partial L}{\partial w}",
        ]
    v = run.stages[pos].values
    if kind == "forward":
        return _forward_latex(v, names, pos, hidden if pos < L - 1 else output)
    if kind == "loss":
        return _loss_latex(v, loss)
    if kind == "output_delta":
        return _output_delta_latex(v, names[-1], output)
    if kind == "backward":
        return _backward_latex(v, names, run.stages[pos].layer, hidden)
    return _update_latex(run, names)


def _width(tex: str) -> int:
    """Rough rendered width of a LaTeX snippet, in characters (a command counts as one)."""
    return len(re.sub(r"\\[a-zA-Z]+|[{}]", lambda m: "x" if len(m.group()) > 1 else "", tex))


def _sum_lines(lhs: str, terms: list[str], tail: str, budget: int = 32) -> list[str]:
    r"""``lhs &= t1 + t2 \\ &\quad + t3 … tail``: terms are packed greedily into rows about
    ``budget`` characters wide, so long sums wrap inside a half-page column."""
    rows: list[list[str]] = [[]]
    for t in terms:
        if rows[-1] and _width(" + ".join([*rows[-1], t])) > budget:
            rows.append([])
        rows[-1].append(t)
    lines = [f"{lhs} &= {' + '.join(rows[0])}"] + [rf"&\quad + {' + '.join(r)}" for r in rows[1:]]
    if _width(" + ".join(rows[-1]) + tail) > budget + 10:
        lines.append(r"&\quad" + tail)
    else:
        lines[-1] += tail
    return lines


def _forward_latex(v: dict, names: list[list[str]], l: int, act: str) -> list[str]:
    a_prev, W, b, z, a = (np.asarray(v[k]) for k in ("a_prev", "W", "b", "z", "a"))
    src, dst = names[l], names[l + 1]
    general = r"z_j = \sum_i a_i\, w_{ij} + b_j, \qquad a_j = " + _f(act, "z_j")
    if act == "softmax":
        general = r"z_j = \sum_i a_i\, w_{ij} + b_j, \qquad a_j = \frac{e^{z_j}}{\sum_k e^{z_k}}"
    wide = len(src) > 2  # expand the first unit only; the others show their results
    lines = []
    for j, d in enumerate(dst):
        zj = fmt_latex(z[0, j])
        if act == "softmax":
            denom = " + ".join(f"e^{{{fmt_latex(z[0, k])}}}" for k in range(len(dst)))
            a_line = rf"a_{{{d}}} &= \frac{{e^{{{zj}}}}}{{{denom}}} = {fmt_latex(a[0, j])}"
        else:
            a_line = rf"a_{{{d}}} &= {_f(act, zj)} = {fmt_latex(a[0, j])}"
        if wide and j:
            lines.append(rf"z_{{{d}}} &= {zj}, \quad " + a_line.replace("&", ""))
            continue
        terms = [f"{term(a_prev[0, i])}\\cdot{term(W[i, j])}" for i in range(len(src))]
        lines += _sum_lines(f"z_{{{d}}}", [*terms, term(b[j])], f" = {zj}")
        lines.append(a_line)
    return [general, _aligned(lines)]


def _loss_latex(v: dict, name: str) -> list[str]:
    y_hat, y = np.asarray(v["y_hat"])[0], np.asarray(v["y"])[0]
    tail = rf"\big] = {fmt_latex(v['loss'])}"
    n = y.size
    if name == "mse":
        terms = [f"({fmt_latex(y_hat[k])} - {term(y[k])})^2" for k in range(n)]
        return [
            r"\begin{gathered}L = \frac{1}{N}\sum_k (\hat y_k - y_k)^2 \\ "
            r"\small N = \text{batch} \times \text{outputs}\end{gathered}",
            _aligned(_sum_lines("L", [rf"\frac{{1}}{{{n}}}\big[" + terms[0], *terms[1:]], tail)),
        ]
    if name == "bce":
        terms = [
            rf"{term(y[k])}\ln {fmt_latex(y_hat[k])} + "
            rf"{term(1 - y[k])}\ln {fmt_latex(1 - y_hat[k])}"
            for k in range(n)
        ]
        return [
            r"L = -\frac{1}{N}\sum_k \big[y_k \ln \hat y_k + (1 - y_k)\ln(1 - \hat y_k)\big]",
            _aligned(_sum_lines("L", [rf"-\frac{{1}}{{{n}}}\big[" + terms[0], *terms[1:]], tail)),
        ]
    terms = [rf"{term(y[k])}\ln {fmt_latex(y_hat[k])}" for k in range(n)]
    return [
        r"L = -\sum_k y_k \ln \hat y_k",
        _aligned(_sum_lines("L", [r"-\big[" + terms[0], *terms[1:]], tail)),
    ]


def _output_delta_latex(v: dict, out: list[str], act: str) -> list[str]:
    y_hat, y, delta = (np.asarray(v[k])[0] for k in ("y_hat", "y", "delta"))
    n = y.size
    lines = []
    if v["fused"]:
        for k, o in enumerate(out):
            lines.append(
                rf"\delta_{{{o}}} &= \frac{{{fmt_latex(y_hat[k])} - {term(y[k])}}}{{{n}}}"
                rf" = {fmt_latex(delta[k])}"
            )
        return [r"\delta_k = \frac{\hat y_k - y_k}{N}", _aligned(lines)]
    fp = np.asarray(v["f_prime"])[0]
    d = DERIV.get(act, "f'")
    for k, o in enumerate(out):
        lines.append(
            rf"\delta_{{{o}}} &= \tfrac{{2}}{{{n}}}({fmt_latex(y_hat[k])} - {term(y[k])})"
            rf"\cdot {term(fp[k])} = {fmt_latex(delta[k])}"
        )
    general = (
        r"\begin{aligned}\delta_k &= \frac{\partial L}{\partial \hat y_k}\, "
        + d
        + r"(z_k) \\ &= \frac{2}{N}(\hat y_k - y_k)\, "
        + d
        + r"(z_k)\end{aligned}"
    )
    return [general, _aligned(lines)]


def _backward_latex(v: dict, names: list[list[str]], l: int, hidden: str) -> list[str]:
    delta, a_prev, dW = (np.asarray(v[k]) for k in ("delta", "a_prev", "dW"))
    src, dst = names[l], names[l + 1]
    w_ex = rf"w_{{{src[0]}\to {dst[0]}}}"
    rows = r" \\ ".join(" & ".join(fmt_latex(x, 3) for x in row) for row in dW)
    grads = [
        r"\frac{\partial L}{\partial w_{ij}} &= a_i\,\delta_j",
        r"\frac{\partial L}{\partial b_j} &= \delta_j",
        rf"\frac{{\partial L}}{{\partial {w_ex}}} &= a_{{{src[0]}}}\,\delta_{{{dst[0]}}}",
        rf"&= {term(a_prev[0, 0])}\cdot {term(delta[0, 0])} = {fmt_latex(dW[0, 0])}",
    ]
    if dW.shape[1] <= 2:  # wider matrices live in the Numbers tab
        grads.append(rf"\frac{{\partial L}}{{\partial W^{{({l + 1})}}}} &= a^\top\delta")
        grads.append(rf"&= \begin{{bmatrix}}{rows}\end{{bmatrix}}")
    blocks = [_aligned(grads)]
    if l:
        W, fp, dprev = (np.asarray(v[k]) for k in ("W", "f_prime_prev", "delta_prev"))
        d = DERIV.get(hidden, "f'")
        lines = [r"\delta_i &= \Big(\sum_k \delta_k\, w_{ik}\Big) \cdot " + d + r"(z_i)"]
        wide = len(dst) > 2  # expand the first unit only; the others show Σ's value
        for i, h in enumerate(src):
            result = rf"\cdot {term(fp[0, i])} = {fmt_latex(dprev[0, i])}"
            if wide and i:
                back = fmt_latex(float(delta[0] @ W[i]))
                lines.append(rf"\delta_{{{h}}} &= {back}" + result)
                continue
            terms = [f"{term(delta[0, k])}\\cdot{term(W[i, k])}" for k in range(len(dst))]
            terms[0], terms[-1] = "(" + terms[0], terms[-1] + ")"
            lines += _sum_lines(rf"\delta_{{{h}}}", terms, result)
        blocks.append(_aligned(lines))
    return blocks


def _update_latex(run: StepRun, names: list[list[str]]) -> list[str]:
    v = run.stages[-1].values
    lr = v["lr"]
    old, new = v["old_weights"], v["new_weights"]
    lines = []
    for l in range(len(old)):
        g = run.grads.weights[l][0, 0]
        w = rf"w_{{{names[l][0]}\to {names[l + 1][0]}}}"
        lines.append(rf"{w} &\leftarrow {fmt_latex(old[l][0, 0])} - {fmt_latex(lr)}\cdot {term(g)}")
        lines.append(rf"&= {fmt_latex(new[l][0, 0])}")
    last = len(old) - 1
    b = rf"b_{{{names[-1][0]}}}"
    if v["update_biases"]:
        g = run.grads.biases[last][0]
        old_b, new_b = v["old_biases"][last][0], v["new_biases"][last][0]
        lines.append(rf"{b} &\leftarrow {fmt_latex(old_b)} - {fmt_latex(lr)}\cdot {term(g)}")
        lines.append(rf"&= {fmt_latex(new_b)}")
        rule = (
            r"\begin{aligned}w &\leftarrow w - \eta\,\frac{\partial L}{\partial w} \\ "
            r"b &\leftarrow b - \eta\,\frac{\partial L}{\partial b}\end{aligned}"
        )
    else:
        rule = r"w \leftarrow w - \eta\,\frac{\partial L}{\partial w}, \quad b \text{ kept}"
    return [
        rule,
        _aligned(lines),
        rf"L:\ {fmt_latex(v['loss_before'])} \;\longrightarrow\; {fmt_latex(v['loss_after'])}",
    ]


# -- tables -----------------------------------------------------------------------------------
def _cell(x: float) -> str:
    return f"{x:.6g}"


def layer_tables(
    run: StepRun, pos: int, sizes: list[int]
) -> list[tuple[str, pd.DataFrame, pd.DataFrame]]:
    """Per layer: (title, units table z / a / δ / ∂L/∂b, ∂L/∂W matrix); "—" where not known."""
    L = len(sizes) - 1
    k = known_at(pos, L)
    names = unit_names(sizes)
    out = []
    for l in range(L):
        fwd = l < k.forward
        dlt = l >= k.delta_from and pos > L
        grd = l >= k.grad_from
        units = pd.DataFrame(
            {
                "z": [_cell(x) if fwd else "—" for x in run.trace.pre_activations[l][0]],
                "a = f(z)": [_cell(x) if fwd else "—" for x in run.trace.activations[l + 1][0]],
                "δ = ∂L/∂z": [_cell(x) if dlt else "—" for x in run.grads.deltas[l][0]],
                "∂L/∂b": [_cell(x) if grd else "—" for x in run.grads.biases[l]],
            },
            index=pd.Index(names[l + 1], name="unit"),
        )
        grads = pd.DataFrame(
            [[_cell(x) if grd else "—" for x in row] for row in run.grads.weights[l]],
            index=pd.Index(names[l], name="from"),
            columns=[f"→ {n}" for n in names[l + 1]],
        )
        title = "output layer" if l == L - 1 else f"hidden layer {l + 1}"
        out.append((f"Layer {l + 1} ({title})", units, grads))
    return out


def update_table(run: StepRun, sizes: list[int]) -> pd.DataFrame:
    """Every parameter: old value, gradient, new value."""
    rows = []
    for label, kind, l, i, j in parameter_options(sizes):
        if kind == "weight":
            old, g, new = (
                run.stages[-1].values["old_weights"][l][i, j],
                run.grads.weights[l][i, j],
                run.new_weights[l][i, j],
            )
        else:
            old, g, new = (
                run.stages[-1].values["old_biases"][l][j],
                run.grads.biases[l][j],
                run.new_biases[l][j],
            )
        rows.append({"parameter": label, "old": old, "∂L/∂·": g, "new": new})
    return pd.DataFrame(rows).set_index("parameter")


# -- one weight's chain rule ------------------------------------------------------------------
@dataclass(frozen=True)
class ChainView:
    latex: list[str]
    meanings: list[str]
    analytic: float
    numerical: float
    rel_error: float


def chain_view(net: Network, X: Array, Y: Array, option: tuple) -> ChainView:
    """∂L/∂(one parameter) as its chain-rule product with numbers, and the finite difference."""
    label, kind, l, i, j = option
    names = unit_names(net.sizes)
    with np.errstate(all="ignore"):
        cr = chain_rule(net, X, Y, l, j, i, kind)
        num = numerical_partial(net, X, Y, l, (i, j) if kind == "weight" else (j,), kind)
    dst = names[l + 1][j]
    p = rf"w_{{{names[l][i]}\to {dst}}}" if kind == "weight" else rf"b_{{{dst}}}"

    def name(sym: str) -> str:
        return (
            sym.replace("w_{ij}", p)
            .replace("b_j", f"b_{{{dst}}}")
            .replace("z_j", f"z_{{{dst}}}")
            .replace("a_j", f"a_{{{dst}}}")
        )

    symbols = r" \cdot ".join(name(f.symbol) for f in cr.factors)
    numbers = r" \cdot ".join(term(float(f.values[0])) for f in cr.factors)
    total = f" = {fmt_latex(cr.total, 6)}"
    rows = [rf"\frac{{\partial L}}{{\partial {p}}} &= {symbols}", rf"&= {numbers}{total}"]
    if _width(numbers + total) > 38:  # a phone-wide column: the result gets its own row
        rows[-1:] = [rf"&= {numbers}", rf"&{total}"]
    latex = [_aligned(rows)]
    if cr.upstream:
        above = names[l + 2]
        terms = [f"{term(float(u.delta[0]))}\\cdot{term(u.weight)}" for u in cr.upstream]
        lhs = rf"\frac{{\partial L}}{{\partial a_{{{dst}}}}}"
        latex.append(
            _aligned(
                [rf"{lhs} &= \sum_{{k \in \{{{', '.join(above)}\}}}} \delta_k\, w_{{{dst}\to k}}"]
                + _sum_lines("", terms, f" = {fmt_latex(float(cr.factors[0].values[0]))}")
            )
        )
    meanings = [f"${name(f.symbol)}$ = {f.meaning}" for f in cr.factors]
    return ChainView(latex, meanings, cr.total, num, rel_error(cr.total, num))
