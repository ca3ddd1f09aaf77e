"""The metrics section: confusion matrices whose counts add up to the split sizes, accuracy per
class, RMSE and R² — on a real trained network's outputs."""

from __future__ import annotations

import numpy as np
from streamlit.testing.v1 import AppTest

from backprop_core.datasets import make_dataset
from backprop_core.metrics import class_metrics
from tests.app.conftest import figures
from ui.metrics_view import confusion_figure, per_class_rows, percent


def _classification() -> None:
    import numpy as np

    from backprop_core.datasets import expand_features, make_dataset, one_hot
    from backprop_core.network import Network
    from backprop_core.training import Trainer
    from ui.metrics_view import show_metrics

    d = make_dataset("spiral", 90, 0.0, 0, 0.6, classes=3)
    net = Network([2, 6, 3], output_activation="softmax", loss="cross_entropy", seed=0)
    Trainer(net, d.X_train, one_hot(d.Y_train, 3), batch_size=10).run(20)
    out = [net.forward(expand_features(X, ("x1", "x2"))).output for X in (d.X_train, d.X_test)]
    show_metrics("classification", 3, (d.Y_train, out[0]), (d.Y_test, out[1]))
    assert np.isfinite(out[0]).all()


def _regression() -> None:
    from backprop_core.datasets import make_dataset
    from ui.metrics_view import show_metrics

    d = make_dataset("sine", 40, 0.1, 0, 0.5)
    show_metrics("regression", 0, (d.Y_train, d.Y_train * 0.9), (d.Y_test, d.Y_test * 0 + 0.1))


def test_confusion_counts_add_up_to_each_split_and_the_table_lists_every_class():
    at = AppTest.from_function(_classification, default_timeout=30).run()
    assert not at.exception
    figs = figures(at)
    assert len(figs) == 2
    sizes = [54, 36]  # 60 % of 90 points train
    for fig, n in zip(figs, sizes):
        counts = np.array(fig["data"][0]["text"])
        assert counts.shape == (3, 3) and counts.sum() == n
        assert f": {n} points" in fig["layout"]["title"]["text"]
    table = at.dataframe[0].value
    assert list(table["class"]) == ["0", "1", "2", "all"]
    d = make_dataset("spiral", 90, 0.0, 0, 0.6, classes=3)
    per_class = np.bincount(d.Y_train[:, 0].astype(int)).tolist()
    assert list(table["train points"]) == [*per_class, 54]
    assert table["test points"].iloc[-1] == 36


def test_regression_shows_rmse_and_r2_of_both_splits():
    at = AppTest.from_function(_regression, default_timeout=30).run()
    assert not at.exception
    labels = [m.label for m in at.metric]
    assert labels == ["RMSE (training)", "R² (training)", "RMSE (test)", "R² (test)"]
    d = make_dataset("sine", 40, 0.1, 0, 0.5)
    rmse = float(np.sqrt(np.mean((0.1 * d.Y_train) ** 2)))
    assert at.metric[0].value == f"{rmse:.4g}"
    assert (
        at.metric[1].value
        == f"{1 - np.sum((0.1 * d.Y_train) ** 2) / np.sum((d.Y_train - d.Y_train.mean()) ** 2):.4g}"
    )


def test_a_perfect_fit_fills_the_diagonal_and_an_empty_class_shows_no_accuracy():
    labels = np.array([0, 0, 1, 2, 2])[:, None]
    m = class_metrics(labels, np.eye(4)[labels[:, 0]], 4)  # class 3 has no points
    fig = confusion_figure(m, "Training set").to_plotly_json()
    assert np.array_equal(np.array(fig["data"][0]["text"]), np.diag([2, 1, 2, 0]))
    rows = per_class_rows(m, None)
    assert [r["train accuracy"] for r in rows] == ["100 %", "100 %", "100 %", "–", "100 %"]
    assert percent(0.97333) == "97.33 %"
