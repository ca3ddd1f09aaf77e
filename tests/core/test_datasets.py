"""Datasets: every generator's shapes, labels, split, noise and seed; the input features."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_core import DATASETS, FEATURES, expand_features, make_dataset
from backprop_core.datasets import usable_features

CLASSIFICATION = [n for n, d in DATASETS.items() if d.task == "classification"]


def test_the_registry_has_every_dataset_the_issue_names():
    assert set(DATASETS) == {"xor", "circles", "moons", "spiral", "gaussian", "linear", "sine"}
    assert DATASETS["sine"].task == "regression" and DATASETS["sine"].n_inputs == 1
    assert all(d.label and d.blurb for d in DATASETS.values())


@settings(max_examples=40)
@given(
    name=st.sampled_from(sorted(DATASETS)),
    n=st.integers(4, 400),
    noise=st.sampled_from([0.0, 0.3, 1.0]),
    split=st.floats(0.1, 0.9),
    seed=st.integers(0, 2**31 - 1),
)
def test_shapes_labels_and_split(name, n, noise, split, seed):
    d = make_dataset(name, n, noise, seed, split)
    n_in = DATASETS[name].n_inputs
    assert d.name == name and d.task == DATASETS[name].task
    assert d.X_train.shape[1] == d.X_test.shape[1] == d.n_inputs == n_in
    assert len(d.X_train) + len(d.X_test) == n
    assert len(d.X_train) == min(max(round(n * split), 2), n - 1)
    assert d.Y_train.shape == (len(d.X_train), 1) and d.Y_test.shape == (len(d.X_test), 1)
    for a in (d.X_train, d.X_test, d.Y_train, d.Y_test):
        assert a.dtype == np.float64 and np.all(np.isfinite(a))
    if d.task == "classification":
        labels = np.concatenate([d.Y_train, d.Y_test])
        assert set(np.unique(labels)) <= {0.0, 1.0}


@pytest.mark.parametrize("name", CLASSIFICATION)
def test_classes_are_balanced_enough_and_in_range(name):
    d = make_dataset(name, 400, 0.0, seed=3)
    y = np.concatenate([d.Y_train, d.Y_test])
    assert 0.35 < y.mean() < 0.65
    X = np.concatenate([d.X_train, d.X_test])
    assert np.abs(X).max() < 8.0


def test_noise_free_geometry():
    d = make_dataset("xor", 300, 0.0, seed=1)
    X, y = np.concatenate([d.X_train, d.X_test]), np.concatenate([d.Y_train, d.Y_test])[:, 0]
    np.testing.assert_array_equal(y, (X[:, 0] * X[:, 1] > 0).astype(float))
    assert np.abs(X).min() >= 0.3  # kept off the axes
    d = make_dataset("circles", 300, 0.0, seed=1)
    X, y = np.concatenate([d.X_train, d.X_test]), np.concatenate([d.Y_train, d.Y_test])[:, 0]
    r = np.hypot(X[:, 0], X[:, 1])
    assert r[y == 1].max() <= 2.0 + 1e-12 and r[y == 0].min() >= 3.5 - 1e-12
    d = make_dataset("linear", 300, 0.0, seed=1)
    X, y = np.concatenate([d.X_train, d.X_test]), np.concatenate([d.Y_train, d.Y_test])[:, 0]
    np.testing.assert_array_equal(y, (X[:, 0] - 0.5 * X[:, 1] >= 0).astype(float))
    d = make_dataset("sine", 100, 0.0, seed=1)
    np.testing.assert_array_equal(d.Y_train, np.sin(d.X_train))


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_same_seed_same_data_other_seed_or_noise_other_data(name):
    a = make_dataset(name, 120, 0.2, seed=5)
    b = make_dataset(name, 120, 0.2, seed=5)
    c = make_dataset(name, 120, 0.2, seed=6)
    for f in ("X_train", "Y_train", "X_test", "Y_test"):
        np.testing.assert_array_equal(getattr(a, f), getattr(b, f))
    assert not np.array_equal(a.X_train, c.X_train)
    clean = make_dataset(name, 120, 0.0, seed=5)
    assert not np.array_equal(clean.X_train, a.X_train) or not np.array_equal(
        clean.Y_train, a.Y_train
    )


def test_more_noise_means_a_messier_spiral():
    def spread(noise):
        d = make_dataset("spiral", 400, noise, seed=0)
        clean = make_dataset("spiral", 400, 0.0, seed=0)
        return np.abs(d.X_train - clean.X_train).mean()

    assert spread(0.0) == 0.0
    assert 0 < spread(0.2) < spread(0.8)


def test_tiny_or_odd_requests_are_clamped_not_crashed():
    d = make_dataset("moons", 1, 0.0, seed=0)
    assert len(d.X_train) + len(d.X_test) == 4
    d = make_dataset("moons", 10, 0.0, seed=0, train_fraction=0.0)
    assert len(d.X_train) == 2
    d = make_dataset("moons", 10, 0.0, seed=0, train_fraction=1.0)
    assert len(d.X_test) == 1
    with pytest.raises(ValueError, match="xor, circles"):
        make_dataset("mnist")


def test_features_expand_the_inputs():
    X = np.array([[1.0, 2.0], [-3.0, 0.5]])
    out = expand_features(X, ["x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"])
    expected = np.array(
        [
            [1.0, 2.0, 1.0, 4.0, 2.0, np.sin(1.0), np.sin(2.0)],
            [-3.0, 0.5, 9.0, 0.25, -1.5, np.sin(-3.0), np.sin(0.5)],
        ]
    )
    np.testing.assert_allclose(out, expected, rtol=1e-15)
    assert expand_features(X, ["x1x2"]).shape == (2, 1)
    assert set(FEATURES) == {"x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"}


def test_usable_features_respect_the_input_dimension():
    assert usable_features(["x2", "x1", "bogus"], 2) == ("x1", "x2")  # registry order
    assert usable_features(["x1", "x2", "x1sq", "x1x2"], 1) == ("x1", "x1sq")
    assert usable_features(["x2"], 1) == ("x1",)
    assert usable_features([], 2) == ("x1", "x2")
