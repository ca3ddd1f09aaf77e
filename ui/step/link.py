"""The Step page as a link: the lab is rebuilt from the URL when a link arrives, and the URL
follows the lab after every run. Uses :mod:`ui.settings` (the one module that touches the
address bar) with the page's schema :data:`ui.step.settings.STEP`."""

from __future__ import annotations

import streamlit as st

from backprop_core.settings import Values
from ui import settings
from ui.layout import show_problems
from ui.step import controls
from ui.step.model import Lab
from ui.step.session import LAB
from ui.step.settings import STEP, lab_from, values_of

SYNCED, REPLAY = "step_synced", "step_replay_problems"


def seed_widgets(values: Values, overwrite: bool) -> None:
    """The controls' widgets from link values (``overwrite``: a new link replaces them)."""
    put = st.session_state.__setitem__ if overwrite else st.session_state.setdefault
    hidden = tuple(values["hidden"])
    put(controls.N_IN, values["in"])
    put(controls.N_HIDDEN, len(hidden))
    for k, units in enumerate(hidden):
        put(f"step_h{k}", units)
    put(controls.N_OUT, values["out"])
    put(controls.HIDDEN_ACT, values["hact"])
    put(controls.OUTPUT_ACT, values["oact"])
    put(f"step_loss_{values['oact']}", values["loss"])
    put(controls.LR, values["lr"])
    put(controls.BIASES, values["biases"])


def sync() -> Lab:
    """This visitor's lab: rebuilt from the link when one arrived (or on the first visit),
    otherwise the one they have been working with."""
    values = settings.load(STEP)
    fresh = st.session_state.get(SYNCED) != values or LAB not in st.session_state
    if fresh:
        lab, problems = lab_from(values)
        st.session_state[LAB] = lab
        st.session_state[SYNCED] = values
        st.session_state[REPLAY] = problems
    seed_widgets(values, overwrite=fresh)
    return st.session_state[LAB]


def save(lab: Lab, lr: float, update_biases: bool) -> Values:
    """Put the lab as shown into the URL and this visitor's memory; returns the link values."""
    values, _ = settings.save(STEP, values_of(lab, lr, update_biases))
    st.session_state[SYNCED] = values
    return values


def problems() -> None:
    """One warning for whatever the link asked for that could not be used."""
    show_problems(settings.url_problems(STEP) + st.session_state.pop(REPLAY, []))


def share_box(values: Values) -> None:
    settings.share_box(STEP, values)
