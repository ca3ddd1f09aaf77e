"""Extreme values stay finite and exact. pytest turns any RuntimeWarning into an error here
(pyproject: filterwarnings = error::RuntimeWarning), so a silent overflow would fail too."""

from __future__ import annotations

import math

import numpy as np
import pytest

from backprop_core import ACTIVATIONS, Network
from backprop_core.activations import sigmoid, softmax

BIG = 800.0  # e^800 overflows float64 (max ≈ e^709.8)


def output_layer_net(out: str, loss: str, z: np.ndarray) -> tuple[Network, np.ndarray]:
    """A 1-layer net whose logits are exactly ``z`` (batch, n_out): X = I, W = z, b = 0."""
    batch, n_out = z.shape
    net = Network([batch, n_out], "sigmoid", out, loss, "zeros", seed=0)
    net.weights = [z.copy()]
    return net, np.eye(batch)


@pytest.mark.parametrize("y", [0.0, 1.0, 0.25])
@pytest.mark.parametrize("z", [BIG, -BIG, 40.0, -40.0, 0.0])
def test_bce_from_logits_is_exact_and_finite(z, y):
    net, X = output_layer_net("sigmoid", "bce", np.array([[z]]))
    trace = net.forward(X)
    loss = net.loss(trace, np.array([[y]]))
    # −[y log σ(z) + (1 − y) log(1 − σ(z))] = softplus(z) − y·z; grouped so that a correct
    # prediction keeps its tiny loss (z = 40, y = 1: e^−40 ≈ 4.2e−18, not 0)
    exact = (max(z, 0.0) - y * z) + math.log1p(math.exp(-abs(z)))
    assert loss == pytest.approx(exact, rel=1e-15, abs=1e-300)
    assert loss > 0.0 or (z == -BIG and y == 0.0) or (z == BIG and y == 1.0)
    grads = net.backward(trace, np.array([[y]]))
    sig = 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0
    assert grads.deltas[0][0, 0] == pytest.approx(sig - y, rel=1e-15, abs=1e-300)
    assert all(np.all(np.isfinite(g)) for g in grads.weights + grads.biases)


def test_bce_at_800_is_800_when_wrong_and_zero_when_right():
    net, X = output_layer_net("sigmoid", "bce", np.array([[BIG], [-BIG]]).T)
    trace = net.forward(np.eye(1))
    assert net.loss(trace, np.array([[0.0, 1.0]])) == BIG  # both confidently wrong
    assert net.loss(trace, np.array([[1.0, 0.0]])) == 0.0  # both confidently right
    grads = net.backward(trace, np.array([[0.0, 1.0]]))
    np.testing.assert_array_equal(grads.deltas[0], [[0.5, -0.5]])  # (ŷ − y)/N, N = 2 elements


def test_cross_entropy_with_huge_logits_is_exact_and_finite():
    z = np.array([[BIG, -BIG, 0.0], [-BIG, -BIG, BIG], [BIG, BIG, -BIG]])
    net, X = output_layer_net("softmax", "cross_entropy", z)
    Y = np.eye(3)[[1, 2, 0]]
    trace = net.forward(X)
    # row 0: log-softmax of the target = −1600; row 1: 0; row 2: −log 2
    assert net.loss(trace, Y) == pytest.approx((1600.0 + 0.0 + math.log(2)) / 3, rel=1e-15)
    grads = net.backward(trace, Y)
    probs = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.5, 0.5, 0.0]])
    np.testing.assert_array_equal(trace.output, probs)
    np.testing.assert_array_equal(grads.deltas[0], (probs - Y) / 3)
    assert all(np.all(np.isfinite(g)) for g in grads.weights + grads.biases)


@pytest.mark.parametrize("out", ["sigmoid", "tanh", "softplus", "elu", "linear", "relu"])
def test_mse_after_saturated_outputs_is_finite(out):
    net, X = output_layer_net(out, "mse", np.array([[BIG, -BIG]]))
    trace = net.forward(np.eye(1))
    Y = np.array([[1.0, 0.0]])
    assert np.isfinite(net.loss(trace, Y))
    grads = net.backward(trace, Y)
    assert all(np.all(np.isfinite(g)) for g in grads.weights + grads.biases + grads.deltas)


def test_sigmoid_is_exact_at_the_extremes():
    z = np.array([-BIG, -40.0, -1.0, 0.0, 1.0, 40.0, BIG])
    s = sigmoid(z)
    assert s[0] == 0.0 and s[-1] == 1.0 and s[3] == 0.5
    assert s[1] == pytest.approx(math.exp(-40.0) / (1 + math.exp(-40.0)), rel=1e-15)  # not 0
    np.testing.assert_allclose(s + sigmoid(-z), 1.0, rtol=1e-15)


def test_softplus_elu_tanh_at_large_magnitudes():
    z = np.array([-BIG, -50.0, 50.0, BIG])
    sp = ACTIVATIONS["softplus"]
    np.testing.assert_allclose(sp.forward(z), [0.0, math.exp(-50.0), 50.0, BIG], rtol=1e-15)
    np.testing.assert_array_equal(sp.derivative(z, sp.forward(z))[[0, 3]], [0.0, 1.0])
    elu = ACTIVATIONS["elu"]
    a = elu.forward(z)
    np.testing.assert_array_equal(a, [-1.0, math.expm1(-50.0), 50.0, BIG])
    np.testing.assert_allclose(elu.derivative(z, a), [0.0, math.exp(-50.0), 1.0, 1.0], atol=1e-300)
    th = ACTIVATIONS["tanh"]
    np.testing.assert_array_equal(th.forward(z), [-1.0, -1.0, 1.0, 1.0])
    np.testing.assert_array_equal(th.derivative(z, th.forward(z)), 0.0)


def test_softmax_rows_sum_to_one_without_overflow():
    z = np.array([[BIG, BIG + 1.0], [-BIG, -BIG], [1e308, 1e308]])
    p = softmax(z)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    np.testing.assert_allclose(p[0], [1 / (1 + math.e), math.e / (1 + math.e)])
    np.testing.assert_array_equal(p[1], [0.5, 0.5])


def test_small_inputs_are_not_rounded_away():
    """σ(z) for z ≪ 0 keeps its relative precision (1 − σ(−z) would give exactly 0)."""
    z = np.array([-30.0, -100.0, -700.0])
    np.testing.assert_allclose(sigmoid(z), np.exp(z) / (1 + np.exp(z)), rtol=1e-14)
