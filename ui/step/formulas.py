"""Each stage's formula as LaTeX: the general rule, then the same rule with this step's numbers.

Long sums wrap into rows (``_sum_lines``) and every block is a size smaller, so a formula fits
a half-page column on a 1280-pixel projector and a phone.
"""

from __future__ import annotations

import re

import numpy as np

from backprop_core import StepRun
from ui.diagram import unit_names
from ui.format import fmt_latex, term
from ui.step.stages import stage_kind

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
