"""Streamlit side of the optimizers lab: the controls, the cached runs and each section.

Every number comes from :mod:`backprop_core.paths` / :mod:`backprop_core.surfaces`; every
sentence from :mod:`ui.optimizers.sentences`; every figure from :mod:`ui.optimizers.charts`.
"""

from __future__ import annotations

import streamlit as st

from backprop_core.paths import (
    Path,
    Sweep,
    bowl_analysis,
    bowl_regions,
    build_optimizer,
    constants_used,
    run_path,
    sweep,
    sweep_lrs,
)
from backprop_core.surfaces import make_surface
from ui import settings
from ui.charts import PLOT_CONFIG
from ui.format import fmt
from ui.layout import header, show_problems
from ui.optimizers import charts
from ui.optimizers import sentences as say
from ui.optimizers.settings import LR_CHOICES, OPTIMIZERS, SURFACE_NAMES, SWEEP_MAX_STEPS

Values = dict[str, object]
GRID_N = 81  # contour resolution: 81² surface values (≈ 0.1 s for the network, once)
SWEEP_LRS = tuple(float(v) for v in sweep_lrs(LR_CHOICES[0], LR_CHOICES[-1], 26))
CONSTANTS = ("beta", "rho", "beta1", "beta2", "eps")
CLICK_KEY = "optimizers_click"


# -- runs (pure functions of the settings, so they cache across visitors) -------------------
def _shape(s: Values) -> tuple[str, float, float]:
    """The surface's identity: a and b only shape the bowl."""
    if s["surface"] == "quadratic":
        return "quadratic", float(s["a"]), float(s["b"])  # type: ignore[arg-type]
    return str(s["surface"]), 1.0, 10.0


def _constants(s: Values) -> tuple[tuple[str, float], ...]:
    return tuple((k, float(s[k])) for k in CONSTANTS)  # type: ignore[arg-type]


@st.cache_data(max_entries=32, show_spinner=False)
def _grid(key: str, a: float, b: float):
    return make_surface(key, a, b).grid(GRID_N)


@st.cache_data(max_entries=256, show_spinner=False)
def _paths(key, a, b, start, lr, steps, opts, constants) -> list[Path]:
    surface = make_surface(key, a, b)
    c = dict(constants)
    return [run_path(surface, build_optimizer(o, lr, c), start, steps) for o in opts]


@st.cache_data(max_entries=32, show_spinner=False)
def _sweeps(key, a, b, start, steps, opts, constants) -> list[Sweep]:
    surface = make_surface(key, a, b)
    return [sweep(surface, o, dict(constants), start, steps, SWEEP_LRS) for o in opts]


@st.cache_data(max_entries=64, show_spinner=False)
def _batch_paths(start, lr, steps, batch, seed) -> tuple[Path, Path]:
    surface = make_surface("network")
    mini = run_path(surface, build_optimizer("sgd", lr, {}), start, steps, batch, seed)
    return mini, run_path(surface, build_optimizer("sgd", lr, {}), start, steps)


# -- controls -------------------------------------------------------------------------------
def _take_defaults(key: str) -> None:
    """Surface ``key``'s own start, learning rate and steps."""
    surface = make_surface(key)
    _set_start(*surface.start)
    settings.set_value(OPTIMIZERS, "lr", surface.lr)
    settings.set_value(OPTIMIZERS, "steps", surface.steps)


def _surface_changed() -> None:
    _take_defaults(st.session_state[settings.widget_key(OPTIMIZERS, "surface")])


def _open_surface(key: str) -> None:
    """A button that switches to another surface, as the selectbox would."""
    settings.set_value(OPTIMIZERS, "surface", key)
    _take_defaults(key)


def _set_start(x: float, y: float) -> None:
    settings.set_value(OPTIMIZERS, "x0", float(x))
    settings.set_value(OPTIMIZERS, "y0", float(y))


def _clicked() -> None:
    """A click on the contour plot: its point becomes every optimizer's start."""
    event = st.session_state.get(CLICK_KEY)
    points = event.selection.points if event else []
    if points:
        _set_start(round(float(points[0]["x"]), 4), round(float(points[0]["y"]), 4))


def _show(values: Values, key: str) -> bool:
    """Whether a chosen optimizer reads constant ``key``."""
    return any(key in constants_used(o) for o in values["opts"])  # type: ignore[union-attr]


def _widget(key: str, where=st) -> object:
    return settings.widget(OPTIMIZERS, key, where)


