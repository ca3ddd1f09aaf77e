"""Slider-to-redrawn-live-area latency of the Playground, this tree and the previous renderer,
against a bare one-slider Streamlit page, all three in the same run.

Usage:  .venv/bin/python bench/bench_ui.py [--moves 20] [--rounds 2] [--reference 499b6d5]

Starts three local servers on free localhost ports: a bare page (written to a temp dir) with
the same "Learning rate" select-slider and one Plotly chart, this checkout ("canvas") and a
`git worktree` of --reference ("reference", removed afterwards). In real Chromium it moves each
page's slider one step at a time with the keyboard and times the press until the live area is
redrawn, --moves times per round (half to the right, half back), the three pages in a rotated
order each round so machine load hits them alike:
  - bare: the chart's data changed,
  - canvas: the canvas host's data-run or data-train-loss changed (it drew the new run),
  - reference: the loss chart's data changed.
Prints p50 / p90 of each and the ratios canvas / bare and reference / bare; for the Playgrounds
also moves to settings not trained yet (cache misses) apart from moves back to ones that were
(cache hits), and the time until the whole page is idle (for the canvas, its charts below
included: they are drawn in a run of their own once the canvas has drawn). Each round opens
the default config with a new seed, so no round starts from a warm cache. Prints figures only;
every wait has a timeout; the servers are killed and the worktree removed whatever happens.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.reference import (  # noqa: E402
    FIND_HOST,
    FIND_LOSS_PLOT,
    REFERENCE,
    Server,
    Servers,
    detect,
    goto,
    open_browser,
    pct,
    shown,
    stop_on_sigterm,
    to_json,
    wait_idle,
    warm,
    worktree,
)
from ui.playground import DEFAULTS, LR_GRID  # noqa: E402

TARGET = 1.3  # canvas p50 / bare p50
BARE = f"""
import numpy as np
import plotly.graph_objects as go
import streamlit as st

