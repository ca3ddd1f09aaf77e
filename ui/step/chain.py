"""One parameter's gradient as its chain-rule product with numbers, beside the finite difference."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from backprop_core import Network, chain_rule, numerical_partial, rel_error
from ui.diagram import unit_names
from ui.format import fmt_latex, term
from ui.step.formulas import _aligned, _sum_lines, _width

Array = np.ndarray


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
