"""The Step-by-step page under AppTest: stages, buttons, edits, structure changes, chain rule.

The oracle for the weights is the core's own Network.forward / backward / step on the same
numbers, and the classic worked example's published-by-everyone result (w5: 0.40 -> 0.35891648).
"""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from backprop_core import Network, valid_losses
from tests.app.conftest import alerts, by_label, figures, open_page
from ui.step.model import CLASSIC_B, CLASSIC_W, CLASSIC_X, CLASSIC_Y

PAGE = "views/step_by_step.py"


@pytest.fixture
def at():
    at = open_page(PAGE)
    assert not at.exception, [e.value for e in at.exception]
    return at


def lab(at):
    return at.session_state["step_lab"]


def click(at, label: str, times: int = 1):
    for _ in range(times):
        by_label(at.button, label).click().run()
        assert not at.exception, [e.value for e in at.exception]
    return at


def chart(at, key: str) -> dict:
    """The Plotly figure drawn with ``key`` (the page has several)."""
    return next(
        json.loads(c.proto.spec) for c in at.get("plotly_chart") if c.proto.id.endswith(key)
    )


def latex(at) -> str:
    return " ".join(x.value for x in at.latex)


def classic_net() -> Network:
    net = Network([2, 2, 2], "sigmoid", "sigmoid", "mse")
    net.weights = [np.array(w) for w in CLASSIC_W]
    net.biases = [np.array(b) for b in CLASSIC_B]
    return net


