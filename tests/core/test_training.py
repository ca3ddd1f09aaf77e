"""Training: it learns, its history is complete, Play-style continuation is exact, divergence is
caught and named without a single warning escaping."""

from __future__ import annotations

import copy
import math
import pickle
import warnings

import numpy as np
import pytest

from backprop_core import (
    Network,
    RunConfig,
    Trainer,
    make_dataset,
    make_experiment,
    make_optimizer,
    run_experiment,
    train,
    validate,
)
from backprop_core.optimizers import SGD
from backprop_core.regularisation import Penalty


def histories_equal(a, b) -> bool:
    same = [
        np.array_equal(np.array(x), np.array(y), equal_nan=True)
        for x, y in [
            (a.train_loss, b.train_loss),
            (a.test_loss, b.test_loss),
            (a.train_acc, b.train_acc),
            (a.test_acc, b.test_acc),
            (a.grad_norms, b.grad_norms),
        ]
    ]
    return all(same) and a.diverged == b.diverged


def linear_trainer(optimizer="sgd", lr=0.1, batch=None, seed=0, **kwargs) -> Trainer:
    d = make_dataset("linear", 120, 0.0, seed=seed)
    net = Network([2, 4, 1], "tanh", "sigmoid", "bce", seed=seed)
    return Trainer(
        net,
        d.X_train,
        d.Y_train,
        d.X_test,
        d.Y_test,
        optimizer=make_optimizer(optimizer, lr),
        batch_size=batch,
        seed=seed,
        **kwargs,
    )


@pytest.mark.parametrize("optimizer, lr", [("sgd", 0.3), ("momentum", 0.05), ("adam", 0.01)])
def test_loss_goes_down_on_easy_data(optimizer, lr):
    t = linear_trainer(optimizer, lr, batch=10)
    h = t.run(60)
    assert h.diverged is None
    assert h.train_loss[-1] < 0.3 * h.train_loss[0]
    assert h.test_loss[-1] < 0.5 * h.test_loss[0]
    assert h.train_acc[-1] >= 0.95 and h.test_acc[-1] >= 0.9


def test_full_batch_gradient_descent_decreases_the_loss_every_epoch():
    h = linear_trainer("sgd", 0.05).run(50)
    assert all(b < a for a, b in zip(h.train_loss, h.train_loss[1:]))


def test_history_lengths_and_contents():
    t = linear_trainer(batch=7)
    h = t.run(4)
    n_train = len(t.X)
    assert h.epochs == 4
    assert len(h.train_loss) == len(h.test_loss) == len(h.train_acc) == len(h.test_acc) == 5
    assert len(h.grad_norms) == 5 and all(g.shape == (2,) for g in h.grad_norms)
    assert np.all(np.isnan(h.grad_norms[0])) and np.all(h.grad_norms[1] > 0)
    assert h.grad_norm_matrix().shape == (4, 2)
    # each epoch's loss is the loss of the network as it stands after that epoch
    trace = t.net.forward(t.X)
    assert h.train_loss[-1] == t.net.loss(trace, t.Y)
    assert h.train_acc[-1] == np.mean((trace.output > 0.5) == (t.Y > 0.5))
    # 7-sample mini-batches: ceil(n / 7) updates per epoch
    assert n_train == 60 and t.batch == 7 and math.ceil(n_train / 7) == 9


def test_grad_norms_are_the_rms_over_mini_batches_of_the_raw_gradient():
    d = make_dataset("moons", 40, 0.1, seed=2)
    net = Network([2, 3, 1], "tanh", "sigmoid", "bce", seed=2)
    ref = net.copy()
    t = Trainer(net, d.X_train, d.Y_train, optimizer=SGD(0.2), batch_size=10, seed=2)
    order = np.random.default_rng([2, 1]).permutation(20)  # the trainer's documented stream
    t.run(1)
    X, Y = d.X_train[order], d.Y_train[order]
    sq = np.zeros(2)
    for start in (0, 10):
        g = ref.backward(ref.forward(X[start : start + 10]), Y[start : start + 10])
        sq += [np.sum(w * w) for w in g.weights]
        ref.step(g, 0.2)
    np.testing.assert_allclose(t.history.grad_norms[1], np.sqrt(sq / 2), rtol=1e-12)
    for a, b in zip(net.parameters(), ref.parameters()):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
@pytest.mark.parametrize("batch", [None, 8])
def test_play_style_continuation_is_exact(optimizer, batch):
    a = linear_trainer(optimizer, 0.05, batch=batch, l2=0.01, clip_norm=1.0)
    a.run(3)
    a.run(0)
    a.run(2)
    b = linear_trainer(optimizer, 0.05, batch=batch, l2=0.01, clip_norm=1.0)
    b.run(5)
    assert histories_equal(a.history, b.history)
    assert all(np.array_equal(p, q) for p, q in zip(a.net.parameters(), b.net.parameters()))
    if optimizer == "adam":
        steps = 5 * (1 if batch is None else math.ceil(60 / 8))
        assert a.state["t"] == b.state["t"] == steps


