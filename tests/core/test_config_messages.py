"""What the config tells a visitor: one message per bad field, and which limit caps the epochs."""

from __future__ import annotations

import pytest

from backprop_core.config import LIMITS, Limits, RunConfig, from_params


@pytest.mark.parametrize(
    ("text", "used", "words"),
    [
        ("20, 0, abc", (4, 2), ["'abc'", "using 4,2"]),
        ("20, 0", (8, 1), ["20 units", "0 units", "using 8,1"]),
        ("3, x, 4.5", (4, 2), ["'x'", "'4.5'", "using 4,2"]),
    ],
)
def test_typed_layers_get_one_message_saying_what_was_used_and_why(text, used, words):
    cfg, problems = from_params({"layers": text}, RunConfig(layers=(4, 2)), Limits(max_units=8))
    assert cfg.layers == used
    assert len(problems) == 1, problems
    for w in words:
        assert w in problems[0], problems[0]


@pytest.mark.parametrize(
    ("cfg", "limit"),
    [
        (RunConfig(points=200, batch=10), "steps"),  # 10 updates an epoch: 3000 epochs
        (RunConfig(points=200, batch=200), "epochs"),  # full batch: the plain cap
        (RunConfig(points=2000, batch=2000, layers=(128,) * 6), "work"),
    ],
)
def test_the_limit_that_caps_the_epochs_is_named(cfg, limit):
    assert cfg.epoch_limit(LIMITS) == limit
    if limit == "epochs":
        assert cfg.max_affordable_epochs(LIMITS) == LIMITS.max_epochs
    else:
        assert cfg.max_affordable_epochs(LIMITS) < LIMITS.max_epochs
