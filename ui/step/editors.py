"""The Edit tab: inputs, targets, weights and biases as tables of text cells, parsed by us."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from ui.diagram import unit_names
from ui.step.cells import apply_cells
from ui.step.model import START, Lab
from ui.step.session import flash
from ui.step.targets import check_targets


def _editor(values: np.ndarray, rows: list[str], cols: list[str], key: str, title: str):
    """A text-cell editor (we parse the text ourselves); returns {(r, c): typed} for changes."""
    shown = pd.DataFrame(
        [[f"{v:.6g}" for v in row] for row in values], columns=cols, index=rows
    ).rename_axis(title)
    shown.insert(0, title, rows)
    config = {c: st.column_config.TextColumn(c, width="small") for c in cols}
    config[title] = st.column_config.TextColumn(title, disabled=True, width="small")
    edited = st.data_editor(
        shown, key=key, hide_index=True, column_config=config, num_rows="fixed", width="content"
    )
    changes = {}
    for r in range(len(rows)):
        for c, col in enumerate(cols):
            typed = edited.iloc[r][col]
            if typed != shown.iloc[r][col]:
                changes[(r, c)] = typed
    return changes


def editors(current: Lab) -> None:
    """Inputs, targets, weights and biases as tables; a bad cell warns and keeps its value."""
    sizes = current.settings.sizes
    names = unit_names(sizes)
    v = current.version
    problems: list[str] = []
    changed = False
    top = st.columns(2)
    with top[0]:
        st.markdown("**Input x**")
        ch = _editor(current.X, ["x"], names[0], f"step_X_{v}", " ")
        X, bad = apply_cells(current.X, ch, lambda r, c: names[0][c])
        problems += bad
        changed |= bool(ch)
    with top[1]:
        st.markdown("**Target y**")
        ch = _editor(current.Y, ["y"], names[-1], f"step_Y_{v}", " ")
        Y, bad = apply_cells(current.Y, ch, lambda r, c: f"target {names[-1][c]}")
        bad += check_targets(Y, current.settings.loss)
        if bad[-1:] and bad[-1].startswith("Targets"):
            Y = current.Y
        problems += bad
        changed |= bool(ch)
    new_w, new_b = [], []
    for l in range(len(sizes) - 1):
        cols = st.columns([3, 2])
        with cols[0]:
            st.markdown(f"**W{l + 1}** (row: from, column: to)")
            ch = _editor(current.weights[l], names[l], names[l + 1], f"step_W{l}_{v}", "from")
            w, bad = apply_cells(
                current.weights[l],
                ch,
                lambda r, c, l=l: f"W{l + 1}[{names[l][r]}→{names[l + 1][c]}]",
            )
            problems += bad
            changed |= bool(ch)
        with cols[1]:
            st.markdown(f"**b{l + 1}**")
            ch = _editor(current.biases[l][None, :], ["b"], names[l + 1], f"step_b{l}_{v}", " ")
            b, bad = apply_cells(
                current.biases[l][None, :], ch, lambda r, c, l=l: f"b{l + 1}[{names[l + 1][c]}]"
            )
            problems += bad
            changed |= bool(ch)
        new_w.append(w)
        new_b.append(b[0])
    if changed:
        if current.pos != START:
            flash(
                f"You changed a number at stage {current.pos + 1} / {len(current.names)}, so "
                "the step starts again from **Start** with the new numbers (every stage after "
                "it depends on them); Reset now comes back to them.",
                "info",
            )
        current.X, current.Y, current.weights, current.biases = X, Y, new_w, new_b
        current.restart_from_here()
        for p in problems:
            flash(p)
        st.rerun()