def controls() -> tuple[Values, list[str]]:
    """The sidebar; returns the visitor's valid settings (remembered and written to the URL)
    and what was wrong with the link or the values."""
    s = settings.load(OPTIMIZERS)
    with st.sidebar:
        s["surface"] = settings.widget(OPTIMIZERS, "surface", on_change=_surface_changed)
        if s["surface"] == "quadratic":
            s["a"], s["b"] = _widget("a"), _widget("b")
            st.caption(f"Condition number κ = b/a = {fmt(s['b'] / s['a'])}")  # type: ignore[operator]
        s["opts"] = _widget("opts")
        if not s["opts"]:  # an empty multiselect: keep drawing one path rather than none
            s["opts"] = ("sgd",)
            st.caption("No optimizer chosen: showing SGD.")
        s["lr"] = _widget("lr")
        s["steps"] = _widget("steps")
        left, right = st.columns(2)
        s["x0"], s["y0"] = _widget("x0", left), _widget("y0", right)
        surface = make_surface(*_shape(s))
        st.caption("Start presets (or click the contour plot):")
        with st.container(horizontal=True, gap="small"):
            for i, (x, y) in enumerate(surface.presets):
                st.button(
                    f"({say.sign(x)}, {say.sign(y)})",
                    key=f"optimizers_preset_{i}",
                    on_click=_set_start,
                    args=(x, y),
                    help=f"θ₀ = ({fmt(x)}, {fmt(y)})",
                )
        with st.expander("Optimizer constants"):
            for key in CONSTANTS:
                if _show(s, key):
                    s[key] = _widget(key)
        if s["surface"] == "network":
            st.subheader("Mini-batches")
            s["batch"], s["seed"] = _widget("batch"), _widget("seed")
    values, problems = settings.save(OPTIMIZERS, s)
    return values, settings.url_problems(OPTIMIZERS) + problems


# -- sections -------------------------------------------------------------------------------
def page_header(s: Values, problems: list[str]) -> None:
    key, a, b = _shape(s)
    if key == "quadratic":
        hint = say.bowl_try_this(bowl_analysis(a, b, float(s["lr"]), int(s["steps"])))  # type: ignore[arg-type]
    else:
        hint = say.TRY_THIS[key]
    header(
        "Learning rate & optimizers",
        "SGD, momentum, RMSprop and Adam each repeat one update rule θ ← θ − η·(step) from the "
        "same start: watch them converge, overshoot or blow up.",
        hint,
    )
    show_problems(problems)


def _axes(key: str) -> tuple[str, str]:
    return ("w₁", "w₂") if key == "network" else ("x", "y")


def _start(s: Values) -> tuple[float, float]:
    return float(s["x0"]), float(s["y0"])  # type: ignore[arg-type]


def paths_section(s: Values) -> list[Path]:
    key, a, b = _shape(s)
    surface = make_surface(key, a, b)
    st.caption(f"**{SURFACE_NAMES[key]}** ${say.FORMULAS[key]}$ — {say.ABOUT[key]}")
    xs, ys, Z = _grid(key, a, b)
    paths = _paths(key, a, b, _start(s), s["lr"], s["steps"], s["opts"], _constants(s))
    left, right = st.columns([3, 2])
    with left:
        fig = charts.contour(xs, ys, Z, paths, _start(s), surface.minimum, _axes(key))
        st.plotly_chart(
            fig,
            key=CLICK_KEY,
            on_select=_clicked,
            selection_mode="points",
            config=PLOT_CONFIG,
            width="stretch",
        )
    with right:
        st.plotly_chart(charts.losses(paths), config=PLOT_CONFIG, width="stretch", key="opt_loss")
    st.markdown("  \n".join(say.status(p) for p in paths))
    return paths


