"""A visitor's own points: read from CSV text (parsed, never evaluated), written back as CSV, and
packed into a short, bounded string that travels in a share link.

Classification data is ``x1,x2,label`` with labels 0 … 4; regression data is ``x,y``. Reading
never raises: it returns the points or a list of problems (each naming the line), and nothing is
half-loaded. Coordinates are kept to 3 decimals, as in the link, so an uploaded file, its link and
its download hold exactly the same points.
"""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass

import numpy as np

from .datasets import MAX_CLASSES

MAX_BYTES = 200_000  # a CSV of the largest allowed data set is far smaller
MAX_POINTS = 500  # points a link can carry (about 3.4 KB of link)
MIN_POINTS = 4
MIN_PER_CLASS = 2
LIMIT = 32.0  # |coordinate| bound: 3 decimals fit in a 16-bit integer
DECIMALS = 3
SCALE = 10**DECIMALS
MAX_PROBLEMS = 5  # a file full of errors is summarised, not listed line by line

Array = np.ndarray


@dataclass(frozen=True, eq=False)
class Points:
    """``X`` (n, 2) and integer labels ``y`` (n,) for classification, or ``X`` (n, 1) and values
    ``y`` (n,) for regression."""

    task: str
    X: Array
    y: Array

    @property
    def classes(self) -> int:
        return int(self.y.max()) + 1 if self.task == "classification" and len(self.y) else 0

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Points)
            and self.task == other.task
            and np.array_equal(self.X, other.X)
            and np.array_equal(self.y, other.y)
        )

    def __hash__(self) -> int:
        return hash((self.task, self.X.tobytes(), self.y.tobytes()))


HEADERS = {("x1", "x2", "label"): "classification", ("x", "y"): "regression"}


def read_csv(text: str | bytes) -> tuple[Points | None, list[str]]:
    """Points from CSV text, or ``None`` and what is wrong (line numbers count from 1)."""
    if isinstance(text, bytes):
        if len(text) > MAX_BYTES:
            return None, [_too_big(len(text))]
        if b"\x00" in text:
            return None, ["this is not a text file (it holds binary data)"]
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None, ["this is not a UTF-8 text file"]
    if len(text) > MAX_BYTES:
        return None, [_too_big(len(text))]
    if "\x00" in text:
        return None, ["this is not a text file (it holds binary data)"]
    lines = [(i, line.strip()) for i, line in enumerate(text.splitlines(), 1) if line.strip()]
    if not lines:
        return None, ["the data is empty: give a header line (x1,x2,label or x,y) and points"]
    head = tuple(c.strip().lower() for c in lines[0][1].split(","))
    if head not in HEADERS:
        return None, [
            f"line 1 is {lines[0][1][:40]!r}: the first line must name the columns, "
            "x1,x2,label (classification) or x,y (regression)"
        ]
    task = HEADERS[head]
    rows, problems = _rows(lines[1:], len(head))
    if problems:
        return None, problems
    return _checked(task, np.array(rows, float).reshape(-1, len(head)))


def _too_big(n: int) -> str:
    return f"the data is {n:,} bytes; at most {MAX_BYTES:,} are read"


def _rows(lines: list[tuple[int, str]], width: int) -> tuple[list[list[float]], list[str]]:
    rows, problems = [], []
    for i, line in lines:
        cells = [c.strip() for c in line.split(",")]
        if len(cells) != width:
            problems.append(f"line {i} has {len(cells)} values; every line needs {width}")
            continue
        try:
            values = [float(c) for c in cells]
        except ValueError:
            bad = next(c for c in cells if not _is_float(c))
            problems.append(f"line {i}: {bad[:20]!r} is not a number")
            continue
        if not all(math.isfinite(v) for v in values):
            problems.append(f"line {i} holds NaN or infinity")
            continue
        rows.append(values)
    if len(problems) > MAX_PROBLEMS:
        problems = [*problems[:MAX_PROBLEMS], f"… and {len(problems) - MAX_PROBLEMS} more lines"]
    return rows, problems


