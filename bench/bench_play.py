"""Play in real Chromium, this tree against the previous renderer in the same run: distinct
frames per second counted in the browser, epochs per second, bytes per second, server CPU.

Usage:  .venv/bin/python bench/bench_play.py [--seconds 10] [--rounds 2] [--reference 499b6d5]

Starts two servers on free localhost ports: this checkout ("canvas") and a `git worktree` of
--reference ("reference", removed afterwards), both with this .venv's python. For each case,
(a) circles, hidden layers 4,2 and (b) spiral, 6 × 8, both tanh, 500 points, half for training,
batch 10, lr 0.03, it opens /playground at epoch 0, presses Play, lets it settle 1.5 s, then
measures --seconds:
  - distinct frames/s: a requestAnimationFrame watcher records (time, epoch) each time the
    epoch on screen changes (the canvas host's data-epoch; in the Plotly renderer the last
    epoch of the loss chart, read when its calcdata changed); with the gaps between drawn
    frames (median, p90) and how often the epoch went down (a reordered frame: must be 0);
    redraws/s in the JSON also count redraws of an epoch already shown (the canvas's
    data-frames-drawn, the Plotly loss chart's calcdata changes),
  - epochs/s: epoch span / time span of those marks,
  - KB/s: bytes the browser received over the WebSocket while measuring,
  - server CPU seconds per wall second (utime + stime of the server process),
  - the epoch reached; then Pause.
The two servers alternate within each case, in the other order the next round. Prints figures
and whether the targets of issue 17 are met, then one JSON line. No assertions; every wait has
a timeout; the servers are killed and the worktree removed whatever happens.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.reference import (  # noqa: E402
    FIND_HOST,
    FIND_LOSS_PLOT,
    REFERENCE,
    Server,
    Servers,
    WsBytes,
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

RUN = "&epochs=0&seed=0"
CASES = {
    "(a) circles 4,2": "dataset=circles&points=500&train=0.5&layers=4,2&activation=tanh"
    "&batch=10&lr=0.03",
    "(b) spiral 6 × 8": "dataset=spiral&points=500&train=0.5&layers=8,8,8,8,8,8&activation=tanh"
    "&batch=10&lr=0.03",
}
TARGET_FPS = 30.0
TARGET_KBS = 300.0
# At every animation frame: records [time, epoch] when the epoch on screen is a new one. The
# canvas host says which epoch it drew. The Plotly renderer redraws the loss chart (a new
# calcdata) and its last point is the epoch drawn; the status line is not read, as it can be
# ahead of the chart (seen: "Epoch 234" over a curve ending at 204). `__updates()` counts the
# redraws, a new epoch or not: the canvas's data-frames-drawn, the loss chart's calcdata.
WATCH = f"""(kind) => {{
  const findHost = {FIND_HOST};
  const findLoss = {FIND_LOSS_PLOT};
  window.__marks = [];
  let host = null, calc = null, shown = null, redraws = 0;
  window.__updates = () => kind === 'canvas'
    ? Number(host && host.dataset.framesDrawn || 0) : redraws;
  const mark = (epoch) => {{
    if (epoch === shown) return;
    shown = epoch;
    window.__marks.push([performance.now(), Number(epoch)]);
  }};
  const tick = () => {{
    if (kind === 'canvas') {{
      if (!host || !host.isConnected) host = findHost();
      if (host && host.dataset.epoch !== undefined) mark(host.dataset.epoch);
    }} else {{
      const plot = findLoss();
      if (plot && plot.calcdata && plot.calcdata !== calc) {{
        calc = plot.calcdata;
        redraws += 1;
        const train = calc[0];
        if (train && train.length) mark(String(train[train.length - 1].x));
      }}
    }}
    window.__watch = requestAnimationFrame(tick);
  }};
  tick();
}}"""
STOP = "() => cancelAnimationFrame(window.__watch)"


def pause(page) -> bool:
    """Press Pause until the Play button is back (a click can land mid-rerun and be lost);
    whether the page then went idle. A page left playing is harmless: the next measurement
    opens a new page, which ends this session."""
    for _ in range(5):
        if page.get_by_role("button", name="Play").count():  # stopped by itself (epoch cap)
            break
        try:
            page.get_by_role("button", name="Pause").click(timeout=20_000)
            page.get_by_role("button", name="Play").wait_for(timeout=15_000)
            break
        except Exception:  # noqa: BLE001 - retry a lost click, a bounded number of times
            continue
    try:
        wait_idle(page, timeout=30_000)
    except Exception:  # noqa: BLE001 - Playwright's TimeoutError: still busy
        return False
    return True


def measure(
    page, ws: WsBytes, server: Server, kind: str, query: str, seconds: float
) -> dict | None:
    """Play ``query`` on ``server``, whose live area is ``kind``, for ``seconds``: the figures,
    or None when that live area did not appear."""
    goto(page, f"{server.base}/playground?{query}{RUN}")
    if not shown(page, kind):
        print(f"  {server.label}: its {kind} live area did not appear on this page")
        return None
    page.evaluate(WATCH, kind)
    page.get_by_role("button", name="Play").click()
    page.wait_for_timeout(1500)  # let Play settle into its rhythm before counting
    first, draws0 = page.evaluate("() => [window.__marks.length, window.__updates()]")
    bytes0, cpu0, t0 = ws.total, server.cpu_seconds(), time.monotonic()
    page.wait_for_timeout(seconds * 1000)
    bytes1, cpu1, t1 = ws.total, server.cpu_seconds(), time.monotonic()
    marks, draws1, now = page.evaluate(
        "() => [window.__marks, window.__updates(), performance.now()]"
    )
    marks = marks[first:]
    page.evaluate(STOP)
    if not pause(page):
        print(f"  {server.label}: Pause did not bring the page to rest within its timeouts")
    wall = t1 - t0
    out = {
        "kind": kind,
        "kb_s": (bytes1 - bytes0) / 1000 / wall,
        "cpu_s_s": (cpu1 - cpu0) / wall,
        "redraws_s": (draws1 - draws0) / wall,
        "epoch": marks[-1][1] if marks else 0,
        # seconds the epoch stood still at the end (the epoch cap): KB/s and CPU count them
        "still_s": (now - marks[-1][0]) / 1000 if marks else seconds,
        "reorders": sum(b[1] < a[1] for a, b in zip(marks, marks[1:])),
        "gaps_ms": [b[0] - a[0] for a, b in zip(marks, marks[1:])],
        "fps": 0.0,
        "epochs_s": 0.0,
    }
    if len(marks) >= 2:
        span = (marks[-1][0] - marks[0][0]) / 1000
        out["fps"] = (len(marks) - 1) / span
        out["epochs_s"] = (marks[-1][1] - marks[0][1]) / span
    return out


def combine(runs: list[dict]) -> dict:
    """Rounds of one case and renderer: mean rates, every gap, all reorders, the top epoch."""
    mean = lambda k: sum(r[k] for r in runs) / len(runs)  # noqa: E731 - one line per figure
    gaps = [g for r in runs for g in r["gaps_ms"]]
    return {
        "kind": runs[0]["kind"],
        "fps": round(mean("fps"), 1),
        "gap_p50_ms": round(pct(gaps, 0.5), 1),
        "gap_p90_ms": round(pct(gaps, 0.9), 1),
        "reorders": sum(r["reorders"] for r in runs),
        "epochs_s": round(mean("epochs_s"), 1),
        "kb_s": round(mean("kb_s"), 1),
        "cpu_s_s": round(mean("cpu_s_s"), 3),
        "redraws_s": round(mean("redraws_s"), 1),
        "epoch": max(r["epoch"] for r in runs),
        "still_s": round(max(r["still_s"] for r in runs), 1),
    }


def row(case: str, label: str, f: dict) -> str:
    return (
        f"{case:18} {label:10} {f['kind']:7} {f['fps']:8.1f} {f['gap_p50_ms']:7.1f}"
        f" {f['gap_p90_ms']:7.1f} {f['reorders']:5d} {f['epochs_s']:9.1f} {f['kb_s']:8.1f}"
        f" {f['cpu_s_s']:7.3f} {f['epoch']:7d}"
    )


def verdicts(results: dict[str, dict[str, dict]]) -> list[str]:
    """The targets of issue 17, one line each, from the canvas's and the reference's figures."""
    lines = []
    for case, by in results.items():
        c, r = by.get("canvas"), by.get("reference")
        if c is None:
            lines.append(f"{case}: this tree was not measured")
            continue
        ok = lambda b: "met" if b else "NOT met"  # noqa: E731
        lines.append(f"{case}: ≥ {TARGET_FPS:g} distinct frames/s: {ok(c['fps'] >= TARGET_FPS)}")
        lines.append(f"{case}: 0 reordered frames: {ok(c['reorders'] == 0)}")
        lines.append(f"{case}: ≤ {TARGET_KBS:g} KB/s per visitor: {ok(c['kb_s'] <= TARGET_KBS)}")
        if r is not None:
            lines.append(
                f"{case}: epochs/s ≥ reference ({c['epochs_s']:.1f} vs {r['epochs_s']:.1f}):"
                f" {ok(c['epochs_s'] >= r['epochs_s'])}"
            )
            per_epoch = {k: 1000 * f["cpu_s_s"] / max(f["epochs_s"], 1e-9) for k, f in by.items()}
            lines.append(
                f"{case}: server CPU ≤ reference ({c['cpu_s_s']:.3f} vs {r['cpu_s_s']:.3f} s/s):"
                f" {ok(c['cpu_s_s'] <= r['cpu_s_s'])} (per epoch shown: "
                f"{per_epoch['canvas']:.2f} vs {per_epoch['reference']:.2f} ms)"
            )
    return lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=10.0, help="measuring time per case")
    ap.add_argument("--rounds", type=int, default=2, help="measurements per case and renderer")
    ap.add_argument("--reference", default=REFERENCE, help="revision of the previous renderer")
    args = ap.parse_args()
    stop_on_sigterm()
    from playwright.sync_api import sync_playwright

    runs: dict[str, dict[str, list[dict]]] = {case: {} for case in CASES}
    with worktree(args.reference) as ref_tree, Servers() as servers:
        canvas = servers.start("canvas")
        reference = servers.start("reference", cwd=ref_tree)
        servers.wait_all()
        with sync_playwright() as p:
            browser, page = open_browser(p)
            ws = WsBytes(page)
            warm(page, [canvas, reference])
            kinds = {s.label: detect(page, s) for s in (canvas, reference)}
            if kinds["canvas"] != "canvas":
                print("canvas: no canvas on this page (this tree measured as the Plotly renderer)")
            for label, kind in kinds.items():
                if kind is None:
                    print(f"{label}: neither a canvas nor a Plotly loss chart: not measured")
            print(
                f"Play for {args.seconds:g} s per case, {args.rounds} round(s); canvas = this "
                f"tree, reference = {args.reference} (machine shared: figures may be noisy)"
            )
            for r in range(args.rounds):
                order = [canvas, reference] if r % 2 == 0 else [reference, canvas]
                for case, query in CASES.items():
                    for server in order:
                        kind = kinds[server.label]
                        if kind is None:
                            continue
                        t0 = time.perf_counter()
                        try:
                            got = measure(page, ws, server, kind, query, args.seconds)
                        except Exception as exc:  # noqa: BLE001 - a timeout loses one figure only
                            print(f"  round {r + 1} {case} {server.label}: failed: {exc!r:.200}")
                            continue
                        if got is None:
                            continue
                        runs[case].setdefault(server.label, []).append(got)
                        print(
                            f"  round {r + 1} {case} {server.label}: {got['fps']:.1f} frames/s,"
                            f" {got['epochs_s']:.1f} epochs/s, {got['kb_s']:.1f} KB/s,"
                            f" epoch {got['epoch']} ({time.perf_counter() - t0:.0f} s)"
                        )
            browser.close()
    results = {case: {k: combine(v) for k, v in by.items()} for case, by in runs.items()}
    print()
    print(
        f"{'case':18} {'renderer':10} {'drawn':7} {'frames/s':>8} {'gap p50':>7} {'p90 ms':>7}"
        f" {'reord':>5} {'epochs/s':>9} {'KB/s':>8} {'CPU s/s':>7} {'epoch':>7}"
    )
    for case, by in results.items():
        for label in ("canvas", "reference"):
            if label in by:
                print(row(case, label, by[label]))
    print()
    print("targets (issue 17), for the canvas:")
    for line in verdicts(results):
        print("  " + line)
    print(to_json({"reference": args.reference, "seconds": args.seconds, "results": results}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
