"""The Playground's controls and its live area (Play / Pause, Step, Reset and every chart).

Flow of one run: the config comes from the URL once per visit (``ui.share``), seeds the sidebar
widgets, and the widgets' values become a validated :class:`RunConfig`. The live area is a
fragment: while playing it reruns on its own every ``TICK`` seconds and trains as many epochs as
fit in ``BUDGET`` seconds, so it redraws a few times a second however slow an epoch is.

Training is a pure function of the config: :func:`trained` caches it (bounded, pickled copies),
so moving a slider back and forth costs nothing the second time. Play and Step continue a
:class:`~backprop_core.live.LiveRun` kept in this visitor's ``st.session_state`` (never shared),
resumed from the cached snapshot bit-for-bit, so the epoch in the URL always reproduces the view.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from backprop_core.activations import ACTIVATIONS, HIDDEN_ACTIVATIONS
from backprop_core.config import SEED_MAX, Limits, RunConfig, from_params
from backprop_core.datasets import DATASETS, FEATURES, expand_features, make_dataset
from backprop_core.initialisers import INITIALISERS
from backprop_core.live import LiveRun, Snapshot, batch_gradients, probe, train_snapshot
from backprop_core.optimizers import OPTIMIZER_LABELS
from ui import playground_charts as charts
from ui import share
from ui.charts import PLOT_CONFIG
from ui.format import fmt

DEFAULTS = RunConfig(
    dataset="circles", layers=(4, 2), activation="tanh", lr=0.03, epochs=100, seed=5
)
LIMITS = Limits(max_layers=6, max_units=8)
KEYS = (
    "dataset",
    "noise",
    "points",
    "train",
    "features",
    "layers",
    "activation",
    "init",
    "lr",
    "optimizer",
    "batch",
    "l2",
    "epochs",
    "seed",
)
SPEC = share.UrlSpec("playground", KEYS, DEFAULTS, LIMITS)
LR_GRID = tuple(float(f"{m}e{e}") for e in range(-4, 1) for m in (1, 2, 3, 5)) + (10.0,)
L2_GRID = (0.0, 1e-5, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0)
TICK = 0.1  # seconds between redraws while playing (at best ≈ 8 a second here)
BUDGET = 0.055  # seconds of training per redraw
PLAYING = "_playground_playing"
LIVE = "_playground_live"
NOTES = "_playground_notes"
EPOCH_BOX = "_playground_epoch_box"


def key(name: str) -> str:
    return share.widget_key(SPEC, name)


def layers_text(layers: tuple[int, ...]) -> str:
    return ",".join(map(str, layers))


# -- training (cached, pure) ----------------------------------------------------------------
@st.cache_data(max_entries=48, show_spinner=False)
def trained(cfg: RunConfig) -> Snapshot:
    """``cfg.epochs`` epochs from scratch; the cache hands out pickled copies, never shared."""
    return train_snapshot(cfg)


def live_run(cfg: RunConfig) -> LiveRun:
    """This visitor's run for ``cfg``, at epoch ``cfg.epochs`` (resumed from the cache)."""
    run: LiveRun | None = st.session_state.get(LIVE)
    same = run is not None and run.config.replace(epochs=0) == cfg.replace(epochs=0)
    if not same or run.epoch != cfg.epochs:
        run = LiveRun.resume(trained(cfg))
        st.session_state[LIVE] = run
    return run


def snapshot_for(cfg: RunConfig) -> Snapshot:
    """The live run's snapshot when it is exactly there, else the cached training."""
    run: LiveRun | None = st.session_state.get(LIVE)
    if (
        run is not None
        and run.epoch == cfg.epochs
        and run.config.replace(epochs=0) == cfg.replace(epochs=0)
    ):
        return run.snapshot()
    return trained(cfg)


# -- the sidebar ----------------------------------------------------------------------------
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
    cfg, problems = from_params({"layers": raw}, share.current(SPEC), LIMITS)
    for p in problems:
        _note(p)
    st.session_state[key("layers")] = layers_text(cfg.layers)


