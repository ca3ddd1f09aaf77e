"""The Network contract: seeds, no hidden mutation, clear errors, registries, initialisers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings

from backprop_core import (
    ACTIVATIONS,
    HIDDEN_ACTIVATIONS,
    INITIALISERS,
    LOSSES,
    Network,
    get_activation,
    get_initialiser,
    get_loss,
    valid_losses,
)
from backprop_core.initialisers import draw
from backprop_core.network import Workspace, backward_pass, forward_pass

from .nets import Case, cases

ROOT = Path(__file__).resolve().parents[2]


def test_contract_example_from_the_design():
    net = Network([2, 3, 1], hidden_activation="tanh", output_activation="sigmoid", loss="bce")
    assert [W.shape for W in net.weights] == [(2, 3), (3, 1)]
    assert [b.shape for b in net.biases] == [(3,), (1,)]
    assert all(np.array_equal(b, np.zeros_like(b)) for b in net.biases)
    X = np.array([[0.5, -1.0], [2.0, 0.0]])
    trace = net.forward(X)
    assert trace.activations[0] is X or np.array_equal(trace.activations[0], X)
    assert len(trace.pre_activations) == 2 and len(trace.activations) == 3
    z0 = X @ net.weights[0] + net.biases[0]
    np.testing.assert_allclose(trace.pre_activations[0], z0, rtol=1e-15)
    np.testing.assert_allclose(trace.activations[1], np.tanh(z0), rtol=1e-15)
    z1 = trace.activations[1] @ net.weights[1] + net.biases[1]
    np.testing.assert_allclose(trace.output, 1 / (1 + np.exp(-z1)), rtol=1e-15)
    assert trace.output is trace.activations[-1]
    loss = net.loss(trace, np.array([[1.0], [0.0]]))
    assert isinstance(loss, float)


def test_same_seed_same_weights_different_seed_different_weights():
    for init in INITIALISERS:
        a = Network([3, 4, 2], init=init, seed=7)
        b = Network([3, 4, 2], init=init, seed=7)
        c = Network([3, 4, 2], init=init, seed=8)
        assert all(np.array_equal(x, y) for x, y in zip(a.weights, b.weights))
        if init != "zeros":
            assert not np.array_equal(a.weights[0], c.weights[0])


def test_weights_come_from_default_rng_of_the_seed():
    net = Network([2, 3, 4], init="large", seed=11)
    rng = np.random.default_rng(11)
    np.testing.assert_array_equal(net.weights[0], rng.normal(0.0, 1.0, (2, 3)))
    np.testing.assert_array_equal(net.weights[1], rng.normal(0.0, 1.0, (3, 4)))


@pytest.mark.parametrize(
    "init, var",
    [
        ("small", lambda fi, fo: 0.01**2),
        ("xavier", lambda fi, fo: 2.0 / (fi + fo)),
        ("he", lambda fi, fo: 2.0 / fi),
        ("large", lambda fi, fo: 1.0),
    ],
)
def test_initialiser_variances(init, var):
    fi, fo = 300, 200
    rng = np.random.default_rng(0)
    W = get_initialiser(init)(fi, fo, rng)
    assert W.shape == (fi, fo)
    assert abs(W.mean()) < 4 * np.sqrt(var(fi, fo) / W.size)
    assert W.var() == pytest.approx(var(fi, fo), rel=0.02)  # 60 000 draws: ±0.6 % (1σ)
    W2 = draw(get_initialiser(init), fi, fo, np.random.default_rng(0), scale=3.0)
    np.testing.assert_allclose(W2, 3.0 * W, rtol=1e-12)


def test_zeros_initialiser_and_scale():
    assert not np.any(get_initialiser("zeros")(3, 2, np.random.default_rng(0)))
    net = Network([2, 2], init="xavier", seed=0, init_scale=0.0)
    assert not np.any(net.weights[0])


@settings(max_examples=40)
@given(cases(max_depth=3))
def test_forward_and_backward_mutate_nothing(case: Case):
    net, X, Y = case.net, case.X, case.Y
    params = [p.copy() for p in net.parameters()]
    X0, Y0 = X.copy(), Y.copy()
    trace = net.forward(X)
    saved = [a.copy() for a in trace.pre_activations + trace.activations]
    net.loss(trace, Y)
    grads = net.backward(trace, Y)
    net.backward(trace, Y)
    assert np.array_equal(X, X0) and np.array_equal(Y, Y0)
    assert all(np.array_equal(p, q) for p, q in zip(params, net.parameters()))
    assert all(
        np.array_equal(a, b) for a, b in zip(saved, trace.pre_activations + trace.activations)
    )
    # and the gradients do not alias the parameters or the trace
    for g in grads.weights + grads.biases:
        assert not any(np.shares_memory(g, p) for p in net.parameters())


def test_step_is_plain_gradient_descent_and_leaves_old_arrays_alone():
    net = Network([2, 3, 1], "tanh", "sigmoid", "bce", seed=0)
    X, Y = np.array([[1.0, 2.0]]), np.array([[1.0]])
    old_w = net.weights
    old_copy = [W.copy() for W in old_w]
    grads = net.backward(net.forward(X), Y)
    net.step(grads, 0.5)
    for W, W0, g in zip(net.weights, old_copy, grads.weights):
        np.testing.assert_array_equal(W, W0 - 0.5 * g)
    assert all(np.array_equal(a, b) for a, b in zip(old_w, old_copy))


def test_parameters_can_be_replaced_and_edited_like_lists():
    net = Network([2, 2, 1], seed=0)
    net.weights[0] = np.array([[1.0, 0.0], [0.0, 1.0]])
    net.weights[1][0, 0] = 2.0
    net.biases = [np.array([0.5, -0.5]), np.array([1.0])]
    X = np.array([[1.0, 1.0]])
    z0 = np.array([[1.5, 0.5]])
    np.testing.assert_allclose(net.forward(X).pre_activations[0], z0)
    copy = net.copy()
    copy.weights[0][0, 0] = 9.0
    assert net.weights[0][0, 0] == 1.0
    assert net.set_parameters(copy.parameters()) is None
    assert net.weights[0][0, 0] == 9.0


@pytest.mark.parametrize(
    "X, message",
    [
        (np.zeros((4, 3)), r"\(batch, 2\), got \(4, 3\)"),
        (np.zeros(2), r"\(batch, 2\), got \(2,\)"),
        (np.zeros((1, 1, 2)), r"\(batch, 2\), got \(1, 1, 2\)"),
    ],
)
def test_wrong_input_shape_names_expected_and_actual(X, message):
    net = Network([2, 3, 1], seed=0)
    with pytest.raises(ValueError, match=message):
        net.forward(X)


def test_wrong_target_shape_names_expected_and_actual():
    net = Network([2, 3, 2], "tanh", "softmax", "cross_entropy", seed=0)
    trace = net.forward(np.zeros((4, 2)))
    with pytest.raises(ValueError, match=r"\(batch, 2\), got \(4, 1\)"):
        net.loss(trace, np.zeros((4, 1)))
    with pytest.raises(ValueError, match=r"\(4, 2\).*got \(3, 2\)"):
        net.backward(trace, np.zeros((3, 2)))


def test_lists_are_accepted_as_arrays():
    net = Network([2, 1], "linear", "linear", "mse", seed=0)
    trace = net.forward([[1, 2], [3, 4]])
    assert trace.output.shape == (2, 1)
    assert np.isfinite(net.loss(trace, [[0], [1]]))


@pytest.mark.parametrize(
    "out, loss",
    [("linear", "bce"), ("tanh", "bce"), ("softmax", "mse"), ("sigmoid", "cross_entropy")],
)
def test_invalid_pairing_names_the_valid_choices(out, loss):
    with pytest.raises(ValueError) as err:
        Network([2, 2], "tanh", out, loss)
    text = str(err.value)
    assert loss in text and out in text
    for choice in get_loss(loss).outputs:
        assert choice in text
    for choice in valid_losses(out):
        assert choice in text


@pytest.mark.parametrize(
    "kwargs, names",
    [
        ({"hidden_activation": "swish"}, ACTIVATIONS),
        ({"output_activation": "swish"}, ACTIVATIONS),
        ({"loss": "hinge"}, LOSSES),
        ({"init": "orthogonal"}, INITIALISERS),
    ],
)
def test_unknown_names_list_the_choices(kwargs, names):
    with pytest.raises(ValueError) as err:
        Network([2, 2], **kwargs)
    assert all(name in str(err.value) for name in names)


def test_softmax_is_output_only_and_sizes_are_checked():
    with pytest.raises(ValueError, match="output"):
        Network([2, 2, 2], "softmax", "softmax", "cross_entropy")
    for sizes in ([2], [2, 0, 1], []):
        with pytest.raises(ValueError):
            Network(sizes)


def test_registries_are_what_the_ui_shows():
    assert set(HIDDEN_ACTIVATIONS) == {
        "sigmoid",
        "tanh",
        "relu",
        "leaky_relu",
        "elu",
        "softplus",
        "linear",
    }
    assert set(ACTIVATIONS) == {*HIDDEN_ACTIVATIONS, "softmax"}
    assert set(LOSSES) == {"mse", "bce", "cross_entropy"}
    assert set(INITIALISERS) == {"zeros", "small", "xavier", "he", "large"}
    assert valid_losses("sigmoid") == ("mse", "bce")
    assert valid_losses("softmax") == ("cross_entropy",)
    assert get_activation("leaky_relu").forward(np.array([-2.0]))[0] == -0.02
    assert get_activation("elu").forward(np.array([-np.inf]))[0] == -1.0


def test_importing_the_core_pulls_in_neither_streamlit_nor_plotly():
    code = (
        "import importlib, pkgutil, sys\n"
        "import backprop_core\n"
        "for m in pkgutil.iter_modules(backprop_core.__path__):\n"
        "    importlib.import_module('backprop_core.' + m.name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('streamlit', 'plotly'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""
    # the subprocess really had the choice: streamlit is installed in this environment
    found = subprocess.run(
        [sys.executable, "-c", "import streamlit, plotly"], cwd=ROOT, capture_output=True
    )
    assert found.returncode == 0


@settings(max_examples=40)
@given(cases(max_depth=4))
def test_backward_into_kept_buffers_gives_the_same_numbers(case: Case):
    """The trainer's path (output buffers + a Workspace, twice so the buffers are reused) is the
    plain backward pass, bit for bit, and really writes into the arrays it was given."""
    net, X, Y = case.net, case.X, case.Y
    trace = net.forward(X)
    plain = net.backward(trace, Y)
    work = Workspace()
    dW = [np.empty_like(W) for W in net.weights]
    db = [np.empty_like(b) for b in net.biases]
    for _ in range(2):
        kept = backward_pass(net, forward_pass(net, X, work, "t"), Y, into=(dW, db), work=work)
    assert all(a is b for a, b in zip(kept.weights + kept.biases, dW + db))
    for mine, theirs in [
        (kept.weights, plain.weights),
        (kept.biases, plain.biases),
        (kept.deltas, plain.deltas),
        (kept.grad_inputs[1:], plain.grad_inputs[1:]),
    ]:
        assert all(np.array_equal(a, b) for a, b in zip(mine, theirs))
    # what each layer hands down is δ Wᵀ; the first layer hands nothing (no ∂L/∂X)
    assert plain.grad_inputs[0] is None and kept.grad_inputs[0] is None
    for l in range(1, net.n_layers):
        np.testing.assert_array_equal(plain.grad_inputs[l], plain.deltas[l] @ net.weights[l].T)
    assert net.parameter_shapes() == [p.shape for p in net.parameters()]
