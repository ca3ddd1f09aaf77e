"""The Computational graph page's pure parts: presets, settings, sentences, table and DOT."""

from __future__ import annotations

import math
import re

import pytest

from backprop_core.graph import FORWARD, SEED, analyse
from ui.graph.dot import depth, to_dot
from ui.graph.presets import PRESETS, preset, step_page_lab
from ui.graph.settings import GRAPH
from ui.graph.text import names, plain, plus_equals_markdown, step_markdown, table_rows


def by_name(out) -> dict[str, int]:
    return {n.name: n.id for n in out.graph.nodes if n.op == "leaf"}


@pytest.mark.parametrize("p", PRESETS, ids=lambda p: p.key)
def test_every_preset_computes_and_fits_its_settings(p):
    out = analyse(p.expr, p.values)
    assert not out.missing
    assert all(e is None or e < 1e-6 for e in out.rel_errors())
    values, problems = GRAPH.validate({"expr": p.expr, "values": p.values})
    assert problems == [] and (values["expr"], values["values"]) == (p.expr, p.values)


def test_step_preset_is_the_step_pages_o1_and_its_gradients():
    lab = step_page_lab()
    net = lab.network()
    trace = net.forward(lab.X)
    grads = net.backward(trace, lab.Y)
    out = analyse(preset("step").expr, preset("step").values)
    leaves = by_name(out)
    sigmoid = next(n.id for n in out.graph.nodes if n.op == "sigmoid")
    assert out.values[sigmoid] == pytest.approx(trace.output[0, 0], rel=1e-14)  # o1
    # the page's loss is the mean of (o − y)² over its two outputs: o1's half is this expression
    assert out.grads[leaves["w5"]] == pytest.approx(grads.weights[1][0, 0], rel=1e-12)
    assert out.grads[leaves["w6"]] == pytest.approx(grads.weights[1][1, 0], rel=1e-12)
    assert out.grads[leaves["b2"]] == pytest.approx(grads.biases[1][0], rel=1e-12)


def test_softmax_preset_gradients_are_p_minus_target():
    out = analyse(preset("softmax").expr, preset("softmax").values)
    z = by_name(out)
    p1 = 1 / (1 + math.exp(out.inputs["z2"] - out.inputs["z1"]))
    assert out.grads[z["z1"]] == pytest.approx(p1 - 1) and out.grads[z["z2"]] == pytest.approx(
        1 - p1
    )


def test_settings_round_trip_through_a_link():
    values = {"expr": "x*x + x*y", "values": "x=0.1, y=-3", "step": 4, "dir": "lr"}
    parsed, problems = GRAPH.parse(GRAPH.to_params(values))
    assert parsed == values and problems == []
    hostile, problems = GRAPH.parse({"expr": "x" * 10_000, "step": "-3", "dir": "sideways"})
    assert hostile["expr"] == GRAPH.defaults()["expr"] and hostile["step"] == 0
    assert len(problems) == 3


def test_neuron_steps_read_like_the_arithmetic():
    out = analyse(preset("neuron").expr, preset("neuron").values)
    assert "Forward pass done" in step_markdown(out, FORWARD)
    assert "grad(n5) = ∂n5/∂n5 = **1**" in step_markdown(out, SEED)
    first = step_markdown(out, SEED + 1)
    assert "n5 = tanh(n4)" in first and "∂n5/∂n4 = 1 − n5² = 1 − 0.7071² = 0.5" in first
    last = step_markdown(out, out.last)
    assert "∂n1/∂x1 = w1 = −3" in last
    assert "`grad(x1) += grad(n1) · ∂n1/∂x1` = 0.5 · (−3) = **−1.5**" in last
    assert "grad(x1) goes 0 → **−1.5**" in last and "Backward pass done" in last


