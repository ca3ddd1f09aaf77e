"""Reliability in a real browser: hostile links on every page; visitors never share state."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.e2e.conftest import exceptions, goto, wait_idle

pytestmark = pytest.mark.e2e

STATUS = ".st-key-playground_status"
HOSTILE = {
    "playground": "lr=abc&layers=999&activation=foo&seed=-1&epochs=1e9&points=nan&noise=inf"
    "&features=" + quote("x9,😀") + "&bogus=" + quote("<script>"),
    "gradients": "depth=10000&width=-4&activation=" + quote("ü") + "&init=nan&lr=inf&seed=x",
    "step_by_step": "lr=abc&weights=" + quote("💥"),
    "": "anything=" + quote("\u202e"),
}


@pytest.mark.parametrize("path", list(HOSTILE))
def test_a_hostile_link_gives_a_message_never_an_exception(server, page, path):
    goto(page, f"{server}/{path}?{HOSTILE[path]}")  # goto waits until the script finished
    assert exceptions(page) == 0
    if path in ("playground", "gradients"):
        alerts = page.locator('[data-testid="stAlert"]').all_inner_texts()
        assert any("ignored" in a or "outside" in a for a in alerts), alerts


def test_two_visitors_never_see_each_others_network(server, browser):
    a_ctx = browser.new_context(viewport={"width": 1400, "height": 900})
    b_ctx = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        a, b = a_ctx.new_page(), b_ctx.new_page()
        goto(a, f"{server}/playground?dataset=xor&layers=3&seed=3&epochs=20")
        goto(b, f"{server}/playground?dataset=circles&layers=4,2&seed=4&epochs=30")
        a.get_by_role("button", name="Step").click()
        a.wait_for_function(
            f"() => document.querySelector('{STATUS}')?.innerText.startsWith('Epoch 21')"
        )
        b.get_by_role("button", name="Step").click()  # B reruns after A changed its network
        b.wait_for_function(
            f"() => document.querySelector('{STATUS}')?.innerText.startsWith('Epoch 31')"
        )
        wait_idle(a)
        wait_idle(b)
        assert "dataset=circles" in b.url and "seed=4" in b.url and "epochs=31" in b.url
        assert "dataset=xor" in a.url and "epochs=21" in a.url

        goto(a, f"{server}/step_by_step")
        goto(b, f"{server}/step_by_step")
        heading = '[data-testid="stMarkdownContainer"] h4'
        for visitor, clicks in ((a, 3), (b, 1)):
            for _ in range(clicks):
                visitor.get_by_role("button", name="Next").click()
                visitor.wait_for_timeout(100)
                wait_idle(visitor)
        assert "Forward" in b.locator(heading).first.inner_text()  # B's first stage, not A's 3rd
        assert "Loss" in a.locator(heading).first.inner_text()
        assert exceptions(a) == exceptions(b) == 0
    finally:
        a_ctx.close()
        b_ctx.close()


def test_typing_text_into_a_step_table_cell_warns_and_keeps_the_value(server, page):
    goto(page, f"{server}/step_by_step")
    page.get_by_role("tab", name="Edit inputs & weights").click()
    grid = page.locator('[data-testid="stDataFrame"]:visible').first  # the input x table
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    # the grid is a canvas: the x1 cell is the second column of the only row, under the header
    cell = (box["x"] + 75 + 37, box["y"] + 36 + 18)
    page.mouse.dblclick(*cell)
    editor = page.locator("textarea.gdg-input")  # the grid's cell editor, once it has opened
    editor.wait_for()
    editor.fill("abc")
    editor.press("Enter")
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stAlert"]')]
                 .some(a => a.innerText.includes('abc'))"""
    )
    wait_idle(page)
    assert exceptions(page) == 0
    page.get_by_role("button", name="Next").click()  # the old x1 = 0.05 is still what runs
    page.wait_for_timeout(200)
    wait_idle(page)
    assert "0.05" in page.locator('[data-testid="stMain"]').inner_text()
