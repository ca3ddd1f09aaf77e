"""Typed cells of the Step page's tables: what a visitor types, parsed (never evaluated).

A bad cell keeps its old value and says why, so an edit can never break the arithmetic.
"""

from __future__ import annotations

import math

import numpy as np

Array = np.ndarray
MAX_ABS = 1e6  # larger typed numbers are refused: they only make the arithmetic unreadable


def parse_number(text: object) -> tuple[float | None, str | None]:
    """A typed cell as a finite float, or ``(None, why)``. Accepts −, commas as decimals."""
    if text is None:
        return None, "is empty"
    s = str(text).strip().replace("−", "-").replace(" ", "")
    if s.count(",") == 1 and "." not in s:
        s = s.replace(",", ".")
    if not s:
        return None, "is empty"
    try:
        v = float(s)
    except ValueError:
        return None, f"“{str(text)[:20]}” is not a number"
    if not math.isfinite(v):
        return None, f"“{str(text)[:20]}” is not a finite number"
    if abs(v) > MAX_ABS:
        return None, f"{str(text)[:20]} is too large (keep numbers within ±{MAX_ABS:g})"
    return v, None


def apply_cells(
    old: Array, changes: dict[tuple[int, int], object], cell_name
) -> tuple[Array, list[str]]:
    """``old`` with each changed cell parsed in; bad cells keep their value and say why."""
    new = np.array(old, dtype=float, copy=True)
    problems = []
    for (r, c), text in changes.items():
        if not (0 <= r < new.shape[0] and 0 <= c < new.shape[1]):
            continue
        v, why = parse_number(text)
        if why:
            problems.append(f"{cell_name(r, c)} {why}; it keeps its value {old[r, c]:.6g}.")
        else:
            new[r, c] = v
    return new, problems
