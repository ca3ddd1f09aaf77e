"""What is known at each stage of a step, and the diagram's numbers there: pure, no Streamlit.

From a :class:`~backprop_core.StepRun` and a position in it (``-1`` = Start): how far the
forward and backward passes have got, which stage computes a layer's gradients, the
parameters' names, and the keyword arguments of :func:`ui.diagram.network_diagram`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from backprop_core import StepRun
from ui.diagram import unit_names

# f(·) as it appears in a formula with a number inside.


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