def test_same_seed_same_run_other_seed_other_run():
    cfg = RunConfig(dataset="moons", batch=8, optimizer="adam", lr=0.01)
    a, b = run_experiment(cfg, 15), run_experiment(cfg, 15)
    assert histories_equal(a.history, b.history)
    assert all(np.array_equal(p, q) for p, q in zip(a.net.parameters(), b.net.parameters()))
    c = run_experiment(cfg.replace(seed=1), 15)
    assert not np.array_equal(a.history.train_loss, c.history.train_loss)


def test_a_trainer_follows_parameters_replaced_between_runs():
    """A page may put new arrays into net.weights (a typed weight); training must use them."""
    t = linear_trainer("momentum", 0.1, batch=10)
    t.run(2)
    t.net.weights = [W.copy() for W in t.net.weights]
    t.net.weights[0][0, 0] = 3.0
    before = [W.copy() for W in t.net.weights]
    t.run(1)
    assert not np.array_equal(t.net.weights[0], before[0])  # the new arrays were trained
    assert t.history.train_loss[-1] == t.net.loss(t.net.forward(t.X), t.Y)


def test_train_shortcut_and_regression_has_no_accuracy():
    d = make_dataset("sine", 60, 0.1, seed=0)
    net = Network([1, 8, 1], "tanh", "linear", "mse", seed=0)
    h = train(net, d.X_train, d.Y_train, 30, optimizer=make_optimizer("adam", 0.02))
    assert h.epochs == 30 and h.test_loss == [] and h.test_acc == []
    assert all(math.isnan(a) for a in h.train_acc)
    assert h.train_loss[-1] < h.train_loss[0]


def test_softmax_accuracy_is_argmax_agreement():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(30, 2))
    labels = (X[:, 0] > 0).astype(int) + (X[:, 1] > 0).astype(int)  # 3 classes
    Y = np.eye(3)[labels]
    net = Network([2, 6, 3], "relu", "softmax", "cross_entropy", "he", seed=0)
    t = Trainer(net, X, Y, optimizer=make_optimizer("adam", 0.05))
    h = t.run(40)
    out = net.forward(X).output
    assert h.train_acc[-1] == np.mean(out.argmax(1) == labels)
    assert h.train_acc[-1] > h.train_acc[0]


