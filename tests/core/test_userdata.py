"""A visitor's own points: CSV in, link and CSV out, the same points to the last digit; hostile
files give one clear message and no points."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from backprop_core.userdata import (
    MAX_POINTS,
    Points,
    decode,
    encode,
    read_csv,
    write_csv,
)

coord = st.floats(-32, 32, allow_nan=False)


@st.composite
def class_points(draw):
    classes = draw(st.integers(2, 5))
    n = draw(st.integers(2 * classes, 60))
    labels = [k % classes for k in range(n)]
    rows = [(draw(coord), draw(coord), c) for c in labels]
    return "x1,x2,label\n" + "\n".join(f"{a!r},{b!r},{c}" for a, b, c in rows)


@given(class_points())
def test_csv_link_and_download_hold_the_same_points(text):
    points, problems = read_csv(text)
    assert problems == [] and points is not None
    assert decode(encode(points)) == (points, None)
    assert read_csv(write_csv(points)) == (points, [])


@given(st.lists(st.tuples(coord, coord), min_size=4, max_size=50))
def test_regression_points_round_trip(rows):
    text = "x,y\n" + "\n".join(f"{a},{b}" for a, b in rows)
    points, problems = read_csv(text)
    assert problems == [] and points.task == "regression" and points.X.shape == (len(rows), 1)
    assert decode(encode(points)) == (points, None)
    assert read_csv(write_csv(points))[0] == points


def test_a_link_of_the_largest_data_set_stays_a_few_kilobytes():
    rng = np.random.default_rng(0)
    points = Points("classification", np.round(rng.uniform(-6, 6, (MAX_POINTS, 2)), 3),
                    rng.integers(0, 5, MAX_POINTS))  # fmt: skip
    assert len(encode(points)) < 3500


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "empty"),
        ("x1,x2,label\n" + "1,2,0\n" * 100_000, "bytes"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        ("x1,x2,label\n=cmd|' /C calc'!A0,1,0\n1,1,1\n2,2,0\n3,3,1", "not a number"),
        ("x1,x2,label\n" + "\n".join(f"{k},{k},{k}" for k in range(5)), "fewer than 2"),
        ("x1,x2,label\n1,nan,0\n1,1,1\n2,2,0\n3,3,1", "NaN"),
        ("x1,x2,label\n1,1,0\n2,2,0\n3,3,0\n4,4,0", "one class"),
        ("x1,x2,label\n1,1,0.5\n2,2,0\n3,3,1\n4,4,1", "whole numbers"),
        ("x1,x2,label\n1,1,7\n2,2,0\n3,3,1\n4,4,1", "whole numbers"),
        ("a,b\n1,2", "first line"),
        ("x1,x2,label\n1,2\n3,4,1", "needs 3"),
        ("x1,x2,label\n1,1,0\n2,2,1", "at least 4"),
        ("x1,x2,label\n1,100,0\n2,2,1\n3,3,0\n4,4,1", "within"),
        ("x1,x2,label\n1,1,0\n2,2,2\n3,3,0\n4,4,2", "skip class 1"),
        ("x1,x2,label\n" + "1,1,0\n1,1,1\n" * 300, "at most 500"),
    ],
)
def test_a_hostile_file_gives_a_clear_message_and_no_points(text, says):
    points, problems = read_csv(text)
    assert points is None
    assert len(problems) >= 1 and says in " ".join(problems), problems


def test_many_bad_lines_are_summarised():
    text = "x1,x2,label\n" + "a,b,c\n" * 50
    points, problems = read_csv(text)
    assert points is None and len(problems) == 6 and "45 more" in problems[-1]


@pytest.mark.parametrize("text", ["", "x", "c", "c!!!!", "cAAAA", "rAAA", "z" + "A" * 40,
                                  "c" + "A" * 100_000])  # fmt: skip
def test_a_damaged_link_is_refused_with_a_reason(text):
    points, why = decode(text)
    assert points is None and why
