"""What the data panel does to a visitor's points, as pure functions (no Streamlit).

The data a run trains on is the link's ``data=`` value (``backprop_core.userdata.encode``) or,
when that is empty, the generated dataset. Drawing starts from whatever is on the plane. While a
drawn set is not yet usable (after Clear, or fewer than two points of each of two classes) it is
*pending*: kept for the visitor, not trained on, not in the link; the run keeps the last usable
data. An :class:`Edit` is the whole panel state, so Undo is "go back to the previous Edit".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from backprop_core.datasets import MAX_CLASSES, Dataset
from backprop_core.userdata import (
    DECIMALS,
    LIMIT,
    Points,
    decode,
    encode,
    read_csv,
    write_csv,
)

EMPTY = Points("classification", np.zeros((0, 2)), np.zeros(0, int))


@dataclass(frozen=True)
class Edit:
    """``data``: the link value trained on ("" = the generated dataset); ``pending``: a drawn
    set that is not usable yet (``None`` when there is none)."""

    data: str = ""
    pending: Points | None = None


def of_dataset(data: Dataset) -> Points:
    """The points of a dataset as the plane shows them: training points, then test points.
    Classification labels become integers; 1-D regression keeps ``X`` (n, 1)."""
    X = np.concatenate([data.X_train, data.X_test])
    y = np.concatenate([data.Y_train, data.Y_test])[:, 0]
    if data.task == "classification":
        return Points("classification", X, y.astype(int))
    return Points("regression", X, y)


def trained_on(edit: Edit, generated: Points) -> Points:
    """The points a run trains on: the link's, else (none, or damaged) the generated ones."""
    points = decode(edit.data)[0] if edit.data else None
    return points if points is not None else generated


def shown(edit: Edit, generated: Points) -> Points:
    """What the plane shows: a pending drawing, else the points trained on."""
    return edit.pending if edit.pending is not None else trained_on(edit, generated)


def with_point(points: Points, x: float, y: float, label: int) -> Points:
    """``points`` plus one classification point at (x, y), rounded as the link keeps it."""
    xy = np.round(np.clip([[float(x), float(y)]], -LIMIT, LIMIT), DECIMALS)
    return Points(
        "classification",
        np.concatenate([points.X.reshape(-1, 2), xy]),
        np.concatenate([points.y.astype(int), [int(label)]]),
    )


def usable(points: Points) -> tuple[Points | None, list[str]]:
    """The same checks as an uploaded file gets (it goes through the CSV reader itself)."""
    if not len(points.y):
        return None, ["the plane is empty"]
    return read_csv(write_csv(points))


def add(edit: Edit, generated: Points, x: float, y: float, label: int) -> tuple[Edit, list[str]]:
    """Add a drawn point to what the plane shows: usable data goes into the link, otherwise it
    stays pending; the problems say what is missing."""
    base = shown(edit, generated)
    if base.task != "classification":
        return edit, ["drawing adds class points; regression data comes from a CSV file"]
    drawn = with_point(base, x, y, label)
    points, problems = usable(drawn)
    if points is None:
        return Edit(edit.data, drawn), problems
    return Edit(encode(points), None), []


def clear(edit: Edit) -> Edit:
    """An empty plane to draw on; the run keeps its data until the drawing is usable."""
    return Edit(edit.data, EMPTY)


def loaded(points: Points) -> Edit:
    """Points read from a CSV file or text, to train on and put in the link."""
    return Edit(encode(points), None)


def classes_to_draw(points: Points) -> int:
    """How many classes the class picker offers: those present and one new one (2 … 5)."""
    present = points.classes if points.task == "classification" else 0
    return max(2, min(present + 1, MAX_CLASSES))


def counts(points: Points) -> list[int]:
    """Points per class (classification)."""
    return np.bincount(points.y.astype(int), minlength=points.classes).tolist()
