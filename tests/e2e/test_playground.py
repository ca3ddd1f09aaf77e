"""The Playground in real Chromium: the learning-rate slider retrains, a share link reproduces."""

import json

import pytest

from tests.e2e.conftest import exceptions, goto, wait_idle

pytestmark = pytest.mark.e2e

LOSS_Y = """() => {
  const plot = [...document.querySelectorAll('.js-plotly-plot')]
    .find(p => p.layout && p.layout.title && String(p.layout.title.text).includes('Loss'));
  return plot && plot.calcdata ? plot.calcdata[0].map(d => d.y) : null;
}"""
STATUS = ".st-key-playground_status"


def test_moving_the_learning_rate_slider_changes_the_loss_chart(server, page):
    goto(page, f"{server}/playground")
    before = page.evaluate(LOSS_Y)
    assert before and len(before) == 101
    slider = page.locator('[data-testid="stSlider"]').filter(has_text="Learning rate")
    thumb = slider.locator('input[type="range"]')
    thumb.focus()
    thumb.press("ArrowRight")
    changed = f"(b) => {{ const y = ({LOSS_Y})(); return !!y && JSON.stringify(y) !== b; }}"
    page.wait_for_function(changed, arg=json.dumps(before, separators=(",", ":")))
    wait_idle(page)
    after = page.evaluate(LOSS_Y)
    assert len(after) == len(before) and after != before
    assert "lr=0.05" in page.url  # the next step of the log grid after 0.03, in the URL
    assert slider.is_visible()  # only the live area and the charts were redrawn
    assert exceptions(page) == 0


def test_a_share_link_opened_elsewhere_shows_the_same_final_loss(server, page, browser):
    goto(page, f"{server}/playground?dataset=xor&layers=3,3&optimizer=adam&epochs=40&seed=11")
    page.get_by_role("button", name="Step").click()
    page.wait_for_function(
        f"() => document.querySelector('{STATUS}')?.innerText.startsWith('Epoch 41')"
    )
    # the charts below follow once the canvas has drawn the new epoch (it reports it)
    page.get_by_text("Every weight's gradient at epoch 41").wait_for()
    wait_idle(page)
    shown = page.locator(STATUS).inner_text()
    page.get_by_role("button", name="Share this view").click()
    link = page.locator('[data-testid="stCode"]').filter(has_text="epochs=41").inner_text().strip()
    assert link.startswith(server) and "seed=11" in link and "optimizer=adam" in link

    elsewhere = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        other = elsewhere.new_page()
        goto(other, link)
        assert other.locator(STATUS).inner_text() == shown  # every digit of both losses
        assert exceptions(other) == 0
    finally:
        elsewhere.close()


CANVAS = "[data-frames-drawn]"  # the live canvas's host element: what it has drawn
POINTS_SHOWN = f"() => Number(document.querySelector('{CANVAS}')?.dataset.points ?? -1)"


def test_points_drawn_by_clicking_the_plane_retrain_and_travel_in_the_link(server, page, browser):
    goto(page, f"{server}/playground?dataset=spiral&classes=3&points=60&epochs=20")
    page.wait_for_function(f"() => ({POINTS_SHOWN})() === 60")
    page.locator('[data-testid="stSidebar"] label').filter(has_text="Draw points").click()
    page.get_by_text("Class 2 (green)").click()
    wait_idle(page)
    plane = page.locator("canvas.bp-boundary")  # Playwright's locators enter the shadow root
    plane.wait_for()
    page.wait_for_function("() => document.querySelector('" + CANVAS + "')?.dataset.draw === '1'")
    for i, (fx, fy) in enumerate(((0.3, 0.3), (0.7, 0.6))):
        box = plane.bounding_box()
        page.mouse.click(box["x"] + fx * box["width"], box["y"] + fy * box["height"])
        page.wait_for_function(f"() => ({POINTS_SHOWN})() === {61 + i}")
        wait_idle(page)
    assert "data=c" in page.url and exceptions(page) == 0
    status_here = page.locator(STATUS).inner_text()

    elsewhere = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        other = elsewhere.new_page()
        goto(other, page.url)
        other.wait_for_function(f"() => ({POINTS_SHOWN})() === 62")
        assert other.locator(STATUS).inner_text() == status_here
        assert other.get_by_text("Your data: 62 points").count() == 1
    finally:
        elsewhere.close()
