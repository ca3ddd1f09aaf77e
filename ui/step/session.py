"""The Step page's per-visitor state in ``st.session_state``: the lab and one-shot messages."""

from __future__ import annotations

import streamlit as st

from ui.step.model import CLASSIC, Lab, build_lab

LAB, FLASH = "step_lab", "step_flash"


def flash(message: str | None, kind: str = "warning") -> None:
    if message:
        st.session_state.setdefault(FLASH, []).append((kind, message))


def lab() -> Lab:
    if LAB not in st.session_state:
        st.session_state[LAB] = build_lab(CLASSIC)
    return st.session_state[LAB]


def messages() -> None:
    now = st.session_state.pop(FLASH + "_now", None)
    if now:
        st.info(now, icon=":material/info:")
    for kind, text in st.session_state.pop(FLASH, []):
        if kind == "info":
            st.info(text, icon=":material/info:")
        else:
            st.warning(text, icon=":material/warning:")
