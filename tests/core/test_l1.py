"""L1 regularisation beside L2: R = λ₁Σ|W| + (λ₂/2)ΣW², its gradient against central
differences, and what it does to trained weights (many become exactly or nearly zero)."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_core.regularisation import Penalty

rng = np.random.default_rng(0)
W = rng.normal(size=(4, 3))


@pytest.mark.parametrize("penalty", [Penalty(l1=0.3), Penalty(l2=0.2, l1=0.05), Penalty(0.1)])
def test_the_gradient_is_the_derivative_of_the_value(penalty):
    eps = 1e-6
    numeric = np.zeros_like(W)
    for i in np.ndindex(W.shape):
        up, down = W.copy(), W.copy()
        up[i] += eps
        down[i] -= eps
        numeric[i] = (penalty.value([up]) - penalty.value([down])) / (2 * eps)
    assert np.allclose(penalty.gradient(np.zeros_like(W), W), numeric, atol=1e-7)


def test_l1_is_sign_times_lambda_zero_at_zero_and_in_place():
    w = np.array([[-2.0, 0.0, 3.0]])
    g = np.ones_like(w)
    assert Penalty(l1=0.5).gradient(g, w).tolist() == [[0.5, 1.0, 1.5]]
    assert g.tolist() == [[1.0, 1.0, 1.0]]  # a copy, not in place
    assert Penalty(l1=0.5).add_gradient(g, w) is g and g.tolist() == [[0.5, 1.0, 1.5]]
    assert Penalty(l1=0.1) and not Penalty(0.0, 0.0)
    assert Penalty(l1=0.5).value([w]) == 2.5
    assert Penalty(0.1).gradient(g, w) is not g and Penalty().gradient(g, w) is g


def test_l1_in_a_run_pulls_many_weights_to_nearly_zero():
    from backprop_core.config import RunConfig
    from backprop_core.training import run_experiment

    def small(l1: float) -> int:
        net = run_experiment(RunConfig(layers=(8, 8), lr=0.1, l1=l1), 150).net
        return sum(int(np.sum(np.abs(w) < 0.02)) for w in net.weights)

    assert small(0.01) > small(0.0) + 10
