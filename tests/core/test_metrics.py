"""Metrics against counts worked out by hand."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from backprop_core.metrics import (
    class_metrics,
    confusion_matrix,
    predicted_classes,
    regression_metrics,
)


def test_confusion_matrix_rows_are_true_classes():
    cm = confusion_matrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], 3)
    assert cm.tolist() == [[1, 1, 0], [0, 1, 0], [1, 0, 2]]


@given(st.integers(2, 5), st.lists(st.integers(0, 4), min_size=1, max_size=80), st.data())
def test_counts_sum_to_the_split_size_and_accuracy_is_the_diagonal(k, labels, data):
    labels = np.array(labels) % k
    probs = np.array(data.draw(st.lists(st.lists(st.floats(0, 1), min_size=k, max_size=k),
                                        min_size=len(labels), max_size=len(labels))))  # fmt: skip
    m = class_metrics(labels, probs, k)
    assert m.confusion.sum() == len(labels)
    assert m.accuracy == np.mean(np.argmax(probs, axis=1) == labels)
    assert np.array_equal(m.confusion.sum(axis=1), np.bincount(labels, minlength=k))


def test_sigmoid_outputs_split_at_one_half_and_an_empty_class_has_no_accuracy():
    assert predicted_classes(np.array([[0.49], [0.5], [0.9]])).tolist() == [0, 1, 1]
    m = class_metrics(np.array([1, 1]), np.array([[0.9], [0.2]]), 2)
    assert np.isnan(m.per_class[0]) and m.per_class[1] == 0.5 and m.accuracy == 0.5


def test_rmse_and_r2():
    m = regression_metrics([1.0, 2.0, 3.0], [1.0, 2.0, 5.0])
    assert np.isclose(m.rmse, np.sqrt(4 / 3))
    assert np.isclose(m.r2, 1 - 4 / 2)
    assert np.isnan(regression_metrics([2.0, 2.0], [1.0, 3.0]).r2)
