"""The stepper replays forward/backward/step bit for bit; the chain rule multiplies out to the
network's own gradient for every weight and bias."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings

from backprop_core import Network, chain_rule, numerical_partial, run_step, stage_names

from .nets import Case, cases


@settings(max_examples=100)
@given(cases(max_depth=4, max_width=5))
def test_stepper_is_bit_identical_to_forward_backward_step(case: Case):
    net, X, Y = case.net, case.X, case.Y
    before_w = [W.copy() for W in net.weights]
    before_b = [b.copy() for b in net.biases]
    lr = 0.37
    run = run_step(net, X, Y, lr)
    # run_step never touches the network it was given
    for a, b in zip(before_w + before_b, net.weights + net.biases):
        assert np.array_equal(a, b)
    ref = net.copy()
    trace = ref.forward(X)
    loss = ref.loss(trace, Y)
    grads = ref.backward(trace, Y)
    ref.step(grads, lr)
    assert run.loss == loss
    for mine, theirs in [
        (run.trace.pre_activations, trace.pre_activations),
        (run.trace.activations, trace.activations),
        (run.grads.weights, grads.weights),
        (run.grads.biases, grads.biases),
        (run.grads.deltas, grads.deltas),
        (run.new_weights, ref.weights),
        (run.new_biases, ref.biases),
    ]:
        assert len(mine) == len(theirs)
        assert all(np.array_equal(a, b) for a, b in zip(mine, theirs))
    assert run.loss_after == ref.loss(ref.forward(X), Y)


@settings(max_examples=30)
@given(cases(max_depth=4, max_width=3))
def test_stages_come_in_order_with_their_numbers(case: Case):
    net, X, Y = case.net, case.X, case.Y
    L = net.n_layers
    run = run_step(net, X, Y, 0.1)
    kinds = [s.kind for s in run.stages]
    assert kinds == ["forward"] * L + ["loss", "output_delta"] + ["backward"] * L + ["update"]
    assert len(run) == 2 * L + 3 == len(stage_names(L))
    assert [s.index for s in run.stages] == list(range(2 * L + 3))
    assert [s.layer for s in run.stages] == [
        *range(L),
        None,
        L - 1,
        *range(L - 1, -1, -1),
        None,
    ]
    assert all(s.title and s.explanation for s in run.stages)
    for l, stage in enumerate(run.stages[:L]):
        assert np.array_equal(stage.values["z"], run.trace.pre_activations[l])
        assert np.array_equal(stage.values["a"], run.trace.activations[l + 1])
        assert np.array_equal(stage.values["a_prev"], run.trace.activations[l])
    assert run.stages[L].values["loss"] == run.loss
    out = run.stages[L + 1].values
    assert np.array_equal(out["delta"], run.grads.deltas[-1])
    assert out["fused"] == (net.loss_fn.name in ("bce", "cross_entropy"))
    if not out["fused"]:
        assert np.array_equal(out["delta"], out["dL_da"] * out["f_prime"])
    for stage in run.stages[L + 2 : 2 * L + 2]:
        l = stage.layer
        assert np.array_equal(stage.values["dW"], run.grads.weights[l])
        assert np.array_equal(stage.values["db"], run.grads.biases[l])
        assert np.array_equal(stage.values["delta"], run.grads.deltas[l])
        if l:
            assert np.array_equal(stage.values["delta_prev"], run.grads.deltas[l - 1])
            np.testing.assert_array_equal(
                stage.values["delta_prev"],
                stage.values["dL_da_prev"] * stage.values["f_prime_prev"],
            )
        else:
            assert "delta_prev" not in stage.values
    update = run.stages[-1].values
    assert update["loss_before"] == run.loss and update["loss_after"] == run.loss_after
    assert all(np.array_equal(a, b) for a, b in zip(update["new_weights"], run.new_weights))


def test_stage_names_read_like_the_timeline():
    assert stage_names(2) == [
        "Forward 1",
        "Forward 2",
        "Loss",
        "Output δ",
        "Backward 2",
        "Backward 1",
        "Update",
    ]


def test_a_step_reduces_the_loss_on_the_default_step_page_network():
    net = Network([2, 2, 2], "sigmoid", "sigmoid", "mse", seed=0)
    X = np.array([[0.05, 0.10]])
    Y = np.array([[0.01, 0.99]])
    run = run_step(net, X, Y, 0.5)
    assert run.loss_after < run.loss
    assert f"{run.loss:.4g}" in run.stages[-1].explanation


def check_chain_rule(net: Network, X: np.ndarray, Y: np.ndarray) -> None:
    grads = net.backward(net.forward(X), Y)
    for l, W in enumerate(net.weights):
        fan_in, fan_out = W.shape
        for j in range(fan_out):
            for i in range(fan_in):
                cr = chain_rule(net, X, Y, l, j, i)
                assert (cr.layer, cr.i, cr.j, cr.kind) == (l, i, j, "weight")
                product = np.prod([f.values for f in cr.factors], axis=0)
                np.testing.assert_allclose(cr.per_sample, product, rtol=1e-15)
                assert cr.total == pytest.approx(grads.weights[l][i, j], rel=1e-10, abs=1e-15)
            cr = chain_rule(net, X, Y, l, j, kind="bias")
            assert cr.i is None and cr.kind == "bias"
            assert cr.total == pytest.approx(grads.biases[l][j], rel=1e-10, abs=1e-15)
            output = l == net.n_layers - 1
            fused = output and net.loss_fn.name in ("bce", "cross_entropy")
            assert cr.fused == fused
            assert len(cr.factors) == (2 if fused else 3)
            if output:
                assert cr.upstream == []
            else:
                # how δ arrives: Σ_k δ_{l+1,k} W_{l+1}[j, k] is the ∂L/∂a factor
                assert len(cr.upstream) == net.weights[l + 1].shape[1]
                arriving = sum(u.delta * u.weight for u in cr.upstream)
                np.testing.assert_allclose(cr.factors[0].values, arriving, rtol=1e-12, atol=1e-18)


@settings(max_examples=40)
@given(cases(max_depth=3, max_width=3, max_batch=4))
def test_chain_rule_total_is_the_gradient_of_every_weight_and_bias(case: Case):
    check_chain_rule(case.net, case.X, case.Y)


@pytest.mark.parametrize(
    "hidden, out, loss",
    [
        ("sigmoid", "sigmoid", "mse"),  # unfused everywhere, the seed articles' network
        ("tanh", "sigmoid", "bce"),  # fused output
        ("relu", "softmax", "cross_entropy"),  # fused softmax
        ("elu", "linear", "mse"),
    ],
)
def test_chain_rule_fused_and_unfused(hidden, out, loss):
    rng = np.random.default_rng(4)
    net = Network([2, 3, 3, 2], hidden, out, loss, seed=4)
    X = rng.normal(size=(3, 2))
    Y = np.eye(2)[[0, 1, 1]] if loss != "mse" else rng.normal(size=(3, 2))
    check_chain_rule(net, X, Y)
    # and the chain-rule total is a real derivative, not just the network agreeing with itself
    cr = chain_rule(net, X, Y, 0, 1, 0)
    assert cr.total == pytest.approx(numerical_partial(net, X, Y, 0, (0, 1)), rel=1e-6, abs=1e-9)


def test_chain_rule_rejects_indices_outside_the_layer():
    net = Network([2, 3, 1], seed=0)
    X, Y = np.zeros((1, 2)), np.zeros((1, 1))
    for kwargs in (
        {"layer": 2, "j": 0, "i": 0},
        {"layer": -1, "j": 0, "i": 0},
        {"layer": 0, "j": 3, "i": 0},
        {"layer": 0, "j": 0, "i": 2},
        {"layer": 0, "j": 0},  # a weight needs its input index
    ):
        with pytest.raises(ValueError):
            chain_rule(net, X, Y, **kwargs)
