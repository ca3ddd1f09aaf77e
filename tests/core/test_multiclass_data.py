"""Spiral and blobs with 3–5 classes; every other set stays two-class."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_core.datasets import DATASETS, from_points, make_dataset, one_hot


@pytest.mark.parametrize("name", ["spiral", "gaussian"])
@pytest.mark.parametrize("classes", [2, 3, 4, 5])
def test_every_class_is_drawn_in_near_equal_shares(name, classes):
    ds = make_dataset(name, 301, 0.1, seed=1, classes=classes)
    labels = np.concatenate([ds.Y_train, ds.Y_test]).ravel()
    counts = np.bincount(labels.astype(int))
    assert len(counts) == classes and counts.sum() == 301
    assert counts.max() - counts.min() <= classes
    assert ds.classes == classes


@pytest.mark.parametrize("name", [n for n, d in DATASETS.items() if d.max_classes == 2])
def test_other_sets_refuse_more_than_two_classes(name):
    with pytest.raises(ValueError, match="classes"):
        make_dataset(name, 100, classes=3)


def test_a_visitors_points_are_split_by_the_seed_and_one_hot_targets_fit_softmax():
    X = np.arange(20.0).reshape(10, 2)
    y = (np.arange(10) % 3)[:, None].astype(float)
    a, b = (
        from_points(X, y, "classification", seed=4, classes=3),
        from_points(X, y, "classification", seed=4, classes=3),
    )
    assert np.array_equal(a.X_train, b.X_train) and len(a.X_train) + len(a.X_test) == 10
    assert one_hot(y, 3).tolist()[:3] == [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
