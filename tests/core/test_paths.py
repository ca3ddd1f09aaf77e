"""Optimizer paths against closed forms and hand-written textbook rules; divergence; the sweep."""

from __future__ import annotations

import math

import numpy as np
import pytest

from backprop_core.divergence import THRESHOLDS
from backprop_core.optimizers import SGD, Adam, Momentum, RMSprop
from backprop_core.paths import (
    bowl_analysis,
    bowl_regions,
    build_optimizer,
    constants_used,
    run_path,
    sweep,
    sweep_lrs,
)
from backprop_core.surfaces import Surface, make_surface

START = (-1.2, 1.7)


def rosenbrock_grad(x: float, y: float) -> tuple[float, float]:
    """Written out again here so the references share no code with the surface."""
    return -2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)


@pytest.mark.parametrize("lr", [0.05, 0.15, 0.19])
def test_gd_on_the_bowl_is_the_closed_form(lr):
    a, b, x0, y0, k = 1.5, 10.0, -2.5, 1.5, 60
    path = run_path(make_surface("quadratic", a, b), SGD(lr), (x0, y0), k)
    steps = np.arange(k + 1)
    np.testing.assert_allclose(path.points[:, 0], (1 - lr * a) ** steps * x0, rtol=0, atol=1e-12)
    np.testing.assert_allclose(path.points[:, 1], (1 - lr * b) ** steps * y0, rtol=0, atol=1e-12)
    assert path.diverged is None and path.steps == k
    np.testing.assert_allclose(
        path.losses, 0.5 * (a * path.points[:, 0] ** 2 + b * path.points[:, 1] ** 2)
    )


def test_momentum_is_the_textbook_rule_for_50_steps():
    lr, beta = 1e-3, 0.9
    x, y, vx, vy, ref = *START, 0.0, 0.0, [START]
    for _ in range(50):
        gx, gy = rosenbrock_grad(x, y)
        vx, vy = beta * vx - lr * gx, beta * vy - lr * gy
        x, y = x + vx, y + vy
        ref.append((x, y))
    path = run_path(make_surface("rosenbrock"), Momentum(lr, beta), START, 50)
    np.testing.assert_allclose(path.points, ref, rtol=1e-12)


def test_rmsprop_is_the_textbook_rule_for_50_steps():
    lr, rho, eps = 1e-2, 0.9, 1e-8
    x, y, sx, sy, ref = *START, 0.0, 0.0, [START]
    for _ in range(50):
        gx, gy = rosenbrock_grad(x, y)
        sx, sy = rho * sx + (1 - rho) * gx * gx, rho * sy + (1 - rho) * gy * gy
        x, y = x - lr * gx / (math.sqrt(sx) + eps), y - lr * gy / (math.sqrt(sy) + eps)
        ref.append((x, y))
    path = run_path(make_surface("rosenbrock"), RMSprop(lr, rho, eps), START, 50)
    np.testing.assert_allclose(path.points, ref, rtol=1e-12)


def test_adam_is_the_textbook_rule_for_50_steps():
    lr, b1, b2, eps = 5e-2, 0.8, 0.99, 1e-6
    x, y, ref = *START, [START]
    m, s = [0.0, 0.0], [0.0, 0.0]
    for t in range(1, 51):
        g = rosenbrock_grad(x, y)
        m = [b1 * mi + (1 - b1) * gi for mi, gi in zip(m, g)]
        s = [b2 * si + (1 - b2) * gi * gi for si, gi in zip(s, g)]
        step = [
            lr * (mi / (1 - b1**t)) / (math.sqrt(si / (1 - b2**t)) + eps) for mi, si in zip(m, s)
        ]
        x, y = x - step[0], y - step[1]
        ref.append((x, y))
    path = run_path(make_surface("rosenbrock"), Adam(lr, b1, b2, eps), START, 50)
    np.testing.assert_allclose(path.points, ref, rtol=1e-12)


