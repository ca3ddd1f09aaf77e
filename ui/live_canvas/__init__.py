"""The Playground's live area drawn in the browser: a canvas that plays the frames the core
computed (``backprop_core.frames``) at display rate, so Play is smooth although the server
sends only a few batches a second. It draws; every number it shows comes from the frames."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import streamlit as st

_HERE = Path(__file__).parent
_COMPONENT = st.components.v2.component(
    "backprop_lab.live_canvas",
    html="<div></div>",
    css=(_HERE / "live.css").read_text(),
    js=(_HERE / "live.js").read_text(),
)


def live_canvas(
    message: bytes, key: str, on_point: Callable[[], None] | None = None
) -> dict[str, float] | None:
    """Mount (or update) the live area with one binary ``message`` (``feed.message``: the run's
    fixed part, the loss so far and a batch of frames). In drawing mode a click on the plane
    calls ``on_point``; returns the clicked point ``{"x": …, "y": …}`` of this rerun, if any."""
    result = _COMPONENT(data=message, key=key, on_point_change=on_point or _ignore)
    return getattr(result, "point", None)


def _ignore() -> None:
    """Clicks outside drawing mode change nothing."""
