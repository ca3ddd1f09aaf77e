"""The optimizers lab in Chromium: the learning-rate slider and a click on the plot redraw the
paths; the page fits a projector and a phone."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import exceptions, goto, wait_idle
from tests.e2e.fit import overflow_report

pytestmark = pytest.mark.e2e

PATHS = """() => Object.fromEntries(document.querySelectorAll('.js-plotly-plot')[0].data
  .filter(t => t.mode === 'lines+markers')
  .map(t => [t.name, [Array.from(t.x), Array.from(t.y)]]))"""
PLOT_AREA = """() => { const gd = document.querySelectorAll('.js-plotly-plot')[0];
  const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, r = gd.getBoundingClientRect();
  return {left: r.left + xa._offset, top: r.top + ya._offset, w: xa._length, h: ya._length,
          x: xa.range, y: ya.range}; }"""


def open_lab(page, server, query: str = "") -> None:
    goto(page, server)  # a fresh server's first deep link does not run the router yet
    goto(page, f"{server}/optimizers{query}")


def test_moving_the_learning_rate_redraws_the_paths(server, page):
    open_lab(page, server)
    before = page.evaluate(PATHS)
    assert list(before) == ["SGD", "Momentum", "RMSprop", "Adam"]
    slider = page.locator('[data-testid="stSlider"]').filter(has_text="Learning rate").first
    handle = slider.locator('input[type="range"]').first
    handle.focus()
    handle.press("ArrowRight")  # 0.15 -> 0.2 -> 0.25: past 2/b = 0.2
    handle.press("ArrowRight")
    page.wait_for_timeout(300)
    wait_idle(page)
    after = page.evaluate(PATHS)
    assert "lr=0.25" in page.url
    (x_before, _), (x_after, y_after) = before["SGD"], after["SGD"]
    assert x_before[0] == x_after[0] == -2.5  # the same start, new steps:
    assert x_after[1] == pytest.approx(-2.5 * (1 - 0.25 * 1)) != x_before[1]
    assert y_after[1] == pytest.approx(1.5 * (1 - 0.25 * 10))  # y flips and grows ×1.5
    assert after["Adam"] != before["Adam"]
    assert page.get_by_text("SGD diverged at step").count() >= 1
    assert exceptions(page) == 0


def test_a_click_on_the_plot_starts_every_path_there(server, page):
    open_lab(page, server)
    area = page.evaluate(PLOT_AREA)
    x, y = 2.0, -1.5  # on the clickable grid (multiples of 0.25), away from every path
    px = area["left"] + (x - area["x"][0]) / (area["x"][1] - area["x"][0]) * area["w"]
    py = area["top"] + (area["y"][1] - y) / (area["y"][1] - area["y"][0]) * area["h"]
    page.mouse.move(px, py)
    page.mouse.click(px, py)
    page.wait_for_timeout(300)
    wait_idle(page)
    assert "x0=2.0" in page.url and "y0=-1.5" in page.url
    for xs, ys in page.evaluate(PATHS).values():
        assert (xs[0], ys[0]) == (x, y)
    assert exceptions(page) == 0


def test_the_page_fits_a_projector_and_a_phone(server, page):
    for query in ("", "?surface=network&x0=-3&y0=-1&lr=0.1&steps=100"):  # bowl, then 5 charts
        open_lab(page, server, query)
        for width, height in [(1280, 800), (1024, 768), (390, 844)]:
            page.set_viewport_size({"width": width, "height": height})
            page.wait_for_timeout(500)
            wait_idle(page)
            assert overflow_report(page) == [], (width, query)
        page.set_viewport_size({"width": 1400, "height": 900})
    assert exceptions(page) == 0
