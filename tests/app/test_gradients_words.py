"""The gradients lab's verdict in words (ui/gradients/verdict.py) and its settings declaration
(ui/gradients/settings.py): pure, no AppTest. The numbers come from hand-built networks."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from backprop_core import Network
from backprop_core.depth_analysis import analyse, symmetry
from backprop_core.depth_lab import DepthSettings
from backprop_core.depth_verdict import verdict
from backprop_core.training import History
from tests.core.test_diagnostics import diagonal
from ui.gradients.settings import CLIP_CHOICES, GRADIENTS, LR_CHOICES, SCALE_CHOICES
from ui.gradients.verdict import message, remedy_label, title


def words(net: Network, history: History | None = None, **settings) -> tuple[str, str]:
    X, Y = np.array([[1.0, 2.0], [0.5, -1.0]]), np.array([[0.0], [1.0]])
    s = DepthSettings(depth=net.n_layers - 1, width=net.sizes[1], **settings)
    v = verdict(analyse(net, X, Y), symmetry(net.weights, net.biases), history, s)
    return title(v), message(v, s)


def test_vanishing_message_carries_the_numbers():
    head, text = words(diagonal(5, 0.01), activation="linear")
    assert head == "Vanishing"
    assert "×0.01 per layer" in text and "1e-08" in text


def test_exploding_message_carries_the_growth_per_layer():
    head, text = words(diagonal(5, 40.0), activation="linear")
    assert head == "Exploding" and "×40 per layer" in text


def test_a_layer_of_dead_relus_is_named():
    net = Network([2, 2, 2, 1], "relu", "linear", "mse", init="zeros")
    net.weights = [np.eye(2), -np.eye(2), np.ones((2, 1))]
    head, text = words(net, activation="relu")
    assert head == "Dead" and "hidden layer 2" in text


def test_a_healthy_run_says_how_the_loss_fell():
    head, text = words(diagonal(4, 1.0), History(train_loss=[1.0, 0.5, 0.1]), activation="linear")
    assert head == "Healthy" and "from 1 to 0.1" in text


def test_a_remedy_that_only_resets_the_scale_says_so():
    s = DepthSettings(activation="relu", init="he", init_scale=10.0)
    assert remedy_label(s, "he") == "Init scale back to ×1"
    assert remedy_label(s.replace(init="large"), "he") == "He init"


# -- the settings declaration ----------------------------------------------------------------
def test_snap_picks_the_nearest_choice():
    assert GRADIENTS.field("lr").snap(0.05) == 0.03
    assert GRADIENTS.field("clip").snap(0.0) == 0.0
    assert GRADIENTS.field("init_scale").snap(1e9) == 10.0


def test_params_round_trip():
    values = GRADIENTS.defaults() | dict(
        depth=17, width=64, activation="tanh", init="he", init_scale=0.5, lr=0.1,
        compare=True, b_activation="elu", b_init="xavier",
    )  # fmt: skip
    parsed, problems = GRADIENTS.parse(GRADIENTS.to_params(values))
    assert parsed == values and problems == []


def test_params_clamp_snap_and_report():
    v, problems = GRADIENTS.parse(
        {"depth": "500", "width": "x", "lr": "0.05", "init": "bogus", "zzz": "1", "clip": "-3"}
    )
    assert (v["depth"], v["width"], v["lr"], v["init"], v["clip"]) == (50, 32, 0.03, "xavier", 0.0)
    text = " ".join(problems)
    for word in ("depth=500", "width=", "lr=", "init=", "zzz", "clip="):
        assert word in text


@given(st.dictionaries(st.text(max_size=12), st.text(max_size=20), max_size=8))
def test_params_never_raise(params):
    v, problems = GRADIENTS.parse(params)
    assert 2 <= v["depth"] <= 50 and 4 <= v["width"] <= 128
    assert v["lr"] in LR_CHOICES and v["init_scale"] in SCALE_CHOICES and v["clip"] in CLIP_CHOICES
    assert isinstance(problems, list)