def test_plus_equals_lesson_uses_the_live_numbers():
    out = analyse("x*y + x", "x=3, y=-2")
    done = plus_equals_markdown(out, out.last)
    assert "1 from n2 and −2 from n1" in done
    assert "0 + 1 + (−2) = **−1**" in done and "finite differences give −1" in done
    assert "keep only the last share, −2, which is wrong" in done
    assert "So far 1 of 2 shares" in plus_equals_markdown(out, SEED + 1)
    # with nothing shared it says where to look instead of inventing numbers
    assert "x used twice" in plus_equals_markdown(analyse("a*b", "a=1, b=2"), 3)
    # x*x: both shares come from one node, one per input
    square = plus_equals_markdown(analyse("x*x", "x=3"), 3)
    assert "3 from n1 (its input 1) and 3 from n1 (its input 2)" in square


def test_table_shows_the_position_and_checks_only_when_done():
    out = analyse("x*y + x", "x=3, y=-2")
    at = {r["node"]: r for r in table_rows(out, SEED + 1)}
    assert at["x"]["grad"] == "1" and at["x"]["finite difference"] == "−1"
    assert at["x"]["rel. error"] == ""
    done = {r["node"]: r for r in table_rows(out, out.last)}
    assert done["x"]["grad"] == "−1" and float(done["x"]["rel. error"]) < 1e-6
    start = {r["node"]: r for r in table_rows(out, 0)}
    assert start["n1"]["value"] == "?" and start["x"]["value"] == "3" and start["x"]["grad"] == ""


def test_dot_labels_match_the_table_and_highlight_the_current_node():
    out = analyse(preset("neuron").expr, preset("neuron").values)
    who = names(out)
    for position in range(out.last + 1):
        dot = to_dot(out, position)
        rows = table_rows(out, position)
        labels = dict(re.findall(r'"(\d+)" \[label="([^"]*)"', dot))
        assert len(labels) == len(out.graph.nodes)
        for n, row in zip(out.graph.nodes, rows):
            title, value, grad = labels[str(n.id)].split("\\n")
            assert title.startswith(who[n.id]) and value == row["value"]
            assert grad == f"grad {row['grad'] or '?'}"
        current = re.findall(r'"(\d+)" \[[^\]]*penwidth="2"', dot)
        step = out.step_at(position)
        expected = [] if position < SEED else [str(step.node)]
        assert current == expected
    assert "rankdir=LR" in to_dot(out, 3, "lr") and "rankdir=TB" in to_dot(out, 3, "tb")


@pytest.mark.parametrize(("key", "ranks", "way"), [("neuron", 5, "LR"), ("twice", 3, "LR"),
                         ("step", 8, "TB"), ("softmax", 6, "TB")])  # fmt: skip
def test_auto_direction_draws_deep_graphs_top_to_bottom(key, ranks, way):
    out = analyse(preset(key).expr, preset(key).values)
    assert depth(out) == ranks and f"rankdir={way};" in to_dot(out, 0, "auto")


def test_dot_escapes_quotes_and_backslashes():
    from ui.graph.dot import _quote

    assert _quote('a"b\\c\nd') == '"a\\"b\\\\c\\nd"'


def test_operation_names_never_clash_with_variable_names():
    out = analyse("n1*x + n2", "n1=2, x=3, n2=4")
    who = names(out)
    assert len(set(who)) == len(who) and {"n1", "n2", "x"} <= set(who)
    crowded = analyse("n1*u1 + v1", "n1=1, u1=1, v1=1")
    assert len(set(names(crowded))) == len(names(crowded))


def test_a_single_leaf_has_only_the_seed():
    out = analyse("x", "x=2")
    assert out.last == SEED and out.grads == (1.0,)
    assert "single leaf" in step_markdown(out, SEED)


def test_values_names_are_read_as_python_reads_names():
    # Python folds "ﬁ" (one ligature character) to "fi" in the expression; Values must match it
    out = analyse("\ufb01 * 2", "\ufb01=3")
    assert out.missing == () and out.output == 6.0


def test_plain_keeps_visitor_text_as_typed_in_markdown():
    assert plain("x1*w1 + x2*w2") == r"x1\*w1 \+ x2\*w2"
    assert plain("__import__") == r"\_\_import\_\_" and plain("$x$") == r"\$x\$"
