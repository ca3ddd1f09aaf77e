"""How a lab run ended and what clipping did (depth_training.py), the norm the trainer records
before clipping, and the lab's chunked training (LabJob)."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_core import Network
from backprop_core.depth_lab import DepthSettings, LabJob, run_lab
from backprop_core.depth_training import clipping, ending
from backprop_core.training import Divergence, History, Trainer


def history(losses, grads, diverged=None, steps=()):
    """A History with epoch-0 NaN gradients, then one row of ``grads`` per later epoch."""
    rows = [np.full(len(grads[0]), np.nan), *[np.asarray(g, float) for g in grads]]
    return History(
        train_loss=list(losses), grad_norms=rows, diverged=diverged, step_norms=list(steps)
    )


def test_a_run_without_early_end_has_none():
    assert ending(history([1.0, 0.5, 0.2], [[1.0, 2.0], [0.5, 1.0]])) is None


def test_a_loss_of_exactly_zero_is_the_early_end_and_the_silent_epoch_is_kept():
    h = history([1.0, 0.5, 0.0, 0.0], [[1.0, 2.0], [0.5, 1.0], [0.0, 0.0]])
    e = ending(h)
    assert (e.kind, e.epoch, e.quiet) == ("zero_loss", 2, 3)


def test_all_zero_gradients_with_a_positive_loss_are_named():
    e = ending(history([0.7, 0.7, 0.7], [[0.0, 0.0], [0.0, 0.0]]))
    assert (e.kind, e.epoch) == ("zero_gradient", 1)


def test_the_earliest_end_wins_and_a_divergence_keeps_its_kind():
    d = Divergence(2, "nan")
    e = ending(history([1.0, 0.0, float("nan")], [[1.0], [2.0]], d))
    assert (e.kind, e.epoch) == ("zero_loss", 1)
    e = ending(history([1.0, 3.0, float("nan")], [[1.0], [2.0]], d))
    assert (e.kind, e.epoch, e.detail) == ("diverged", 2, "nan")


def test_clipping_counts_the_steps_above_the_threshold():
    h = history([1, 1, 1, 1], [[1], [1], [1]], steps=[0.5, 4.0, float("nan")])
    c = clipping(h, 1.0, 0.1)
    assert c.steps == 3 and c.n_clipped == 1 and list(c.applied) == [False, True, False]
    assert c.largest == 4.0 and c.shrink == 4.0
    assert c.unclipped_step == pytest.approx(0.4)


def test_the_trainer_records_the_norm_of_the_whole_gradient_before_clipping():
    rng = np.random.default_rng(3)
    X, Y = rng.normal(size=(8, 2)), rng.uniform(size=(8, 1))
    net = Network([2, 3, 1], "tanh", "sigmoid", "bce", init="large", seed=1)
    g = net.backward(net.forward(X), Y)
    expected = np.sqrt(sum(np.vdot(a, a) for a in [*g.weights, *g.biases]))
    h = Trainer(net, X, Y, clip_norm=1e-3).run(1)
    assert h.step_norms == [pytest.approx(expected, rel=1e-12)]
    assert expected > 1e-3  # so this step really was clipped


def test_named_divergence_kinds():
    net = Network([1, 1], "linear", "linear", "mse", init="zeros")
    net.weights = [np.array([[1e200]])]
    h = Trainer(net, np.array([[1e200]]), np.array([[0.0]])).history
    assert h.diverged is not None and h.diverged.kind == "inf"


def test_training_in_chunks_gives_the_numbers_of_one_run():
    s = DepthSettings(depth=6, width=8, activation="relu", init="he")
    job = LabJob(s, epochs=30)
    while not job.done:
        job.advance(7)
    a, b = job.result(), run_lab(s, epochs=30)
    assert a.history.train_loss == b.history.train_loss
    np.testing.assert_array_equal(a.trained.report.grad_norms, b.trained.report.grad_norms)
    assert a.verdict == b.verdict
