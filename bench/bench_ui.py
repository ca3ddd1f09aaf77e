"""Slider-to-chart latency of the Playground against a bare one-slider Streamlit page.

Usage:  .venv/bin/python bench/bench_ui.py [--moves 20] [--rounds 2]

Starts two local servers on free localhost ports: the app, and a bare page (written to a temp
dir) with the same "Learning rate" select-slider and one Plotly chart. In real Chromium it moves
each page's slider one step at a time with the keyboard and times the press until the chart's
data has changed, --moves times per round (half to the right, half back), alternating the two
pages each round so machine load hits both alike. Prints p50 / p90 of both and their ratio;
for the Playground also moves to settings it had not trained yet (cache misses) apart from moves
back to ones it had (cache hits). Each round opens the default config with a new seed, so no
round starts from a warm cache. The loss chart is drawn first; the time until every chart is
redrawn is printed too. Prints figures only; every wait has a timeout.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
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
from ui.playground import DEFAULTS, LR_GRID  # noqa: E402

BARE = f"""
import numpy as np
import plotly.graph_objects as go
import streamlit as st

lr = st.select_slider("Learning rate", options={list(LR_GRID)!r}, value={DEFAULTS.lr!r})
x = np.arange(101)
st.plotly_chart(go.Figure(go.Scatter(x=x, y=np.exp(-lr * x / 10))))
"""
CHART_Y = {
    "bare": """() => { const p = document.querySelector('.js-plotly-plot');
        return p && p.calcdata ? JSON.stringify(p.calcdata[0].map(d => d.y)) : null; }""",
    "playground": """() => { const p = [...document.querySelectorAll('.js-plotly-plot')]
        .find(p => p.layout && p.layout.title && String(p.layout.title.text).includes('Loss'));
        return p && p.calcdata ? JSON.stringify(p.calcdata[0].map(d => d.y)) : null; }""",
}


def start_bare(folder: Path) -> tuple[subprocess.Popen, str]:
    script = folder / "bare.py"
    script.write_text(BARE)
    port = free_port()
    proc = start_server(port, str(script), cwd=folder)
    return proc, f"http://127.0.0.1:{port}"


def moves(page, url: str, kind: str, n: int) -> list[tuple[float, str, float]]:
    """Open ``url``, then move the slider ``n`` times: for each move the seconds until the
    chart changed, the key pressed and the seconds until the whole page was idle again."""
    page.goto(url, wait_until="domcontentloaded")
    wait_idle(page)
    thumb = (
        page.locator('[data-testid="stSlider"]')
        .filter(has_text="Learning rate")
        .locator('input[type="range"]')
    )
    out = []
    for i in range(n):
        key = "ArrowRight" if i < n // 2 else "ArrowLeft"
        before = page.evaluate(CHART_Y[kind])
        thumb.focus()
        t0 = time.perf_counter()
        thumb.press(key)
        page.wait_for_function(
            f"(b) => {{ const y = ({CHART_Y[kind]})(); return y !== null && y !== b; }}",
            arg=before,
            polling="raf",
            timeout=30_000,
        )
        t1 = time.perf_counter()
        wait_idle(page)
        out.append((t1 - t0, key, time.perf_counter() - t0))
    return out


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(int(round(q * (len(xs) - 1))), len(xs) - 1)] * 1000


def summary(name: str, xs: list[float]) -> str:
    return f"{name:34} n={len(xs):3d}   p50 {pct(xs, 0.5):6.0f} ms   p90 {pct(xs, 0.9):6.0f} ms"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--moves", type=int, default=20, help="slider moves per page per round")
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    port = free_port()
    app = start_server(port)
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        bare, bare_base = start_bare(Path(tmp))
        try:
            wait_healthy(base, app)
            wait_healthy(bare_base, bare)
            bare_t, miss_t, hit_t, idle_t = [], [], [], []
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.set_default_timeout(60_000)
                page.goto(base + "/", wait_until="domcontentloaded")  # warm the router up
                wait_idle(page)
                for r in range(args.rounds):
                    bare_t += [t for t, _, _ in moves(page, bare_base + "/", "bare", args.moves)]
                    url = f"{base}/playground?seed={DEFAULTS.seed + r}"
                    for t, key, idle in moves(page, url, "playground", args.moves):
                        # right: settings not trained yet; left: back to ones in the cache
                        (miss_t if key == "ArrowRight" else hit_t).append(t)
                        idle_t.append(idle)
                browser.close()
        finally:
            for proc in (app, bare):
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
    ours = miss_t + hit_t
    print("Slider -> updated chart, real Chromium (machine shared: figures may be noisy)")
    print(summary("bare page (1 slider, 1 chart)", bare_t))
    print(summary("Playground, all moves", ours))
    print(summary("Playground, new settings (retrain)", miss_t))
    print(summary("Playground, cached settings", hit_t))
    print(summary("Playground, until every chart is done", idle_t))
    ratio = pct(ours, 0.5) / pct(bare_t, 0.5)
    print(
        f"ratio of p50s: {ratio:.2f}× (target ≤ 1.5×); retraining only: "
        f"{pct(miss_t, 0.5) / pct(bare_t, 0.5):.2f}×"
    )
    print(json.dumps({"bare_p50_ms": round(pct(bare_t, 0.5)), "ratio": round(ratio, 2)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
