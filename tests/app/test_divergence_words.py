"""ui.divergence: the one set of words for every reason the core can name."""

from __future__ import annotations

import math

import pytest

from backprop_core.divergence import KINDS, THRESHOLDS, Divergence, check_training
from ui.divergence import reason, refused_step, sentence


@pytest.mark.parametrize(
    "d, words",
    [
        (check_training(7, math.nan, 1.0), ["NaN", "overflow"]),
        (check_training(7, math.inf, 1.0), ["overflowed to infinity"]),
        (check_training(0, 3e12, 1.0), ["overflowed past 1e+12"]),
        (check_training(0, 1.0, math.inf), ["weights", "overflowed", "infinite or NaN"]),
        (check_training(0, 1.0, 1e202), ["weights", "1e+101", "past 1e+100"]),
        (
            check_training(9, 8.123456, 1.0, start=0.7, watch_shot_up=True),
            ["rose to 8.123", "over 4× its starting 0.7"],
        ),
    ],
)
def test_every_reason_reads_as_a_clause_with_its_figures(d, words):
    text = reason(d)
    assert all(w in text for w in words), text
    assert text[0].islower() and not text.endswith(".")
    assert sentence(d) == f"Training diverged at epoch {d.epoch}: {text}."


def test_every_kind_has_its_own_words():
    texts = {reason(Divergence(1, kind, 2.0, THRESHOLDS.loss, 0.5)) for kind in KINDS}
    assert len(texts) == len(KINDS)
    assert all("training stopped" not in t for t in texts)
    assert reason(Divergence(1, "mystery")) == "training stopped (mystery)"  # never raises


def test_a_refused_step_says_why_and_what_to_do():
    text = refused_step(12.5)
    assert "blow the weights up" in text and "η = 12.5" in text and "Reset" in text