@pytest.mark.parametrize("name", ["sgd", "momentum", "rmsprop", "adam"])
def test_the_same_paths_as_torch_optim(name):
    torch = pytest.importorskip("torch")
    lr = {"sgd": 1e-3, "momentum": 1e-3, "rmsprop": 1e-2, "adam": 5e-2}[name]
    w = torch.tensor(START, dtype=torch.float64, requires_grad=True)
    make = {
        "sgd": lambda: torch.optim.SGD([w], lr=lr),
        "momentum": lambda: torch.optim.SGD([w], lr=lr, momentum=0.9),
        "rmsprop": lambda: torch.optim.RMSprop([w], lr=lr, alpha=0.95, eps=1e-7),
        "adam": lambda: torch.optim.Adam([w], lr=lr, betas=(0.8, 0.99), eps=1e-6),
    }
    opt, ref = make[name](), [START]
    for _ in range(50):
        opt.zero_grad()
        loss = (1 - w[0]) ** 2 + 100 * (w[1] - w[0] ** 2) ** 2
        loss.backward()
        opt.step()
        ref.append(tuple(w.detach().numpy()))
    constants = {
        "beta": 0.9,
        "rho": 0.95,
        "beta1": 0.8,
        "beta2": 0.99,
        "eps": 1e-7 if name == "rmsprop" else 1e-6,
    }
    path = run_path(make_surface("rosenbrock"), build_optimizer(name, lr, constants), START, 50)
    np.testing.assert_allclose(path.points, ref, rtol=1e-10)


def test_build_optimizer_takes_only_its_own_constants():
    c = {"beta": 0.5, "rho": 0.7, "beta1": 0.6, "beta2": 0.95, "eps": 1e-5}
    assert build_optimizer("sgd", 0.1, c) == SGD(0.1)
    assert build_optimizer("momentum", 0.1, c) == Momentum(0.1, 0.5)
    assert build_optimizer("rmsprop", 0.1, c) == RMSprop(0.1, 0.7, 1e-5)
    assert build_optimizer("adam", 0.1, c) == Adam(0.1, 0.6, 0.95, 1e-5)
    with pytest.raises(ValueError, match="sgd, momentum, rmsprop, adam"):
        build_optimizer("lbfgs", 0.1, c)
    assert constants_used("sgd") == () and constants_used("momentum") == ("beta",)
    assert set(constants_used("adam")) == {"beta1", "beta2", "eps"}


def test_a_blow_up_is_named_with_its_step_and_drawn_to_the_last_point():
    a, b, x0, y0, lr = 1.0, 10.0, -2.5, 1.5, 0.3  # η·b = 3: y doubles and flips every step
    path = run_path(make_surface("quadratic", a, b), SGD(lr), (x0, y0), 200)
    k = np.arange(200)
    closed = 0.5 * (a * ((1 - lr * a) ** k * x0) ** 2 + b * ((1 - lr * b) ** k * y0) ** 2)
    first_over = int(np.argmax(closed > THRESHOLDS.loss))
    d = path.diverged
    assert (d.epoch, d.kind) == (first_over, "loss_limit")
    assert d.value == pytest.approx(closed[first_over], rel=1e-9)
    # the overflowed point is not drawn: the path ends one step before it
    assert path.steps == first_over - 1 and path.losses[-1] < THRESHOLDS.loss


def test_an_overflow_keeps_only_finite_points():
    path = run_path(make_surface("rosenbrock"), SGD(0.5), START, 100)
    assert path.diverged is not None and path.diverged.overflowed
    assert np.all(np.isfinite(path.points)) and len(path.points) == path.steps + 1
    path = run_path(make_surface("rosenbrock"), SGD(3.0), (1e50, 1.0), 5)  # f overflows at once
    assert (path.diverged.epoch, path.diverged.kind) == (1, "inf") and path.steps == 0


class NanAfterOne(Surface):
    """f = x² whose gradient turns NaN past x < 0.5: the NaN path must be caught."""

    def value(self, x, y):
        return x * x

    def gradient(self, x, y):
        return (2 * x if x >= 0.5 else np.float64(np.nan)), 0 * y


def test_nan_is_named():
    s = NanAfterOne("nan", (0, 1, 0, 1), (1.0, 0.0), (), None)
    path = run_path(s, SGD(0.3), (1.0, 0.0), 10)  # 1 → 0.4, where ∇f is NaN, so x₂ is NaN
    assert (path.diverged.epoch, path.diverged.kind) == (2, "nan") and path.steps == 1
    np.testing.assert_allclose(path.points, [[1.0, 0.0], [0.4, 0.0]])


