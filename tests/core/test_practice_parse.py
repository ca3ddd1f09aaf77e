"""What people type is read as a number leniently, and anything else is refused, never run."""

from __future__ import annotations

import pytest

from backprop_core.practice import parse_number

READ = [
    ("0.0822", 0.0822),
    ("8.22e-2", 0.0822),
    ("8.22E-2", 0.0822),
    ("-.5", -0.5),
    ("+3", 3.0),
    ("5.", 5.0),
    ("0,0822", 0.0822),
    ("-0,5", -0.5),
    ("1,234.5", 1234.5),
    ("1 234", 1234.0),
    ("1/2", 0.5),
    ("-3/4", -0.75),
    ("1/-4", -0.25),
    ("−0.25", -0.25),  # a Unicode minus, as copied from a formula
    ("8.22×10^-2", 0.0822),
    ("8.22*10**-2", 0.0822),
    ("8.22·10⁻²", 0.0822),
    ("  0.5  ", 0.5),
]
REFUSED = [
    "",
    "   ",
    "abc",
    "1/0",
    "1e400",
    "nan",
    "inf",
    "2+2",
    "1.2.3",
    "1,5,3",
    "1//2",
    "__import__('os').system('true')",
    "0x10",
    "1" * 100,
]


@pytest.mark.parametrize(("text", "value"), READ)
def test_typed_numbers_are_read(text: str, value: float):
    assert parse_number(text) == pytest.approx(value, rel=1e-15)


@pytest.mark.parametrize("text", REFUSED)
def test_anything_else_is_not_a_number(text: str):
    assert parse_number(text) is None


def test_non_strings_are_not_numbers():
    assert parse_number(None) is None
    assert parse_number(0.5) is None
