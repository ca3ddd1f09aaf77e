"""The Playground's sidebar: every setting but the epoch, and the callbacks that keep the
settings consistent (features that fit the dataset, typed layers normalised).

A setting that only the live area shows (how the network trains, and the view) reruns only that
area when it changes (its widget's ``on_change`` is :func:`_live_only`); the area reads the
widgets itself (:func:`read`). A full
rerun would first have the browser redraw the sidebar's ~40 widgets, which made a slider
answer in three times a bare page's time. The data settings keep full reruns: the data panel
above them shows (and downloads) the points they generate, and the others change other widgets.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from backprop_core import multiclass
from backprop_core.activations import HIDDEN_ACTIVATIONS
from backprop_core.config import SEED_MAX, RunConfig, from_params
from backprop_core.datasets import DATASETS, FEATURES, MAX_CLASSES
from backprop_core.initialisers import INITIALISERS
from backprop_core.optimizers import OPTIMIZER_LABELS
from ui.format import fmt
from ui.own_data.fields import PENALTY_GRID, STOP_ACC_GRID, STOP_LOSS_GRID
from ui.playground import own_points
from ui.playground.spec import (
    DEFAULTS,
    KEYS,
    L2_GRID,
    LIMITS,
    LR_GRID,
    PLAYGROUND,
    current,
    from_widgets,
    key,
    layers_text,
    remember,
    seed_widgets,
    url_problems,
)

NOTES = "_playground_notes"
LIVE_AREA = "playground_live_area"  # the key of the live area's fragment


def _note(text: str) -> None:
    st.session_state.setdefault(NOTES, []).append(text)


def _on_dataset() -> None:
    """Keep only the features the new dataset can feed (sine has no x₂)."""
    n_in = DATASETS[st.session_state[key("dataset")]].n_inputs
    chosen = [f for f in st.session_state[key("features")] if n_in == 2 or not FEATURES[f].needs_x2]
    st.session_state[key("features")] = chosen or (["x1", "x2"] if n_in == 2 else ["x1"])


def _on_features() -> None:
    if not st.session_state[key("features")]:
        _note("the network needs at least one input feature; back to x₁, x₂")
        _on_dataset()


def _on_layers() -> None:
    """Normalise typed layers ("4, 4" -> "4,4"), clamping to the limits with a note."""
    raw = st.session_state[key("layers")]
    # Against the layers in use: a typo keeps them rather than jumping to the page's default.
    cfg, problems = from_params({"layers": raw}, current(), LIMITS)
    for p in problems:
        _note(p)
    st.session_state[key("layers")] = layers_text(cfg.layers)


def _on_classes() -> None:
    """Going from two classes to more: the settings that learn them (``multiclass.PRESET``),
    said once; the visitor can change any of them afterwards."""
    if st.session_state[key("classes")] > 2 and current().classes <= 2:
        p = multiclass.PRESET
        st.session_state[key("layers")] = layers_text(p["layers"])
        st.session_state[key("lr")] = p["lr"]
        st.session_state[key("optimizer")] = p["optimizer"]
        st.session_state[key("features")] = list(p["features"])
        _note(
            "more than two classes: 8,8 hidden units, Adam at η = 0.03 and sin features, "
            "which learn a 3-class spiral"
        )


def _live_only() -> None:
    """Rerun only the live area, which reads the new value. Not while the link's problems are
    on show: they go at the first change, and only a full rerun takes them off the page."""
    if not url_problems():
        st.rerun(LIVE_AREA)


def _new_seed() -> None:
    st.session_state[key("seed")] = int(np.random.default_rng().integers(0, 100_000))


def _grid_with(grid: tuple[float, ...], *extra: float) -> list[float]:
    return sorted(set(grid) | set(extra))


def about(k: str) -> dict[str, str]:
    """The label and help of setting ``k``, as declared in the schema."""
    f = PLAYGROUND.field(k)
    return {"label": f.label, "help": f.help}


def sidebar(cfg: RunConfig) -> RunConfig:
    """Every setting but the epoch, as widgets in the sidebar; returns the validated config,
    remembered and in the URL."""
    seed_widgets(cfg)
    asked = cfg
    sb = st.sidebar
    sb.markdown("**Data**")
    sb.selectbox(
        **about("dataset"),
        options=list(DATASETS),
        key=key("dataset"),
        format_func=PLAYGROUND.field("dataset").name,
        on_change=_on_dataset,
    )
    sb.slider(
        **about("noise"),
        min_value=0.0,
        max_value=1.0,
        step=0.05,
        key=key("noise"),
    )
    c1, c2 = sb.columns(2)
    c1.number_input(
        **about("points"),
        min_value=10,
        max_value=LIMITS.max_points,
        step=50,
        key=key("points"),
    )
    c2.slider(
        **about("train"),
        min_value=0.1,
        max_value=0.9,
        step=0.05,
        key=key("train"),
    )
    many = DATASETS[st.session_state[key("dataset")]].max_classes > 2
    sb.slider(
        **about("classes"),
        min_value=2,
        max_value=MAX_CLASSES,
        key=key("classes"),
        on_change=_on_classes,
        disabled=not many or bool(cfg.data),
    )
    n_in = cfg.replace(data=own_points.panel(cfg, sb)).n_inputs
    sb.multiselect(
        **about("features"),
        options=[f for f in FEATURES if n_in == 2 or not FEATURES[f].needs_x2],
        key=key("features"),
        format_func=PLAYGROUND.field("features").name,
        on_change=_on_features,
    )
    sb.markdown("**Network**")
    sb.text_input(
        **about("layers"),
        key=key("layers"),
        on_change=_on_layers,
        placeholder="none: logistic regression",
    )
    a1, a2 = sb.columns(2)
    a1.selectbox(
        **about("activation"),
        on_change=_live_only,
        options=list(HIDDEN_ACTIVATIONS),
        key=key("activation"),
        format_func=PLAYGROUND.field("activation").name,
    )
    a2.selectbox(
        **about("init"),
        on_change=_live_only,
        options=list(INITIALISERS),
        key=key("init"),
        format_func=PLAYGROUND.field("init").name,
    )
    sb.markdown("**Training**")
    sb.select_slider(
        **about("lr"),
        on_change=_live_only,
        options=_grid_with(LR_GRID, DEFAULTS.lr, asked.lr, cfg.lr),
        key=key("lr"),
        format_func=fmt,
    )
    o1, o2 = sb.columns(2)
    o1.selectbox(
        **about("optimizer"),
        on_change=_live_only,
        options=list(OPTIMIZER_LABELS),
        key=key("optimizer"),
        format_func=PLAYGROUND.field("optimizer").name,
    )
    o2.number_input(
        **about("batch"),
        on_change=_live_only,
        min_value=1,
        max_value=LIMITS.max_points,
        key=key("batch"),
    )
    r1, r2 = sb.columns(2)
    r1.select_slider(
        **about("l1"),
        on_change=_live_only,
        options=_grid_with(PENALTY_GRID, asked.l1, cfg.l1),
        key=key("l1"),
        format_func=fmt,
    )
    r2.select_slider(
        **about("l2"),
        on_change=_live_only,
        options=_grid_with(L2_GRID, asked.l2, cfg.l2),
        key=key("l2"),
        format_func=fmt,
    )
    t1, t2 = sb.columns(2)
    t1.select_slider(
        **about("stop_loss"),
        on_change=_live_only,
        options=STOP_LOSS_GRID,
        key=key("stop_loss"),
        format_func=fmt,
    )
    t2.select_slider(
        **about("stop_acc"),
        on_change=_live_only,
        options=STOP_ACC_GRID,
        key=key("stop_acc"),
        format_func=lambda a: f"{fmt(100 * a)} %" if a else "off",
        disabled=cfg.task != "classification",
    )
    sb.markdown("**View**")
    v1, v2 = sb.columns(2)
    v1.toggle(**about("showtest"), on_change=_live_only, key=key("showtest"))
    v2.toggle(**about("discretize"), on_change=_live_only, key=key("discretize"))
    s1, s2 = sb.columns([3, 2], vertical_alignment="bottom")
    s1.number_input(
        **about("seed"),
        min_value=0,
        max_value=SEED_MAX,
        key=key("seed"),
    )
    s2.button("New seed", on_click=_new_seed, width="stretch")
    return read()


def read() -> RunConfig:
    """The config the widgets hold now (the epoch from the remembered one, the data from the
    panel), remembered and in the URL."""
    values = {k: st.session_state[key(k)] for k in KEYS if k not in ("epochs", "data")}
    values["epochs"] = current().epochs
    values["data"] = own_points.data()
    return remember(from_widgets(values))


def notes() -> list[str]:
    """What the widgets' callbacks adjusted in this run (shown once)."""
    return st.session_state.pop(NOTES, [])
