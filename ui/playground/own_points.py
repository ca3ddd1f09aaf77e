"""The Playground's own-data panel (``ui.own_data``) wired to its settings: the panel goes in
the sidebar, a click on the decision-boundary chart in drawing mode adds a point, and the
points reach the run as its ``data=`` setting (so the link carries them)."""

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
CLICK_KEY = "playground_draw_click"
PANEL = "_playground_panel"
WHOLE_PAGE = "_playground_click_reruns_page"


def generated(cfg: RunConfig) -> Points:
    """The points of the generated dataset these settings draw (what drawing starts from)."""
    return of_dataset(dataset_of(cfg.replace(data="")))


def panel(cfg: RunConfig, where) -> str:
    """Draw the data panel; returns the data value to train on."""
    got = data_panel(cfg.data, generated(cfg), key=OWN_KEY, where=where)
    st.session_state[PANEL] = got
    return got.data


def drawing() -> bool:
    got: Panel | None = st.session_state.get(PANEL)
    return bool(got and got.draw)


def clicked() -> None:
    """A click on the boundary chart in drawing mode: a point of the chosen class there."""
    event = st.session_state.get(CLICK_KEY)
    points = event.selection.points if event else []
    got: Panel | None = st.session_state.get(PANEL)
    if not points or got is None:
        return
    cfg = current()
    point = {"x": points[0]["x"], "y": points[0]["y"]}
    data = add_clicked(OWN_KEY, point, generated(cfg), got.label)
    settings.set_value(PLAYGROUND, "data", data)
    # the chart lives in the live area's fragment, whose rerun alone would not redraw the
    # sidebar's panel nor hand the new points to the run: the page reruns whole instead
    st.session_state[WHOLE_PAGE] = True


def page_needs_rerun() -> bool:
    """Whether a click just changed the data (asked once by the live area's fragment)."""
    return bool(st.session_state.pop(WHOLE_PAGE, False))