def _new_seed() -> None:
    st.session_state[key("seed")] = int(np.random.default_rng().integers(0, 100_000))


def _grid_with(grid: tuple[float, ...], *extra: float) -> list[float]:
    return sorted(set(grid) | set(extra))


def sidebar(cfg: RunConfig) -> RunConfig:
    """Every setting but the epoch, as widgets in the sidebar; returns the validated config."""
    share.seed_widgets(SPEC, cfg, {"features": list, "layers": layers_text}, skip=("epochs",))
    asked = share.loaded(SPEC)
    sb = st.sidebar
    sb.markdown("**Data**")
    sb.selectbox(
        "Dataset",
        list(DATASETS),
        key=key("dataset"),
        format_func=lambda d: DATASETS[d].label,
        on_change=_on_dataset,
        help="Two classes of points in the plane, or y = sin x + noise (regression). "
        "Classes: output ŷ = σ(z), loss L = −mean[y ln ŷ + (1 − y) ln(1 − ŷ)]. "
        "Sine: ŷ = z, L = mean (ŷ − y)².",
    )
    sb.slider(
        "Noise",
        0.0,
        1.0,
        step=0.05,
        key=key("noise"),
        help="Jitter added to every point: x ← x + N(0, (c · noise)²), c ≈ 1 for the plane.",
    )
    c1, c2 = sb.columns(2)
    c1.number_input(
        "Points",
        10,
        LIMITS.max_points,
        step=50,
        key=key("points"),
        help="N points in all: N_train = round(N × train share) for training, the rest to test.",
    )
    c2.slider(
        "Train share",
        0.1,
        0.9,
        step=0.05,
        key=key("train"),
        help="N_train = round(share × N); the test points only measure, they never train.",
    )
    n_in = DATASETS[st.session_state[key("dataset")]].n_inputs
    sb.multiselect(
        "Input features",
        [f for f in FEATURES if n_in == 2 or not FEATURES[f].needs_x2],
        key=key("features"),
        format_func=lambda f: FEATURES[f].label,
        on_change=_on_features,
        help="What the network sees of a point (x₁, x₂): any of x₁, x₂, x₁², x₂², x₁·x₂, "
        "sin x₁, sin x₂. With x₁² and x₂² even a network without hidden layers draws circles.",
    )
    sb.markdown("**Network**")
    sb.text_input(
        "Hidden layers",
        key=key("layers"),
        on_change=_on_layers,
        placeholder="none: logistic regression",
        help="Neurons per hidden layer, comma-separated, e.g. 4,2: 0–6 layers of 1–8 neurons. "
        "Each layer computes a = f(a_prev · W + b).",
    )
    a1, a2 = sb.columns(2)
    a1.selectbox(
        "Activation",
        list(HIDDEN_ACTIVATIONS),
        key=key("activation"),
        format_func=lambda a: ACTIVATIONS[a].label,
        help="f in a = f(z) for every hidden unit: tanh(z); σ(z) = 1/(1 + e⁻ᶻ); "
        "ReLU max(0, z); leaky ReLU max(0.01z, z); ELU z or eᶻ − 1; softplus ln(1 + eᶻ).",
    )
    a2.selectbox(
        "Initialisation",
        list(INITIALISERS),
        key=key("init"),
        format_func=lambda i: INITIALISERS[i].label.split(" /")[0],
        help="Starting weights, biases 0. Xavier W ~ N(0, 2/(n_in + n_out)); "
        "He W ~ N(0, 2/n_in); small N(0, 0.01²); large N(0, 1); zeros W = 0.",
    )
    sb.markdown("**Training**")
    sb.select_slider(
        "Learning rate",
        _grid_with(LR_GRID, DEFAULTS.lr, asked.lr, cfg.lr),
        key=key("lr"),
        format_func=fmt,
        help="Step size η of every update θ ← θ − η ∂L/∂θ (log scale). Too small crawls; "
        "too large overshoots the minimum and the loss blows up.",
    )
    o1, o2 = sb.columns(2)
    o1.selectbox(
        "Optimizer",
        list(OPTIMIZER_LABELS),
        key=key("optimizer"),
        format_func=lambda o: OPTIMIZER_LABELS[o],
        help="SGD θ ← θ − ηg. Momentum v ← 0.9v − ηg, θ ← θ + v. "
        "Adam θ ← θ − η m̂/(√ŝ + ε), m and s running means of g and g².",
    )
    o2.number_input(
        "Batch size",
        1,
        LIMITS.max_points,
        key=key("batch"),
        help="B points per update: g = (1/B) Σ ∂Lᵢ/∂θ; an epoch makes ⌈N_train / B⌉ updates. "
        "B ≥ N_train is full-batch gradient descent.",
    )
    sb.select_slider(
        "L2 regularisation",
        _grid_with(L2_GRID, asked.l2, cfg.l2),
        key=key("l2"),
        format_func=fmt,
        help="λ in L + (λ/2) Σ w²: every weight's gradient gains λw (weight decay).",
    )
    s1, s2 = sb.columns([3, 2], vertical_alignment="bottom")
    s1.number_input(
        "Seed",
        0,
        SEED_MAX,
        key=key("seed"),
        help="Seeds the data, the initial weights and the shuffling: same seed, same run.",
    )
    s2.button("New seed", on_click=_new_seed, width="stretch")
    values = {k: st.session_state[key(k)] for k in KEYS if k != "epochs"}
    values["epochs"] = cfg.epochs
    new, _ = share.from_widgets(SPEC, values)
    return new


