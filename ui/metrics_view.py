"""How good the fit is, in the numbers people ask for: for classification a confusion matrix of
the training and the test set and the accuracy of each class; for regression RMSE and R².

The figure builders are pure (numbers in, Plotly figure out); :func:`measure` computes everything
and :func:`show` draws it (apart, so a page can compute its charts before it sends any).
Classes keep the colours the plane draws them in (``CLASS_COLOURS``, colour-blind safe).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from backprop_core.metrics import (
    ClassMetrics,
    RegressionMetrics,
    class_metrics,
    regression_metrics,
)
from ui.charts import CLASS_COLOURS, PLOT_CONFIG, base_layout
from ui.format import fmt

Array = np.ndarray
# light grey (an empty cell stays visible on the white page) → dark slate: the share of a true
# class that landed in each predicted column
SHARE_SCALE = [[0.0, "#f1f3f5"], [1.0, "#495057"]]
CONFUSION_HELP = (
    "Row = the true class, column = the class the network predicts (the largest output: "
    "argmax_k p_k, or p ≥ 0.5 with one sigmoid output). Each cell counts points; the counts "
    "of a split add up to its size. Shading is the share of the row: the diagonal is each "
    "class's accuracy."
)
ACCURACY_HELP = (
    "Accuracy of class k = points of class k predicted k / points of class k (the diagonal "
    "of the confusion matrix over its row sum); overall accuracy = trace / all points."
)
RMSE_HELP = "RMSE = √(Σ (ŷᵢ − yᵢ)² / n), in the units of y: the typical size of an error."
R2_HELP = (
    "R² = 1 − Σ (ŷᵢ − yᵢ)² / Σ (yᵢ − ȳ)²: 1 is a perfect fit, 0 is no better than predicting "
    "the mean ȳ, negative is worse."
)


def percent(share: float) -> str:
    """``0.9733`` → ``"97.33 %"``; NaN (an empty class) → ``"–"``."""
    return "–" if not np.isfinite(share) else f"{fmt(100 * share)} %"


def class_label(k: int) -> str:
    """A class name in its plane colour (Plotly text accepts inline ``<span>`` styles)."""
    return f'<span style="color:{CLASS_COLOURS[k % len(CLASS_COLOURS)]}">■</span> {k}'


def confusion_figure(metrics: ClassMetrics, title: str, height: int = 260) -> go.Figure:
    """A heat map of ``metrics.confusion`` ``(k, k)``: counts as text, row shares as shade."""
    cm = metrics.confusion
    k = len(cm)
    rows = cm.sum(axis=1, keepdims=True)
    share = np.divide(cm, rows, out=np.zeros(cm.shape), where=rows > 0)
    names = [class_label(i) for i in range(k)]
    fig = go.Figure(
        go.Heatmap(
            z=share,
            x=names,
            y=names,
            text=cm.tolist(),
            texttemplate="%{text}",
            textfont=dict(size=14),
            customdata=np.round(100 * share, 1),
            colorscale=SHARE_SCALE,
            zmin=0,
            zmax=1,
            showscale=False,
            xgap=2,
            ygap=2,
            hovertemplate=(
                "true %{y}, predicted %{x}: %{text} points (%{customdata} % of the row)"
                "<extra></extra>"
            ),
        )
    )
    fig.update_xaxes(title="predicted", side="bottom", showgrid=False, type="category")
    fig.update_yaxes(title="true", autorange="reversed", showgrid=False, type="category")
    return base_layout(fig, f"{title}: {int(cm.sum())} points", height)


def per_class_rows(train: ClassMetrics, test: ClassMetrics | None) -> list[dict[str, object]]:
    """One row per class, then the overall accuracy: counts and accuracies as text."""
    rows = []
    for k in range(len(train.confusion)):
        row: dict[str, object] = {
            "class": str(k),
            "train points": int(train.confusion[k].sum()),
            "train accuracy": percent(train.per_class[k]),
        }
        if test is not None:
            row["test points"] = int(test.confusion[k].sum())
            row["test accuracy"] = percent(test.per_class[k])
        rows.append(row)
    total: dict[str, object] = {
        "class": "all",
        "train points": int(train.confusion.sum()),
        "train accuracy": percent(train.accuracy),
    }
    if test is not None:
        total["test points"] = int(test.confusion.sum())
        total["test accuracy"] = percent(test.accuracy)
    return [*rows, total]


@dataclass(frozen=True)
class Measured:
    """The metrics of a fit, computed (figures built) and ready to draw: for classification a
    confusion figure per split with its per-class rows, for regression each split's metrics."""

    task: str
    confusion: list[tuple[str, go.Figure]] = field(default_factory=list)  # (split, figure)
    rows: list[dict[str, object]] = field(default_factory=list)
    regression: list[tuple[str, RegressionMetrics]] = field(default_factory=list)


def measure(
    task: str,
    classes: int,
    train: tuple[Array, Array],
    test: tuple[Array, Array] | None,
) -> Measured:
    """``train``/``test`` are ``(labels or targets (n, 1), output (n, 1) or (n, classes))``."""
    has_test = test is not None and len(test[0])
    if task != "classification":
        splits = [("training", regression_metrics(*train))]
        if has_test:
            splits.append(("test", regression_metrics(*test)))  # type: ignore[misc]
        return Measured(task, regression=splits)
    tr = class_metrics(train[0], train[1], classes)
    te = class_metrics(test[0], test[1], classes) if has_test else None  # type: ignore[index]
    splits_c = [("Training set", tr, "train")] + ([("Test set", te, "test")] if te else [])
    return Measured(
        task,
        confusion=[(name, confusion_figure(m, title)) for title, m, name in splits_c],
        rows=per_class_rows(tr, te),
    )


def show(measured: Measured, key: str = "metrics") -> None:
    """Draw what :func:`measure` computed."""
    if measured.task != "classification":
        cols = st.columns(2 * len(measured.regression))
        for i, (name, m) in enumerate(measured.regression):
            cols[2 * i].metric(f"RMSE ({name})", fmt(m.rmse), help=RMSE_HELP)
            cols[2 * i + 1].metric(f"R² ({name})", fmt(m.r2), help=R2_HELP)
        return
    for col, (name, fig) in zip(st.columns(len(measured.confusion)), measured.confusion):
        col.plotly_chart(fig, config=PLOT_CONFIG, width="stretch", key=f"{key}_confusion_{name}")
    st.caption(f"Confusion matrices: {CONFUSION_HELP}")
    st.dataframe(
        measured.rows,
        hide_index=True,
        width="stretch",
        column_config={
            "class": st.column_config.TextColumn("class", help="Labels 0 … k − 1"),
            "train accuracy": st.column_config.TextColumn("train accuracy", help=ACCURACY_HELP),
            "test accuracy": st.column_config.TextColumn("test accuracy", help=ACCURACY_HELP),
        },
    )


def show_metrics(
    task: str,
    classes: int,
    train: tuple[Array, Array],
    test: tuple[Array, Array] | None,
    key: str = "metrics",
) -> None:
    """The metrics section for a task (``"classification"`` or ``"regression"``)."""
    show(measure(task, classes, train, test), key)
