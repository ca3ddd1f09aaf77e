"""Load test: N concurrent headless Chromium sessions moving sliders against one local server.

Usage:  .venv/bin/python bench/load.py [--sessions 20] [--moves 10] [--seconds 120]
        [--page playground] [--heavy]

Everything stays on 127.0.0.1. Each session opens the page, then moves the "Learning rate" slider
(one arrow-key step at a time, alternating direction) `--moves` times, timing each move until the
loss chart's data changes. Stops by itself after `--seconds`. Prints: errors (exceptions shown on
the page, failed loads or timeouts; must be 0), p50 / p90 slider→chart latency, and the server's
memory: idle baseline, per idle session, and growth over the interactions. With --heavy, one
more visitor keeps opening the costliest link the limits allow, to see that it does not freeze
the others.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import (  # noqa: E402
    CHROMIUM_ARGS,
    IDLE,
    find_chromium,
    free_port,
    start_server,
    wait_healthy,
)

CHART_DATA = """() => { const plots = [...document.querySelectorAll('.js-plotly-plot')];
  const p = plots.find(p => String(p.layout?.title?.text ?? '').includes('Loss')) || plots[0];
  return p && p.calcdata ? JSON.stringify(p.calcdata[0].map(d => d.y)) : null; }"""


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def wait_idle(page, timeout: int = 60_000) -> None:
    await page.wait_for_selector(IDLE, timeout=timeout)
    await page.wait_for_function(
        """() => !document.querySelector('[data-testid="stSkeleton"]') &&
           [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
             .every(c => c.querySelector('.main-svg'))""",
        timeout=timeout,
    )


async def open_session(browser, url: str, errors: list[str]):
    context = await browser.new_context(viewport={"width": 1280, "height": 800})
    page = await context.new_page()
    try:
        await page.goto(url, wait_until="domcontentloaded")
        await wait_idle(page)
    except Exception as exc:  # noqa: BLE001 - counted, reported
        errors.append(f"load: {exc!r:.120}")
    return context, page


async def drive(page, moves: int, deadline: float, latencies: list[float], errors: list[str]):
    slider = page.locator('[data-testid="stSlider"]').filter(has_text="Learning rate")
    handle = slider.locator('input[type="range"]').first
    for i in range(moves):
        if time.monotonic() > deadline:
            return
        try:
            before = await page.evaluate(CHART_DATA)
            await handle.focus()
            t0 = time.perf_counter()
            await handle.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
            await page.wait_for_function(
                f"(b) => ({CHART_DATA})() !== b", arg=before, timeout=30_000
            )
            latencies.append(time.perf_counter() - t0)
            await wait_idle(page, 30_000)
            if await page.locator('[data-testid="stException"]').count():
                errors.append("exception shown on the page")
        except Exception as exc:  # noqa: BLE001 - counted, reported
            errors.append(f"move: {exc!r:.120}")


HEAVY = (
    "playground?points=2000&train=0.9&batch=1&layers=8,8,8,8,8,8&dataset=spiral&epochs=5000&seed="
)


async def heavy_visitor(
    browser, base: str, loads: list[float], errors: list[str], stop: asyncio.Event
) -> None:
    """One visitor who keeps opening the most expensive link the limits allow (a new seed each
    time, so nothing is cached) while the others move their sliders; it finishes the load under
    way when ``stop`` is set."""
    context = await browser.new_context(viewport={"width": 1280, "height": 800})
    page = await context.new_page()
    try:
        for seed in range(1000, 2000):
            if stop.is_set():
                break
            t0 = time.perf_counter()
            try:
                await page.goto(f"{base}/{HEAVY}{seed}", wait_until="domcontentloaded")
                await wait_idle(page, 120_000)
            except Exception as exc:  # noqa: BLE001 - counted, reported
                errors.append(f"heavy: {exc!r:.120}")
            loads.append(time.perf_counter() - t0)
    finally:
        await context.close()


async def main_async(args) -> int:
    from playwright.async_api import async_playwright

    port = free_port()
    proc = start_server(port)
    base = f"http://127.0.0.1:{port}"
    errors: list[str] = []
    latencies: list[float] = []
    try:
        wait_healthy(base, proc)
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
            # warm the server (imports, caches) with one visit, then take the baseline
            ctx, _ = await open_session(browser, f"{base}/{args.page}", errors)
            await ctx.close()
            await asyncio.sleep(1.0)
            baseline = rss_mib(proc.pid)
            sessions = await asyncio.gather(
                *[
                    open_session(browser, f"{base}/{args.page}", errors)
                    for _ in range(args.sessions)
                ]
            )
            await asyncio.sleep(1.0)
            idle = rss_mib(proc.pid)
            deadline = time.monotonic() + args.seconds
            heavy_loads: list[float] = []
            stop = asyncio.Event()
            hog = (
                asyncio.create_task(heavy_visitor(browser, base, heavy_loads, errors, stop))
                if args.heavy
                else None
            )
            await asyncio.gather(
                *[drive(pg, args.moves, deadline, latencies, errors) for _, pg in sessions]
            )
            if hog is not None:
                stop.set()
                try:
                    await asyncio.wait_for(hog, max(deadline - time.monotonic(), 1.0))
                except TimeoutError:
                    errors.append("heavy: its load did not finish before --seconds ran out")
            await asyncio.sleep(1.0)
            after = rss_mib(proc.pid)
            for ctx, _ in sessions:
                await ctx.close()
            await browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    n_moves = len(latencies)
    print(f"sessions: {args.sessions}  moves done: {n_moves}  errors: {len(errors)}")
    for e in errors[:5]:
        print(f"  error: {e}")
    if latencies:
        q = statistics.quantiles(latencies, n=10) if n_moves >= 2 else [latencies[0]] * 9
        print(
            f"slider→chart latency: p50 {statistics.median(latencies) * 1000:.0f} ms  "
            f"p90 {q[8] * 1000:.0f} ms  (all {args.sessions} sessions moving at once)"
        )
    if args.heavy:
        print(
            f"meanwhile one heavy visitor replayed the costliest link {len(heavy_loads)} times "
            f"(median {statistics.median(heavy_loads or [0.0]):.1f} s a load)"
        )
    per = (idle - baseline) / max(args.sessions, 1)
    print(
        f"server memory: baseline {baseline:.1f} MiB, with {args.sessions} idle sessions "
        f"{idle:.1f} MiB ({per:.2f} MiB per session), after {n_moves} interactions "
        f"{after:.1f} MiB (growth {after - idle:+.1f} MiB)"
    )
    return 1 if errors else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--moves", type=int, default=10)
    ap.add_argument("--seconds", type=float, default=120.0)
    ap.add_argument("--page", default="playground")
    ap.add_argument(
        "--heavy", action="store_true", help="add one visitor who keeps opening the costliest link"
    )
    return asyncio.run(main_async(ap.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
