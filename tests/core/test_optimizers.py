"""Update rules against updates written out by hand, step by step, with plain Python floats."""

from __future__ import annotations

import math

import numpy as np
import pytest

from backprop_core import (
    OPTIMIZERS,
    Adam,
    Momentum,
    Network,
    Trainer,
    clip_by_global_norm,
    make_optimizer,
)
from backprop_core.optimizers import SGD, global_norm
from backprop_core.regularisation import Penalty

# three steps of gradients for a two-number parameter
P0 = [0.5, -1.5]
GRADS = [[0.2, -0.4], [-1.0, 0.05], [0.3, 0.3]]


def run(opt, grads=GRADS, p0=P0) -> list[list[float]]:
    """Apply ``opt`` to a parameter array, one gradient per step; the value after each step."""
    p = np.array(p0)
    state = opt.init([p])
    seen = []
    for g in grads:
        opt.update([p], [np.array(g)], state)
        seen.append(p.tolist())
    return seen


def test_sgd_by_hand():
    lr = 0.1
    # θ1 = θ0 − η g1, …
    expected = [[0.5 - 0.02, -1.5 + 0.04]]
    expected.append([expected[0][0] + 0.1, expected[0][1] - 0.005])
    expected.append([expected[1][0] - 0.03, expected[1][1] - 0.03])
    np.testing.assert_allclose(run(SGD(lr)), expected, rtol=1e-15)


def test_momentum_by_hand():
    lr, beta = 0.1, 0.9
    theta, v, expected = list(P0), [0.0, 0.0], []
    for g in GRADS:
        v = [beta * vi - lr * gi for vi, gi in zip(v, g)]
        theta = [t + vi for t, vi in zip(theta, v)]
        expected.append(theta)
    # written out for the first coordinate: v1 = −0.02, v2 = −0.018 + 0.1, v3 = 0.9·v2 − 0.03
    v1 = -0.02
    v2 = 0.9 * v1 + 0.1
    v3 = 0.9 * v2 - 0.03
    assert expected[2][0] == pytest.approx(0.5 + v1 + v2 + v3, rel=1e-15)
    np.testing.assert_allclose(run(Momentum(lr)), expected, rtol=1e-14)


def test_adam_by_hand():
    lr, b1, b2, eps = 0.01, 0.9, 0.999, 1e-8
    theta, m, s, expected = list(P0), [0.0, 0.0], [0.0, 0.0], []
    for t, g in enumerate(GRADS, start=1):
        m = [b1 * mi + (1 - b1) * gi for mi, gi in zip(m, g)]
        s = [b2 * si + (1 - b2) * gi * gi for si, gi in zip(s, g)]
        m_hat = [mi / (1 - b1**t) for mi in m]
        s_hat = [si / (1 - b2**t) for si in s]
        theta = [th - lr * mh / (math.sqrt(sh) + eps) for th, mh, sh in zip(theta, m_hat, s_hat)]
        expected.append(theta)
    # Adam's first step moves every coordinate by ≈ η·sign(g), whatever the gradient's size
    assert expected[0][0] == pytest.approx(0.5 - 0.01, abs=1e-9)
    assert expected[0][1] == pytest.approx(-1.5 + 0.01, abs=1e-9)
    np.testing.assert_allclose(run(Adam(lr)), expected, rtol=1e-14)


def test_adam_state_is_explicit_and_counts_steps():
    opt = Adam(0.01)
    p = np.zeros(2)
    state = opt.init([p])
    assert state["t"] == 0
    opt.update([p], [np.ones(2)], state)
    opt.update([p], [np.ones(2)], state)
    assert state["t"] == 2
    np.testing.assert_allclose(state["m"][0], [0.19, 0.19])  # 0.1, then 0.9·0.1 + 0.1


def test_make_optimizer():
    assert set(OPTIMIZERS) == {"sgd", "momentum", "rmsprop", "adam"}
    for name in OPTIMIZERS:
        opt = make_optimizer(name, 0.25)
        assert opt.name == name and opt.lr == 0.25 and opt.latex
    with pytest.raises(ValueError, match="sgd, momentum, rmsprop, adam"):
        make_optimizer("adagrad", 0.1)