def quiet(fn):
    """Run ``fn`` and fail if it emits any warning at all."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = fn()
    assert caught == [], [str(w.message) for w in caught]
    return result


@pytest.mark.parametrize("optimizer", ["sgd", "momentum"])
def test_divergence_during_training_is_recorded_and_stops(optimizer):
    cfg, _ = validate(
        RunConfig(
            dataset="spiral",
            activation="linear",
            init="large",
            lr=10.0,
            optimizer=optimizer,
        )
    )
    exp = quiet(lambda: run_experiment(cfg, 50))
    h = exp.history
    assert h.diverged is not None and h.diverged.epoch >= 1
    assert h.diverged.kind in ("nan", "inf", "loss_limit") and h.diverged.overflowed
    assert h.epochs == h.diverged.epoch and len(h.train_loss) == h.diverged.epoch + 1
    last = h.train_loss[-1]
    assert not math.isfinite(last) or last > 1e12
    assert all(math.isfinite(x) and x < 1e12 for x in h.train_loss[:-1])
    again = quiet(lambda: exp.trainer.run(10))  # a diverged run stays stopped
    assert again.epochs == h.diverged.epoch


def test_adam_with_an_exploding_init_is_caught_at_epoch_zero():
    cfg, _ = validate(
        RunConfig(
            dataset="spiral",
            activation="linear",
            init="large",
            init_scale=10.0,
            layers=(16,) * 8,
            lr=10.0,
            optimizer="adam",
        )
    )
    h = quiet(lambda: run_experiment(cfg, 20)).history
    assert h.diverged is not None and h.diverged.epoch == 0 and h.epochs == 0
    assert h.diverged.kind == "loss_limit" and h.diverged.limit == 1e12
    assert h.diverged.value == h.train_loss[0] > 1e12


def test_overflowing_weights_with_a_finite_loss_are_caught():
    X = np.ones((4, 2))
    Y = np.ones((4, 1))
    net = Network([2, 3, 1], "relu", "sigmoid", "bce", seed=0)
    net.weights[0] = np.full((2, 3), -np.inf)  # every ReLU off: the loss stays finite
    h = quiet(lambda: Trainer(net, X, Y).run(3))
    assert math.isfinite(h.train_loss[0])
    assert h.diverged is not None and h.diverged.epoch == 0
    assert h.diverged.kind == "weights"


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
def test_lr_10_on_spiral_never_warns(optimizer):
    cfg, _ = validate(RunConfig(dataset="spiral", init="large", lr=10.0, optimizer=optimizer))
    h = quiet(lambda: run_experiment(cfg, 40)).history
    assert h.epochs == 40 or h.diverged is not None
    finite = h.train_loss if h.diverged is None else h.train_loss[:-1]
    assert all(math.isfinite(x) for x in finite)


def test_batch_size_is_clamped():
    t = linear_trainer(batch=10_000)
    assert t.batch == len(t.X)
    t = linear_trainer(batch=0)
    assert t.batch == len(t.X)


def test_trainer_rejects_wrong_shapes_by_name():
    net = Network([2, 3, 1], seed=0)
    with pytest.raises(ValueError, match=r"X_train must have shape \(batch, 2\), got \(5, 3\)"):
        Trainer(net, np.zeros((5, 3)), np.zeros((5, 1)))
    with pytest.raises(ValueError, match=r"Y_test"):
        Trainer(net, np.zeros((5, 2)), np.zeros((5, 1)), np.zeros((2, 2)), np.zeros((2, 2)))


def test_in_place_edits_between_runs_are_trained_from():
    """LiveRun restores a snapshot by writing into trainer.params in place."""
    a = linear_trainer("adam", 0.05, batch=10)
    a.run(4)
    saved = [p.copy() for p in a.params]
    state = copy.deepcopy(a.state)
    rng = copy.deepcopy(a.rng.bit_generator.state)
    a.run(3)
    b = linear_trainer("adam", 0.05, batch=10)
    for p, s in zip(b.params, saved):
        p[...] = s
    b.state.clear()
    b.state.update(state)
    b.rng.bit_generator.state = rng
    b.run(3)
    assert all(np.array_equal(p, q) for p, q in zip(a.net.parameters(), b.net.parameters()))
    assert a.history.train_loss[-1] == b.history.train_loss[-1]


@pytest.mark.parametrize("batch", [None, 10])
def test_a_pickled_experiment_continues_exactly(batch):
    """st.cache_data pickles experiments: an unpickled copy must keep training identically."""
    cfg = RunConfig(dataset="moons", optimizer="momentum", batch=batch or 200, lr=0.3)
    original = run_experiment(cfg, 5)
    clone = pickle.loads(pickle.dumps(original))
    original.trainer.run(3)
    clone.trainer.run(3)
    assert histories_equal(original.history, clone.history)
    assert all(
        np.array_equal(p, q) for p, q in zip(original.net.parameters(), clone.net.parameters())
    )


def test_a_hand_built_config_is_validated_before_use():
    """RunConfig(dataset="sine") keeps the 2-D default features; the experiment must not
    index a second input column that 1-D data does not have."""
    exp = make_experiment(RunConfig(dataset="sine"))
    assert exp.config.features == ("x1",) and exp.X_train.shape[1] == 1
    exp.trainer.run(3)
    assert exp.history.epochs == 3


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
@pytest.mark.parametrize("batch, l2", [(None, 0.0), (7, 0.0), (7, 0.05)])
def test_the_trainer_is_bit_identical_to_forward_backward_and_the_update(optimizer, batch, l2):
    """The trainer's flat buffers run the network's own backward pass: the same numbers as
    ``net.backward`` plus the penalty and the optimizer on the arrays one by one."""
    t = linear_trainer(optimizer, 0.1, batch=batch, l2=l2)
    ref = linear_trainer(optimizer, 0.1, batch=batch).net.copy()
    opt = make_optimizer(optimizer, 0.1)
    params = ref.parameters()
    state = opt.init(params)
    rng = np.random.default_rng([0, 1])  # the trainer's documented shuffling stream
    X, Y = t.X, t.Y
    n, bs = len(X), t.batch
    for _ in range(3):
        Xs, Ys = X, Y
        if bs < n:
            order = rng.permutation(n)
            Xs, Ys = X[order], Y[order]
        for i in range(0, n, bs):
            g = ref.backward(ref.forward(Xs[i : i + bs]), Ys[i : i + bs])
            gW = [Penalty(l2).gradient(gw, W) for gw, W in zip(g.weights, ref.weights)]
            opt.update(params, [*gW, *g.biases], state)
    t.run(3)
    assert all(np.array_equal(p, q) for p, q in zip(t.net.parameters(), params))
    assert t.history.train_loss[-1] == ref.loss(ref.forward(X), Y)
