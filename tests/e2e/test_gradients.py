"""The gradients lab in a real browser: moving "Depth" redraws the gradient-norm chart."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import exceptions, goto, wait_idle

pytestmark = pytest.mark.e2e

PROFILE = """() => {
  const d = document.querySelectorAll('.js-plotly-plot')[0].data;
  return {x: Array.from(d[0].x).map(Number), y: Array.from(d[0].y).map(Number)};
}"""


def open_lab(page, server, query: str = "") -> None:
    goto(page, server)  # a fresh server's first deep link does not run the router yet
    goto(page, f"{server}/gradients{query}")


def move_slider(page, label: str, key: str, presses: int) -> None:
    slider = page.locator('[data-testid="stSlider"]').filter(has_text=label).first
    handle = slider.locator('input[type="range"]').first
    handle.focus()
    for _ in range(presses):
        handle.press(key)
    page.wait_for_timeout(300)
    wait_idle(page)


def test_changing_depth_updates_the_gradient_chart(server, page):
    open_lab(page, server)
    assert exceptions(page) == 0
    before = page.evaluate(PROFILE)
    assert before["x"] == list(range(1, 12))  # 10 hidden layers -> 11 weight layers
    move_slider(page, "Depth", "ArrowRight", 5)
    after = page.evaluate(PROFILE)
    assert after["x"] == list(range(1, 17))
    assert after["y"][:3] != before["y"][:3]
    assert "depth=15" in page.url
    assert exceptions(page) == 0


def test_a_shared_link_reproduces_the_verdict(server, page):
    open_lab(page, server, "?depth=30&activation=relu&init=he")
    alert = page.locator('[data-testid="stAlert"]').first.inner_text()
    assert alert.startswith("Healthy:")
    assert len(page.evaluate(PROFILE)["x"]) == 31
