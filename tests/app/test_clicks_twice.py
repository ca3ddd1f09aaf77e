"""Streamlit 1.67 runs a click's callback a second time when the click's run is preempted
(while playing, the next tick's request does that: seen undoing Pause in Chromium). Here every
callback is dispatched twice, and each click still does what it says once."""

from __future__ import annotations

import pytest
from streamlit.runtime.state.session_state import WStates
from streamlit.testing.v1 import AppTest

from tests.app.conftest import by_label, canvas, open_page
from tests.app.test_own_data import _page, saved
from tests.app.test_playground import PAGE, epoch_shown, url


@pytest.fixture
def twice(monkeypatch):
    once = WStates.call_callback

    def call_twice(self, widget_id: str) -> None:
        once(self, widget_id)
        once(self, widget_id)

    monkeypatch.setattr(WStates, "call_callback", call_twice)


def test_step_trains_one_epoch(twice):
    at = open_page(PAGE, {"epochs": "5"})
    by_label(at.button, "Step").click().run()
    assert epoch_shown(at) == 6 and url(at)["epochs"] == "6"
    by_label(at.button, "Step").click().run()  # the next click is a click again
    assert epoch_shown(at) == 7


def test_play_plays_and_pause_pauses(twice):
    at = open_page(PAGE, {"epochs": "0"})
    by_label(at.button, "Play").click().run()
    assert by_label(at.button, "Pause") and canvas(at)["playing"]
    by_label(at.button, "Pause").click().run()
    assert by_label(at.button, "Play") and not canvas(at)["playing"]


def test_undo_takes_back_one_point(twice):
    at = AppTest.from_function(_page, default_timeout=30).run()
    by_label(at.toggle, "Draw points").set_value(True).run()
    for x in (1.0, 1.5, 2.0):
        at.session_state["click"] = {"x": x, "y": 0.0}
        at.run()
    three = saved(at)
    at.session_state["click"] = {"x": 2.5, "y": 0.0}
    at.run()
    by_label(at.button, "Undo").click().run()
    assert saved(at) == three
