"""The Computational graph page in AppTest: presets, every Backward click, links, bad input."""

from __future__ import annotations

import re

import pytest

from backprop_core.graph import FORWARD, SEED, analyse
from tests.app.conftest import alerts, by_label, open_page
from ui.graph.presets import PRESETS, preset
from ui.graph.settings import GRAPH
from ui.graph.text import num

PAGE = "views/graph.py"


def dot(at) -> str:
    return at.get("graphviz_chart")[0].proto.spec


def highlighted(at) -> list[str]:
    """Ids of the nodes drawn as the current one."""
    return re.findall(r'"(\d+)" \[[^\]]*penwidth="2"', dot(at))


def table(at) -> dict[str, dict[str, str]]:
    df = at.dataframe[0].value
    return {row["node"]: row for row in df.to_dict("records")}


def button(at, label: str):
    return by_label(at.button, label)


def click(at, label: str):
    return button(at, label).click().run()


def position(at) -> int:
    caption = next(c.value for c in at.caption if c.value.startswith("position "))
    return int(caption.split()[1])


def test_default_page_shows_the_neuron_after_the_forward_pass():
    at = open_page(PAGE)
    assert not at.exception and not alerts(at)
    assert position(at) == FORWARD
    assert button(at, "Forward").disabled and not button(at, "Backward").disabled
    rows = table(at)
    assert rows["n5"]["value"] == "0.7071" and rows["x1"]["finite difference"] == "−1.5"
    assert "rankdir=LR" in dot(at)  # "to fit": five ranks still go across
    at = by_label(at.selectbox, "Draw the graph").select("tb").run()
    assert "rankdir=TB" in dot(at) and at.query_params["dir"] in ("tb", ["tb"])


@pytest.mark.parametrize("p", PRESETS, ids=lambda p: p.key)
def test_each_preset_then_every_backward_click(p):
    at = open_page(PAGE)
    at = button(at, p.label).click().run()
    assert not at.exception and not alerts(at)
    assert by_label(at.text_input, "Expression").value == p.expr
    assert by_label(at.text_input, "Values").value == p.values
    assert at.query_params["expr"] == [p.expr] or at.query_params["expr"] == p.expr
    out = analyse(p.expr, p.values)
    assert position(at) == FORWARD
    for k in range(FORWARD + 1, out.last + 1):
        at = click(at, "Backward")
        assert not at.exception and position(at) == k
        step = out.step_at(k)
        assert highlighted(at) == [str(step.node)]
        if k > SEED:
            assert f"**Step {k - SEED} of {out.last - SEED}" in at.markdown[-2].value
        grads = out.grads_at(k)
        assert [r["grad"] for r in table(at).values()] == [num(g) for g in grads]
    assert button(at, "Backward").disabled and button(at, "Run all").disabled
    rows = table(at)
    errors = [float(r["rel. error"].replace("−", "-")) for r in rows.values() if r["rel. error"]]
    assert errors and max(errors) < 1e-6


def test_the_try_this_hint_does_what_it_says():
    at = open_page(PAGE)
    hint = next(c.value for c in at.caption if c.value.startswith("**Try this:**"))
    assert "x used twice" in hint and "three times" in hint and "1, then −1" in hint
    at = button(at, "x used twice").click().run()
    seen = []
    for _ in range(3):
        at = click(at, "Backward")
        seen.append(table(at)["x"]["grad"])
    assert seen == ["0", "1", "−1"]


def test_back_reset_run_all_and_forward():
    at = open_page(PAGE)
    last = analyse(GRAPH.defaults()["expr"], GRAPH.defaults()["values"]).last
    at = click(at, "Run all")
    assert position(at) == last and at.query_params["step"] in (str(last), [str(last)])
    at = click(at, "Back")
    assert position(at) == last - 1
    at = click(at, "Reset")
    assert position(at) == 0 and not button(at, "Forward").disabled
    assert table(at)["n1"]["value"] == "?" and button(at, "Backward").disabled
    at = click(at, "Forward")
    assert position(at) == FORWARD and table(at)["n1"]["value"] == "−6"


def test_a_link_shows_the_same_node_highlighted():
    p = preset("twice")
    at = open_page(PAGE, GRAPH.to_params({"expr": p.expr, "values": p.values, "step": 3}))
    out = analyse(p.expr, p.values)
    assert not alerts(at) and position(at) == 3
    assert highlighted(at) == [str(out.step_at(3).node)]
    assert table(at)["x"]["grad"] == "1"


def test_a_bad_expression_is_one_error_and_the_last_graph_stays():
    at = open_page(PAGE)
    before = dot(at)
    at = by_label(at.text_input, "Expression").input("__import__('os').system('ls')").run()
    assert not at.exception
    assert len(at.error) == 1
    shown = at.error[0].value.replace("\\", "")  # Markdown escapes, so * and _ show as typed
    assert "__import__" in shown and "column 1" in shown
    assert at.error[0].value.endswith(r"tanh\(x1\*w1 \+ x2\*w2 \+ b\)")
    assert dot(at) == before and table(at)["n5"]["value"] == "0.7071"
    at = by_label(at.text_input, "Expression").input(GRAPH.defaults()["expr"]).run()
    at = by_label(at.text_input, "Values").input("x1=2, x2=0, w1=-3, w2=1, b=1e999").run()
    assert len(at.error) == 1 and "out of range" in at.error[0].value


def test_a_domain_error_is_a_message():
    at = open_page(PAGE)
    at = by_label(at.text_input, "Expression").input("log(x - 5) + x").run()
    at = by_label(at.text_input, "Values").input("x=2").run()
    assert not at.exception and len(at.error) == 1
    shown = at.error[0].value.replace("\\", "")
    assert "Log of a negative number" in shown and "column 1" in shown


def test_typing_an_expression_starts_after_forward_and_names_missing_values():
    at = open_page(PAGE)
    at = click(at, "Run all")
    at = by_label(at.text_input, "Expression").input("x*x + x*y").run()
    assert position(at) == FORWARD
    assert any("x, y have no value" in i.value and "`x=2`" in i.value for i in at.info)
    rows = table(at)
    assert rows["x"]["value"] == "1" and rows["n3"]["value"] == "2"


def test_hostile_link_values_are_listed_and_replaced():
    params = {"expr": "x" * 10_000, "values": "a=1\x01", "step": "-4", "dir": "up"}
    at = open_page(PAGE, params)
    assert not at.exception
    warning = " ".join(w.value for w in at.warning)
    for key in ("expr", "values", "step", "dir"):
        assert key in warning
    assert position(at) == 0  # step −4 clamped: the default neuron, nothing computed yet
    assert table(at)["x1"]["value"] == "2" and table(at)["n5"]["value"] == "?"
