"""Per-layer diagnostics (diagnostics.py) and the gradients lab's analysis and verdict
(depth_analysis.py, depth_verdict.py, depth_lab.py), on hand-built networks whose numbers are
known exactly. The verdict's words and the lab's link are tested in tests/app/test_gradients_*."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from backprop_core import Network, growth_per_layer, layer_report
from backprop_core.config import LIMITS
from backprop_core.depth_analysis import analyse, symmetry
from backprop_core.depth_lab import MAX_EPOCHS, DepthSettings, epochs_for, run_lab
from backprop_core.depth_verdict import ERROR_SPAN, WARN_SPAN, apply_remedy, span_level, verdict
from backprop_core.diagnostics import dead_fraction, saturated_fraction
from backprop_core.training import Divergence, History


def chain(weights: list[float], activation: str = "linear") -> Network:
    """1-1-…-1 net with the given scalar weights, zero biases, linear output and MSE."""
    net = Network([1] * (len(weights) + 1), activation, "linear", "mse", init="zeros")
    net.weights = [np.array([[w]]) for w in weights]
    return net


def diagonal(depth: int, gain: float, width: int = 2) -> Network:
    """``width`` inputs, ``depth`` linear hidden layers W = gain·I, one output summing them."""
    sizes = [width] * (depth + 1) + [1]
    net = Network(sizes, "linear", "linear", "mse", init="zeros")
    net.weights = [gain * np.eye(width) for _ in range(depth)] + [np.ones((width, 1))]
    return net


X1, Y1 = np.array([[1.0]]), np.array([[0.0]])


# -- layer_report and growth_per_layer ------------------------------------------------------
def test_chain_gradient_norms_are_the_products_of_the_other_weights():
    # ŷ = 2·3·5 = 30, δ_out = dL/dŷ = 2(ŷ − y) = 60; ∂L/∂w_l = δ_out · Π_{k≠l} w_k.
    r = layer_report(chain([2.0, 3.0, 5.0]), X1, Y1)
    np.testing.assert_allclose(r.grad_norms, [60 * 15, 60 * 10, 60 * 6])
    np.testing.assert_allclose(r.delta_norms, [60 * 15, 60 * 5, 60])
    np.testing.assert_allclose(r.weight_norms, [2, 3, 5])
    assert r.loss == pytest.approx(900.0)
    assert growth_per_layer(r.grad_norms) == pytest.approx((900 / 360) ** 0.5)


def test_diagonal_net_shrinks_delta_by_exactly_the_gain_per_layer():
    depth, gain = 6, 0.1
    net = diagonal(depth, gain)
    X, Y = np.array([[1.0, 2.0]]), np.array([[0.0]])
    a = analyse(net, X, Y)
    deltas = a.hidden_delta
    np.testing.assert_allclose(deltas[:-1] / deltas[1:], gain, rtol=1e-12)
    assert a.delta_span == pytest.approx(gain ** (depth - 1), rel=1e-12)
    assert a.factor == pytest.approx(gain, rel=1e-12)
    np.testing.assert_allclose(a.weight_gain, [gain] * (depth - 1) + [np.sqrt(2)], rtol=1e-12)
    np.testing.assert_allclose(a.slope_gain, 1.0)
    np.testing.assert_allclose(a.mean_slope, 1.0)


def test_saturated_fraction_counts_the_flat_tails():
    a = np.array([[0.5, 0.999, 0.0001, 0.7]])
    assert saturated_fraction(a, "sigmoid") == pytest.approx(0.5)
    t = np.array([[0.995, -0.999, 0.5, 0.0]])
    assert saturated_fraction(t, "tanh") == pytest.approx(0.5)
    assert np.isnan(saturated_fraction(a, "relu"))


def test_dead_fraction_counts_units_off_for_every_sample():
    z = np.array([[-1.0, 2.0, 0.0], [-3.0, -1.0, 0.0]])
    assert dead_fraction(z, "relu") == pytest.approx(2 / 3)
    assert np.isnan(dead_fraction(z, "tanh"))


def test_layer_report_finds_the_dead_relu_and_the_saturated_sigmoid():
    net = Network([1, 2, 1], "relu", "linear", "mse", init="zeros")
    net.weights = [np.array([[1.0, -1.0]]), np.array([[1.0], [1.0]])]
    r = layer_report(net, np.array([[1.0], [2.0]]), np.array([[0.0], [0.0]]))
    assert r.dead[0] == pytest.approx(0.5)
    sig = Network([1, 4, 1], "sigmoid", "linear", "mse", init="zeros")
    sig.weights = [np.array([[100.0, -100.0, 0.0, 0.1]]), np.ones((4, 1))]
    r = layer_report(sig, np.array([[1.0], [2.0]]), np.array([[0.0], [0.0]]))
    assert r.saturated[0] == pytest.approx(0.5)


def test_analyse_report_matches_layer_report():
    net = Network([2, 16, 16, 16, 1], "tanh", "sigmoid", "bce", init="xavier", seed=3)
    X = np.random.default_rng(0).normal(size=(40, 2))
    Y = (X[:, :1] > 0).astype(float)
    a, r = analyse(net, X, Y).report, layer_report(net, X, Y)
    for field in ("grad_norms", "bias_grad_norms", "weight_norms", "delta_norms", "act_mean"):
        np.testing.assert_allclose(getattr(a, field), getattr(r, field), rtol=1e-12)
    assert a.loss == pytest.approx(r.loss)


def test_activation_percentiles_are_ordered_per_layer():
    net = Network([2, 8, 8, 8, 1], "tanh", "sigmoid", "bce", init="xavier", seed=1)
    X = np.random.default_rng(1).normal(size=(50, 2))
    box = analyse(net, X, (X[:, :1] > 0).astype(float)).box
    assert box.shape == (5, 3)
    assert np.all(np.diff(box, axis=0) >= 0)


# -- symmetry -------------------------------------------------------------------------------
def test_zero_init_stays_symmetric_through_training():
    s = DepthSettings(depth=4, width=8, activation="sigmoid", init="zeros")
    r = run_lab(s, epochs=60)
    assert not r.symmetry_init.broken and not r.symmetry_trained.broken
    np.testing.assert_array_equal(r.symmetry_trained.distinct, 1)
    np.testing.assert_array_equal(r.symmetry_trained.spread, 0.0)
    assert r.symmetry_trained.weight_norms[-2] > 0  # the weights did move, all alike
    assert r.verdict.kind == "symmetric"


def test_random_init_units_are_all_distinct():
    net = Network([2, 8, 8, 1], "relu", "sigmoid", "bce", init="he", seed=0)
    sym = symmetry(net.weights, net.biases)
    np.testing.assert_array_equal(sym.distinct, [8, 8])
    assert sym.broken and np.all(sym.spread > 0)


# -- thresholds and the verdict -------------------------------------------------------------
@pytest.mark.parametrize(
    ("span", "level"),
    [
        (1.0, "success"),
        (1.0 / WARN_SPAN, "success"),
        (0.5 / WARN_SPAN, "warning"),
        (1.0 / ERROR_SPAN, "warning"),
        (0.5 / ERROR_SPAN, "error"),
        (WARN_SPAN, "success"),
        (2 * WARN_SPAN, "warning"),
        (2 * ERROR_SPAN, "error"),
        (0.0, "error"),
        (float("nan"), "error"),
        (float("inf"), "error"),
    ],
)
def test_span_level_thresholds(span, level):
    assert span_level(span) == level


def _verdict_of(net: Network, history: History | None = None, **settings):
    X, Y = np.array([[1.0, 2.0], [0.5, -1.0]]), np.array([[0.0], [1.0]])
    s = DepthSettings(depth=net.n_layers - 1, width=net.sizes[1], **settings)
    return verdict(analyse(net, X, Y), symmetry(net.weights, net.biases), history, s)


@pytest.mark.parametrize(
    ("gain", "kind", "level"),
    [
        (0.01, "vanishing", "error"),  # 0.01^4 = 1e-8
        (0.2, "vanishing", "warning"),  # 0.2^4 = 1.6e-3
        (1.0, "healthy", "success"),
        (0.7, "healthy", "success"),  # 0.24
        (5.0, "exploding", "warning"),  # 625
        (30.0, "exploding", "error"),  # 8.1e5
    ],
)
def test_verdict_from_a_known_gain_per_layer(gain, kind, level):
    v = _verdict_of(diagonal(5, gain), activation="linear")
    assert (v.kind, v.level) == (kind, level), v.figures


def test_vanishing_figures_are_the_gain_per_layer_and_its_power():
    v = _verdict_of(diagonal(5, 0.01), activation="linear")
    assert v.figures["factor"] == pytest.approx(0.01) and v.figures["span"] == pytest.approx(1e-8)
    assert v.figures["depth"] == 5 and not v.figures["grads_level"]


def test_exploding_figures_carry_the_growth_per_layer():
    v = _verdict_of(diagonal(5, 40.0), activation="linear")
    assert v.kind == "exploding" and v.figures["factor"] == pytest.approx(40.0)


def test_overflow_is_named():
    v = _verdict_of(diagonal(4, 1e200), activation="linear")
    assert (v.kind, v.level) == ("overflow", "error")


def test_a_layer_of_dead_relus_is_named():
    net = Network([2, 2, 2, 1], "relu", "linear", "mse", init="zeros")
    net.weights = [np.eye(2), -np.eye(2), np.ones((2, 1))]
    v = _verdict_of(net, activation="relu")
    assert v.kind == "dead" and v.figures["dead_layer"] == 2


def test_divergence_and_a_rising_loss_are_named_when_gradients_are_balanced():
    net = diagonal(4, 1.0)
    diverged = History(
        train_loss=[1.0, 5.0], diverged=Divergence(1, "the loss overflowed", "loss_limit")
    )
    assert _verdict_of(net, diverged, activation="linear").kind == "diverged"
    rising = History(train_loss=[1.0, 2.0, 3.0])
    assert _verdict_of(net, rising, activation="linear").kind == "unstable"
    falling = History(train_loss=[1.0, 0.5, 0.1])
    v = _verdict_of(net, falling, activation="linear")
    assert v.kind == "healthy"
    assert (v.figures["loss_first"], v.figures["loss_last"]) == (1.0, 0.1)


@pytest.mark.parametrize(
    ("settings", "kind"),
    [
        (DepthSettings(depth=30, activation="sigmoid", init="xavier"), "vanishing"),
        (DepthSettings(activation="relu", init="large"), "exploding"),
        (DepthSettings(depth=30, activation="relu", init="he"), "healthy"),
        (DepthSettings(activation="tanh", init="small"), "vanishing"),
        (DepthSettings(activation="relu", init="zeros"), "symmetric"),
    ],
)
def test_the_lab_settings_get_the_textbook_verdicts(settings, kind):
    assert run_lab(settings, epochs=20).verdict.kind == kind


def test_remedies_fix_the_sigmoid_vanishing_default():
    s = DepthSettings(depth=30)
    v = run_lab(s, epochs=5).verdict
    assert v.kind == "vanishing" and v.remedies == ("relu",)
    assert run_lab(apply_remedy(s, v.remedies[0]), epochs=5).verdict.kind == "healthy"


# -- remedies and the cost cap --------------------------------------------------------------
LR_CHOICES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)


def test_apply_remedy():
    s = DepthSettings(activation="sigmoid", init="large", init_scale=4.0, lr=0.1)
    assert apply_remedy(s, "relu") == s.replace(activation="relu", init="he", init_scale=1.0)
    assert apply_remedy(s, "xavier").init == "xavier"
    assert apply_remedy(s, "clip").clip == 1.0
    assert apply_remedy(s, "lower_lr", LR_CHOICES).lr == 0.03
    assert apply_remedy(s.replace(lr=0.001), "lower_lr", LR_CHOICES).lr == 0.001
    assert apply_remedy(s, "lower_lr").lr == pytest.approx(0.1 / 3)
    assert apply_remedy(s, "nonsense") == s


def test_epoch_budget_comes_from_the_apps_limits():
    assert epochs_for(DepthSettings()) == MAX_EPOCHS
    big = DepthSettings(depth=50, width=128)
    n = epochs_for(big)
    assert n == int(LIMITS.max_work // big.run_config().work_per_epoch()) and n <= 20
    assert epochs_for(big, dataclasses.replace(LIMITS, max_work=LIMITS.max_work / 2)) < n
