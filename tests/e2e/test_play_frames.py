"""Play in Chromium: the live canvas shows real epochs in order, with the core's numbers, also
when the browser is too slow to show them all, and it stops training for a hidden tab."""

from __future__ import annotations

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from backprop_core.training import train_snapshot
from tests.e2e.conftest import goto, wait_idle
from ui.playground.settings import PLAYGROUND, to_config

pytestmark = pytest.mark.e2e

QUERY = "dataset=spiral&layers=8,8,8,8,8,8&points=500&epochs=0&seed=3"
# Every animation frame, what the canvas has on screen: (epoch, training loss), on change.
WATCH = """() => {
  window.__drawn = [];
  let last = null;
  const tick = () => {
    const d = document.querySelector('[data-frames-drawn]')?.dataset;
    if (d && d.epoch !== last) { last = d.epoch; window.__drawn.push([+d.epoch, d.trainLoss]); }
    window.__watch = requestAnimationFrame(tick);
  };
  tick();
}"""


# the canvas draws a message after Streamlit has finished the run (its code may still be loading)
SHOWS = "(e) => document.querySelector('[data-frames-drawn]')?.dataset.epoch === e"
PLAYED = "() => document.querySelector('[data-frames-drawn]')?.dataset.epoch > 0"


def play_and_record(page, ms: int) -> list[tuple[int, float]]:
    page.evaluate(WATCH)
    page.get_by_role("button", name="Play").click()
    page.get_by_role("button", name="Pause").wait_for(timeout=60_000)
    page.wait_for_timeout(ms)  # the browser draws meanwhile; what it drew is checked after
    drawn = page.evaluate("() => window.__drawn")
    page.get_by_role("button", name="Pause").click()
    page.get_by_role("button", name="Play").wait_for(timeout=60_000)
    wait_idle(page)
    return [(int(e), float(v)) for e, v in drawn]


def cores_losses(epochs: int) -> np.ndarray:
    values, _ = PLAYGROUND.parse(dict(kv.split("=") for kv in QUERY.split("&")))
    with threadpool_limits(1, user_api="blas"):  # as the server computes them
        return train_snapshot(to_config(values), epochs).train_loss


@pytest.mark.parametrize("throttle", [1, 6], ids=["full speed", "cpu 6x slower"])
def test_play_draws_real_epochs_in_order_with_the_cores_losses(server, page, throttle):
    goto(page, f"{server}/playground?{QUERY}")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    try:
        drawn = play_and_record(page, 3000)
    finally:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
    epochs = [e for e, _ in drawn]
    assert len(epochs) > 5, drawn
    assert all(b > a for a, b in zip(epochs, epochs[1:])), epochs  # dropped maybe, never back
    expected = cores_losses(epochs[-1])
    for e, loss in drawn:
        assert loss == pytest.approx(expected[e], rel=1e-12, abs=0), e
    # paused, the canvas comes to show the epoch the page's status line states, with its loss
    status = page.locator(".st-key-playground_status").inner_text()
    page.wait_for_function(SHOWS, arg=status.split(" ")[1], timeout=10_000)
    shown = page.evaluate("() => ({...document.querySelector('[data-frames-drawn]').dataset})")
    assert float(shown["trainLoss"]) == pytest.approx(
        cores_losses(int(shown["epoch"]))[-1], rel=1e-12
    )


def test_pause_pauses_every_time_even_on_a_slow_browser(server, page):
    """Streamlit runs a click's callback again when the next tick preempts the click's run:
    a toggling Pause was undone that way about one time in five, and Play went on."""
    goto(page, f"{server}/playground?{QUERY}")
    cdp = page.context.new_cdp_session(page)
    status = page.locator(".st-key-playground_status")
    for _ in range(3):
        page.get_by_role("button", name="Play").click()
        page.get_by_role("button", name="Pause").wait_for(timeout=60_000)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 6})  # slow while playing
        page.wait_for_function(PLAYED)
        page.get_by_role("button", name="Pause").click()
        page.get_by_role("button", name="Play").wait_for(timeout=30_000)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
        wait_idle(page)
        assert page.get_by_role("button", name="Play").is_visible(), "Pause was undone"
        paused_at = status.inner_text(timeout=10_000)
        page.wait_for_timeout(1_000)  # watch: a paused run stays where it stopped
        assert page.get_by_role("button", name="Play").is_visible(), "Play went on"
        assert status.inner_text(timeout=10_000) == paused_at


def test_a_hidden_tab_stops_playing(server, page):
    goto(page, f"{server}/playground?{QUERY}")
    page.get_by_role("button", name="Play").click()
    page.get_by_role("button", name="Pause").wait_for(timeout=60_000)
    page.wait_for_function(PLAYED)
    page.evaluate("""() => {
      Object.defineProperty(document, 'hidden', {value: true, configurable: true});
      document.dispatchEvent(new Event('visibilitychange'));
    }""")
    page.get_by_role("button", name="Play").wait_for(timeout=30_000)  # paused by the server
    wait_idle(page)
    assert page.locator(".st-key-playground_status").inner_text().startswith("Epoch ")
