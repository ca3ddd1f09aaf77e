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