def test_weight_decay_adds_lambda_w_to_weights_only():
    W = [np.array([[1.0, -2.0]]), np.array([[3.0]])]
    g = [np.array([[0.5, 0.5]]), np.array([[0.0]])]
    out = [Penalty(0.1).gradient(gi, Wi) for gi, Wi in zip(g, W)]
    np.testing.assert_allclose(out[0], [[0.6, 0.3]])
    np.testing.assert_allclose(out[1], [[0.3]])
    assert Penalty(0.0).gradient(g[0], W[0]) is g[0]
    np.testing.assert_array_equal(g[0], [[0.5, 0.5]])  # gradient() leaves its input alone
    # in place, as the trainer adds it to its flat buffer: the very same numbers
    inplace = g[0].copy()
    assert Penalty(0.1).add_gradient(inplace, W[0]) is inplace
    np.testing.assert_array_equal(inplace, out[0])
    assert not Penalty(0.0) and Penalty(0.1)


def test_trainer_applies_l2_to_weights_not_biases():
    """One full-batch SGD step with L2 = plain gradient + λW on the weights, nothing on b."""
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(5, 2)), rng.normal(size=(5, 1))
    net = Network([2, 3, 1], "tanh", "linear", "mse", seed=2)
    ref = net.copy()
    lr, l2 = 0.1, 0.05
    Trainer(net, X, Y, optimizer=SGD(lr), l2=l2).run(1)
    grads = ref.backward(ref.forward(X), Y)
    for W, W0, g in zip(net.weights, ref.weights, grads.weights):
        np.testing.assert_allclose(W, W0 - lr * (g + l2 * W0), rtol=1e-14)
    for b, b0, g in zip(net.biases, ref.biases, grads.biases):
        np.testing.assert_allclose(b, b0 - lr * g, rtol=1e-14)


def test_clip_by_global_norm():
    g = [np.array([3.0, 0.0]), np.array([[0.0], [4.0]])]  # ‖g‖ = 5
    assert global_norm(g) == 5.0
    clipped, norm = clip_by_global_norm(g, 1.0)
    assert norm == 5.0
    np.testing.assert_allclose(clipped[0], [0.6, 0.0])
    np.testing.assert_allclose(clipped[1], [[0.0], [0.8]])
    assert global_norm(clipped) == pytest.approx(1.0)
    np.testing.assert_array_equal(g[0], [3.0, 0.0])  # the input is left alone
    same, norm = clip_by_global_norm(g, 10.0)  # under the limit: unchanged
    assert norm == 5.0 and all(a is b for a, b in zip(same, g))
    same, _ = clip_by_global_norm(g, 0.0)  # 0 means "no clipping"
    assert all(a is b for a, b in zip(same, g))
    with np.errstate(all="ignore"):
        bad = [np.array([np.inf, 1.0])]
        out, norm = clip_by_global_norm(bad, 1.0)
    assert not np.isfinite(norm) and out[0] is bad[0]


def test_trainer_clips_the_update_but_records_the_raw_gradient_norm():
    rng = np.random.default_rng(1)
    X, Y = rng.normal(size=(8, 2)), 10 * rng.normal(size=(8, 1))
    net = Network([2, 4, 1], "tanh", "linear", "mse", "large", seed=1)
    ref = net.copy()
    trainer = Trainer(net, X, Y, optimizer=SGD(0.1), clip_norm=0.5)
    trainer.run(1)
    grads = ref.backward(ref.forward(X), Y)
    flat = grads.weights + grads.biases
    norm = global_norm(flat)
    assert norm > 0.5  # so clipping really happened
    for p, p0, g in zip(net.parameters(), ref.parameters(), flat):
        np.testing.assert_allclose(p, p0 - 0.1 * g * (0.5 / norm), rtol=1e-13)
    raw = [float(np.linalg.norm(g)) for g in grads.weights]
    np.testing.assert_allclose(trainer.history.grad_norms[1], raw, rtol=1e-13)
