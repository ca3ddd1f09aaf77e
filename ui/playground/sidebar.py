"""The Playground's sidebar: every setting but the epoch, and the callbacks that keep the
settings consistent (features that fit the dataset, typed layers normalised)."""

from __future__ import annotations

import numpy as np
import streamlit as st

from backprop_core.activations import ACTIVATIONS, HIDDEN_ACTIVATIONS
from backprop_core.config import SEED_MAX, RunConfig, from_params
from backprop_core.datasets import DATASETS, FEATURES
from backprop_core.initialisers import INITIALISERS
from backprop_core.optimizers import OPTIMIZER_LABELS
from ui import share
from ui.format import fmt
from ui.playground.spec import DEFAULTS, KEYS, L2_GRID, LIMITS, LR_GRID, SPEC, key, layers_text

NOTES = "_playground_notes"


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
