"""The Playground's own-data panel (``ui.own_data``) wired to its settings: the panel goes in
the sidebar, a click on the live canvas's plane in drawing mode adds a point, and the points
reach the run as its ``data=`` setting (so the link carries them)."""

from __future__ import annotations

import streamlit as st

from backprop_core.config import RunConfig
from backprop_core.training.experiment import dataset_of
from backprop_core.userdata import Points
from ui import settings
from ui.own_data import Panel, data_panel
from ui.own_data import clicked as add_clicked
from ui.own_data.edits import of_dataset
from ui.playground.spec import PLAYGROUND, current

OWN_KEY = "playground_own_data"
PANEL = "_playground_panel"
SPACING = 0.2  # a click lands on the nearest multiple of 0.2: short links, tidy coordinates
LAST_CLICK = "_playground_last_click"  # the id of the last click added


def generated(cfg: RunConfig) -> Points:
    """The points of the generated dataset these settings draw (what drawing starts from)."""
    return of_dataset(dataset_of(cfg.replace(data="")))


def panel(cfg: RunConfig, where) -> str:
    """Draw the panel; returns the data value to train on."""
    got = data_panel(cfg.data, generated(cfg), key=OWN_KEY, where=where)
    st.session_state[PANEL] = got
    return got.data


def data() -> str:
    """The data value the panel last handed out ("" = the generated dataset)."""
    got: Panel | None = st.session_state.get(PANEL)
    return got.data if got else ""


def drawing() -> bool:
    got: Panel | None = st.session_state.get(PANEL)
    return bool(got and got.draw)


def add(point: dict) -> None:
    """A click on the plane in drawing mode (``{"x": …, "y": …, "id": …}``, x and y in plane
    units, sent by the browser: checked, not trusted): a point of the chosen class there. The
    ``id`` is there because Streamlit can hand the page one click twice (when its run is
    preempted), and a click adds one point."""
    got: Panel | None = st.session_state.get(PANEL)
    click = point.get("id") if isinstance(point, dict) else None
    if click is not None and click == st.session_state.get(LAST_CLICK):
        return
    st.session_state[LAST_CLICK] = click
    try:
        x, y = (round(float(point[k]) / SPACING) * SPACING for k in ("x", "y"))
    except (KeyError, TypeError, ValueError, OverflowError):
        return
    if got is None:
        return
    cfg = current()
    data = add_clicked(OWN_KEY, {"x": round(x, 3), "y": round(y, 3)}, generated(cfg), got.label)
    settings.set_value(PLAYGROUND, "data", data)
