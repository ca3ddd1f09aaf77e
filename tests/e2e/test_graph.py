"""The Computational graph page in Chromium: type an expression, press Backward to the end, and
the drawn graph carries the same numbers as the table; the page fits every window size."""

from __future__ import annotations

import pytest

from backprop_core.graph import FORWARD, analyse
from tests.e2e.conftest import exceptions, goto, wait_idle
from tests.e2e.fit import overflow_report

pytestmark = pytest.mark.e2e

EXPR, VALUES = "x*x + x*y", "x=3, y=-2"

GRAPH_LABELS = """() => Object.fromEntries(
  [...document.querySelectorAll('[data-testid="stGraphVizChart"] svg g.node')].map(g => [
    g.querySelector('title').textContent,
    [...g.querySelectorAll('text')].map(t => t.textContent.replace(/\\u00a0/g, ' ')),
  ]))"""
TABLE_CELLS = """() => [...document.querySelectorAll('[data-testid="stDataFrame"] td')]
  .map(td => td.innerText)"""
GRAPH_FITS = """() => {
  const chart = document.querySelector('[data-testid="stGraphVizChart"]');
  const svg = chart.querySelector('svg');
  return svg.getBoundingClientRect().width <= chart.getBoundingClientRect().width + 1;
}"""


def position_is(page, k: int) -> None:
    page.get_by_text(f"position {k} of", exact=False).wait_for()
    wait_idle(page)


def type_into(page, label: str, text: str) -> None:
    box = page.get_by_role("textbox", name=label, exact=True)
    box.fill(text)
    box.press("Enter")


def test_type_an_expression_and_backward_to_the_end_matches_the_table(server, page):
    goto(page, f"{server}/graph")
    type_into(page, "Expression", EXPR)
    page.get_by_text("x, y have no value", exact=False).wait_for()
    type_into(page, "Values", VALUES)
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stDataFrame"] td')]
           .some(td => td.innerText === '−6')"""  # x·y at x=3, y=−2
    )
    position_is(page, FORWARD)
    out = analyse(EXPR, VALUES)
    backward = page.get_by_role("button", name="Backward")
    k = FORWARD
    while backward.is_enabled():
        backward.click()
        k += 1
        position_is(page, k)
    assert k == out.last
    assert f"step={out.last}" in page.url
    # the table's grid fills its cells a moment after the script has finished: wait for the
    # finished pass (the relative-error column appears only then), then compare everything
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stDataFrame"] td')]
           .some(td => td.innerText.includes('e-'))"""
    )

    labels = page.evaluate(GRAPH_LABELS)
    cells = page.evaluate(TABLE_CELLS)
    rows = [cells[i : i + 7] for i in range(0, len(cells), 7)]
    assert len(rows) == len(out.graph.nodes) == len(labels)
    for n, (name, _op, _computes, value, grad, _fd, _err) in zip(out.graph.nodes, rows):
        title, shown_value, shown_grad = labels[str(n.id)]
        assert title.startswith(name) and shown_value == value and shown_grad == f"grad {grad}"
    by_name = {r[0]: r for r in rows}
    assert by_name["x"][4] == "4" and by_name["y"][4] == "3"  # 2x + y and x
    assert by_name["x"][5] == "4" and float(by_name["x"][6].replace("−", "-")) < 1e-6
    assert exceptions(page) == 0


@pytest.mark.parametrize("size", [(1280, 800), (1024, 768), (390, 844)], ids=str)
def test_graph_page_fits(server, page, size):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    goto(page, f"{server}/graph?step=5")
    page.wait_for_selector('[data-testid="stGraphVizChart"] svg')
    assert overflow_report(page) == []
    assert page.evaluate(GRAPH_FITS)
    assert exceptions(page) == 0