def notes() -> list[str]:
    """What the widgets' callbacks adjusted in this run (shown once)."""
    return st.session_state.pop(NOTES, [])


# -- the live area --------------------------------------------------------------------------
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
    _PICTURED(key="playground_pictured")
    with st.container(key="playground_live"):
        st.fragment(_live, run_every=TICK if playing else None)(cfg)


def epoch() -> int:
    """The epoch shown: kept in the remembered config, never in a widget the browser echoes."""
    return share.current(SPEC).epochs


def set_epoch(cfg: RunConfig, e: int) -> RunConfig:
    """Move to epoch ``e``: remember it, put it in the URL and give the Epochs box a fresh key
    so it shows the new value (a widget's own state would be overwritten by the browser's
    copy of it, which lags behind while playing)."""
    cfg = cfg.replace(epochs=int(e))
    st.session_state[SPEC.state_key] = cfg
    st.session_state[EPOCH_BOX] = st.session_state.get(EPOCH_BOX, 0) + 1
    share.sync_url(SPEC, cfg, only=["epochs"])
    return cfg


def epoch_box() -> str:
    return f"playground_epochs_{st.session_state.get(EPOCH_BOX, 0)}"


def _typed_epochs(box: str) -> None:
    """A number typed into the Epochs box; the browser also reports boxes it has since
    replaced, with their old values: those are ignored."""
    if box == epoch_box():
        set_epoch(share.current(SPEC), st.session_state[box])


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
    playing = bool(st.session_state.get(PLAYING, False))
    if playing != st.session_state.get(FRAGMENT_PLAYING):
        st.rerun()  # Play or Pause was pressed: a full rerun makes the fragment tick, or stop
    cap = cfg.max_affordable_epochs(LIMITS)
    cfg = cfg.replace(epochs=min(epoch(), cap))
    if playing:
        run = live_run(cfg)
        run.advance(cap - run.epoch, budget_s=BUDGET)
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
        share.share_box(SPEC, cfg)
    with st.container(key="playground_status"):
        st.markdown(status_text(snap))
    if snap.diverged is not None:
        st.error(divergence_text(snap), icon=":material/warning:")
    elif cfg.epochs >= cap:
        st.info(cap_text(cfg, cap))
    draw(snap, playing)


