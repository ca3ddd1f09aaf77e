"""The Numbers tab's tables: per layer z / a / δ / ∂L/∂b and ∂L/∂W ("—" where not known yet),
and the update's old → new for every parameter."""

from __future__ import annotations

import pandas as pd

from backprop_core import StepRun
from ui.diagram import unit_names
from ui.step.stages import known_at, parameter_options


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
