"""A page's settings in its URL: read once from the link, kept in sync, shown as a share link.

Generic over pages: each page names the :class:`~backprop_core.config.RunConfig` fields it puts
in its URL, its own defaults and its own :class:`~backprop_core.config.Limits`. The URL is read
through :func:`~backprop_core.config.from_params`, which never raises, so a hand-typed link can
only ever produce one warning listing what was ignored or clamped.

A page keeps its current config in ``st.session_state`` under its own key (:func:`remember`),
so the settings survive a visit to another page, and seeds each widget from it
(:func:`seed_widgets`) only when the widget has no value yet.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

import streamlit as st

from backprop_core.config import LIMITS, Limits, RunConfig, from_params, validate


@dataclass(frozen=True)
class UrlSpec:
    """What one page keeps in its URL."""

    page: str  # url_path of the page, e.g. "playground"
    keys: tuple[str, ...]  # RunConfig fields, in URL order
    defaults: RunConfig = field(default_factory=RunConfig)
    limits: Limits = LIMITS

    @property
    def state_key(self) -> str:
        return f"_{self.page}_config"

    @property
    def problems_key(self) -> str:
        return f"_{self.page}_url_problems"

    @property
    def loaded_key(self) -> str:
        return f"_{self.page}_loaded_config"


def params_of(spec: UrlSpec, cfg: RunConfig) -> dict[str, str]:
    """The page's query parameters for ``cfg``, in the order of ``spec.keys``."""
    every = cfg.to_params()
    return {k: every[k] for k in spec.keys}


def parse(spec: UrlSpec, params: Mapping[str, object]) -> tuple[RunConfig, list[str]]:
    """A valid config from untrusted query params and the list of what was ignored or changed.
    Keys the page does not use count as unknown, like misspelt ones. Never raises."""
    try:
        items = {str(k): v for k, v in dict(params).items()}
    except Exception:  # noqa: BLE001 - a broken mapping counts as an empty one
        items = {}
    extra = [f"unknown setting {k!r} ignored" for k in items if k not in spec.keys]
    used = {k: v for k, v in items.items() if k in spec.keys}
    cfg, problems = from_params(used, spec.defaults, spec.limits)
    return cfg, extra + problems


def current(spec: UrlSpec) -> RunConfig:
    """The page's config for this visitor: the remembered one, else the one in the URL (read
    once per session; what was wrong with the link is kept for :func:`url_problems`)."""
    if spec.state_key not in st.session_state:
        cfg, problems = parse(spec, st.query_params.to_dict())
        st.session_state[spec.state_key] = cfg
        st.session_state[spec.loaded_key] = cfg
        st.session_state[spec.problems_key] = problems
    return st.session_state[spec.state_key]


def loaded(spec: UrlSpec) -> RunConfig:
    """The config this visitor's link asked for (the defaults when it asked for nothing)."""
    current(spec)
    return st.session_state[spec.loaded_key]


def url_problems(spec: UrlSpec) -> list[str]:
    return list(st.session_state.get(spec.problems_key, []))


def forget_url_problems(spec: UrlSpec) -> None:
    st.session_state[spec.problems_key] = []


def seed_widgets(
    spec: UrlSpec,
    cfg: RunConfig,
    to_widget: Mapping[str, Callable[[object], object]] | None = None,
    skip: Sequence[str] = (),
) -> None:
    """Give every widget keyed ``<page>_<field>`` that has no value yet the value of ``cfg``
    (through ``to_widget[field]`` when the widget holds another form, e.g. a list); fields in
    ``skip`` have no such widget."""
    to_widget = to_widget or {}
    for k in spec.keys:
        if k in skip:
            continue
        wkey = widget_key(spec, k)
        if wkey not in st.session_state:
            value = getattr(cfg, k)
            st.session_state[wkey] = to_widget.get(k, _identity)(value)


def widget_key(spec: UrlSpec, field_name: str) -> str:
    return f"{spec.page}_{field_name}"


def _identity(x: object) -> object:
    return x


def from_widgets(spec: UrlSpec, values: Mapping[str, object]) -> tuple[RunConfig, list[str]]:
    """A validated config from widget values (lists and tuples become comma lists, other
    values their ``str``), through the same parser as the URL: typed text gets the same checks."""
    params = {
        k: ",".join(str(x) for x in v) if isinstance(v, list | tuple) else _as_param(v)
        for k, v in values.items()
    }
    return from_params(params, spec.defaults, spec.limits)


def _as_param(v: object) -> str:
    return repr(v) if isinstance(v, float) else str(v)


def remember(spec: UrlSpec, cfg: RunConfig) -> RunConfig:
    """Validate ``cfg`` against the page's limits, keep it for this visitor and put it in the
    URL (only the parameters that changed are written). Returns the validated config."""
    cfg, _ = validate(cfg, spec.limits)
    st.session_state[spec.state_key] = cfg
    sync_url(spec, cfg)
    return cfg


def sync_url(spec: UrlSpec, cfg: RunConfig, only: Sequence[str] | None = None) -> None:
    """Make ``st.query_params`` hold exactly the page's parameters for ``cfg``."""
    want = params_of(spec, cfg)
    if only is not None:
        want = {k: want[k] for k in only}
    else:
        for k in list(st.query_params.keys()):
            if k not in want:
                del st.query_params[k]
    for k, v in want.items():
        if st.query_params.get(k) != v:
            st.query_params[k] = v


def share_url(spec: UrlSpec, cfg: RunConfig) -> str:
    """The full link to this view (absolute when the browser told us where we are)."""
    base = st.context.url or f"/{spec.page}"
    base = base.split("?", 1)[0]
    return f"{base}?{urlencode(params_of(spec, cfg))}"


def share_box(spec: UrlSpec, cfg: RunConfig, label: str = "Share this view") -> None:
    """A popover with the full link to copy (the code block has a copy button)."""
    with st.popover(label, icon=":material/share:"):
        st.caption("This link reproduces exactly this view: every setting, the seed and the epoch.")
        st.code(share_url(spec, cfg), language=None, wrap_lines=True)
