"""The live area: Play / Pause, Step, Reset, the epoch, the status line and every chart.

It is a fragment: while playing it reruns on its own every ``TICK`` seconds and trains as many
epochs as fit in ``BUDGET`` seconds, so it redraws a few times a second however slow an epoch
is. Issues 16 and 17 (own data, Play on a canvas) build on this unit.
"""

from __future__ import annotations

import streamlit as st

from backprop_core.config import RunConfig
from backprop_core.stopping import Reached, Target, reached
from ui.format import fmt
from ui.playground import own_points
from ui.playground.draw import draw
from ui.playground.run import LIVE, live_run, snapshot_for
from ui.playground.spec import LIMITS, current, remember, share_box, view
from ui.playground.status import cap_text, divergence_text, status_text
from ui.playground.steady import PICTURED

TICK = 0.1  # seconds between redraws while playing (at best ≈ 8 a second here)
BUDGET = 0.055  # seconds of training per redraw
PLAYING = "_playground_playing"
EPOCH_BOX = "_playground_epoch_box"
STOPPED = "_playground_stopped"  # (settings, epoch, sentence) of the last "stop at"

# While a run is in progress Streamlit fades the elements it has not redrawn yet; in the live
# area that would make every chart blink at each redraw, so they stay opaque.
NO_FADE = "<style>.st-key-playground_live [data-stale='true'] {opacity: 1 !important;}</style>"
FRAGMENT_PLAYING = "_playground_fragment_playing"
SETTINGS_SEEN = "_playground_settings_seen"


def live_area(cfg: RunConfig) -> None:
    """The controls and charts of the run, redrawn on their own while playing. A setting
    changed during Play restarts the run from epoch 0 and keeps playing: the visitor watches
    the new network learn instead of waiting for it to be trained to the old epoch."""
    playing = bool(st.session_state.get(PLAYING, False))
    settings = cfg.replace(epochs=0)
    seen = st.session_state.get(SETTINGS_SEEN)
    st.session_state[SETTINGS_SEEN] = settings
    if playing and seen is not None and seen != settings:
        st.session_state.pop(LIVE, None)
        cfg = set_epoch(cfg, 0)
    st.session_state[FRAGMENT_PLAYING] = playing
    st.html(NO_FADE)
    PICTURED(key="playground_pictured")
    with st.container(key="playground_live"):
        st.fragment(_live, run_every=TICK if playing else None)(cfg)


def target() -> Target:
    """This visitor's "stop at" targets (0 = off)."""
    shown = view()
    return Target(float(shown["stop_loss"]), float(shown["stop_acc"]))


def stop_text(hit: Reached) -> str:
    if hit.what == "loss":
        return (
            f"Stopped at epoch {hit.epoch}: the training loss reached {fmt(hit.value)} "
            f"(Stop at loss ≤ {fmt(target().loss)}). Press Play to go on."
        )
    return (
        f"Stopped at epoch {hit.epoch}: the training accuracy reached {fmt(100 * hit.value)} % "
        f"(Stop at accuracy ≥ {fmt(100 * target().accuracy)} %). Press Play to go on."
    )


def epoch() -> int:
    """The epoch shown: kept in the remembered config, never in a widget the browser echoes."""
    return current().epochs


def set_epoch(cfg: RunConfig, e: int) -> RunConfig:
    """Move to epoch ``e``: remember it, put it in the URL and give the Epochs box a fresh key
    so it shows the new value (a widget's own state would be overwritten by the browser's
    copy of it, which lags behind while playing)."""
    cfg = remember(cfg.replace(epochs=int(e)))
    st.session_state[EPOCH_BOX] = st.session_state.get(EPOCH_BOX, 0) + 1
    return cfg


def epoch_box() -> str:
    return f"playground_epochs_{st.session_state.get(EPOCH_BOX, 0)}"


def _typed_epochs(box: str) -> None:
    """A number typed into the Epochs box; the browser also reports boxes it has since
    replaced, with their old values: those are ignored."""
    if box == epoch_box():
        set_epoch(current(), st.session_state[box])


# Buttons act in callbacks, before the bar is drawn again: drawn after them, Play and Step show
# the state they left (a Reset after a divergence enables them at once, not one click later).
def _on_play() -> None:
    st.session_state[PLAYING] = not st.session_state.get(PLAYING, False)


def _on_step(cfg: RunConfig) -> None:
    st.session_state[PLAYING] = False
    cfg = cfg.replace(epochs=epoch())
    run = live_run(cfg)
    run.advance(1)
    set_epoch(cfg, run.epoch)


def _on_reset(cfg: RunConfig) -> None:
    st.session_state[PLAYING] = False
    st.session_state.pop(LIVE, None)
    set_epoch(cfg, 0)


def _live(cfg: RunConfig) -> None:
    if own_points.page_needs_rerun():
        st.rerun()  # a drawn point: the sidebar and the run take the new data
    playing = bool(st.session_state.get(PLAYING, False))
    if playing != st.session_state.get(FRAGMENT_PLAYING):
        st.rerun()  # Play or Pause was pressed: a full rerun makes the fragment tick, or stop
    cap = cfg.max_affordable_epochs(LIMITS)
    cfg = cfg.replace(epochs=min(epoch(), cap))
    if playing:
        run = live_run(cfg)
        start = run.epoch
        run.advance(cap - run.epoch, budget_s=BUDGET)
        h = run.exp.history
        hit = reached(target(), h.train_loss, h.train_acc, start=start + 1)
        if hit is not None:  # back to the first epoch that met the target, and pause there
            st.session_state[PLAYING] = False
            st.session_state[STOPPED] = (cfg.replace(epochs=0), hit.epoch, stop_text(hit))
            set_epoch(cfg, hit.epoch)
            st.rerun()
        cfg = set_epoch(cfg, run.epoch)
        if run.diverged is not None or run.epoch >= cap:
            st.session_state[PLAYING] = False
            st.rerun()  # a full rerun recreates the fragment without run_every
    snap = snapshot_for(cfg)
    stuck = snap.diverged is not None or cfg.epochs >= cap

    # One wrapping row sized to its labels: columns of fixed shares cut "Step" to "S." at 1024.
    with st.container(horizontal=True, vertical_alignment="bottom", key="playground_bar"):
        st.button(
            "Pause" if playing else "Play",
            icon=":material/pause:" if playing else ":material/play_arrow:",
            type="primary",
            disabled=stuck and not playing,
            on_click=_on_play,
            help="Keep training from here, a few epochs per redraw; press again to pause.",
        )
        st.button("Step", disabled=stuck, on_click=_on_step, args=(cfg,), help="Train one epoch.")
        st.button("Reset", on_click=_on_reset, args=(cfg,), help="Back to epoch 0: untrained.")
        box = epoch_box()
        st.number_input(
            "Epochs",
            0,
            max(cap, 0),
            value=cfg.epochs,
            key=box,
            on_change=_typed_epochs,
            args=(box,),
            disabled=playing,
            width=120,
            help="Epochs trained: each is one pass over the training set, ⌈N_train / B⌉ "
            f"updates. At most {cap} with these settings (see the note when you reach it).",
        )
        share_box(cfg)
    with st.container(key="playground_status"):
        st.markdown(status_text(snap))
    stopped = st.session_state.get(STOPPED)
    if stopped and stopped[:2] == (cfg.replace(epochs=0), cfg.epochs) and not playing:
        st.success(stopped[2], icon=":material/flag:")
    if snap.diverged is not None:
        st.error(divergence_text(snap), icon=":material/warning:")
    elif cfg.epochs >= cap:
        st.info(cap_text(cfg, cap))
    draw(snap, playing)