def _is_float(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return True


def _checked(task: str, table: Array) -> tuple[Points | None, list[str]]:
    """Bounds, sizes and labels of a parsed table; coordinates rounded as the link keeps them."""
    n = len(table)
    if n > MAX_POINTS:
        return None, [f"the data has {n} points; at most {MAX_POINTS} are allowed"]
    if n < MIN_POINTS:
        return None, [f"the data has {n} points; at least {MIN_POINTS} are needed"]
    coords = table[:, :2] if task == "classification" else table
    if np.abs(coords).max() > LIMIT:
        return None, [
            f"coordinates must lie within ±{LIMIT:g} (the largest here is "
            f"{np.abs(coords).max():g}); scale the data first"
        ]
    if task == "regression":
        X, y = np.round(table[:, :1], DECIMALS), np.round(table[:, 1], DECIMALS)
        return Points(task, X, y), []
    labels = table[:, 2]
    if not np.all((labels == np.round(labels)) & (labels >= 0) & (labels < MAX_CLASSES)):
        return None, [f"labels must be whole numbers 0…{MAX_CLASSES - 1}"]
    y = labels.astype(int)
    return _class_problems(Points(task, np.round(table[:, :2], DECIMALS), y))


def _class_problems(points: Points) -> tuple[Points | None, list[str]]:
    counts = np.bincount(points.y, minlength=points.classes)
    if points.classes < 2 or np.count_nonzero(counts) < 2:
        return None, ["all points have one class: a classifier needs at least two"]
    missing = [str(k) for k in range(points.classes) if counts[k] == 0]
    if missing:
        return None, [f"labels skip class {', '.join(missing)}: number classes 0, 1, 2, … in order"]
    few = [str(k) for k in range(points.classes) if counts[k] < MIN_PER_CLASS]
    if few:
        return None, [
            f"class {', '.join(few)} has fewer than {MIN_PER_CLASS} points: each class needs "
            f"at least {MIN_PER_CLASS} so both the training and the test set can hold it"
        ]
    return points, []


def write_csv(points: Points) -> str:
    """The points as CSV text that :func:`read_csv` reads back exactly (numbers only)."""
    if points.task == "classification":
        head = "x1,x2,label"
        body = (
            f"{a:.{DECIMALS}f},{b:.{DECIMALS}f},{int(c)}" for (a, b), c in zip(points.X, points.y)
        )
    else:
        head = "x,y"
        body = (f"{a:.{DECIMALS}f},{b:.{DECIMALS}f}" for (a,), b in zip(points.X, points.y))
    return "\n".join([head, *body]) + "\n"


def encode(points: Points) -> str:
    """A link-safe string: ``c`` or ``r`` then URL-safe base64 of 16-bit coordinates (×1000)
    and, for classes, one byte per label. 500 points take about 3.4 KB."""
    coords = np.round(np.column_stack([points.X, points.y]) * SCALE).astype("<i2")
    if points.task == "classification":
        payload = coords[:, :2].tobytes() + points.y.astype("u1").tobytes()
        return "c" + base64.urlsafe_b64encode(payload).decode().rstrip("=")
    return "r" + base64.urlsafe_b64encode(coords.tobytes()).decode().rstrip("=")


def decode(text: str) -> tuple[Points | None, str | None]:
    """The points of :func:`encode`, or ``None`` and why the string is not such data."""
    bad = None, "the points in this link are damaged; using the generated data instead"
    if not text or text[0] not in "cr" or len(text) > 4 * MAX_POINTS * 5 // 3 + 8:
        return bad
    try:
        raw = base64.urlsafe_b64decode(text[1:] + "=" * (-len(text[1:]) % 4))
    except ValueError:
        return bad
    per = 5 if text[0] == "c" else 4
    if len(raw) % per or not raw:
        return bad
    n = len(raw) // per
    if text[0] == "r":
        table = np.frombuffer(raw, "<i2").reshape(n, 2) / SCALE
        points, problems = _checked("regression", table)
    else:
        xy = np.frombuffer(raw[: 4 * n], "<i2").reshape(n, 2) / SCALE
        labels = np.frombuffer(raw[4 * n :], "u1").astype(float)
        points, problems = _checked("classification", np.column_stack([xy, labels]))
    if points is None:
        return None, f"the points in this link are not usable ({problems[0]}); using generated data"
    return points, None
