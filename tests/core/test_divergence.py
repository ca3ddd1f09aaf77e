"""The divergence policy: each named reason at its threshold, in order, with its figures."""

from __future__ import annotations

import math

import numpy as np
import pytest

from backprop_core.divergence import (
    KINDS,
    OVERFLOWS,
    THRESHOLDS,
    Divergence,
    check_step,
    check_training,
)


def test_a_healthy_run_has_no_reason():
    assert check_training(5, 0.3, 4.0, start=0.7, watch_shot_up=True) is None


@pytest.mark.parametrize(
    "loss, weight_sq, kind",
    [
        (math.nan, 1.0, "nan"),
        (math.inf, 1.0, "inf"),
        (-math.inf, 1.0, "inf"),
        (math.nextafter(THRESHOLDS.loss, math.inf), 1.0, "loss_limit"),
        (math.nan, math.inf, "nan"),  # the loss is looked at first
        (1.0, math.inf, "weights"),
        (1.0, math.nan, "weights"),
        (1.0, 1e201, "weights"),  # ‖W‖ past 1e100 with every number still finite
    ],
)
def test_each_overflow_is_named(loss, weight_sq, kind):
    d = check_training(3, loss, weight_sq)
    assert d is not None and d.kind == kind and d.epoch == 3 and d.overflowed
    if kind == "loss_limit":
        assert d.value == loss and d.limit == THRESHOLDS.loss == 1e12
    if kind == "weights":
        assert d.limit == THRESHOLDS.weights
        assert math.isnan(d.value) or d.value == math.sqrt(weight_sq)


def test_thresholds_are_strict():
    assert check_training(1, THRESHOLDS.loss, THRESHOLDS.weights**2) is None
    start = 0.5
    at = THRESHOLDS.shot_up * start
    assert check_training(1, at, 1.0, start, watch_shot_up=True) is None
    over = math.nextafter(at, math.inf)
    d = check_training(1, over, 1.0, start, watch_shot_up=True)
    assert d is not None and d.kind == "shot_up" and not d.overflowed
    assert (d.value, d.limit, d.start) == (over, at, start)


def test_shot_up_is_watched_only_when_asked_and_above_the_floor():
    assert check_training(4, 3.0, 1.0, start=0.5) is None  # 6x its start, not watched
    # 0.1 -> 0.9 is 9x, but a loss under 1 has not blown up
    assert check_training(4, 0.9, 1.0, start=0.1, watch_shot_up=True) is None
    d = check_training(4, 1.5, 1.0, start=0.1, watch_shot_up=True)
    assert d is not None and d.kind == "shot_up" and d.limit == THRESHOLDS.shot_up_floor
    # no finite start (an epoch-0 overflow): nothing to compare with
    assert check_training(4, 2.0, 1.0, start=math.inf, watch_shot_up=True) is None


def test_a_worked_step_refuses_huge_or_broken_numbers():
    ok = [np.array([[1.0, -2.0]]), np.array([0.5])]
    assert check_step(ok, 0.25) is None
    big = [np.array([[1.0, -THRESHOLDS.step_parameter]]), np.array([0.5])]
    d = check_step(big, 0.25)
    assert d is not None and d.kind == "weights" and d.value == THRESHOLDS.step_parameter
    just_under = [np.array([[math.nextafter(THRESHOLDS.step_parameter, 0.0)]])]
    assert check_step(just_under, 0.25) is None
    d = check_step([np.array([0.0]), np.array([np.nan])], 0.25)  # a bias is a parameter too
    assert d is not None and d.kind == "weights"
    d = check_step(ok, math.inf)
    assert d is not None and d.kind == "inf"
    d = check_step(ok, math.nan)
    assert d is not None and d.kind == "nan"


def test_the_same_divergence_twice_is_equal_even_with_nan_figures():
    a = check_training(2, float("nan"), 1.0)
    b = check_training(2, float(np.float64("nan")), 1.0)
    assert a == b and hash(a) == hash(b)
    assert a != check_training(3, float("nan"), 1.0)
    assert a != Divergence(2, "inf")
    assert set(OVERFLOWS) < set(KINDS) and "shot_up" in KINDS
