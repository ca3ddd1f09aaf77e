"""AppTest harness: run app.py (the router) and switch to any page."""

from __future__ import annotations

import json

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

APP = str(ROOT / "app.py")
PAGES = [
    "views/home.py",
    "views/step_by_step.py",
    "views/playground.py",
    "views/gradients.py",
    "views/graph.py",
    "views/optimizers.py",
    "views/practice.py",
]


@pytest.fixture(autouse=True)
def _fresh_cache():
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def open_page(page: str | None = None, params: dict[str, str] | None = None) -> AppTest:
    """Run the router, then (optionally) switch to ``page`` with query ``params``."""
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(page)
        for k, v in (params or {}).items():
            at.query_params[k] = v
        at.run()
    return at


def by_label(widgets, label: str):
    """The one widget with this exact label."""
    found = [w for w in widgets if w.label == label]
    assert found, f"no widget labelled {label!r}; have {[w.label for w in widgets]}"
    return found[0]


def figures(at: AppTest) -> list[dict]:
    """Every Plotly figure on the page, as the JSON the browser receives."""
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def canvas(at: AppTest) -> dict:
    """The live canvas's message (``ui.live_canvas.feed.message``): its JSON header, with the
    frames' bytes under ``"blob"``."""
    (element,) = at.get("bidi_component")
    data = element.proto.bytes
    n = int.from_bytes(data[:4], "little")
    head = json.loads(data[4 : 4 + n])
    head["blob"] = data[4 + n :]
    return head


def alerts(at: AppTest) -> list[str]:
    """Text of every warning and error shown."""
    return [w.value for w in at.warning] + [e.value for e in at.error]
