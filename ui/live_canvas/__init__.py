"""The Playground's live area drawn in the browser: a canvas that plays the frames the core
computed (``backprop_core.frames``) at display rate, so Play is smooth although the server
sends only a few batches a second. It draws; every number it shows comes from the frames."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

_HERE = Path(__file__).parent


def _compact(source: str) -> str:
    """The code without indentation, blank lines and whole-line comments (it travels in
    messages: see ``boot.js``)."""
    lines = (line.strip() for line in source.splitlines())
    return "\n".join(line for line in lines if line and not line.startswith("//"))


DRAWING_CODE = _compact((_HERE / "live.js").read_text())  # sent by feed.message with a run
_COMPONENT = st.components.v2.component(
    "backprop_lab.live_canvas",
    html="<div></div>",
    css=_compact((_HERE / "live.css").read_text()),
    js=_compact((_HERE / "boot.js").read_text()),
)


@dataclass(frozen=True)
class Events:
    """What the visitor did on the canvas since the last rerun."""

    point: dict | None  # a click on the plane in drawing mode: {"x": …, "y": …, "id": …}
    hidden: bool  # the tab was hidden while playing


def live_canvas(message: bytes, key: str, on_drawn: Callable[[], None] | None = None) -> Events:
    """Mount (or update) the live area with one binary ``message`` (``feed.message``);
    ``on_drawn`` is called when the canvas has drawn a message that asked it to report."""
    result = _COMPONENT(
        data=message,
        key=key,
        on_point_change=_rerun_only,
        on_hidden_change=_rerun_only,
        on_drawn_change=on_drawn or _rerun_only,
    )
    point = getattr(result, "point", None)
    return Events(point if isinstance(point, dict) else None, bool(getattr(result, "hidden", None)))


def _rerun_only() -> None:
    """The events are read from the component's result in the rerun they cause."""
