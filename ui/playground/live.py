"""The live area: Play / Pause, Step, Reset, the epoch, the status line and the live canvas;
then, paused, the charts below it (``ui.playground.draw``).

The live area is a fragment that reads the sidebar's settings itself, so a setting that only it
shows reruns it alone (``ui.playground.sidebar``). While playing it reruns on its own every
``TICK`` seconds, trains as many epochs as fit in ``BUDGET`` seconds and sends the canvas a batch
of frames, which the browser plays at display rate until the next batch (``ui.live_canvas``).

The charts below are a fragment of their own. A full run draws them after the canvas; a run of
the live area alone asks the canvas to report when it has drawn, and that report reruns them.
Sent with the canvas, six Plotly charts kept the browser busy for ~200 ms before it drew the
canvas, the part the visitor is watching after a slider move.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

import streamlit as st

from backprop_core import multiclass
from backprop_core.config import RunConfig
from backprop_core.datasets import expand_features
from backprop_core.regularisation import Penalty
from backprop_core.stopping import Reached, Target, reached
from backprop_core.training import network_gradients
from backprop_core.training.experiment import dataset_of
from ui.format import fmt
from ui.live_canvas import feed, live_canvas
from ui.playground import own_points
from ui.playground.draw import DETAILS_AREA, LOG_KEPT, details
from ui.playground.run import LIVE, live_run, snapshot_for
from ui.playground.sidebar import LIVE_AREA, read
from ui.playground.spec import LIMITS, current, remember, share_box, view
from ui.playground.status import cap_text, divergence_text, status_text

# Seconds between batches while playing: each rerun has a fixed server cost, so fewer, larger
# batches keep a playing visitor's CPU near the old renderer's; the browser plays them smoothly.
TICK = 0.3
BUDGET = 0.07  # seconds of training per rerun
FPS = 40  # frames the browser is sent per second while playing (it shows them as they come)
# At most this many epochs a second: a small net trains ~1,000 a second here, which would reach
# the epoch cap in about a second of Play, too fast to watch (TensorFlow Playground runs ~50).
PACE_LIMIT = 250
PLAYING = "_playground_playing"
EPOCH_BOX = "_playground_epoch_box"
STOPPED = "_playground_stopped"  # (settings, epoch, sentence) of the last "stop at"
PACE = "_playground_pace"  # (when the last batch started, epochs per second it trained)
FULL_RUN = "_playground_full_run"  # set by the page's full rerun, read by its fragment run
EDGES_KEY = "playground_edges_grad"
CANVAS_KEY = "playground_canvas"
PENDING = "_playground_pending"  # (run id, the batch trained at the last tick, not sent yet)

# While a run is in progress Streamlit fades the elements it has not redrawn yet; in the live
# area that would make the bar blink at each batch, so it stays opaque.
NO_FADE = "<style>.st-key-playground_live [data-stale='true'] {opacity: 1 !important;}</style>"
FRAGMENT_PLAYING = "_playground_fragment_playing"
SETTINGS_SEEN = "_playground_settings_seen"
STEPPED = "_playground_stepped"  # (config, Epochs box) of the bar the last Step was pressed on
SHOWN = "_playground_shown"  # the config (at its epoch) the canvas last showed paused
DETAILED = "_playground_detailed"  # (run id, epoch) the charts below show


def live_area() -> None:
    """The controls and the canvas of the run in a fragment that ticks while playing, then the
    charts below in a fragment of their own (they wait for a pause)."""
    st.session_state[FRAGMENT_PLAYING] = bool(st.session_state.get(PLAYING, False))
    st.session_state[FULL_RUN] = True
    st.html(NO_FADE)
    with st.container(key="playground_live"):
        st.fragment(
            _live, run_every=TICK if st.session_state[FRAGMENT_PLAYING] else None, key=LIVE_AREA
        )()
    st.fragment(_details_area, key=DETAILS_AREA)()


def _details_area() -> None:
    """The charts of the run the canvas shows paused; while playing, where they went."""
    cfg: RunConfig | None = st.session_state.get(SHOWN)
    if st.session_state.get(PLAYING, False) or cfg is None:
        st.session_state.pop(DETAILED, None)
        st.info(
            "Pause to see the loss, accuracy and gradient-size curves, every weight's gradient "
            "and how good the fit is at the epoch shown.",
            icon=":material/pause_circle:",
        )
        return
    details(snapshot_for(cfg))
    st.session_state[DETAILED] = (feed.run_id(cfg), cfg.epochs)


def _charts_wanted() -> None:
    """The canvas drew a run the charts below do not show yet."""
    st.rerun(DETAILS_AREA)


def _settings(playing: bool) -> tuple[RunConfig, bool]:
    """The sidebar's config, and whether it changed since this area's last run. A setting
    changed during Play restarts the run from epoch 0 and keeps playing: the visitor watches
    the new network learn instead of waiting for it to be trained to the old epoch."""
    cfg = read()
    settings = cfg.replace(epochs=0)
    seen = st.session_state.get(SETTINGS_SEEN)
    st.session_state[SETTINGS_SEEN] = settings
    changed = seen is not None and seen != settings
    if playing and changed:
        st.session_state.pop(LIVE, None)
        cfg = set_epoch(cfg, 0)
    return cfg, changed


def _bar_row():
    """Where the bar goes, above the canvas. It is filled after the canvas is sent: the
    server sends a run's elements in the order they are made, one at a time, and the canvas is
    what the visitor is waiting for."""
    # One wrapping row sized to its labels: columns of fixed shares cut "Step" to "S." at 1024.
    return st.container(horizontal=True, vertical_alignment="bottom", key="playground_bar")


def _bar(row, cfg: RunConfig, cap: int, playing: bool) -> None:
    """Play / Pause, Step, Reset, the Epochs box and the share box. While playing they show
    the epoch the server has reached; the canvas shows the one on screen."""
    # a run still playing has neither diverged nor reached the cap (Play stops at both), so no
    # snapshot (a copy of the whole history) is taken at every tick just to know that
    stuck = not playing and (snapshot_for(cfg).diverged is not None or cfg.epochs >= cap)
    with row:
        st.button(
            "Pause" if playing else "Play",
            icon=":material/pause:" if playing else ":material/play_arrow:",
            type="primary",
            disabled=stuck,
            on_click=_set_playing,
            args=(not playing,),
            help="Keep training from here, a few epochs per frame; press again to pause.",
        )
        box = epoch_box()
        st.button(
            "Step", disabled=stuck, on_click=_on_step, args=(cfg, box), help="Train one epoch."
        )
        st.button("Reset", on_click=_on_reset, args=(cfg,), help="Back to epoch 0: untrained.")
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
# Streamlit can run a click's callback twice when the click's run is preempted (while playing,
# the next tick's request does that), so each callback does what the button showed, and doing
# it twice is doing it once: Play plays, Pause pauses (a toggle would undo the click), and Step
# trains one epoch per bar drawn.
def _set_playing(on: bool) -> None:
    st.session_state[PLAYING] = on


def _on_step(cfg: RunConfig, box: str) -> None:
    st.session_state[PLAYING] = False
    pressed = (cfg, box)  # every move of the epoch gives the bar a new box
    if st.session_state.get(STEPPED) == pressed:
        return
    st.session_state[STEPPED] = pressed
    cfg = cfg.replace(epochs=epoch())
    run = live_run(cfg)
    run.advance(1)
    set_epoch(cfg, run.epoch)


def _on_reset(cfg: RunConfig) -> None:
    st.session_state[PLAYING] = False
    st.session_state.pop(LIVE, None)
    set_epoch(cfg, 0)


def _edges(cfg: RunConfig, gradients: bool) -> feed.Edges:
    """What the edges show: the weights (None), or ∂L/∂W on the whole training set."""
    if not gradients:
        return None
    data = dataset_of(cfg)
    X = expand_features(data.X_train, cfg.features)
    T = multiclass.targets(data.Y_train, cfg.task, cfg.n_classes)
    penalty = Penalty(cfg.l2, cfg.l1)
    return lambda net: network_gradients(net, penalty, X, T)[0]


def _pace() -> tuple[int, int]:
    """Frames to send with this batch (enough for the browser until the next one: the time
    since the last batch started) and the epochs between them: as many as the training
    budget allows at the rate the last batch trained, and no more than ``PACE_LIMIT`` a
    second."""
    last, rate = st.session_state.get(PACE, (0.0, 0.0))
    gap = time.perf_counter() - last
    gap = gap if gap < 1.0 else 1.5 * TICK
    wanted = min(24, max(2, math.ceil(FPS * gap)))
    epochs = min(rate * BUDGET, PACE_LIMIT * gap)
    return wanted, max(1, round(epochs / wanted))


def _look(cfg: RunConfig, playing: bool) -> feed.View:
    shown = view()
    return feed.View(
        log_y=bool(st.session_state.get(LOG_KEPT, False)),
        show_test=bool(shown["showtest"]),
        discretize=bool(shown["discretize"]),
        draw=own_points.drawing() and not playing and cfg.task == "classification",
        edge_label="∂L/∂w" if st.session_state.get(EDGES_KEY, False) else "w",
    )


def _live() -> None:
    full = st.session_state.pop(FULL_RUN, False)
    playing = bool(st.session_state.get(PLAYING, False))
    if playing != st.session_state.get(FRAGMENT_PLAYING):
        st.rerun()  # Play or Pause was pressed: a full rerun makes the fragment tick, or stop
    cfg, changed = _settings(playing)
    cap = cfg.max_affordable_epochs(LIMITS)
    cfg = cfg.replace(epochs=min(epoch(), cap))
    row = _bar_row()
    edges = _edges(cfg, bool(st.session_state.get(EDGES_KEY, False)))
    look = _look(cfg, playing)
    if playing:
        _play(cfg, cap, edges, look, full or changed, lambda: _bar(row, cfg, cap, playing))
    else:
        _paused(cfg, cap, edges, look, lambda: _bar(row, cfg, cap, playing), full)


def _paused(
    cfg: RunConfig,
    cap: int,
    edges: feed.Edges,
    look: feed.View,
    bar: Callable[[], None],
    full: bool,
) -> None:
    """The run at its epoch: the status line, what stopped it, the canvas with hovers, then
    the ``bar`` above them. In a run of this area alone (not ``full``) the canvas reports when
    it has drawn a run the charts below do not show, and they follow."""
    st.session_state.pop(PENDING, None)
    st.session_state[SHOWN] = cfg
    snap = snapshot_for(cfg)
    with st.container(key="playground_status"):
        st.markdown(status_text(snap))
    stopped = st.session_state.get(STOPPED)
    if stopped and stopped[:2] == (cfg.replace(epochs=0), cfg.epochs):
        st.success(stopped[2], icon=":material/flag:")
    if snap.diverged is not None:
        st.error(divergence_text(snap), icon=":material/warning:")
    elif cfg.epochs >= cap:
        st.info(cap_text(cfg, cap))
    grid = feed.grid_for(cfg)
    net = snap.network()
    rid = feed.run_id(cfg)
    shown = (rid, cfg.epochs)
    message = feed.message(
        feed.run_info(cfg, dataset_of(cfg), grid),
        rid,
        look,
        [feed.snapshot_frame(snap, grid, edges)],
        False,
        feed.history(snap, snap.params_epoch),
        hovers=feed.exact(cfg, net, edges(net) if edges else list(net.weights), look.edge_label),
        report=None if full or st.session_state.get(DETAILED) == shown else f"{rid}:{cfg.epochs}",
    )
    events = live_canvas(message, key=CANVAS_KEY, on_drawn=_charts_wanted)
    if events.point is not None and look.draw:
        own_points.add(events.point)
        st.rerun()  # the sidebar's panel and the run take the new data
    bar()
    _under_canvas()


def _under_canvas() -> None:
    st.toggle(
        "Edges show gradients ∂L/∂w",
        key=EDGES_KEY,
        help="Off: each edge's colour and width is its weight w (orange > 0, blue < 0). "
        "On: its gradient ∂L/∂w on the whole training set, the direction w is pushed.",
    )
    st.caption(
        "Each square is one unit's output over the input plane (orange > 0, blue < 0); the "
        "last column is the prediction. Paused, hover a unit, an edge or a point for its numbers."
    )


def _play(
    cfg: RunConfig,
    cap: int,
    edges: feed.Edges,
    look: feed.View,
    full: bool,
    bar: Callable[[], None],
) -> None:
    """One tick of Play: send the batch trained at the previous tick, draw the ``bar``, then
    train the next. ``full``: the canvas is sent the run's description and history (a new page
    or run).

    Sending first matters: a fragment's message still queued when its next rerun starts is
    dropped by Streamlit, and the server flushes a large one some 50 ms after it is queued;
    sent at the start of a tick, it has the whole tick to leave, and the browser plays each
    batch while the next one trains."""
    run = live_run(cfg)
    rid = feed.run_id(cfg)
    grid = feed.grid_for(cfg)
    pending = st.session_state.pop(PENDING, None)
    batch: feed.Batch | None = pending[1] if pending and pending[0] == rid else None
    st.container(key="playground_status")  # while playing the canvas says it, frame by frame
    first = batch.first if batch else run.epoch + 1
    message = feed.message(
        feed.run_info(cfg, dataset_of(cfg), grid) if full else None,
        rid,
        look,
        batch.frames if batch else [],
        True,
        feed.history(run, first - 1) if full else None,
        curve=batch,
    )
    events = live_canvas(message, key=CANVAS_KEY)
    if events.hidden:
        st.session_state[PLAYING] = False  # nobody is watching: stop training for this tab
        st.rerun()
    bar()
    _under_canvas()
    start, t0 = run.epoch, time.perf_counter()
    wanted, stride = _pace()
    batch = feed.play(run, grid, cap, BUDGET, wanted, stride, edges)
    spent = time.perf_counter() - t0
    st.session_state[PACE] = (t0, (run.epoch - start) / max(spent, 1e-6))
    st.session_state[PENDING] = (rid, batch)
    h = run.exp.history
    hit = reached(target(), h.train_loss, h.train_acc, start=start + 1)
    if hit is not None:  # back to the first epoch that met the target, and pause there
        st.session_state[PLAYING] = False
        st.session_state[STOPPED] = (cfg.replace(epochs=0), hit.epoch, stop_text(hit))
        set_epoch(cfg, hit.epoch)
        st.rerun()
    set_epoch(cfg, run.epoch)
    if run.diverged is not None or run.epoch >= cap:
        st.session_state[PLAYING] = False
        st.rerun()  # a full rerun recreates the fragment without run_every
