"""More than two classes train a softmax output with cross-entropy on one-hot targets; the
Playground's many-class preset learns a 3-class spiral."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_core import multiclass
from backprop_core.datasets import expand_features, make_dataset
from backprop_core.metrics import class_metrics
from backprop_core.network import Network
from backprop_core.optimizers import make_optimizer
from backprop_core.training import Trainer


def test_two_classes_keep_one_sigmoid_unit_and_more_get_softmax():
    assert (multiclass.outputs("classification", 2), multiclass.loss("classification", 2)) == (
        1,
        "bce",
    )
    assert multiclass.output_activation("classification", 3) == "softmax"
    assert multiclass.loss("classification", 5) == "cross_entropy"
    assert (multiclass.outputs("regression", 0), multiclass.loss("regression", 0)) == (1, "mse")
    Y = np.array([[0.0], [2.0], [1.0]])
    assert multiclass.targets(Y, "classification", 2) is Y
    assert multiclass.targets(Y, "classification", 3).tolist() == [[1, 0, 0], [0, 0, 1], [0, 1, 0]]


def spiral_run(seed: int, classes: int = 3, epochs: int = 100):
    """The Playground's defaults (200 points, noise 0.1, half for training, batch 10) with the
    many-class preset."""
    p = multiclass.PRESET
    d = make_dataset("spiral", 200, 0.1, seed, 0.5, classes=classes)
    X = [expand_features(x, p["features"]) for x in (d.X_train, d.X_test)]
    net = Network(
        [len(p["features"]), *p["layers"], multiclass.outputs("classification", classes)],
        hidden_activation="tanh",
        output_activation=multiclass.output_activation("classification", classes),
        loss=multiclass.loss("classification", classes),
        seed=seed,
    )
    trainer = Trainer(
        net,
        X[0],
        multiclass.targets(d.Y_train, "classification", classes),
        X[1],
        multiclass.targets(d.Y_test, "classification", classes),
        optimizer=make_optimizer(p["optimizer"], p["lr"]),
        batch_size=10,
        seed=seed,
    )
    return d, X, trainer, trainer.run(epochs)


@pytest.mark.parametrize("seed", [0, 5])
def test_the_preset_learns_a_three_class_spiral_to_90_percent(seed):
    d, X, trainer, h = spiral_run(seed)
    assert h.diverged is None
    assert h.train_acc[0] < 0.6 and h.train_acc[-1] >= 0.9
    # the trainer's accuracy is the confusion matrix's: argmax of the softmax output
    m = class_metrics(d.Y_train, trainer.net.forward(X[0]).output, 3)
    assert m.accuracy == h.train_acc[-1] and m.confusion.sum() == len(d.Y_train)


def test_a_config_with_classes_or_own_points_trains_softmax_and_the_preset_learns_it():
    from backprop_core.config import RunConfig
    from backprop_core.training import run_experiment
    from backprop_core.userdata import encode, read_csv

    cfg = RunConfig(dataset="spiral", classes=3, seed=5, **multiclass.PRESET)
    assert cfg.sizes == [4, 8, 8, 3] and cfg.loss == "cross_entropy"
    assert run_experiment(cfg, 100).history.train_acc[-1] >= 0.9
    points, _ = read_csv("x1,x2,label\n" + "\n".join(f"{i},{i % 4},{i % 4}" for i in range(12)))
    own = RunConfig(dataset="circles", data=encode(points))
    assert (own.task, own.n_classes, own.n_points, own.sizes[-1]) == ("classification", 4, 12, 4)
    exp = run_experiment(own, 5)
    assert len(exp.data.X_train) + len(exp.data.X_test) == 12