lr = st.select_slider("Learning rate", options={list(LR_GRID)!r}, value={DEFAULTS.lr!r})
x = np.arange(101)
st.plotly_chart(go.Figure(go.Scatter(x=x, y=np.exp(-lr * x / 10))))
"""
# What the live area shows, as one string that changes when it is redrawn with other data.
STATE = {
    "bare": """() => { const p = document.querySelector('.js-plotly-plot');
        return p && p.calcdata ? JSON.stringify(p.calcdata[0].map(d => d.y)) : null; }""",
    "plotly": f"""() => {{ const p = ({FIND_LOSS_PLOT})();
        return p && p.calcdata ? JSON.stringify(p.calcdata[0].map(d => d.y)) : null; }}""",
    "canvas": f"""() => {{ const h = ({FIND_HOST})();
        return h && h.dataset.run !== undefined
          ? h.dataset.run + ' ' + h.dataset.trainLoss : null; }}""",
}


def moves(page, kind: str, n: int) -> Iterator[tuple[float, str, float]]:
    """Move the open page's slider ``n`` times: for each move the seconds until the live area
    changed, the key pressed and the seconds until the whole page was idle again (yielded as
    they come, so a timeout keeps the moves measured before it)."""
    thumb = (
        page.locator('[data-testid="stSlider"]')
        .filter(has_text="Learning rate")
        .locator('input[type="range"]')
    )
    for i in range(n):
        key = "ArrowRight" if i < n // 2 else "ArrowLeft"
        before = page.evaluate(STATE[kind])
        charts = page.evaluate(STATE["plotly"]) if kind == "canvas" else None
        thumb.focus()
        t0 = time.perf_counter()
        thumb.press(key)
        page.wait_for_function(
            f"(b) => {{ const s = ({STATE[kind]})(); return s !== null && s !== b; }}",
            arg=before,
            polling="raf",
            timeout=30_000,
        )
        t1 = time.perf_counter()
        if kind == "canvas":  # the charts below follow the canvas in a run of their own
            page.wait_for_function(
                f"(b) => {{ const s = ({STATE['plotly']})(); return s !== null && s !== b; }}",
                arg=charts,
                polling="raf",
                timeout=30_000,
            )
        wait_idle(page)
        yield t1 - t0, key, time.perf_counter() - t0


def line(name: str, xs: list[float]) -> str:
    return (
        f"{name:44} n={len(xs):3d}   p50 {pct(xs, 0.5) * 1000:6.0f} ms"
        f"   p90 {pct(xs, 0.9) * 1000:6.0f} ms"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--moves", type=int, default=20, help="slider moves per page per round")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--reference", default=REFERENCE, help="revision of the previous renderer")
    args = ap.parse_args()
    stop_on_sigterm()
    from playwright.sync_api import sync_playwright

    times: dict[str, dict[str, list[float]]] = {
        label: {"all": [], "miss": [], "hit": [], "idle": []}
        for label in ("bare", "canvas", "reference")
    }
    kinds: dict[str, str | None] = {"bare": "bare"}
    with (
        tempfile.TemporaryDirectory() as tmp,
        worktree(args.reference) as ref_tree,
        Servers() as servers,
    ):
        (Path(tmp) / "bare.py").write_text(BARE)
        pages: list[Server] = [
            servers.start("bare", "bare.py", cwd=Path(tmp)),
            servers.start("canvas"),
            servers.start("reference", cwd=ref_tree),
        ]
        servers.wait_all()
        with sync_playwright() as p:
            browser, page = open_browser(p)
            warm(page, pages)
            kinds.update({s.label: detect(page, s) for s in pages[1:]})
            if kinds["canvas"] != "canvas":
                print("canvas: no canvas on this page (this tree measured as the Plotly renderer)")
            for r in range(args.rounds):
                for server in pages[r % 3 :] + pages[: r % 3]:
                    label = server.label
                    if label == "bare":
                        url = server.base + "/"
                    else:
                        url = f"{server.base}/playground?seed={DEFAULTS.seed + r}"
                    goto(page, url)
                    kind = kinds[label]
                    if kind is None or (kind != "bare" and not shown(page, kind)):
                        print(f"  {label}: no live area ({kind}) on this page: not measured")
                        continue
                    try:
                        for t, key, idle in moves(page, kind, args.moves):
                            got = times[label]
                            got["all"].append(t)
                            # right: settings not trained yet; left: back to ones in the cache
                            got["miss" if key == "ArrowRight" else "hit"].append(t)
                            got["idle"].append(idle)
                    except Exception as exc:  # noqa: BLE001 - a timeout ends this page's round
                        print(f"  round {r + 1} {label}: a move failed: {exc!r:.200}")
            browser.close()
    print(
        f"Slider -> redrawn live area, real Chromium, {args.rounds} round(s) × {args.moves} moves;"
        f" canvas = this tree, reference = {args.reference} (machine shared: figures may be noisy)"
    )
    print(line("bare page (1 slider, 1 chart)", times["bare"]["all"]))
    for label in ("canvas", "reference"):
        got = times[label]
        name = f"{label} ({kinds.get(label) or 'not measured'})"
        print(line(f"{name}, all moves", got["all"]))
        print(line(f"{name}, new settings (retrain)", got["miss"]))
        print(line(f"{name}, cached settings", got["hit"]))
        print(line(f"{name}, until the page is idle", got["idle"]))
    bare50 = pct(times["bare"]["all"], 0.5)
    ratios = {k: pct(times[k]["all"], 0.5) / bare50 for k in ("canvas", "reference")}
    verdict = "met" if ratios["canvas"] <= TARGET else "NOT met"
    print(
        f"ratio of p50s: canvas / bare {ratios['canvas']:.2f}× (target ≤ {TARGET}×: {verdict}),"
        f" reference / bare {ratios['reference']:.2f}×"
    )
    summary = {"reference": args.reference, "kinds": kinds, "bare_p50_ms": round(bare50 * 1000, 1)}
    for label in ("canvas", "reference"):
        summary[f"{label}_p50_ms"] = round(pct(times[label]["all"], 0.5) * 1000, 1)
        summary[f"{label}_p90_ms"] = round(pct(times[label]["all"], 0.9) * 1000, 1)
        summary[f"{label}_ratio"] = round(ratios[label], 2)
    print(to_json(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
