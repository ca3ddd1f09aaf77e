"""The Step page in a real browser: it loads cleanly and Next changes the diagram and the text."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.e2e.conftest import exceptions, goto, wait_idle
from tests.e2e.fit import overflow_report

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


UPDATE_TABLE_SCROLLS = """() => {
  const grids = [...document.querySelectorAll('[data-testid="stDataFrame"]')]
    .filter(g => g.getBoundingClientRect().height > 0);
  const last = grids[grids.length - 1];
  const s = last && last.querySelector('.dvn-scroller');
  return s ? s.scrollHeight - s.clientHeight : -1;
}"""


@pytest.mark.parametrize("size", [(1024, 768), (1280, 800)])
def test_every_stage_fits_without_sideways_scroll_or_cut_labels(server, browser, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    try:
        open_step(page, server)
        problems = []
        for stage in range(8):  # Start, forward 1, forward 2, loss, δ, backward 2, 1, update
            problems += [f"stage {stage}: {p}" for p in overflow_report(page)]
            if stage < 7:
                click(page, "Next ▶")
        assert "Update" in stage_text(page)
        page.get_by_role("tab", name="Numbers").click()
        page.wait_for_timeout(300)
        wait_idle(page)
        problems += [f"numbers tab: {p}" for p in overflow_report(page)]
        assert page.evaluate(UPDATE_TABLE_SCROLLS) == 0  # every parameter's row is in view
        assert problems == []
    finally:
        context.close()


def test_tab_reaches_next_before_any_help_icon(server, page):
    open_step(page, server)
    page.locator("body").focus()
    passed_help = 0
    for _ in range(30):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => { const e = document.activeElement;
                 return [e.innerText || '', !!e.closest('[data-testid="stTooltipIcon"]')]; }"""
        )
        if focused[0].strip().startswith("Next"):
            break
        passed_help += focused[1]
    else:
        pytest.fail("Tab never reached Next ▶")
    assert passed_help == 0


SHOWN_NUMBERS = """() => ({
  nodes: document.querySelector('.js-plotly-plot').data
    .filter(t => t.name === 'known nodes' || t.name === 'edges')
    .map(t => JSON.stringify([t.marker.color, t.hovertext])),
  tex: [...document.querySelectorAll('.katex-display annotation')].map(a => a.textContent),
})"""


def test_share_link_opens_the_same_numbers_in_a_fresh_browser(server, browser, page):
    open_step(page, server)
    page.get_by_role("tab", name="Edit inputs & weights").click()
    grid = page.locator('[data-testid="stDataFrame"]:visible').nth(2)  # x, y, then W1
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.dblclick(box["x"] + 75 + 37, box["y"] + 36 + 18)  # W1[x1→h1]
    editor = page.locator("textarea.gdg-input")
    editor.wait_for()
    editor.fill("0.9")
    editor.press("Enter")
    page.wait_for_timeout(300)
    wait_idle(page)
    click(page, "Full step")
    for _ in range(3):  # Start of step 2, forward 1, forward 2
        click(page, "Next ▶")
    assert "Forward through layer 2" in stage_text(page)
    page.get_by_role("button", name="Share this view").click()
    link = page.locator('[data-testid="stPopoverBody"] code, [data-testid="stCode"] code')
    url = link.first.inner_text().strip()
    query = parse_qs(urlsplit(url).query)
    assert query["w"][0].startswith("0.9,") and query["steps"] == ["1"] and query["stage"] == ["2"]
    page.keyboard.press("Escape")
    sent = page.evaluate(SHOWN_NUMBERS)
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        other = context.new_page()
        goto(other, url)
        assert exceptions(other) == 0
        assert "Forward through layer 2" in stage_text(other)
        assert other.evaluate(SHOWN_NUMBERS) == sent
    finally:
        context.close()
