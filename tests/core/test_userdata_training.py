"""A visitor's CSV trains the same network whichever way it arrives: the file, the link made
from it, or the downloaded copy give the same points and the same loss to the last digit."""

from __future__ import annotations

import numpy as np

from backprop_core import multiclass
from backprop_core.datasets import from_points
from backprop_core.network import Network
from backprop_core.optimizers import make_optimizer
from backprop_core.training import Trainer
from backprop_core.userdata import Points, decode, encode, read_csv, write_csv

rng = np.random.default_rng(3)
ROWS = [(*rng.uniform(-5, 5, 2), k % 3) for k in range(60)]
CSV = "x1,x2,label\n" + "\n".join(f"{a:.6f},{b:.6f},{c}" for a, b, c in ROWS)


def losses(points: Points, seed: int = 7) -> list[float]:
    k = points.classes
    d = from_points(points.X, points.y[:, None], "classification", seed, 0.5, k)
    net = Network(
        [2, 5, multiclass.outputs("classification", k)],
        output_activation=multiclass.output_activation("classification", k),
        loss=multiclass.loss("classification", k),
        seed=seed,
    )
    t = Trainer(
        net,
        d.X_train,
        multiclass.targets(d.Y_train, "classification", k),
        d.X_test,
        multiclass.targets(d.Y_test, "classification", k),
        optimizer=make_optimizer("sgd", 0.1),
        batch_size=8,
        seed=seed,
    )
    h = t.run(15)
    return h.train_loss + h.test_loss


def test_upload_link_and_download_train_to_the_same_loss_to_the_last_digit():
    uploaded, problems = read_csv(CSV.encode())
    assert problems == [] and uploaded.classes == 3
    from_link, why = decode(encode(uploaded))
    downloaded, _ = read_csv(write_csv(from_link))
    assert why is None and from_link == uploaded == downloaded
    reference = losses(uploaded)
    assert losses(from_link) == reference == losses(downloaded)
    assert reference[15] < reference[0]  # it did train
