"""Grading a typed number against the engine's answer, and naming the classic slip it matches.

The rule is stated on the page: an answer is correct when its relative error is at most
``REL_TOL`` (0.1 %, i.e. four significant digits are enough). A wrong answer is compared with the
values the classic slips would have produced (:class:`Slip`, computed by the engine itself with
one ingredient changed); every slip it matches is named.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

REL_TOL = 1e-3
ABS_FLOOR = 1e-12  # only so that an exact 0 compares with something; answers are never ~0


@dataclass(frozen=True)
class Slip:
    """A classic mistake (``key``, e.g. ``"forgot_slope"``) and the value it leads to."""

    key: str
    value: float


@dataclass(frozen=True)
class Verdict:
    """How one typed answer compares with the expected value."""

    correct: bool
    given: float
    expected: float
    rel_error: float  # |given − expected| / |expected|
    ratio: float  # given / expected (NaN when expected is 0)
    slips: tuple[str, ...]  # keys of the slips the answer matches (only when wrong)

    @property
    def sign_flipped(self) -> bool:
        return self.given * self.expected < 0


def close(given: float, expected: float, rel_tol: float = REL_TOL) -> bool:
    """Whether ``given`` is within the stated tolerance of ``expected``."""
    return abs(given - expected) <= max(rel_tol * abs(expected), ABS_FLOOR)


def distinct_slips(expected: float, slips: Sequence[Slip]) -> tuple[Slip, ...]:
    """The slips worth naming: finite and not themselves within tolerance of the right answer
    (a forgotten σ' of a linear output changes nothing, so it cannot be told apart)."""
    return tuple(s for s in slips if math.isfinite(s.value) and not close(s.value, expected))


def grade(given: float, expected: float, slips: Sequence[Slip] = ()) -> Verdict:
    """Compare ``given`` with ``expected``; name every slip whose value ``given`` matches."""
    err = abs(given - expected) / max(abs(expected), ABS_FLOOR)
    ratio = given / expected if expected else float("nan")
    correct = close(given, expected)
    matched = (
        ()
        if correct
        else tuple(s.key for s in distinct_slips(expected, slips) if close(given, s.value))
    )
    return Verdict(correct, given, expected, err, ratio, tuple(dict.fromkeys(matched)))
