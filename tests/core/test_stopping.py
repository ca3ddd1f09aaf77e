"""'Stop at' a target loss or accuracy: the first epoch that met it, on real training runs."""

from __future__ import annotations

import math

import pytest

from backprop_core.config import RunConfig
from backprop_core.stopping import Target, reached
from backprop_core.training import run_experiment


def test_an_off_target_never_stops():
    assert not Target()
    assert reached(Target(), [1.0, 0.1, 0.0], [0.0, 1.0, 1.0]) is None


def test_the_first_epoch_at_or_below_the_loss_is_named():
    hit = reached(Target(loss=0.2), [0.7, 0.3, 0.2, 0.1])
    assert (hit.epoch, hit.what, hit.value) == (2, "loss", 0.2)


def test_accuracy_counts_from_start_and_nan_never_meets_a_target():
    acc = [0.5, math.nan, 0.9, 0.95]
    loss = [math.nan] * 4
    assert reached(Target(loss=0.1, accuracy=0.9), loss, acc).epoch == 2
    assert reached(Target(accuracy=0.9), loss, acc, start=3).epoch == 3
    assert reached(Target(accuracy=0.99), loss, acc) is None


def test_whichever_target_holds_first_wins():
    loss, acc = [0.7, 0.5, 0.2], [0.5, 0.9, 0.9]
    assert reached(Target(loss=0.3, accuracy=0.9), loss, acc).what == "accuracy"
    assert reached(Target(loss=0.6, accuracy=0.9), loss, acc).what == "loss"


@pytest.mark.parametrize("target", [Target(loss=0.3), Target(accuracy=0.9)])
def test_a_real_run_is_past_the_target_from_the_reported_epoch_on(target):
    h = run_experiment(RunConfig(dataset="circles", epochs=100, lr=0.1)).history
    hit = reached(target, h.train_loss, h.train_acc)
    assert hit is not None and 0 < hit.epoch <= 100
    series = h.train_loss if hit.what == "loss" else h.train_acc
    assert series[hit.epoch] == hit.value
    before = series[: hit.epoch]
    assert (
        all(v > target.loss for v in before)
        if hit.what == "loss"
        else all(v < target.accuracy for v in before)
    )
