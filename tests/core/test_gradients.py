"""Backward gradients against central differences, over hypothesis-generated networks."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_core import (
    ACTIVATIONS,
    HIDDEN_ACTIVATIONS,
    LOSSES,
    Network,
    numerical_gradient,
    numerical_partial,
    rel_error,
    valid_losses,
)
from backprop_core.activations import get_activation

from .nets import PAIRINGS, Case, assert_grads_close, cases


def check_gradients(case: Case) -> None:
    net = case.net
    trace = net.forward(case.X)
    loss = net.loss(trace, case.Y)
    grads = net.backward(trace, case.Y)
    numeric = numerical_gradient(net, case.X, case.Y)
    # central differences carry ≈ ε·|L|/h of rounding noise, so the absolute floor scales
    # with the loss; everything else must agree to 1e-5 relative
    assert_grads_close(grads, numeric, rtol=1e-5, atol=1e-8 * (1.0 + abs(loss)))
    flat_a = np.concatenate([g.ravel() for g in grads.weights + grads.biases])
    flat_n = np.concatenate([g.ravel() for g in numeric.weights + numeric.biases])
    # and as one vector: rel_error-style, but on norms so that a few tiny entries (a saturated
    # tanh output has f' ≈ 1e-5, so its gradients are mostly rounding noise) cannot dominate
    whole = np.linalg.norm(flat_a - flat_n) / max(np.linalg.norm(flat_a + flat_n), 1e-300)
    assert whole < 1e-5 or np.linalg.norm(flat_a - flat_n) < 1e-8 * (1.0 + abs(loss))


def test_pairings_cover_every_valid_choice():
    expected = {(loss, out) for out in ACTIVATIONS for loss in valid_losses(out)}
    assert set(PAIRINGS) == expected
    assert {out for _, out in PAIRINGS} == set(ACTIVATIONS)
    assert {loss for loss, _ in PAIRINGS} == set(LOSSES)


@settings(max_examples=300)
@given(cases())
def test_backward_matches_central_differences(case: Case):
    check_gradients(case)


@pytest.mark.parametrize("hidden", HIDDEN_ACTIVATIONS)
@pytest.mark.parametrize("pairing", PAIRINGS, ids=lambda p: f"{p[1]}+{p[0]}")
@settings(max_examples=4)
@given(data=st.data())
def test_every_hidden_activation_with_every_pairing(hidden, pairing, data):
    """The full grid, so no combination is left to chance: 7 hidden × 9 output/loss pairs."""
    check_gradients(data.draw(cases(max_depth=3, max_width=4, hidden=hidden, pairing=pairing)))


@settings(max_examples=60)
@given(cases(max_depth=3, max_width=4, max_batch=4))
def test_deltas_are_dL_dz(case: Case):
    """δ_l = ∂L/∂z_l: nudge one z, replay the rest of the network from there."""
    net, X, Y = case.net, case.X, case.Y
    trace = net.forward(X)
    grads = net.backward(trace, Y)
    assert len(grads.deltas) == net.n_layers
    loss = net.loss(trace, Y)
    h = 1e-6
    for l, z in enumerate(trace.pre_activations):
        assert grads.deltas[l].shape == z.shape == (len(X), net.sizes[l + 1])
        numeric = np.zeros_like(z)
        for idx in np.ndindex(z.shape):
            probes = []
            for sign in (1.0, -1.0):
                zz = z.copy()
                zz[idx] += sign * h
                probes.append(loss_from_layer(net, l, zz, Y))
            numeric[idx] = (probes[0] - probes[1]) / (2 * h)
        np.testing.assert_allclose(grads.deltas[l], numeric, rtol=1e-5, atol=1e-8 * (1 + loss))


def loss_from_layer(net: Network, l: int, z: np.ndarray, Y: np.ndarray) -> float:
    """The loss when layer ``l``'s pre-activations are replaced by ``z``: an independent
    forward from that point on, written here rather than borrowed from the network."""
    for k in range(l, net.n_layers):
        a = net.activation_of(k).forward(z)
        if k == net.n_layers - 1:
            return net.loss_fn.value(z, a, Y)
        z = a @ net.weights[k + 1] + net.biases[k + 1]
    raise AssertionError("unreachable")


def test_gradient_shapes_match_parameters():
    net = Network([3, 5, 4, 2], "tanh", "softmax", "cross_entropy", seed=1)
    X = np.random.default_rng(0).normal(size=(7, 3))
    Y = np.eye(2)[[0, 1, 1, 0, 1, 0, 0]]
    grads = net.backward(net.forward(X), Y)
    assert [g.shape for g in grads.weights] == [W.shape for W in net.weights]
    assert [g.shape for g in grads.biases] == [b.shape for b in net.biases]
    assert [d.shape for d in grads.deltas] == [(7, 5), (7, 4), (7, 2)]
    assert all(g.dtype == np.float64 for g in grads.weights + grads.biases)


def test_fused_output_delta_is_y_hat_minus_y_over_n():
    X = np.array([[0.3, -1.2], [2.0, 0.5], [-0.7, 0.1]])
    net = Network([2, 3, 1], "tanh", "sigmoid", "bce", seed=3)
    Y = np.array([[1.0], [0.0], [1.0]])
    trace = net.forward(X)
    np.testing.assert_array_equal(net.backward(trace, Y).deltas[-1], (trace.output - Y) / 3)
    net = Network([2, 3, 3], "tanh", "softmax", "cross_entropy", seed=3)
    Y = np.eye(3)[[0, 2, 1]]
    trace = net.forward(X)
    np.testing.assert_array_equal(net.backward(trace, Y).deltas[-1], (trace.output - Y) / 3)


def test_mse_is_mean_over_all_elements():
    net = Network([1, 2], "linear", "linear", "mse", "zeros", seed=0)
    net.biases = [np.array([1.0, -2.0])]
    trace = net.forward(np.zeros((3, 1)))
    Y = np.array([[0.0, 0.0], [1.0, -2.0], [3.0, 0.0]])
    # errors: (1, -2), (0, 0), (-2, -2) → squares 1+4+0+0+4+4 = 13 over 6 elements
    assert net.loss(trace, Y) == pytest.approx(13 / 6, rel=1e-15)
    grads = net.backward(trace, Y)
    np.testing.assert_allclose(grads.biases[0], 2 / 6 * np.array([1 + 0 - 2, -2 + 0 - 2]))


@pytest.mark.parametrize("name", HIDDEN_ACTIVATIONS)
def test_activation_derivative_matches_central_differences(name):
    act = get_activation(name)
    z = np.concatenate([np.linspace(-6, -1e-3, 50), np.linspace(1e-3, 6, 50)])
    numeric = (act.forward(z + 1e-7) - act.forward(z - 1e-7)) / 2e-7
    np.testing.assert_allclose(act.derivative(z, act.forward(z)), numeric, rtol=1e-6, atol=1e-9)
    assert act.latex and act.derivative_latex


def test_numerical_partial_agrees_with_numerical_gradient_and_leaves_net_alone():
    net = Network([2, 3, 2], "sigmoid", "sigmoid", "mse", seed=5)
    X = np.array([[0.5, -0.25], [1.0, 2.0]])
    Y = np.array([[0.0, 1.0], [1.0, 0.0]])
    before = [p.copy() for p in net.parameters()]
    numeric = numerical_gradient(net, X, Y)
    assert numeric.deltas == []
    assert numerical_partial(net, X, Y, 1, (2, 0)) == numeric.weights[1][2, 0]
    assert numerical_partial(net, X, Y, 0, (1,), kind="bias") == numeric.biases[0][1]
    for p, q in zip(before, net.parameters()):
        np.testing.assert_array_equal(p, q)


def test_rel_error():
    assert rel_error(1.0, 1.0) == 0.0
    assert rel_error(0.0, 0.0) == 0.0
    assert rel_error(1.0, -1.0) == pytest.approx(1.0)
    assert rel_error(np.array([1.0, 2.0]), np.array([1.0, 2.0 + 4e-6])) == pytest.approx(1e-6)
    assert rel_error(1e-20, 0.0) == pytest.approx(1e-8)  # the floor keeps tiny values calm