def edit(at, key_prefix: str, row: int, col: str, text: str):
    key = next(d.key for d in at.data_editor if d.key.startswith(key_prefix))
    at.session_state[key] = {
        "edited_rows": {row: {col: text}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_default_is_the_classic_example(at):
    lb = lab(at)
    assert lb.settings.sizes == [2, 2, 2] and lb.pos == -1
    np.testing.assert_array_equal(lb.X, CLASSIC_X)
    np.testing.assert_array_equal(lb.Y, CLASSIC_Y)
    assert by_label(at.number_input, "Learning rate η").value == 0.5
    assert by_label(at.selectbox, "Loss").value == "mse"
    assert len(at.data_editor) == 6  # x, y, W1, b1, W2, b2
    assert "0.2984" in " ".join(m.value for m in at.markdown)  # loss at the start


def test_next_through_a_whole_step_leaves_the_cores_weights(at):
    n_stages = len(lab(at).names)
    titles = []
    for _ in range(n_stages):
        click(at, "Next ▶")
        titles.append(next(m.value for m in at.markdown if m.value.startswith("#### ")))
    assert lab(at).pos == lab(at).last
    assert "Update" in titles[-1] and "Forward through layer 1" in titles[0]
    assert len(set(titles)) == n_stages  # every click showed a new stage
    net = classic_net()
    trace = net.forward(np.array(CLASSIC_X))
    net.step(net.backward(trace, np.array(CLASSIC_Y)), 0.5)
    for got, want in zip(lab(at).weights, net.weights):
        np.testing.assert_array_equal(got, want)
    for got, want in zip(lab(at).biases, net.biases):
        np.testing.assert_array_equal(got, want)
    assert lab(at).weights[1][0, 0] == pytest.approx(0.35891648, abs=1e-8)
    # the update stage lists old -> new and the loss before and after
    assert r"0.2984 \;\longrightarrow\; 0.2805" in latex(at)


def test_stage_formulas_carry_the_numbers(at):
    click(at, "Next ▶")
    assert "0.05\\cdot0.15 + 0.1\\cdot0.2 + 0.35 = 0.3775" in latex(at)
    click(at, "Next ▶", 3)  # forward 2, loss, output delta
    text = latex(at)
    assert r"\tfrac{2}{2}(0.7514 - 0.01)\cdot 0.1868 = 0.1385" in text
    click(at, "Next ▶", 1)  # backward through layer 2: hidden deltas
    assert "= 0.008771" in latex(at)


def test_back_undoes_a_stage_and_the_update(at):
    click(at, "Next ▶", 3)
    before = latex(at)
    click(at, "Next ▶")
    assert latex(at) != before
    click(at, "◀ Back")
    assert lab(at).pos == 2 and latex(at) == before
    click(at, "Next ▶", lab(at).last - 2)  # to the update
    assert lab(at).pos == lab(at).last
    click(at, "◀ Back")
    assert lab(at).pos == lab(at).last - 1
    for got, want in zip(lab(at).weights, CLASSIC_W):
        np.testing.assert_array_equal(got, want)


def test_back_is_disabled_at_the_very_start(at):
    assert by_label(at.button, "◀ Back").disabled
    click(at, "Next ▶")
    assert not by_label(at.button, "◀ Back").disabled


def test_full_step_and_reset_grow_and_clear_the_loss_chart(at):
    click(at, "Full step")
    assert lab(at).pos == lab(at).last and len(lab(at).past) == 1
    click(at, "Full step", 4)
    losses = lab(at).losses()
    assert len(losses) == 6 and all(b < a for a, b in zip(losses, losses[1:]))
    assert len(chart(at, "loss_chart")["data"][0]["x"]) == 6
    click(at, "Reset")
    assert lab(at).pos == -1 and lab(at).past == []
    for got, want in zip(lab(at).weights, CLASSIC_W):
        np.testing.assert_array_equal(got, want)
    assert len(chart(at, "loss_chart")["data"][0]["x"]) == 1


@pytest.mark.parametrize("typed", ["abc", "inf", "nan", "", "1e400", "2e6"])
def test_invalid_cell_warns_and_keeps_the_old_value(at, typed):
    edit(at, "step_W1_", 0, "o1", typed)
    warnings = alerts(at)
    assert any("W2[h1→o1]" in w and "keeps its value 0.4" in w for w in warnings), warnings
    assert lab(at).weights[1][0, 0] == 0.4
    at.run()  # the warning is shown once, the editor is fresh again
    assert not alerts(at)


def test_valid_cell_is_applied_and_becomes_the_new_start(at):
    click(at, "Next ▶", 3)
    edit(at, "step_W1_", 1, "o2", " −0,7 ")  # unicode minus and a decimal comma
    assert lab(at).weights[1][1, 1] == -0.7 and lab(at).pos == -1
    assert not alerts(at)
    click(at, "Full step")
    click(at, "Reset")
    assert lab(at).weights[1][1, 1] == -0.7


def test_input_and_target_edits_change_the_forward_pass(at):
    edit(at, "step_X_", 0, "x1", "1")
    np.testing.assert_array_equal(lab(at).X, [[1.0, 0.1]])
    click(at, "Next ▶")
    assert "1\\cdot0.15" in latex(at)
    edit(at, "step_Y_", 0, "o2", "zero")
    assert any("target o2" in w for w in alerts(at))


def test_structure_changes_rebuild_without_crashing(at):
    by_label(at.slider, "Inputs").set_value(3).run()
    by_label(at.slider, "Hidden layers").set_value(3).run()
    by_label(at.slider, "Neurons in hidden layer 2").set_value(4).run()
    by_label(at.slider, "Outputs").set_value(3).run()
    assert not at.exception, [e.value for e in at.exception]
    assert lab(at).settings.sizes == [3, 2, 4, 2, 3]
    by_label(at.selectbox, "Hidden activation").set_value("relu").run()
    by_label(at.selectbox, "Output activation").set_value("softmax").run()
    assert by_label(at.selectbox, "Loss").options == [
        "Cross-entropy (softmax)" for _ in valid_losses("softmax")
    ]
    assert lab(at).settings.loss == "cross_entropy"
    assert lab(at).Y.sum() == 1.0  # a one-hot target for softmax
    for _ in range(len(lab(at).names)):
        click(at, "Next ▶")
    diagram = figures(at)[0]
    assert diagram["data"], "the diagram is drawn"
    assert len(at.data_editor) == 2 + 2 * 4
    by_label(at.slider, "Hidden layers").set_value(1).run()
    by_label(at.slider, "Inputs").set_value(1).run()
    by_label(at.slider, "Outputs").set_value(1).run()
    by_label(at.selectbox, "Output activation").set_value("linear").run()
    assert not at.exception
    assert lab(at).settings.loss == "mse"
    click(at, "Full step", 2)


def test_weight_selectbox_chain_rule_matches_finite_differences(at):
    box = by_label(at.selectbox, "Weight")
    assert "W2[h1→o1]" in box.options and "W1[x2→h2]" in box.options
    assert box.value == "W2[h1→o1]"
    for option in ("W2[h1→o1]", "W1[x1→h1]", "b1[h2]"):
        by_label(at.selectbox, "Weight").set_value(option).run()
        text = " ".join(m.value for m in at.markdown)
        match = re.search(r"Relative error:\*\* `([0-9.e+-]+)`", text)
        assert match, text
        assert float(match.group(1)) < 1e-6
    by_label(at.selectbox, "Weight").set_value("W2[h1→o1]").run()
    assert "0.7414 \\cdot 0.1868 \\cdot 0.5933 = 0.082167" in latex(at)


def test_diagram_colours_activations_then_deltas(at):
    click(at, "Next ▶")
    nodes = next(t for t in figures(at)[0]["data"] if t.get("name") == "known nodes")
    assert len(nodes["x"]) == 4  # inputs and the first hidden layer are known
    assert nodes["marker"]["color"][-2] == pytest.approx(0.593269992, abs=1e-8)
    assert figures(at)[0]["layout"]["shapes"], "the active layer is highlighted"
    click(at, "Next ▶", 3)  # output delta
    nodes = next(t for t in figures(at)[0]["data"] if t.get("name") == "known nodes")
    assert nodes["marker"]["color"][0] == pytest.approx(0.138498562, abs=1e-8)
    hover = next(t for t in figures(at)[0]["data"] if t.get("name") == "edges")["hovertext"]
    assert any("∂L/∂w" not in h for h in hover)  # no gradient known yet
    click(at, "Next ▶")
    hover = next(t for t in figures(at)[0]["data"] if t.get("name") == "edges")["hovertext"]
    assert any("∂L/∂w = 0.08216704" in h for h in hover)


def test_huge_learning_rate_is_refused_not_raised(at):
    by_label(at.selectbox, "Hidden activation").set_value("linear").run()
    by_label(at.selectbox, "Output activation").set_value("linear").run()
    edit(at, "step_W0_", 0, "h1", "1000000")
    edit(at, "step_X_", 0, "x1", "1000000")
    by_label(at.number_input, "Learning rate η").set_value(10.0).run()
    for _ in range(6):
        click(at, "Full step")
    assert any("blow the weights up" in w for w in alerts(at)), alerts(at)
    assert all(np.all(np.isfinite(w)) for w in lab(at).weights)
