"""Serving a classroom: `scripts/serve.sh` with 2 replicas behind HAProxy, driven in Chromium.

One test, because every step needs the one before: three visitors land on the replicas in turn,
one stays on its own across reruns and a reload, and when their replica is stopped two visitors'
pages come back from their links on the other replica while the third visitor never notices.
"""

from __future__ import annotations

import os
import shutil
import signal
import time
from collections.abc import Iterator

import pytest

from tests.e2e.conftest import exceptions, goto, wait_idle
from tests.e2e.serving import Classroom, serving

pytestmark = pytest.mark.e2e

STATUS = ".st-key-playground_status"
COOKIE = "BACKPROP_REPLICA"
LINKS = (
    "lr=0.3&dataset=xor&seed=7&epochs=40",
    "lr=0.1&dataset=moons&seed=9&epochs=30",
    "lr=0.2&dataset=circles&seed=11&epochs=25",
)


@pytest.fixture(scope="module")
def classroom(tmp_path_factory) -> Iterator[Classroom]:
    if shutil.which("haproxy") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("haproxy is not installed under CI (make test installs it)")
        pytest.skip("haproxy is not installed: bash scripts/ensure_packages.sh haproxy")
    with serving(2, tmp_path_factory.mktemp("serve")) as running:
        yield running


class Visitor:
    """One browser visitor: its page, the replica named in every response, its WebSockets."""

    def __init__(self, browser, url: str) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 800})
        self.page = self.context.new_page()
        self.served_by: list[str] = []
        self.sockets = 0
        self.frames = 0  # WebSocket messages from the server, over every socket
        self.page.on("response", self._on_response)
        self.page.on("websocket", self._on_websocket)
        goto(self.page, url)

    def _on_response(self, response) -> None:
        if replica := response.headers.get("x-replica"):
            self.served_by.append(replica)

    def _on_websocket(self, ws) -> None:
        self.sockets += 1
        ws.on("framereceived", self._on_frame)

    def _on_frame(self, _payload) -> None:
        self.frames += 1

    def wait_answered(self, frames: int, timeout_s: float = 30) -> None:
        """Until the server has sent something after the first ``frames`` messages, then until
        the script has finished."""
        deadline = time.monotonic() + timeout_s
        while self.frames <= frames:
            assert time.monotonic() < deadline, "the server never answered"
            self.page.wait_for_timeout(100)  # lets Playwright deliver the frames
        wait_idle(self.page)

    def replica(self) -> str:
        return next(c["value"] for c in self.context.cookies() if c["name"] == COOKIE)

    def status(self) -> str:
        return self.page.locator(STATUS).inner_text()

    def step(self) -> str:
        """Press Step; returns the status line once the next epoch is shown."""
        epoch = int(self.status().split()[1])
        self.page.get_by_role("button", name="Step").click()
        self.page.wait_for_function(
            f"() => document.querySelector('{STATUS}')?.innerText.startsWith('Epoch {epoch + 1} ')"
        )
        wait_idle(self.page)
        return self.status()


def test_two_replicas_sticky_visitors_and_a_replica_lost(classroom, browser):
    a = Visitor(browser, f"{classroom.base}/playground?{LINKS[0]}")
    b = Visitor(browser, f"{classroom.base}/playground?{LINKS[1]}")
    c = Visitor(browser, f"{classroom.base}/playground?{LINKS[2]}")
    visitors = (a, b, c)
    try:
        # Both replicas take visitors: round robin sends each newcomer to the next replica.
        assert {a.replica(), b.replica()} == {"r1", "r2"} and c.replica() == a.replica()
        for v in visitors:
            assert set(v.served_by) == {v.replica()}

        # A stays on its replica across a reload and a rerun; B's replica sees none of it.
        others_before = int(classroom.stats()[b.replica()]["stot"])
        a.page.reload(wait_until="domcontentloaded")
        wait_idle(a.page)
        before = a.step()  # the last thing A did was a Step, as a student at Play or Step
        assert "epochs=41" in a.page.url
        assert set(a.served_by) == {a.replica()}
        assert int(classroom.stats()[b.replica()]["stot"]) == others_before

        # A's and C's replica stops. The balancer marks it down; their browsers reconnect.
        lost, kept = a.replica(), b.replica()
        os.kill(classroom.pid(lost), signal.SIGTERM)
        deadline = time.monotonic() + 30
        # A reconnecting browser gets the balancer's cookie for the replica it was sent to.
        while classroom.stats()[lost]["status"] != "DOWN" or {a.replica(), c.replica()} != {kept}:
            assert time.monotonic() < deadline, "no failover within 30 s"
            a.page.wait_for_timeout(200)
        assert classroom.stats()[kept]["status"] == "UP"

        # A's page reruns from its link on the other replica: the same numbers, and it trains.
        wait_idle(a.page)
        assert a.status() == before
        assert a.step().startswith("Epoch 42 ")
        for setting in ("lr=0.3", "dataset=xor", "seed=7", "epochs=42"):
            assert setting in a.page.url

        # C, idle since its page loaded, moves a slider: the page reruns on the other replica,
        # with every other setting of its link. (Not lr: on a fresh session the page seeds its
        # widgets from the link, so this first move can come back as the link's value.)
        frames = c.frames
        slider = c.page.locator('[data-testid="stSlider"]').filter(has_text="Learning rate")
        slider.locator('input[type="range"]').focus()
        c.page.keyboard.press("ArrowRight")
        c.wait_answered(frames)
        assert c.replica() == kept
        for setting in ("dataset=circles", "seed=11", "epochs=25"):
            assert setting in c.page.url
        assert c.status().startswith("Epoch 25 ")

        # B never noticed: the same WebSocket as before, no error, and it still trains.
        assert b.sockets == 1
        assert b.step().startswith("Epoch 31 ")
        for v in visitors:
            assert exceptions(v.page) == 0
        assert b.page.locator('[data-testid="stAlert"]').count() == 0
    finally:
        for v in visitors:
            v.context.close()