def status_text(snap: Snapshot) -> str:
    """The epoch whose network is drawn and its numbers (after a divergence: the last epoch
    whose numbers were finite)."""
    e = snap.params_epoch
    parts = [
        f"**Epoch {e}**",
        f"train loss **{fmt(snap.train_loss[e])}**",
        f"test loss **{fmt(snap.test_loss[e])}**",
    ]
    if snap.config.task == "classification":
        parts.append(f"test accuracy **{snap.test_acc[e]:.1%}**")
    return " · ".join(parts)


def divergence_text(snap: Snapshot) -> str:
    """What stopped the run, what the rule measured (the training loss, not the accuracy),
    what to try, and how to watch it happen."""
    d = snap.diverged
    lr = snap.config.lr
    below = max(x for x in (*LR_GRID, 1e-4) if x <= lr / 10) if lr / 10 >= 1e-4 else 1e-4
    e = snap.params_epoch
    accuracy = ""
    if snap.config.task == "classification" and np.isfinite(snap.test_acc[e]):
        accuracy = (
            f" Test accuracy can still read {snap.test_acc[e]:.1%}: it only counts points on "
            "the right side of the boundary, while the loss also measures how confidently "
            "wrong the rest are."
        )
    return (
        f"**Training diverged at epoch {d.epoch} with learning rate {fmt(lr)}**: {d.reason}. "
        f"This rule watches the training loss.{accuracy} Each step overshoots the minimum by "
        f"more than the last, so the weights swing ever further — try below {fmt(below)}. "
        f"The charts show the run up to epoch {e}; press **Reset**, then **Step**, to watch it "
        "blow up one epoch at a time."
    )


def cap_text(cfg: RunConfig, cap: int) -> str:
    """Why Play stopped at the epoch cap, in the visitor's terms, and what allows more."""
    more = {
        "steps": "A larger batch size (fewer updates per epoch) allows more epochs.",
        "work": "Fewer points or a smaller network allow more epochs.",
        "epochs": "",
    }[cfg.epoch_limit(LIMITS)]
    return (
        f"Stopped at epoch {cap}: the most this page trains with these settings. Anyone who "
        "opens this view's link has the run retrained from scratch on the server, so runs are "
        f"kept short enough to replay in a couple of seconds. {more}"
    ).strip()


STEADY = "_playground_steady"
# In the browser: mark each live chart once its picture is decoded (a freshly drawn chart's
# image takes a frame or more to decode, and until then its place is white). The stack's CSS
# keeps the newer layer hidden until marked, so the older picture shows until then.
_PICTURED_JS = """export default function () {
  if (window.__playgroundPictured) return;
  window.__playgroundPictured = true;
  const mark = (img) => {
    const plot = img.closest('.js-plotly-plot');
    const src = img.getAttribute('href') || img.getAttribute('xlink:href');
    if (!plot || !src) return;
    const copy = new Image();
    copy.src = src;
    copy.decode().catch(() => {}).then(() => requestAnimationFrame(() => {
      plot.setAttribute('data-pictured', '1');
    }));
  };
  const inStack = (i) => i.closest('[class*="st-key-playground_stack_"]');
  document.querySelectorAll('image').forEach((i) => inStack(i) && mark(i));
  new MutationObserver((records) => {
    for (const r of records) {
      for (const n of r.addedNodes) {
        if (n.nodeType !== 1) continue;
        const found = n.matches('image') ? [n] : [...n.querySelectorAll('image')];
        found.filter(inStack).forEach(mark);
      }
    }
  }).observe(document.body, {childList: true, subtree: true});
}"""
_PICTURED = st.components.v2.component(
    "backprop_lab.playground_pictured", html="<span></span>", js=_PICTURED_JS
)


