"""What bench_play.py and bench_ui.py share: the previous renderer checked out beside this
tree, servers that are always killed, the server's CPU time, the bytes a page receives over
its WebSocket, and finding out which live area a Playground page draws.

Both benches measure this checkout ("canvas": the live area drawn on a `<canvas>` by
`ui.live_canvas`) and a `git worktree` of an older revision ("reference": the Plotly charts
redrawn by a fragment) in the same run, so machine load hits both alike.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import (  # noqa: E402
    CHROMIUM_ARGS,
    find_chromium,
    free_port,
    start_server,
    wait_healthy,
    wait_idle,
)

REFERENCE = "499b6d5"  # the last commit with the Plotly live area redrawn by a fragment
TICKS = os.sysconf("SC_CLK_TCK")

# The canvas component's host element (in the light DOM even when its HTML is in a shadow
# root) carries data-epoch, data-train-loss, data-run and data-frames-drawn. Searched in the
# document first, then inside every shadow root, in case the host is itself inside one.
FIND_HOST = """() => {
  const sel = '[data-frames-drawn]';
  const direct = document.querySelector(sel);
  if (direct) return direct;
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (!el.shadowRoot) continue;
      const hit = el.shadowRoot.querySelector(sel) || walk(el.shadowRoot);
      if (hit) return hit;
    }
    return null;
  };
  return walk(document);
}"""
# The Playground's loss chart in the Plotly renderer (its title says "Loss").
FIND_LOSS_PLOT = """() => [...document.querySelectorAll('.js-plotly-plot')]
  .find(p => p.layout && p.layout.title && String(p.layout.title.text).includes('Loss'))"""
SHOWN = {
    "canvas": f"() => !!(({FIND_HOST})())",
    "plotly": f"() => {{ const p = ({FIND_LOSS_PLOT})(); return !!(p && p.calcdata); }}",
}


def stop_on_sigterm() -> None:
    """A SIGTERM (a killed bench) unwinds like Ctrl-C, so the `finally` blocks kill the servers
    and remove the worktree."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


@contextlib.contextmanager
def worktree(rev: str) -> Iterator[Path]:
    """A detached `git worktree` of ``rev`` in a temp dir, removed afterwards (--force)."""
    folder = Path(tempfile.mkdtemp(prefix="bench_ref_"))
    path = folder / "tree"
    add = ["git", "worktree", "add", "--detach", str(path), rev]
    try:
        for attempt in range(3):  # another engineer's git command can hold a lock for a moment
            done = subprocess.run(add, cwd=ROOT, capture_output=True, text=True, timeout=120)
            if done.returncode == 0:
                break
            if attempt == 2 or ".lock" not in done.stderr:
                raise RuntimeError(f"git worktree add {rev} failed: {done.stderr.strip()}")
            time.sleep(1)
        yield path
    finally:
        if path.exists():
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(path)],
                cwd=ROOT,
                capture_output=True,
                timeout=120,
            )
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Server:
    """One `streamlit run` of ``script`` in ``cwd`` on a free port."""

    label: str
    proc: subprocess.Popen
    base: str

    def cpu_seconds(self) -> float:
        """User + system CPU seconds of the server process so far (every thread of it)."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime: fields 14 and 15


@dataclass
class Servers:
    """Starts servers and kills every one of them on exit, whatever happened."""

    started: list[Server] = field(default_factory=list)

    def start(self, label: str, script: str = "app.py", cwd: Path = ROOT) -> Server:
        port = free_port()
        proc = start_server(port, script, cwd=cwd)
        server = Server(label, proc, f"http://127.0.0.1:{port}")
        self.started.append(server)
        comm = Path(f"/proc/{proc.pid}/comm").read_text().strip()
        if not comm.startswith("python"):  # CPU is read from this pid: it must be the server
            raise RuntimeError(f"server pid {proc.pid} is {comm!r}, not python")
        return server

    def wait_all(self) -> None:
        for s in self.started:
            wait_healthy(s.base, s.proc, timeout=90)

    def __enter__(self) -> Servers:
        return self

    def __exit__(self, *exc: object) -> None:
        for s in self.started:
            s.proc.terminate()
        for s in self.started:
            try:
                s.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                s.proc.kill()
                s.proc.wait(timeout=10)


class WsBytes:
    """Bytes the page has received over its WebSockets (Streamlit's messages, uncompressed:
    Streamlit does not enable WebSocket compression by default, so this is what travels)."""

    def __init__(self, page) -> None:
        self.total = 0
        page.on("websocket", self._attach)

    def _attach(self, ws) -> None:
        ws.on("framereceived", self._count)

    def _count(self, payload: str | bytes) -> None:
        self.total += len(payload.encode() if isinstance(payload, str) else payload)


def open_browser(p):
    """Chromium as the e2e tests launch it, and one 1400 × 1000 page."""
    browser = p.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(60_000)
    return browser, page


def goto(page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    wait_idle(page)


def shown(page, kind: str, timeout_ms: int = 15_000) -> bool:
    """Whether the open page shows the ``kind`` of live area ('canvas' or 'plotly') within
    ``timeout_ms`` (the canvas host gets its attributes when it draws its first frame)."""
    try:
        page.wait_for_function(SHOWN[kind], timeout=timeout_ms)
    except Exception:  # noqa: BLE001 - Playwright's TimeoutError: not on the page
        return False
    return True


def detect(page, server: Server) -> str | None:
    """'canvas' or 'plotly': which live area ``server``'s Playground draws, None for neither.
    The canvas is looked for first and long enough for its first frame: the page below it
    may have a Plotly loss chart too, drawn earlier."""
    goto(page, f"{server.base}/playground?epochs=0&seed=0")
    for kind, wait_ms in (("canvas", 20_000), ("plotly", 10_000)):
        if shown(page, kind, wait_ms):
            return kind
    return None


def pct(xs: list[float], q: float) -> float:
    """The ``q`` quantile of ``xs`` (nearest rank); NaN for no values."""
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(int(round(q * (len(xs) - 1))), len(xs) - 1)]


def to_json(obj: object) -> str:
    """One JSON line, with null for a figure that could not be measured (NaN)."""

    def clean(o: object) -> object:
        if isinstance(o, float) and math.isnan(o):
            return None
        if isinstance(o, dict):
            return {k: clean(v) for k, v in o.items()}
        return [clean(v) for v in o] if isinstance(o, list | tuple) else o

    return json.dumps(clean(obj))


def warm(page, servers: list[Server]) -> None:
    """Open each server's first page once, so no measurement pays for a cold router."""
    for s in servers:
        goto(page, s.base + "/")


__all__ = [
    "FIND_HOST",
    "FIND_LOSS_PLOT",
    "REFERENCE",
    "ROOT",
    "Server",
    "Servers",
    "WsBytes",
    "detect",
    "goto",
    "open_browser",
    "pct",
    "shown",
    "stop_on_sigterm",
    "to_json",
    "wait_idle",
    "warm",
    "worktree",
]
