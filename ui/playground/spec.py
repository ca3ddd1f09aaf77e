"""The Playground's settings in this visitor's session: its schema (``ui.playground.settings``)
through ``ui.settings``, as the core's :class:`RunConfig` the rest of the page works with."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from backprop_core.config import RunConfig
from ui import settings
from ui.playground.settings import (
    DEFAULTS,
    L2_GRID,
    LIMITS,
    LR_GRID,
    PLAYGROUND,
    VIEW_KEYS,
    from_config,
    to_config,
)

KEYS = PLAYGROUND.keys
__all__ = ["DEFAULTS", "KEYS", "L2_GRID", "LIMITS", "LR_GRID", "PLAYGROUND"]


def key(name: str) -> str:
    """The session-state key of the widget for setting ``name``."""
    return settings.widget_key(PLAYGROUND, name)


def layers_text(layers: tuple[int, ...]) -> str:
    return ",".join(map(str, layers))


def current() -> RunConfig:
    """This visitor's config: remembered, else read from the link (once per link)."""
    return to_config(settings.load(PLAYGROUND))


def view() -> dict[str, object]:
    """The settings that change what is shown or when Play stops, not the run (``VIEW_KEYS``):
    their widgets' values once drawn, else the remembered or linked ones."""
    stored = settings.load(PLAYGROUND)
    return {k: st.session_state.get(key(k), stored[k]) for k in VIEW_KEYS}


def _all(cfg: RunConfig) -> dict[str, object]:
    return {**view(), **from_config(cfg)}


def remember(cfg: RunConfig) -> RunConfig:
    """Validate, remember and put in the URL (only what changed is written), with the view
    settings beside the run's."""
    values, _ = settings.save(PLAYGROUND, _all(cfg))
    return to_config(values)


def from_widgets(values: Mapping[str, object]) -> RunConfig:
    """The config the widgets' values make, through the same checks as a link."""
    return to_config(PLAYGROUND.validate({**view(), **values})[0])


def seed_widgets(cfg: RunConfig) -> None:
    """Give every setting's widget that has no value yet the value of ``cfg`` (the epoch has
    its own box in the live area)."""
    stored = settings.load(PLAYGROUND)
    for k in KEYS:
        if k in VIEW_KEYS and key(k) not in st.session_state:
            st.session_state[key(k)] = stored[k]
        elif k not in ("epochs", "data", *VIEW_KEYS) and key(k) not in st.session_state:
            v = getattr(cfg, k)
            st.session_state[key(k)] = (
                layers_text(v) if k == "layers" else list(v) if k == "features" else v
            )


def url_problems() -> list[str]:
    return settings.url_problems(PLAYGROUND)


def share_box(cfg: RunConfig) -> None:
    settings.share_box(PLAYGROUND, _all(cfg))
