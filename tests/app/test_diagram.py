"""ui/diagram.py and the pure parts of the Step page (ui/step/: model, cells, stages, formulas)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from backprop_core import chain_rule
from ui.charts import NEG, POS
from ui.diagram import UNKNOWN, network_diagram, unit_names
from ui.step.cells import parse_number
from ui.step.formulas import stage_latex
from ui.step.model import CLASSIC, Lab, build_lab, settings_from
from ui.step.stages import diagram_args, known_at, parameter_options


def _traces(fig, name):
    return [t for t in fig.data if t.name == name]


def test_unit_names_match_the_page():
    assert unit_names([2, 2, 2]) == [["x1", "x2"], ["h1", "h2"], ["o1", "o2"]]
    assert unit_names([1, 3, 2, 1])[1:3] == [["h1.1", "h1.2", "h1.3"], ["h2.1", "h2.2"]]


def test_edges_sign_is_colour_and_magnitude_is_width():
    W = [np.array([[0.1, -0.8]]), np.array([[0.4], [np.nan]])]
    fig = network_diagram([1, 2, 1], W)
    lines = [t for t in fig.data if t.mode == "lines"]
    by_colour = {}
    for t in lines:
        by_colour.setdefault(t.line.color, []).append(t.line.width)
    assert set(by_colour) == {POS, NEG, UNKNOWN}
    assert max(by_colour[NEG]) > max(by_colour[POS])  # |−0.8| is the largest
    assert by_colour[UNKNOWN] == [1]
    hover = _traces(fig, "edges")[0].hovertext
    assert len(hover) == 4 and "w = -0.8" in hover[1]


def test_nodes_unknown_are_grey_and_known_keep_exact_values():
    fig = network_diagram(
        [2, 1], [np.ones((2, 1))], [np.array([0.25, np.nan]), np.array([-1.5])], node_title="δ"
    )
    known = _traces(fig, "known nodes")[0]
    assert list(known.marker.color) == [0.25, -1.5]
    assert known.marker.cmin == -1.5 and known.marker.cmax == 1.5
    assert _traces(fig, "nodes")[0].marker.color == UNKNOWN
    assert "δ = 0.25" in known.hovertext[0]


def test_active_layer_is_highlighted_and_nothing_else():
    assert not network_diagram([2, 2], [np.zeros((2, 2))]).layout.shapes
    fig = network_diagram([2, 3, 1], [np.zeros((2, 3)), np.zeros((3, 1))], active_layer=1)
    (shape,) = fig.layout.shapes
    assert shape.x0 < 1 < 2 < shape.x1


def test_big_nets_stay_a_handful_of_traces():
    sizes = [4, 8, 8, 8, 3]
    W = [np.random.default_rng(0).normal(size=(a, b)) for a, b in zip(sizes[:-1], sizes[1:])]
    fig = network_diagram(sizes, W)
    assert len(fig.data) <= 2 * 8 + 4


@pytest.mark.parametrize(
    "text, value",
    [("0.5", 0.5), (" −0,25 ", -0.25), ("1e-3", 0.001), (3, 3.0), ("-7", -7.0)],
)
def test_parse_number_accepts_what_people_type(text, value):
    assert parse_number(text) == (value, None)


@pytest.mark.parametrize("text", [None, "", "abc", "inf", "-inf", "nan", "1e999", "1,2,3", "2e6"])
def test_parse_number_refuses_with_a_reason(text):
    v, why = parse_number(text)
    assert v is None and why


@given(st.text(max_size=12))
def test_parse_number_never_raises(text):
    v, why = parse_number(text)
    assert (v is None) != (why is None)
    if v is not None:
        assert math.isfinite(v)


def test_settings_from_repairs_bad_values():
    s = settings_from(9, [0, 7, 2, 2], -3, "softmax", "nope", "bce")
    assert s.sizes == [4, 1, 4, 2, 1]
    assert (s.hidden_act, s.output_act, s.loss) == ("sigmoid", "sigmoid", "bce")
    assert settings_from(2, [2], 2, "tanh", "softmax", "mse").loss == "cross_entropy"


def test_known_at_walks_forward_then_backward():
    L = 3
    seen = [known_at(p, L) for p in range(-1, 2 * L + 3)]
    assert [k.forward for k in seen[: L + 2]] == [0, 1, 2, 3, 3]
    assert [k.grad_from for k in seen[L + 2 :]] == [3, 2, 1, 0, 0]
    assert seen[-1].updated and not seen[-2].updated


@pytest.mark.parametrize(
    "settings",
    [
        CLASSIC,
        settings_from(3, [4, 2], 3, "tanh", "softmax", "cross_entropy"),
        settings_from(1, [1, 1, 1], 1, "relu", "sigmoid", "bce"),
        settings_from(4, [3], 2, "elu", "linear", "mse"),
    ],
)
def test_every_stage_renders_for_every_shape(settings):
    lab: Lab = build_lab(settings)
    s = lab.settings
    for pos in range(-1, lab.last + 1):
        lab.pos = pos
        run = lab.run(0.1)
        blocks = stage_latex(run, pos, s.sizes, s.hidden_act, s.output_act, s.loss)
        assert blocks and all(b.count("{") == b.count("}") for b in blocks)
        network_diagram(**diagram_args(run, pos, s.sizes))


def test_parameter_options_cover_every_weight_and_bias():
    sizes = [2, 3, 1]
    options = parameter_options(sizes)
    assert len(options) == 2 * 3 + 3 * 1 + 3 + 1
    lab = build_lab(settings_from(2, [3], 1, "sigmoid", "sigmoid", "mse"))
    net = lab.network()
    for label, kind, l, i, j in options:
        cr = chain_rule(net, lab.X, lab.Y, l, j, i, kind)
        grads = net.backward(net.forward(lab.X), lab.Y)
        want = grads.weights[l][i, j] if kind == "weight" else grads.biases[l][j]
        assert cr.total == pytest.approx(want, rel=1e-12, abs=1e-15), label