def diverge_section(s: Values) -> None:
    key, a, b = _shape(s)
    lr, steps = float(s["lr"]), int(s["steps"])  # type: ignore[arg-type]
    sweep_steps = min(steps, SWEEP_MAX_STEPS)
    sweeps = _sweeps(key, a, b, _start(s), sweep_steps, s["opts"], _constants(s))
    if key != "quadratic":
        st.subheader("Learning-rate sweep")
        st.caption(
            f"Each optimizer's loss after {sweep_steps} steps from the same start, at "
            f"{len(SWEEP_LRS)} learning rates; × = diverged. Why a rate diverges is exact on "
            "the bowl."
        )
        st.plotly_chart(charts.sweep(sweeps, lr), config=PLOT_CONFIG, width="stretch", key="sw")
        st.button(
            "Why it diverges: open the bowl",
            on_click=_open_surface,
            args=("quadratic",),
            icon=":material/bolt:",
            help="L = ½(a·x² + b·y²): there one GD step multiplies x by 1 − η·a and y by 1 − η·b.",
        )
        return
    an = bowl_analysis(a, b, lr, steps)
    c = "b" if b >= a else "a"
    st.subheader("Why it diverges")
    st.markdown(
        "On the bowl ∇L = (a·x, b·y), so one step of plain gradient descent, θ ← θ − η·∇L, "
        "multiplies each coordinate by its own factor:"
    )
    st.latex(say.factor_latex(an.x))
    st.latex(say.factor_latex(an.y))
    st.markdown(
        f"After k steps xₖ = ({fmt(an.x.factor)})ᵏ·x₀ and yₖ = ({fmt(an.y.factor)})ᵏ·y₀. "
        f"A coordinate shrinks only while its factor is between −1 and 1: |1 − η·{c}| < 1, "
        f"i.e. **η < 2/{c} = {fmt(an.threshold)}** (condition number κ = {fmt(an.condition)})."
    )
    box = st.error if an.regime == "divergent" else st.info
    box(f"**{say.verdict(an)}**  \n{say.axis_sentence(an.flat)}  \n{say.regime_sentence(an)}")
    regions = bowl_regions(a, b, sweep_steps, SWEEP_LRS[0], SWEEP_LRS[-1])
    fig = charts.sweep(sweeps, lr, regions, (an.threshold, f"η = 2/{c} = {fmt(an.threshold)}"))
    st.plotly_chart(fig, config=PLOT_CONFIG, width="stretch", key="sw")
    st.caption(
        f"Loss after {sweep_steps} steps at {len(SWEEP_LRS)} learning rates; × = diverged. "
        f"Regions for gradient descent: *too small* ({an.flat.axis} keeps over 10 % of its "
        "start), *about right*, "
        f"*oscillating* (η > 1/{c}: the zigzag), *divergent* (η > 2/{c}). Momentum, RMSprop "
        "and Adam have their own limits: read them off their curves."
    )


def batch_section(s: Values) -> None:
    st.subheader("Stochastic vs full batch")
    if s["surface"] != "network":
        st.caption(
            "On the network surface, SGD on mini-batches of the data walks a noisy path beside "
            "the full-batch one."
        )
        st.button(
            "Open the network surface",
            on_click=_open_surface,
            args=("network",),
            icon=":material/hub:",
            help="L(w₁, w₂) = BCE(σ(w₁x₁ + w₂x₂), y) of one neuron on 100 points; mini-batch "
            "SGD uses g = (1/B)·Σ over B samples.",
        )
        return
    mini, full = _batch_paths(_start(s), s["lr"], s["steps"], s["batch"], s["seed"])
    xs, ys, Z = _grid("network", 1.0, 10.0)
    n = make_surface("network").n_samples  # type: ignore[attr-defined]
    st.caption(
        f"SGD at η = {fmt(s['lr'])}: each step's gradient from {s['batch']} of the {n} samples "
        f"(shuffled with seed {s['seed']}) against the gradient of all {n}. Both losses are "
        "measured on all samples; the plot is zoomed on the two paths."
    )
    # the full-batch path first, so the noisy one is drawn on top of it
    look = dict(
        colours=(charts.FULL_BATCH_COLOUR, charts.COLOURS["sgd"]),
        names=(f"SGD, full batch ({n})", charts.path_name(mini)),
    )
    left, right = st.columns([3, 2])
    with left:
        fig = charts.contour(
            xs,
            ys,
            Z,
            [full, mini],
            _start(s),
            None,
            _axes("network"),
            clickable=False,
            zoom=True,
            **look,
        )
        st.plotly_chart(fig, config=PLOT_CONFIG, width="stretch", key="opt_batch_paths")
    with right:
        fig = charts.losses([full, mini], **look)
        st.plotly_chart(fig, config=PLOT_CONFIG, width="stretch", key="opt_batch_loss")
    st.markdown(f"{say.status(full, f'SGD (full batch of {n})')}  \n{say.status(mini)}")


def share(s: Values) -> None:
    settings.share_box(OPTIMIZERS, s)
