"""Hostile input on every page: whatever a URL holds, a page shows a message, never an exception.

Every hostile value is tried in every parameter a page reads at once (and in a few single keys),
on top of keys the page does not know. Pages that read their settings from the URL must list what
they ignored in a warning; pages that read none must simply ignore them.
"""

from __future__ import annotations

import pytest

from tests.app.conftest import PAGES, alerts, open_page

HOSTILE = [
    "abc",
    "",
    " ",
    "-1",
    "0",
    "1e309",
    "-1e309",
    "nan",
    "inf",
    "-inf",
    "99999999999999999999999999",
    "１２",  # full-width digits
    "😀",
    "0x10",
    "1,2,3,,",
    "\u202e\u0000",
    "x" * 5000,
]
URL_KEYS = {
    "views/playground.py": (
        "dataset", "noise", "points", "train", "features", "layers", "activation", "init", "lr",
        "optimizer", "batch", "l2", "epochs", "seed",
    ),
    "views/gradients.py": (
        "depth", "width", "activation", "init", "init_scale", "clip", "lr", "dataset", "seed",
    ),
}  # fmt: skip


def _no_exception(at) -> None:
    assert not at.exception, [e.value for e in at.exception]


@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: repr(v[:12]))
@pytest.mark.parametrize("page", PAGES)
def test_every_parameter_hostile_at_once(page, value):
    keys = URL_KEYS.get(page, ("lr", "layers", "seed"))
    params = {k: value for k in keys} | {"bogus": value}
    at = open_page(page, params)
    _no_exception(at)
    if page in URL_KEYS:
        shown = " ".join(alerts(at))
        assert "ignored or adjusted" in shown or "not one of" in shown or "outside" in shown, shown


@pytest.mark.parametrize(
    ("key", "value"),
    [("lr", "abc"), ("layers", "999"), ("activation", "foo"), ("seed", "-1"), ("epochs", "1e9"),
     ("points", "-5"), ("features", "x9,😀"), ("batch", "0"), ("noise", "nan")],
)  # fmt: skip
def test_playground_names_the_bad_key(key, value):
    at = open_page("views/playground.py", {key: value})
    _no_exception(at)
    shown = " ".join(alerts(at))
    assert key in shown, shown


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "adam"])
@pytest.mark.parametrize("dataset", ["spiral", "xor", "sine"])
def test_learning_rate_10_with_every_optimizer_explains_itself(optimizer, dataset):
    at = open_page("views/playground.py", {"lr": "10", "optimizer": optimizer, "dataset": dataset})
    _no_exception(at)
    errors = [e.value for e in at.error] + [w.value for w in at.warning]
    assert any("diverged" in e.lower() or "overflow" in e.lower() for e in errors), errors


@pytest.mark.parametrize("depth", ["10000", "-3", "2.5", "50"])
def test_gradients_depth_is_clamped(depth):
    at = open_page("views/gradients.py", {"depth": depth, "width": "100000"})
    _no_exception(at)
    slider = next(s for s in at.slider if s.label == "Depth")
    assert 2 <= slider.value <= 50
