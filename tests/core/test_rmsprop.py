"""RMSprop against its textbook rule written out with plain Python floats."""

from __future__ import annotations

import math

import numpy as np

from backprop_core.optimizers import OPTIMIZER_LABELS, OPTIMIZERS, RMSprop, make_optimizer

P0 = [0.5, -1.5]
GRADS = [[0.2, -0.4], [-1.0, 0.05], [0.3, 0.3]]


def test_rmsprop_by_hand():
    lr, rho, eps = 0.01, 0.9, 1e-8
    theta, s, expected = list(P0), [0.0, 0.0], []
    for g in GRADS:
        s = [rho * si + (1 - rho) * gi * gi for si, gi in zip(s, g)]
        theta = [th - lr * gi / (math.sqrt(si) + eps) for th, gi, si in zip(theta, g, s)]
        expected.append(theta)
    # the first step divides g by √(0.1·g²): every coordinate moves by η/√0.1 ≈ 3.162·η
    assert abs(expected[0][0] - (0.5 - 0.01 / math.sqrt(0.1))) < 1e-8  # ε shifts it by 5e-9
    p = np.array(P0)
    opt = RMSprop(lr, rho, eps)
    state = opt.init([p])
    seen = []
    for g in GRADS:
        opt.update([p], [np.array(g)], state)
        seen.append(p.tolist())
    np.testing.assert_allclose(seen, expected, rtol=1e-14)


def test_rmsprop_is_registered():
    assert OPTIMIZERS["rmsprop"] is RMSprop and "rmsprop" in OPTIMIZER_LABELS
    opt = make_optimizer("rmsprop", 0.3)
    assert isinstance(opt, RMSprop) and opt.lr == 0.3 and opt.rho == 0.9 and opt.latex
