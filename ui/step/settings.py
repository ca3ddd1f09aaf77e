"""The Step page's link: its settings declared once, and the lab to and from those values.

Pure (no Streamlit), so other pages and tests can build a Step link. A link holds the network
(sizes, activations, loss), the numbers a run of full steps starts from (x, y, every weight and
bias, as compact comma lists), η, Update biases, how many full steps were taken from those
numbers and the stage shown. Opening it replays those steps with the same arithmetic, so the
receiver sees the same numbers to the last digit.

Weights are listed layer by layer, each matrix row by row: ``W1[x1→h1], W1[x1→h2], …,
W1[x2→h1], …, W2[h1→o1], …``; biases layer by layer. ``stage`` is 0 for Start and ``k`` for
stage k of the step (its last stage is the update).

When η or Update biases changed between the steps a visitor took, one η cannot replay them
all: the link then starts from the weights the steps with the current η started from, and
counts only those steps (the stage shown is still exact; the receiver's loss chart is shorter).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from backprop_core import ACTIVATIONS, HIDDEN_ACTIVATIONS, LOSSES, valid_losses
from backprop_core.settings import Bool, Choice, Float, FloatList, Int, IntList, Schema, Values
from ui.step.cells import MAX_ABS
from ui.step.model import (
    CLASSIC_B,
    CLASSIC_LR,
    CLASSIC_W,
    CLASSIC_X,
    CLASSIC_Y,
    MAX_STEPS,
    START,
    Lab,
    Settings,
    build_lab,
)
from ui.step.targets import conform_targets

MAX_IN, MAX_HIDDEN, MAX_UNITS, MAX_OUT = 4, 3, 4, 3
MAX_WEIGHTS = MAX_IN * MAX_UNITS + (MAX_HIDDEN - 1) * MAX_UNITS**2 + MAX_UNITS * MAX_OUT
MAX_BIASES = MAX_HIDDEN * MAX_UNITS + MAX_OUT
MAX_STAGE = 2 * (MAX_HIDDEN + 1) + 3  # stages of the deepest step: Start is 0
LR_MIN, LR_MAX = 0.001, 10.0


def _flat(nested: Sequence) -> tuple[float, ...]:
    return tuple(float(v) for v in np.concatenate([np.ravel(a) for a in nested]))


def _numbers(key: str, default: Sequence, max_len: int, label: str) -> FloatList:
    return FloatList(
        key, _flat(default), lo=-MAX_ABS, hi=MAX_ABS, min_len=1, max_len=max_len, label=label
    )


def _sizes(v: Values) -> list[int]:
    return [int(v["in"]), *map(int, v["hidden"]), int(v["out"])]


def n_stages(sizes: Sequence[int]) -> int:
    """Stages of one step: forward and backward per layer, the loss, the output δ, the update."""
    return 2 * (len(sizes) - 1) + 3


def _check(v: Values) -> tuple[Values, list[str]]:
    """Rules across fields: the loss fits the output; every list has the network's count;
    targets the loss can take; a stage the step has."""
    v, notes = dict(v), []
    losses = valid_losses(str(v["oact"]))
    if v["loss"] not in losses:
        notes.append(f"loss={v['loss']} cannot follow a {v['oact']} output; using {losses[0]}")
        v["loss"] = losses[0]
    sizes = _sizes(v)
    settings = Settings(sizes[0], tuple(sizes[1:-1]), sizes[-1], v["hact"], v["oact"], v["loss"])
    default = build_lab(settings)
    want = {
        "x": _flat(default.X),
        "y": _flat(default.Y),
        "w": _flat(default.weights),
        "b": _flat(default.biases),
    }
    shape = "-".join(map(str, sizes))
    for key, numbers in want.items():
        if len(v[key]) != len(numbers):
            notes.append(
                f"{key} has {len(v[key])} values but a {shape} network needs {len(numbers)}; "
                f"using this network's default {key}"
            )
            v[key] = numbers
    Y, why = conform_targets(np.array([v["y"]]), str(v["loss"]))
    if why:
        notes.append(why)
        v["y"] = _flat(Y)
    last = n_stages(sizes)
    top = last if v["steps"] else last - 1  # the update is shown only after a step was taken
    if v["stage"] > top:
        notes.append(f"stage={v['stage']} is past what this step shows; using {top}")
        v["stage"] = top
    return v, notes


STEP = Schema(
    page="step_by_step",
    fields=(
        Int("in", 2, lo=1, hi=MAX_IN, label="Inputs"),
        IntList("hidden", (2,), lo=1, hi=MAX_UNITS, min_len=1, max_len=MAX_HIDDEN, label="Hidden"),
        Int("out", 2, lo=1, hi=MAX_OUT, label="Outputs"),
        Choice("hact", "sigmoid", choices=tuple(HIDDEN_ACTIVATIONS), label="Hidden activation"),
        Choice("oact", "sigmoid", choices=tuple(ACTIVATIONS), label="Output activation"),
        Choice("loss", "mse", choices=tuple(LOSSES), label="Loss"),
        _numbers("x", CLASSIC_X, MAX_IN, "Input x"),
        _numbers("y", CLASSIC_Y, MAX_OUT, "Target y"),
        _numbers("w", CLASSIC_W, MAX_WEIGHTS, "Weights"),
        _numbers("b", CLASSIC_B, MAX_BIASES, "Biases"),
        Float("lr", CLASSIC_LR, lo=LR_MIN, hi=LR_MAX, label="Learning rate η"),
        Bool("biases", True, label="Update biases"),
        Int("steps", 0, lo=0, hi=MAX_STEPS, label="Full steps taken"),
        Int("stage", 0, lo=0, hi=MAX_STAGE, label="Stage shown"),
    ),
    check=_check,
)


def step_values(
    sizes: Sequence[int],
    hidden_activation: str,
    output_activation: str,
    loss: str,
    weights: Sequence[np.ndarray],
    biases: Sequence[np.ndarray],
    x: np.ndarray,
    y: np.ndarray,
    lr: float,
    stage: int = 0,
    update_biases: bool = True,
) -> Values:
    """The Step page's values for a network state, no step taken yet: pass them to
    ``STEP.query`` (or the settings link helpers) to open exactly this network on the page.

    ``weights[l]`` is ``(sizes[l], sizes[l+1])``, ``biases[l]`` ``(sizes[l+1],)``, ``x`` holds
    ``sizes[0]`` inputs and ``y`` ``sizes[-1]`` targets (one example). Anything the page cannot
    take is repaired exactly as a hand-edited link would be (never raises).
    """
    sizes = [int(s) for s in sizes]
    values = {
        "in": sizes[0],
        "hidden": tuple(sizes[1:-1]),
        "out": sizes[-1],
        "hact": hidden_activation,
        "oact": output_activation,
        "loss": loss,
        "x": _flat([x]),
        "y": _flat([y]),
        "w": _flat(weights),
        "b": _flat(biases),
        "lr": float(lr),
        "biases": bool(update_biases),
        "steps": 0,
        "stage": int(stage),
    }
    return STEP.validate(values)[0]


def values_of(lab: Lab, lr: float, update_biases: bool) -> Values:
    """The values that reproduce ``lab`` as shown, with η and Update biases as set now."""
    past = lab.past
    if lab.pos == lab.last and past:  # the update on screen was taken with its own η
        lr, update_biases = past[-1].lr, past[-1].update_biases
    k = 0
    while k < len(past) and (past[-1 - k].lr, past[-1 - k].update_biases) == (lr, update_biases):
        k += 1
    weights, biases = (past[-k].weights, past[-k].biases) if k else (lab.weights, lab.biases)
    s = lab.settings
    return {
        "in": s.n_in,
        "hidden": tuple(s.hidden),
        "out": s.n_out,
        "hact": s.hidden_act,
        "oact": s.output_act,
        "loss": s.loss,
        "x": _flat(lab.X),
        "y": _flat(lab.Y),
        "w": _flat(weights),
        "b": _flat(biases),
        "lr": float(lr),
        "biases": bool(update_biases),
        "steps": k,
        "stage": lab.pos + 1,
    }


def lab_from(values: Values) -> tuple[Lab, list[str]]:
    """The lab a link describes (``values`` already valid): its numbers as the start, the full
    steps replayed, the stage set. Returns what could not be replayed, if anything."""
    v = values
    sizes = _sizes(v)
    settings = Settings(sizes[0], tuple(sizes[1:-1]), sizes[-1], v["hact"], v["oact"], v["loss"])
    w, b = np.asarray(v["w"], dtype=float), np.asarray(v["b"], dtype=float)
    weights, biases = [], []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        weights.append(w[: fan_in * fan_out].reshape(fan_in, fan_out).copy())
        biases.append(b[:fan_out].copy())
        w, b = w[fan_in * fan_out :], b[fan_out:]
    X, Y = np.array([v["x"]], dtype=float), np.array([v["y"]], dtype=float)
    lab = Lab(
        settings, X, Y, weights, biases, [a.copy() for a in weights], [a.copy() for a in biases]
    )
    problems = []
    for k in range(int(v["steps"])):
        refused = lab.full_step(float(v["lr"]), bool(v["biases"]))
        if refused:
            problems.append(f"the link's step {k + 1} was not taken: {refused}")
            break
    stage = int(v["stage"]) - 1
    # After the replay the lab sits at the last step's update; an earlier stage is part-way
    # through the next step (as after pressing Next there), and the update needs a step taken.
    lab.pos = stage if (stage < lab.last or lab.past) else START
    lab.version += 1
    return lab, problems
