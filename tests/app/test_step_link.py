"""The Step page as a link (issue 12): a link reproduces the network, every number as edited, η,
Update biases, the full steps taken and the stage shown, to the last digit; a hostile link
warns once and never raises; other pages can build a Step link with ``step_values``."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_core import Network
from tests.app.conftest import by_label, open_page
from tests.app.test_step import click, edit, lab, latex
from ui.step.settings import STEP, lab_from, step_values, values_of

PAGE = "views/step_by_step.py"
LINK_WARNING = "were ignored or adjusted"


def reopen(at):
    """A fresh visitor opening the link ``at``'s page is showing."""
    params = {k: str(v) for k, v in at.query_params.items()}
    other = open_page(PAGE, params)
    assert not other.exception, [e.value for e in other.exception]
    return other


def same_lab(a, b) -> None:
    assert a.settings == b.settings and a.pos == b.pos
    for got, want in zip([*a.weights, *a.biases, a.X, a.Y], [*b.weights, *b.biases, b.X, b.Y]):
        np.testing.assert_array_equal(got, want)  # bit for bit
    assert a.losses() == b.losses()


def warnings(at) -> list[str]:
    return [w.value for w in at.warning if LINK_WARNING in w.value]


def test_link_reproduces_an_edited_weight_steps_and_the_stage():
    at = open_page(PAGE)
    edit(at, "step_W1_", 0, "o1", "0.7")  # W2[h1→o1]
    by_label(at.number_input, "Learning rate η").set_value(0.8).run()
    by_label(at.toggle, "Update biases").set_value(False).run()
    click(at, "Full step", 2)
    click(at, "Next ▶", 4)  # Start of step 3, then forward 1, forward 2, loss
    assert lab(at).pos == 2 and len(lab(at).past) == 2
    other = reopen(at)
    same_lab(lab(other), lab(at))
    assert latex(other) == latex(at)
    assert by_label(other.number_input, "Learning rate η").value == 0.8
    assert by_label(other.toggle, "Update biases").value is False
    assert not warnings(other)


def test_link_at_the_update_stage_reproduces_the_step_on_screen():
    at = open_page(PAGE)
    click(at, "Full step", 3)
    other = reopen(at)
    same_lab(lab(other), lab(at))
    assert lab(other).pos == lab(other).last
    assert latex(other) == latex(at)


def test_link_after_eta_changed_between_steps_still_shows_the_same_stage():
    at = open_page(PAGE)
    click(at, "Full step", 2)
    by_label(at.number_input, "Learning rate η").set_value(2.0).run()
    click(at, "Full step")
    click(at, "Next ▶", 2)
    other = reopen(at)
    assert latex(other) == latex(at)
    for got, want in zip(lab(other).weights, lab(at).weights):
        np.testing.assert_array_equal(got, want)
    assert len(lab(other).past) == 1  # only the step taken with the current η is replayed


def test_a_new_link_replaces_what_the_visitor_had():
    at = open_page(PAGE)
    click(at, "Full step", 2)
    link = {k: str(v) for k, v in at.query_params.items()}
    fresh = open_page(PAGE)
    by_label(fresh.slider, "Inputs").set_value(3).run()
    for k, v in link.items():
        fresh.query_params[k] = v
    fresh.run()
    same_lab(lab(fresh), lab(at))
    assert by_label(fresh.slider, "Inputs").value == 2


HOSTILE = [
    {"w": "abc,def"},
    {"w": "1,2,3"},
    {"w": ",".join(["0.1"] * 10_000)},
    {"w": "nan,0.2,0.2,0.3,0.4,0.5,0.45,0.55"},
    {"b": "inf,1,1,1"},
    {"x": "1e400,0"},
    {"y": "0.2"},
    {"hidden": "9,9,9,9,9", "steps": "-3"},
    {"oact": "softmax", "loss": "bce", "y": "0.3,0.9"},
    {"stage": "999"},
    {"stage": "7", "steps": "0"},
    {"lr": "1e9", "steps": "2000"},
    {"in": "4", "w": "0.1,0.2"},
    {"mystery": "1", "biases": "maybe"},
]


@pytest.mark.parametrize("params", HOSTILE, ids=lambda p: ",".join(p)[:40])
def test_hostile_link_warns_once_and_never_raises(params):
    at = open_page(PAGE, params)
    assert not at.exception, [e.value for e in at.exception]
    assert len(warnings(at)) == 1, [w.value for w in at.warning]
    lb = lab(at)
    sizes = lb.settings.sizes
    assert all(np.all(np.isfinite(a)) for a in [*lb.weights, *lb.biases, lb.X, lb.Y])
    assert [w.shape for w in lb.weights] == list(zip(sizes[:-1], sizes[1:]))
    click(at, "Full step")  # and the page keeps working


def test_step_values_builds_a_link_other_pages_can_open():
    net = Network([3, 4, 2], "tanh", "sigmoid", "bce", seed=7)
    x, y = np.array([0.3, -0.2, 0.9]), np.array([1.0, 0.0])
    values = step_values([3, 4, 2], "tanh", "sigmoid", "bce", net.weights, net.biases, x, y, 0.3, 4)
    at = open_page(PAGE, STEP.to_params(values))
    assert not at.exception and not warnings(at)
    lb = lab(at)
    assert lb.settings.sizes == [3, 4, 2] and lb.settings.loss == "bce" and lb.pos == 3
    for got, want in zip([*lb.weights, *lb.biases], [*net.weights, *net.biases]):
        np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(lb.X, [x])
    assert by_label(at.number_input, "Learning rate η").value == 0.3


def test_links_are_bounded_and_read_back_exactly():
    values = step_values(
        [4, 4, 4, 4, 3],
        "relu",
        "softmax",
        "cross_entropy",
        [np.full((a, b), -0.123456789012345678) for a, b in [(4, 4), (4, 4), (4, 4), (4, 3)]],
        [np.full(b, 1e-17 / 3) for b in (4, 4, 4, 3)],
        np.full(4, 999_999.123456789),
        np.array([0.2, 0.3, 0.5]),
        0.001,
        11,
    )
    query = STEP.query(values)
    assert len(query) < 4096, len(query)
    assert STEP.parse(STEP.to_params(values)) == (values, [])
    assert values["stage"] == 10  # 11 is the update, which needs a step taken first
    lb, problems = lab_from(values)
    assert not problems and values_of(lb, 0.001, True) == values


def test_a_visit_to_another_page_keeps_eta_and_the_lab():
    at = open_page(PAGE)
    by_label(at.number_input, "Learning rate η").set_value(0.8).run()
    click(at, "Full step", 2)
    before = lab(at)
    at.switch_page("views/home.py").run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert by_label(at.number_input, "Learning rate η").value == 0.8
    same_lab(lab(at), before)