def test_mini_batches_are_seeded_and_noisy():
    s = make_surface("network")
    full = run_path(s, SGD(0.5), s.start, 30)
    mini = run_path(s, SGD(0.5), s.start, 30, batch=10, seed=4)
    again = run_path(s, SGD(0.5), s.start, 30, batch=10, seed=4)
    other = run_path(s, SGD(0.5), s.start, 30, batch=10, seed=5)
    np.testing.assert_array_equal(mini.points, again.points)
    assert not np.allclose(mini.points, other.points) and not np.allclose(mini.points, full.points)
    assert mini.batch == 10 and full.batch is None
    # the first step is −η·∇ of the first batch of the seed's first shuffle
    rows = np.random.default_rng(4).permutation(s.n_samples)[:10]
    g = s.batch_loss_and_grad(np.array(s.start), rows)[1]
    np.testing.assert_allclose(mini.points[1], np.array(s.start) - 0.5 * g, rtol=1e-14)
    # recorded losses are over every sample, so the two curves compare
    assert mini.losses[3] == s.loss_and_grad(mini.points[3])[0]
    whole = run_path(s, SGD(0.5), s.start, 30, batch=s.n_samples, seed=4)
    np.testing.assert_array_equal(whole.points, full.points)


def test_bowl_factors_and_regimes():
    an = bowl_analysis(1.0, 10.0, 0.24, 50)
    assert an.y.factor == pytest.approx(-1.4) and an.y.kind == "flips_grows"
    assert an.y.eta_c == pytest.approx(2.4) and an.y.growth == pytest.approx(1.4)
    assert an.x.factor == pytest.approx(0.76) and an.x.kind == "shrinks"
    assert an.threshold == 0.2 and an.regime == "divergent" and an.condition == 10
    assert an.steep is an.y and an.flat is an.x
    assert bowl_analysis(1.0, 10.0, 0.2, 50).y.kind == "flips_bounces"
    assert bowl_analysis(1.0, 10.0, 0.15, 50).regime == "oscillating"
    assert bowl_analysis(1.0, 10.0, 0.15, 50).y.kind == "flips_shrinks"
    assert bowl_analysis(1.0, 10.0, 0.1, 50).y.kind == "lands"
    assert bowl_analysis(1.0, 10.0, 0.08, 50).regime == "right"
    assert bowl_analysis(1.0, 10.0, 0.01, 50).regime == "too_small"
    swapped = bowl_analysis(10.0, 1.0, 0.24, 50)  # the steep axis can be x
    assert swapped.steep is swapped.x and swapped.regime == "divergent"


def test_regions_cover_the_range_and_agree_with_each_regime():
    lo, hi, steps = 1e-3, 1.0, 50
    regions = bowl_regions(1.0, 10.0, steps, lo, hi)
    assert [r.kind for r in regions] == ["too_small", "right", "oscillating", "divergent"]
    assert regions[0].lo == lo and regions[-1].hi == hi
    assert all(r.hi == n.lo for r, n in zip(regions, regions[1:]))
    for r in regions:
        mid = math.sqrt(r.lo * r.hi)
        assert bowl_analysis(1.0, 10.0, mid, steps).regime == r.kind
    # with few steps on a steep bowl nothing is "right": too slow until the zigzag starts
    kinds = [r.kind for r in bowl_regions(1.0, 100.0, 5, lo, hi)]
    assert kinds == ["too_small", "oscillating", "divergent"]


@pytest.mark.parametrize("b", [10.0, 4.0])
def test_the_sweeps_divergent_region_starts_at_2_over_b(b):
    a, steps = 1.0, 100
    surface = make_surface("quadratic", a, b)
    lrs = sweep_lrs(1e-3, 3.0, 61)
    lrs = lrs[np.abs(lrs * b / 2 - 1) > 0.02]  # none on the knife edge itself
    gd = sweep(surface, "sgd", {}, surface.start, steps, lrs)
    grew = gd.final > gd.start_loss
    assert np.array_equal(grew, lrs > 2 / b)
    assert not gd.diverged[lrs < 2 / b].any() and gd.diverged[lrs > 4 / b].all()
    divergent = next(r for r in bowl_regions(a, b, steps, lrs[0], lrs[-1]) if r.kind == "divergent")
    assert divergent.lo == 2 / b
    adam = sweep(surface, "adam", {}, surface.start, steps, lrs)
    assert adam.optimizer == "adam" and not adam.diverged[lrs > 2 / b].all()  # Adam's step is ≈ η