def steady_chart(where, name: str, fig, playing: bool) -> None:
    """``fig``, drawn while playing so that no frame is blank.

    A Plotly chart whose figure changes is a new element to Streamlit's browser side: the old
    one is removed and the new one drawn from scratch, and in between (a few frames, longer for
    the pictures, which are images to decode) its place is empty. While playing, each chart
    therefore has two layers in one grid cell, and each redraw replaces only the older one and
    lifts it on top: the other layer is re-sent unchanged (the same figure, so the browser
    keeps it as it is) and shows through until the new one's picture is decoded (the browser
    marks it, see ``_PICTURED_JS``). Until the first Play there is one layer: Play starts by
    keeping it, and a pause keeps swapping, so neither shows a blank frame either.
    """
    layers = st.session_state.setdefault(STEADY, {})
    top, figs, played = layers.get(name, (0, (None, None), False))
    played = played or playing
    if played:  # from the first Play on, every redraw swaps layers, paused ones too
        top = 1 - top
        figs = (fig, figs[1]) if top == 0 else (figs[0], fig)
    else:  # never played: one chart, in the layer the first Play will keep
        top, figs = 0, (fig, None)
    layers[name] = (top, figs, played)
    stack = f"playground_stack_{name}"
    with where.container(key=stack):
        for i, f in enumerate(figs):
            with st.container(key=f"{stack}_{i}"):
                if f is not None:
                    st.plotly_chart(f, config=PLOT_CONFIG, theme=None, key=f"{stack}_{i}_chart")
        hide_new = (
            f".st-key-{stack}_{top} .js-plotly-plot:not([data-pictured]) {{visibility: hidden;}}"
            if played
            else ""
        )
        st.html(
            f"<style>.st-key-{stack} {{display: grid; grid-template-columns: minmax(0, 1fr);}}"
            f".st-key-{stack} > * {{grid-area: 1 / 1; width: 100%;}}"
            f".st-key-{stack} > *:has(.st-key-{stack}_{top}) {{z-index: 1;}}{hide_new}</style>"
        )


def draw(snap: Snapshot, playing: bool = False) -> None:
    """Every chart. The layout is made first and filled loss-first: the browser draws each
    chart as it arrives, so the curve people watch while moving a slider comes soonest (the
    previous chart stays in its container until then: no blank frame)."""
    cfg = snap.config
    left, right = st.columns([3, 2], gap="medium")
    with left:
        edges_grad = st.toggle(
            "Edges show gradients ∂L/∂w",
            key="playground_edges_grad",
            help="Off: each edge's colour and width is its weight w (orange > 0, blue < 0). "
            "On: its gradient ∂L/∂w on the whole training set, the direction w is pushed.",
        )
        network_slot = st.container(key="playground_network")
        st.caption(
            "Each square is one unit's output over the input plane (orange > 0, blue < 0), "
            "the output's is the prediction; hover an edge or a unit for its numbers."
        )
    boundary_slot = right.container(key="playground_boundary")
    c1, c2, c3 = st.columns(3, gap="medium")
    with c1:
        loss_slot = st.container()
        log_y = st.toggle("Log scale", key="playground_log_loss", help="The loss on a log axis.")
    st.markdown(
        f"**Every weight's gradient at epoch {snap.params_epoch}**: ∂L/∂W on the whole "
        "training set, one grid per layer (rows: from, columns: to)."
    )
    grads_slot = st.container()

    def chart(slot, fig) -> None:
        slot.plotly_chart(fig, config=PLOT_CONFIG, theme=None)

    chart(loss_slot, charts.loss_figure(snap, log_y))
    data = make_dataset(cfg.dataset, cfg.points, cfg.noise, cfg.seed, cfg.train)
    plane = probe(snap, n=50)
    grads_w, _ = batch_gradients(snap, expand_features(data.X_train, cfg.features), data.Y_train)
    steady_chart(boundary_slot, "boundary", charts.boundary_figure(snap, plane, data), playing)
    values = grads_w if edges_grad else list(snap.weights)
    label = "∂L/∂w" if edges_grad else "w"
    network = charts.network_figure(snap, plane, values, label, hover=not playing)
    steady_chart(network_slot, "network", network, playing)
    if cfg.task == "classification":
        chart(c2, charts.accuracy_figure(snap))
    else:
        c2.caption("Regression: no accuracy; the loss is the mean squared error.")
    chart(c3, charts.grad_norms_figure(snap))
    labels = [FEATURES[f].label for f in cfg.features]
    chart(grads_slot, charts.gradient_heatmaps(grads_w, labels))
