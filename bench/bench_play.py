"""Play speed of the Playground in real Chromium: redraws per second and epochs per second.

Usage:  .venv/bin/python bench/bench_play.py [--seconds 10]

Starts its own `streamlit run app.py` on a free localhost port, opens the Playground with
(a) 2 hidden layers of 4 and 2 tanh units, circles, 500 points, half for training, batch 10,
lr 0.03 and (b) the same with 6 hidden layers × 8 on spiral, presses Play and watches the loss
chart in the page: every time its data changes is one redraw, and its length is the epoch.
Prints figures only (no assertions). Reference: TensorFlow Playground runs one epoch per frame,
about 50 epochs/s on (a) and 14 on (b) on this kind of machine; the targets are ≥ 5 redraws/s
and ≥ 2× its epochs/s. Stops by itself: every wait has a timeout and the server is killed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import (  # noqa: E402
    CHROMIUM_ARGS,
    find_chromium,
    free_port,
    start_server,
    wait_healthy,
    wait_idle,
)

CASES = {
    "(a) circles, 4,2 tanh, 500 points": (
        "dataset=circles&points=500&train=0.5&layers=4,2&activation=tanh&batch=10&lr=0.03",
        50.0,
    ),
    "(b) spiral, 6 × 8 tanh, 500 points": (
        "dataset=spiral&points=500&train=0.5&layers=8,8,8,8,8,8&activation=tanh&batch=10&lr=0.03",
        14.0,
    ),
}
# Records (time, epoch) whenever the loss chart is redrawn (Plotly recomputes its calcdata) at
# every animation frame; the epoch is read from the status line drawn in the same run.
WATCH = """() => {
  window.__redraws = [];
  let last = null;
  const tick = () => {
    const plot = [...document.querySelectorAll('.js-plotly-plot')]
      .find(p => p.layout && p.layout.title && String(p.layout.title.text).includes('Loss'));
    const status = document.querySelector('.st-key-playground_status');
    if (plot && plot.calcdata && plot.calcdata !== last && status) {
      last = plot.calcdata;
      const m = status.innerText.match(/Epoch (\\d+)/);
      if (m) window.__redraws.push([performance.now(), Number(m[1])]);
    }
    window.__watch = requestAnimationFrame(tick);
  };
  tick();
}"""


def pause(page) -> None:
    """Press Pause until the Play button is back (a click can land mid-redraw and be lost)."""
    for _ in range(5):
        if page.get_by_role("button", name="Play").count():  # stopped by itself (epoch cap)
            break
        try:
            page.get_by_role("button", name="Pause").click(timeout=20_000)
            page.get_by_role("button", name="Play").wait_for(timeout=15_000)
            break
        except Exception:  # noqa: BLE001 - retry a lost click, a bounded number of times
            continue
    wait_idle(page)


def measure(page, base: str, query: str, seconds: float) -> tuple[float, float, int]:
    page.goto(f"{base}/playground?{query}&epochs=0&seed=0", wait_until="domcontentloaded")
    wait_idle(page)
    page.evaluate(WATCH)
    page.get_by_role("button", name="Play").click()
    page.wait_for_timeout(1500)  # let Play settle into its rhythm before counting
    start = page.evaluate("() => window.__redraws.length")
    page.wait_for_timeout(seconds * 1000)
    marks = page.evaluate("() => window.__redraws")[start:]
    pause(page)
    if len(marks) < 2:
        return 0.0, 0.0, len(marks)
    span = (marks[-1][0] - marks[0][0]) / 1000
    redraws = (len(marks) - 1) / span
    epochs = (marks[-1][1] - marks[0][1]) / span
    return redraws, epochs, marks[-1][1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=10.0, help="measuring time per case")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    port = free_port()
    proc = start_server(port)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, proc)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(60_000)
            page.goto(base + "/", wait_until="domcontentloaded")  # warm the router up
            wait_idle(page)
            print(f"Play for {args.seconds:g} s per case (machine shared: figures may be noisy)")
            print(f"{'case':38} {'redraws/s':>10} {'epochs/s':>10} {'vs TF':>7} {'epoch':>6}")
            for name, (query, tf) in CASES.items():
                t0 = time.perf_counter()
                redraws, epochs, reached = measure(page, base, query, args.seconds)
                print(
                    f"{name:38} {redraws:10.1f} {epochs:10.1f} {epochs / tf:6.1f}× {reached:6d}"
                    f"   ({time.perf_counter() - t0:.0f} s)"
                )
            browser.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except Exception:  # noqa: BLE001 - make sure it is gone
            proc.kill()
    print("targets: ≥ 5 redraws/s; epochs/s ≥ 100 on (a), ≥ 28 on (b)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
