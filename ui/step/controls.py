"""The Step page's network controls: shape, activations, loss, η and Update biases.

Drawn after the stage buttons (so those come first in tab order). Each widget keeps its value in
``st.session_state`` under its key; η outside its range is clamped and the reason said.
"""

from __future__ import annotations

import streamlit as st

from backprop_core import ACTIVATIONS, HIDDEN_ACTIVATIONS, LOSSES, valid_losses
from ui.step.model import CLASSIC_LR, Lab, adapt, settings_from
from ui.step.session import FLASH, LAB
from ui.step.settings import LR_MAX, LR_MIN

# Widget keys (the sliders' and boxes' values live in st.session_state under these).
N_IN, N_HIDDEN, N_OUT = "step_n_in", "step_n_hidden", "step_n_out"
HIDDEN_ACT, OUTPUT_ACT, LR, BIASES = "step_hidden_act", "step_output_act", "step_lr", "step_biases"
LOSS_HELP = {
    "mse": "mean squared error: L = (1/N)·Σ(ŷ − y)²",
    "bce": "binary cross-entropy: L = −(1/N)·Σ[y·ln ŷ + (1 − y)·ln(1 − ŷ)]",
    "cross_entropy": "cross-entropy: L = −Σ y·ln ŷ (y one-hot, or probabilities summing to 1)",
}


def lr_and_biases() -> tuple[float, bool, str | None]:
    """η clamped into [LR_MIN, LR_MAX] (with the reason when it had to be), and the toggle."""
    raw = st.session_state.get(LR, CLASSIC_LR)
    lr, why = clamp_lr(raw)
    return lr, bool(st.session_state.get(BIASES, True)), why


def clamp_lr(raw: object) -> tuple[float, str | None]:
    try:
        lr = float(raw)
    except (TypeError, ValueError):
        lr = float("nan")
    if LR_MIN <= lr <= LR_MAX:
        return lr, None
    used = LR_MAX if lr > LR_MAX else LR_MIN
    return used, (
        f"η = {raw:g} is outside the range this page takes, {LR_MIN:g} to {LR_MAX:g}: above "
        f"{LR_MAX:g} one step of these small networks jumps so far that the numbers stop "
        f"meaning anything, and below {LR_MIN:g} a step changes nothing you can see in 4 digits. "
        f"Using η = {used:g}."
        if isinstance(raw, int | float)
        else f"η must be a number between {LR_MIN:g} and {LR_MAX:g}; using {used:g}."
    )


# -- network controls -------------------------------------------------------------------------
def _seed(key: str, value: object) -> str:
    """Give a widget its starting value once; from then on its key holds it."""
    st.session_state.setdefault(key, value)
    return key


def controls(current: Lab) -> tuple[Lab, float, bool]:
    """The network's shape, activations, loss, η and Update biases (drawn where called, after
    the stage buttons, so the buttons come first in tab order); a changed shape rebuilds."""
    s = current.settings
    shape, choices, rate = st.columns([5, 5, 4])
    n_in = shape.slider(
        "Inputs", 1, 4, key=_seed(N_IN, s.n_in), help="Input size n: the example is x = (x₁ … xₙ)."
    )
    n_hidden = shape.slider(
        "Hidden layers",
        1,
        3,
        key=_seed(N_HIDDEN, len(s.hidden)),
        help="Each hidden layer: a = f(a_prev·W + b).",
    )
    hidden = [
        shape.slider(
            f"Neurons in hidden layer {k + 1}",
            1,
            4,
            key=_seed(f"step_h{k}", s.hidden[k] if k < len(s.hidden) else 2),
            help="Units in this layer: W has shape (units below) × (units here).",
        )
        for k in range(n_hidden)
    ]
    n_out = shape.slider(
        "Outputs", 1, 3, key=_seed(N_OUT, s.n_out), help="Output size: ŷ = (ŷ₁ … ŷₖ)."
    )
    hidden_act = choices.selectbox(
        "Hidden activation",
        HIDDEN_ACTIVATIONS,
        key=_seed(HIDDEN_ACT, s.hidden_act),
        format_func=lambda n: ACTIVATIONS[n].label,
        help="f in a = f(z) for every hidden unit; its slope f'(z) multiplies every δ on the "
        "way back. Sigmoid: σ(z) = 1/(1+e⁻ᶻ), σ' = σ(1−σ).",
    )
    output_act = choices.selectbox(
        "Output activation",
        tuple(ACTIVATIONS),
        key=_seed(OUTPUT_ACT, s.output_act),
        format_func=lambda n: ACTIVATIONS[n].label,
        help="f for the output layer: ŷ = f(z). Softmax makes the outputs a distribution.",
    )
    losses = valid_losses(output_act)
    loss = choices.selectbox(
        "Loss",
        losses,
        key=_seed(f"step_loss_{output_act}", s.loss if s.loss in losses else losses[0]),
        format_func=lambda n: LOSSES[n].label,
        help="Only losses that fit the output activation are offered: "
        + "; ".join(LOSS_HELP[n] for n in losses)
        + ". Your inputs and targets are kept when the new loss can take them.",
    )
    rate.number_input(
        "Learning rate η",
        step=0.1,
        format="%.3f",
        key=_seed(LR, CLASSIC_LR),
        help=f"The step size of the update: w ← w − η·∂L/∂w. From {LR_MIN:g} to {LR_MAX:g}.",
    )
    rate.toggle(
        "Update biases",
        key=_seed(BIASES, True),
        help="On: the update moves every weight and every bias, b ← b − η·∂L/∂b. Off: "
        "weights only, as in the classic hand-worked example (loss 0.298371 → 0.291028).",
    )
    new, why = adapt(current, settings_from(n_in, hidden, n_out, hidden_act, output_act, loss))
    if new is not current and new.settings.sizes == current.settings.sizes and current.past:
        why = " ".join(
            filter(
                None,
                [
                    why,
                    "The loss-per-step chart starts over: losses of two different "
                    "loss functions do not compare.",
                ],
            )  # fmt: skip
        )
    if why:
        st.session_state[FLASH + "_now"] = why
    st.session_state[LAB] = new
    lr, biases, lr_why = lr_and_biases()
    if lr_why:
        st.warning(lr_why, icon=":material/warning:")
    return new, lr, biases
