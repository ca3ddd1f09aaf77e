"""The numbers behind the Step page's two lessons, against independent oracles.

MSE vs cross-entropy: each δ against the closed forms and against Network.backward; the first
update against η·‖∇θ‖ from Network. Why backprop is cheap: parameter counts against the
parameters a Network really has.
"""

from __future__ import annotations

import numpy as np
import pytest

from backprop_core import Network, run_step
from backprop_core.cost import count, parameter_count, time_gradients, widened
from backprop_core.loss_compare import compare
from ui.step.model import CLASSIC_X, CLASSIC_Y, preset_lab

X, Y = np.array(CLASSIC_X), np.array(CLASSIC_Y)


@pytest.fixture
def wrong():
    lab = preset_lab("confidently_wrong")
    return compare(lab.settings.sizes, "sigmoid", lab.weights, lab.biases, X, Y, 0.5)


def _net(loss: str) -> Network:
    lab = preset_lab("confidently_wrong")
    return lab.network() if loss == "mse" else _with_loss(lab, loss)


def _with_loss(lab, loss: str) -> Network:
    net = Network(lab.settings.sizes, "sigmoid", "sigmoid", loss, init="zeros")
    net.weights = [w.copy() for w in lab.weights]
    net.biases = [b.copy() for b in lab.biases]
    return net


def test_confidently_wrong_is_saturated_on_the_wrong_side(wrong):
    mse = wrong["mse"]
    assert np.all(np.abs(mse.error) > 0.98)  # ŷ ≈ (0.996, 0.004) against y = (0.01, 0.99)
    np.testing.assert_allclose(mse.slope, 0.004, atol=3e-4)  # σ'(z) ≈ 0.004


def test_each_delta_is_its_closed_form_and_the_networks(wrong):
    mse, ce = wrong["mse"], wrong["bce"]
    y_hat = mse.y_hat
    np.testing.assert_allclose(mse.delta, (2 / 2) * (y_hat - Y[0]) * y_hat * (1 - y_hat))
    np.testing.assert_allclose(ce.delta, (y_hat - Y[0]) / 2)
    assert ce.slope is None
    for loss, run in wrong.items():
        net = _net(loss)
        grads = net.backward(net.forward(X), Y)
        np.testing.assert_allclose(run.delta, grads.deltas[-1][0], rtol=1e-12)
        norm = 0.5 * np.sqrt(sum(np.sum(g**2) for g in [*grads.weights, *grads.biases]))
        assert run.first_update == pytest.approx(norm, rel=1e-12)


def test_twenty_steps_each_under_its_own_loss(wrong):
    for loss, run in wrong.items():
        assert len(run.losses) == len(run.errors) == 21
        net = _net(loss)
        for _ in range(20):
            net.step(net.backward(net.forward(X), Y), 0.5)
        assert run.losses[-1] == pytest.approx(net.loss(net.forward(X), Y), rel=1e-12)
    # the lesson: cross-entropy moves the saturated outputs, MSE barely does
    assert wrong["bce"].errors[-1] < 0.5 * wrong["mse"].errors[-1]
    assert wrong["mse"].errors[0] - wrong["mse"].errors[-1] < 0.01


def test_weights_only_comparison_leaves_biases_out_of_the_update():
    lab = preset_lab("confidently_wrong")
    runs = compare(lab.settings.sizes, "sigmoid", lab.weights, lab.biases, X, Y, 0.5, 3, False)
    net = lab.network()
    grads = net.backward(net.forward(X), Y)
    norm = 0.5 * np.sqrt(sum(np.sum(g**2) for g in grads.weights))
    assert runs["mse"].first_update == pytest.approx(norm, rel=1e-12)


def test_compare_refuses_targets_cross_entropy_cannot_take():
    lab = preset_lab("classic")
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        compare([2, 2, 2], "sigmoid", lab.weights, lab.biases, X, [[1.5, 0.0]], 0.5)


@pytest.mark.parametrize("sizes", [[2, 2, 2], [1, 1], [4, 3, 4, 2, 3], [3, 32, 32, 1]])
def test_counts_match_the_parameters_a_network_has(sizes):
    net = Network(sizes)
    params = sum(p.size for p in net.parameters())
    assert parameter_count(sizes) == params
    c = count(sizes)
    assert (c.finite_difference_forwards, c.backprop_forwards, c.backprop_backwards) == (
        2 * params,
        1,
        1,
    )


def test_widened_keeps_depth_inputs_and_outputs():
    assert widened([3, 2, 4, 1], 8) == [3, 8, 8, 1]
    assert widened([2, 2], 8) == [2, 2]


def test_timing_measures_both_for_the_network_it_is_given():
    net = Network([2, 4, 2])
    t = time_gradients(net, X, Y, repeats=1)
    assert t.sizes == (2, 4, 2) and t.parameters == 22
    assert np.isfinite(t.backprop) and t.backprop > 0
    assert np.isfinite(t.finite_difference) and t.finite_difference > 0


def test_weights_only_step_keeps_biases_and_moves_weights_as_usual():
    net = preset_lab("classic").network()
    both, weights_only = run_step(net, X, Y, 0.5), run_step(net, X, Y, 0.5, update_biases=False)
    for a, b in zip(both.new_weights, weights_only.new_weights):
        np.testing.assert_array_equal(a, b)
    for b, old in zip(weights_only.new_biases, net.biases):
        np.testing.assert_array_equal(b, old)
    assert weights_only.stages[-1].values["update_biases"] is False
