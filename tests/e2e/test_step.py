"""The Step page in a real browser: it loads cleanly and Next changes the diagram and the text."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import exceptions, goto, wait_idle

pytestmark = pytest.mark.e2e

DIAGRAM_NODES = """() => {
  const d = document.querySelector('.js-plotly-plot').data;
  const known = d.find(t => t.name === 'known nodes');
  return known ? Array.from(known.marker.color).map(Number) : [];
}"""
EDGE_HOVER = """() => document.querySelector('.js-plotly-plot').data
  .find(t => t.name === 'edges').hovertext.join('|')"""


def open_step(page, server):
    goto(page, f"{server}/step_by_step")


def stage_text(page) -> str:
    return page.locator('[data-testid="stMarkdownContainer"] h4').first.inner_text()


def click(page, name: str) -> None:
    page.get_by_role("button", name=name).click()
    page.wait_for_timeout(200)
    wait_idle(page)


def test_step_page_loads_with_the_diagram_and_no_exception(server, page):
    open_step(page, server)
    assert exceptions(page) == 0
    assert page.locator('[data-testid="stPlotlyChart"]').count() >= 1
    assert "Ready" in stage_text(page)
    assert page.evaluate(DIAGRAM_NODES) == [0.05, 0.1]  # only the inputs are known


def test_next_changes_the_diagram_and_the_explanation(server, page):
    open_step(page, server)
    before_nodes, before_text = page.evaluate(DIAGRAM_NODES), stage_text(page)
    click(page, "Next ▶")
    after_nodes, after_text = page.evaluate(DIAGRAM_NODES), stage_text(page)
    assert after_text != before_text and "Forward through layer 1" in after_text
    assert len(after_nodes) == 4 and after_nodes != before_nodes
    assert after_nodes[2] == pytest.approx(0.5932699921, abs=1e-9)  # σ(0.3775)
    for _ in range(4):  # forward 2, loss, output δ, backward 2
        click(page, "Next ▶")
    assert "Backward through layer 2" in stage_text(page)
    assert "∂L/∂w = 0.08216704" in page.evaluate(EDGE_HOVER)
    assert page.locator(".katex").count() > 0
    assert exceptions(page) == 0


def test_full_step_then_back_and_reset(server, page):
    open_step(page, server)
    click(page, "Full step")
    assert "Update" in stage_text(page)
    assert "new w = 0.35891648" in page.evaluate(EDGE_HOVER)
    click(page, "◀ Back")
    assert "Backward through layer 1" in stage_text(page)
    click(page, "Reset")
    assert "Ready" in stage_text(page)
    assert exceptions(page) == 0
