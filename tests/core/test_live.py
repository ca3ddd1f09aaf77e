"""LiveRun: pausing, stepping and resuming give exactly the numbers of one uninterrupted run."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from backprop_core import RunConfig
from backprop_core.divergence import THRESHOLDS
from backprop_core.network import Network
from backprop_core.training import LiveRun, batch_gradients, plane_points, probe, train_snapshot


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_training_in_pieces_and_resuming_a_pickled_snapshot_is_bit_identical(optimizer):
    cfg = RunConfig(optimizer=optimizer, l2=1e-3)
    whole = train_snapshot(cfg, 23)
    run = LiveRun(cfg)
    run.advance(7)
    run.advance(1)
    half = pickle.loads(pickle.dumps(run.snapshot()))  # as st.cache_data hands it out
    resumed = LiveRun.resume(half)
    resumed.advance(15)
    pieces = resumed.snapshot()
    assert pieces.epoch == whole.epoch == 23
    np.testing.assert_array_equal(pieces.train_loss, whole.train_loss)
    np.testing.assert_array_equal(pieces.test_loss, whole.test_loss)
    np.testing.assert_array_equal(pieces.grad_norms, whole.grad_norms)
    for a, b in zip(pieces.weights, whole.weights):
        np.testing.assert_array_equal(a, b)


def test_budget_stops_after_at_least_one_epoch():
    run = LiveRun(RunConfig())
    assert run.advance(1000, budget_s=0.0) == 1
    assert run.epoch == 1


def test_snapshot_is_independent_of_further_training():
    run = LiveRun(RunConfig())
    run.advance(3)
    snap = run.snapshot()
    before = [w.copy() for w in snap.weights]
    run.advance(3)
    for a, b in zip(snap.weights, before):
        np.testing.assert_array_equal(a, b)
    assert snap.epoch == 3 and len(snap.train_loss) == 4 and snap.grad_norms.shape == (3, 3)


def test_a_huge_learning_rate_with_tanh_blows_up_and_stops():
    # XOR with 8x8 tanh at lr 10 overshoots to ~8x its first loss: a margin that survives BLAS
    # kernels rounding differently (spiral 4,2 peaks at 3.99x, on the rule's edge).
    snap = train_snapshot(RunConfig(dataset="xor", layers=(8, 8), lr=10.0), 100)
    assert snap.diverged is not None
    assert snap.epoch == snap.diverged.epoch < 100
    assert snap.train_loss[-1] > THRESHOLDS.shot_up * snap.train_loss[0]
    d = snap.diverged
    assert d.kind == "shot_up" and not d.overflowed
    assert (d.value, d.start) == (snap.train_loss[-1], snap.train_loss[0])
    assert snap.resume is None
    assert all(np.isfinite(w).all() for w in snap.weights)


def test_an_overflow_keeps_the_last_finite_parameters():
    snap = train_snapshot(RunConfig(dataset="circles", activation="elu", lr=10.0), 50)
    assert snap.diverged is not None and snap.diverged.overflowed
    assert snap.params_epoch == snap.epoch - 1
    assert all(np.isfinite(w).all() for w in snap.weights)
    assert np.isfinite(snap.final_train_loss)
    again = LiveRun.resume(snap).snapshot()  # no resume state: retrained to the same point
    assert again.epoch == snap.epoch
    np.testing.assert_array_equal(again.train_loss[:-1], snap.train_loss[:-1])


def test_moderate_learning_rates_do_not_count_as_blowing_up():
    for lr in (0.01, 0.03, 0.1):
        for dataset in ("circles", "xor", "spiral", "sine"):
            feats = ("x1",) if dataset == "sine" else ("x1", "x2")
            cfg = RunConfig(dataset=dataset, lr=lr, features=feats)
            assert train_snapshot(cfg, 60).diverged is None, (dataset, lr)


def test_probe_matches_the_network_on_the_grid():
    snap = train_snapshot(RunConfig(layers=(3,), features=("x1", "x2", "x1x2")), 5)
    p = probe(snap, n=7)
    assert p.output.shape == (7, 7) and p.inputs.shape == (7, 7, 3)
    assert [h.shape for h in p.hidden] == [(7, 7, 3)]
    xs, ys, raw = plane_points(2, 7)
    assert ys[0] > ys[-1]  # rows from the top of the plane down
    i, j = 1, 5  # row (y), column (x)
    x = np.array([[xs[j], ys[i], xs[j] * ys[i]]])
    assert p.output[i, j] == pytest.approx(snap.network().predict(x)[0, 0])


def test_probe_on_sine_is_one_dimensional():
    snap = train_snapshot(RunConfig(dataset="sine", features=("x1",)), 3)
    p = probe(snap, n=11)
    assert p.output.shape == (11,) and p.ys.size == 0


def test_batch_gradients_include_l2_and_match_the_network():
    cfg = RunConfig(l2=0.1)
    snap = train_snapshot(cfg, 2)
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(9, 2)), (rng.random((9, 1)) > 0.5).astype(float)
    gW, gb = batch_gradients(snap, X, Y)
    net: Network = snap.network()
    _, grads, _ = net.loss_and_grads(X, Y)
    for g, g0, W in zip(gW, grads.weights, net.weights):
        np.testing.assert_allclose(g, g0 + 0.1 * W)
    for g, g0 in zip(gb, grads.biases):
        np.testing.assert_allclose(g, g0)


def test_the_epoch_is_a_position_passed_in_not_read_from_the_config():
    cfg = RunConfig(epochs=100)
    snap = train_snapshot(cfg, 4)
    assert snap.epoch == 4 and len(snap.train_loss) == 5
    run = LiveRun(cfg)
    run.advance(4)
    np.testing.assert_array_equal(run.snapshot().train_loss, snap.train_loss)
    assert train_snapshot(cfg, 0).epoch == 0


def test_only_the_live_run_stops_when_the_loss_shoots_up():
    """The same too-large learning rate: the Playground's live run stops at the policy's
    shot_up reason, a plain experiment (the rule is the caller's choice) trains on."""
    from backprop_core.training import run_experiment

    cfg = RunConfig(dataset="xor", layers=(8, 8), lr=10.0)
    live = train_snapshot(cfg, 100)
    assert live.diverged is not None and live.diverged.kind == "shot_up"
    plain = run_experiment(cfg, live.epoch + 3).history
    assert plain.diverged is None or plain.diverged.kind != "shot_up"
    np.testing.assert_array_equal(plain.train_loss[: live.epoch + 1], live.train_loss)
