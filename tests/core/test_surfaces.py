"""Every surface's gradient against central differences; the network surface against the engine."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_core import Network
from backprop_core.surfaces import SURFACE_KEYS, NeuronSurface, make_surface

H = 1e-6


def central_difference(surface, x: float, y: float) -> np.ndarray:
    f = surface.value
    return np.array(
        [
            (f(np.float64(x + H), np.float64(y)) - f(np.float64(x - H), np.float64(y))) / (2 * H),
            (f(np.float64(x), np.float64(y + H)) - f(np.float64(x), np.float64(y - H))) / (2 * H),
        ]
    )


@pytest.mark.parametrize("key", SURFACE_KEYS)
def test_gradient_matches_central_differences(key):
    surface = make_surface(key, a=0.7, b=13.0)
    rng = np.random.default_rng(3)
    x_lo, x_hi, y_lo, y_hi = surface.box
    for x, y in zip(rng.uniform(x_lo, x_hi, 8), rng.uniform(y_lo, y_hi, 8)):
        _, grad = surface.loss_and_grad(np.array([x, y]))
        numeric = central_difference(surface, x, y)
        np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-6 * (1 + abs(numeric).max()))


@pytest.mark.parametrize("key", SURFACE_KEYS)
def test_grid_is_the_pointwise_surface_with_rows_as_y(key):
    surface = make_surface(key)
    xs, ys, Z = surface.grid(7)
    assert xs.shape == ys.shape == (7,) and Z.shape == (7, 7)
    assert (xs[0], xs[-1], ys[0], ys[-1]) == surface.box
    for i, j in [(0, 6), (3, 1), (6, 0)]:
        value, _ = surface.loss_and_grad(np.array([xs[j], ys[i]]))
        assert Z[i, j] == pytest.approx(value, rel=1e-12)
    gx, gy = surface.gradient(*np.meshgrid(xs, ys))  # vectorised gradient, same orientation
    _, g = surface.loss_and_grad(np.array([xs[5], ys[2]]))
    np.testing.assert_allclose([gx[2, 5], gy[2, 5]], g, rtol=1e-12)


@pytest.mark.parametrize("key", ["quadratic", "rosenbrock", "valley"])
def test_the_known_minimum_is_zero_with_zero_gradient(key):
    surface = make_surface(key)
    value, grad = surface.loss_and_grad(np.array(surface.minimum))
    assert value == 0 and np.all(grad == 0)


def test_saddle_is_a_saddle_between_two_minima():
    s = make_surface("saddle")
    value, grad = s.loss_and_grad(np.array([0.0, 0.0]))
    assert value == 0.25 and np.all(grad == 0)
    assert s.value(np.float64(0.1), np.float64(0.0)) < 0.25 < s.value(np.float64(0.0), 0.1)
    for x in (-1.0, 1.0):
        assert s.loss_and_grad(np.array([x, 0.0]))[0] == 0


def test_network_surface_is_the_engines_loss_and_backward_pass():
    s = make_surface("network")
    assert isinstance(s, NeuronSurface) and s.n_samples == len(s.Y) > 10
    w = np.array([0.8, -1.3])
    net = Network([2, 1], output_activation="sigmoid", loss="bce")
    net.weights = [w.reshape(2, 1).copy()]
    net.biases = [np.array([s.bias])]
    loss, grads, _ = net.loss_and_grads(s.X, s.Y)
    value, grad = s.loss_and_grad(w)
    assert value == loss
    np.testing.assert_array_equal(grad, grads.weights[0][:, 0])
    rows = np.array([0, 5, 7])
    _, g_rows = s.batch_loss_and_grad(w, rows)
    _, g_ref, _ = net.loss_and_grads(s.X[rows], s.Y[rows])
    np.testing.assert_array_equal(g_rows, g_ref.weights[0][:, 0])
    assert not np.allclose(g_rows, grad)  # a mini-batch sees a different gradient


def test_bad_surface_requests_raise_clearly():
    with pytest.raises(ValueError, match="quadratic, rosenbrock"):
        make_surface("himmelblau")
    with pytest.raises(ValueError, match="a > 0"):
        make_surface("quadratic", a=0.0)
