"""Numbers formatted for people: 4 significant digits, scientific notation when tiny or huge."""

from __future__ import annotations

import math


def fmt(x: float, digits: int = 4) -> str:
    """``0.1385``, ``-2.5``, ``3.1e-09``, ``1.2e+06``, ``inf``, ``NaN``."""
    try:
        x = float(x)
    except (TypeError, ValueError):
        return str(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    if x == 0:
        return "0"
    ax = abs(x)
    if ax < 1e-3 or ax >= 1e5:
        mant, exp = f"{x:.{digits - 1}e}".split("e")
        mant = mant.rstrip("0").rstrip(".")
        return f"{mant}e{int(exp):+03d}"
    s = f"{x:.{digits}g}"
    if "e" in s:  # e.g. 12345.6 -> 1.235e+04 under g: keep plain digits instead
        s = f"{x:.0f}"
    return s


def fmt_latex(x: float, digits: int = 4) -> str:
    """Like :func:`fmt` but as LaTeX: ``3.1 \\times 10^{-9}``; negatives are parenthesised
    by :func:`term` when they appear inside a product."""
    s = fmt(x, digits)
    if "e" in s and s not in ("NaN",):
        mant, exp = s.split("e")
        return rf"{mant} \times 10^{{{int(exp)}}}"
    return s.replace("∞", r"\infty").replace("−", "-")


def term(x: float, digits: int = 4) -> str:
    """A factor inside a LaTeX product: negatives get parentheses, ``(-0.25)``."""
    s = fmt_latex(x, digits)
    return f"({s})" if float(x) < 0 else s


_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_SUP = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def sub(i: int) -> str:
    """``12`` → ``₁₂``: an index in a label (W₁, h₂,₃)."""
    return str(i).translate(_SUB)


def sup(i: int) -> str:
    """``-3`` → ``⁻³``: an exponent in a label (10⁻³)."""
    return str(i).translate(_SUP)
