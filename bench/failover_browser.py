"""A replica lost, as Chromium visitors see it: `scripts/serve.sh` with 2 replicas, 3 visitors.

Usage:  .venv/bin/python bench/failover_browser.py [--signal TERM|KILL]

A and C open the Playground on replica r1, B on r2. A presses Step (so its last run is the live
area's fragment, as for anyone using Play or Step); C only looked. Then r1 gets the signal.
Prints, in seconds after it: when HAProxy marked r1 down, when A's and C's browsers opened their
new WebSocket (Streamlit's client reconnects by itself), when A's page was drawn again by r2 and
answered a Step, and what C's first Step and first slider move did on r2; and whether B's
WebSocket survived. Loopback only; figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import math
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from tests.e2e.conftest import CHROMIUM_ARGS, find_chromium, goto, wait_idle  # noqa: E402
from tests.e2e.serving import serving  # noqa: E402

STATUS = ".st-key-playground_status"
COOKIE = "BACKPROP_REPLICA"


class Tab:
    def __init__(self, browser, url: str) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 800})
        self.page = self.context.new_page()
        self.sockets: list[float] = []  # when each WebSocket opened
        self.finished: list[float] = []  # when the server said a script run finished
        self.page.on("websocket", self._on_websocket)
        goto(self.page, url)

    def _on_websocket(self, ws) -> None:
        self.sockets.append(time.monotonic())
        ws.on("framereceived", self._on_frame)

    def _on_frame(self, payload) -> None:
        if isinstance(payload, bytes) and ForwardMsg.FromString(payload).HasField(
            "script_finished"
        ):
            self.finished.append(time.monotonic())

    def replica(self) -> str:
        return next(c["value"] for c in self.context.cookies() if c["name"] == COOKIE)

    def status(self) -> str:
        return self.page.locator(STATUS).inner_text()

    def step(self, timeout_ms: int) -> bool:
        """Press Step; whether the next epoch was shown within ``timeout_ms``."""
        epoch = int(self.status().split()[1])
        self.page.get_by_role("button", name="Step").click()
        try:
            self.page.wait_for_function(
                f"() => document.querySelector('{STATUS}')?.innerText"
                f".startsWith('Epoch {epoch + 1} ')",
                timeout=timeout_ms,
            )
        except Exception:  # noqa: BLE001 - a Step that is never answered is the finding
            return False
        wait_idle(self.page)
        return True


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--signal", choices=["TERM", "KILL"], default="TERM")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    with (
        tempfile.TemporaryDirectory(prefix="failover-") as tmp,
        serving(2, Path(tmp)) as room,
        sync_playwright() as p,
    ):
        browser = p.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        a = Tab(browser, f"{room.base}/playground?lr=0.3&dataset=xor&seed=7&epochs=40")
        b = Tab(browser, f"{room.base}/playground?lr=0.1&dataset=moons&seed=9&epochs=30")
        c = Tab(browser, f"{room.base}/playground?lr=0.2&dataset=circles&seed=11&epochs=25")
        a.step(60_000)
        lost = a.replica()
        print(f"load average {os.getloadavg()[0]:.1f}; A and C on {lost}, B on {b.replica()}")
        before_a, before_c = a.status(), c.status()
        t0 = time.monotonic()
        os.kill(room.pid(lost), getattr(signal, f"SIG{args.signal}"))
        down = float("nan")
        while time.monotonic() - t0 < 30 and (
            len(a.sockets) < 2 or len(c.sockets) < 2 or math.isnan(down)
        ):
            if math.isnan(down) and room.stats()[lost]["status"].startswith("DOWN"):
                down = time.monotonic() - t0
            a.page.wait_for_timeout(50)
        print(f"SIG{args.signal} to {lost}: marked down after {down:.2f} s")
        for name, tab in (("A", a), ("C", c)):
            print(f"{name}'s browser opened its new WebSocket after {tab.sockets[-1] - t0:.2f} s")
        wait_idle(a.page)
        served = [t - t0 for t in a.finished if t > a.sockets[-1]]
        same = a.status() == before_a
        answered = a.step(30_000)
        print(
            f"A (last run a Step): page rerun from its link on {a.replica()}, finished "
            f"{served[0] if served else float('nan'):.2f} s after the signal, status "
            f"{'identical' if same else 'changed'}; its next Step "
            f"{'answered' if answered else 'NOT answered'}"
        )
        answered = c.step(5_000)
        print(
            f"C (idle since its page loaded): its first Step after the failover "
            f"{'was answered' if answered else 'was not answered within 5 s'}"
        )
        slider = c.page.locator('[data-testid="stSlider"]').filter(has_text="Learning rate")
        slider.locator('input[type="range"]').focus()
        c.page.keyboard.press("ArrowRight")
        c.page.wait_for_timeout(3000)
        wait_idle(c.page)
        lr = "lr=0.3" if "lr=0.3&" in c.page.url else "lr=0.2 (the link's value)"
        print(
            f"C's first slider move reran the page on {c.replica()}: URL has {lr}; status "
            f"{'as before' if c.status() == before_c else 'changed'}; then Step "
            f"{'answered' if c.step(30_000) else 'NOT answered'}"
        )
        print(f"B: {len(b.sockets)} WebSocket(s) opened in all (1 = never reconnected)")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
