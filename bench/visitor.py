"""One browser-less Streamlit visitor: the browser's side of Streamlit's WebSocket protocol.

It speaks what the Streamlit web client speaks, with the protobuf messages of the installed
``streamlit`` package: a ``BackMsg.rerun_script`` carrying the page's query string and widget
states opens a page or answers a widget, ``ForwardMsg`` deltas draw it, ``script_finished`` ends
a run, and ``auto_rerun`` asks for a fragment rerun every ``interval`` seconds (what Play uses)
until ``stop_auto_rerun``. No browser, no rendering: enough for 100 visitors on a small machine.

Only for loopback targets: :class:`Visitor` refuses any host but 127.0.0.1 / localhost.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from streamlit.components.v2.bidi_component.main import _make_trigger_id
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Common_pb2 import StringArray
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, WebSocketException

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
COOKIE = "BACKPROP_REPLICA"  # the balancer's sticky cookie (deploy/haproxy.cfg.tmpl)
FINISHED = {
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
}
EPOCH = re.compile(r"Epoch\W*(\d+)")


class Disconnected(Exception):
    """The WebSocket closed (the replica stopped, or the balancer cut the tunnel)."""


@dataclass
class Widget:
    """What a visitor needs to know about one widget on its page."""

    id: str
    kind: str  # the element's proto field: "slider", "button", ...
    fragment_id: str  # the fragment it lives in ("" for the page itself)
    options: list[str] = field(default_factory=list)  # a select-slider's labels
    index: int = 0  # a select-slider's current option
    disabled: bool = False


@dataclass
class Run:
    """One script run asked for by the visitor: when it was sent and when it finished.
    ``full``: answered only by a whole-page run (a widget of the page, or a button whose
    callback reruns the page, like Play), not by a fragment's run."""

    sent: float
    finished: asyncio.Future
    full: bool


class Visitor:
    """A visitor of one page of a Streamlit app, connected through ``base`` (loopback only).

    ``await open()`` connects and runs the page from its link; ``await set_option(label, i)``
    moves a select-slider and ``await click(label)`` presses a button, each returning the
    seconds until the server finished the run it caused. Counters: ``runs`` (finished runs,
    full and fragment), ``fragment_runs`` (redraws while playing; ``frame_times``: the frames
    each batch brought the canvas, which a browser plays at display rate), ``errors`` (exceptions
    drawn on the page), ``epoch`` (the last "Epoch N" the page showed), ``replica`` (which
    replica the balancer's cookie names).
    """

    def __init__(self, base: str, page: str, query: str) -> None:
        url = urlsplit(base)
        if url.hostname not in LOOPBACK:
            raise ValueError(f"load only ever goes to this machine, not {url.hostname}")
        self.ws_url = f"ws://{url.netloc}/_stcore/stream"
        self.page, self.query = page, query
        self.cookie: str | None = None
        self.replica = "?"
        self.page_hash = ""
        self.widgets: dict[str, Widget] = {}
        self.status = ""
        self.epoch = -1
        self.shown = ("", "")  # (query string, status line) when the last run finished
        self.runs = self.fragment_runs = self.errors = 0
        self.received = 0  # bytes of ForwardMsgs
        self.fragment_times: list[float] = []  # monotonic time of each finished fragment run
        self.frame_times: list[tuple[float, int]] = []  # (monotonic time, frames) of a batch
        self._ws: ClientConnection | None = None
        self._reader: asyncio.Task | None = None
        self._pending: list[Run] = []
        self._auto: dict[str, asyncio.Task] = {}
        self.closed = asyncio.Event()

    # -- connection ---------------------------------------------------------------------------
    async def connect(self) -> None:
        """Open the WebSocket through the balancer, with its cookie once it has set one;
        raises :class:`Disconnected` when no replica takes it (e.g. 502 while one stops)."""
        headers = {"Cookie": f"{COOKIE}={self.cookie}"} if self.cookie else {}
        try:
            self._ws = await connect(
                self.ws_url,
                subprotocols=["streamlit"],
                additional_headers=headers,
                compression=None,  # Streamlit's default: no per-message compression
                proxy=None,  # never through a proxy: loopback only
                max_size=None,  # a page's deltas can exceed 1 MiB
                open_timeout=30,
                ping_interval=None,  # browsers send no pings; the server's own keep it alive
            )
        except (OSError, TimeoutError, WebSocketException) as exc:
            raise Disconnected(f"{exc!r:.120}") from exc
        for value in self._ws.response.headers.get_all("Set-Cookie"):
            if value.startswith(f"{COOKIE}="):
                self.cookie = value.split(";")[0].split("=", 1)[1]
        self.replica = self._ws.response.headers.get("X-Replica", self.cookie or "?")
        for run in self._pending:  # asked of the socket that closed: never answered now
            run.finished.cancel()
        self._pending.clear()
        self.closed.clear()
        self._reader = asyncio.create_task(self._read(self._ws))

    async def open(self) -> float:
        """Connect and run the page from its link; seconds until the run finished."""
        await self.connect()
        return await self.rerun()

    async def close(self) -> None:
        self._stop_auto()
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)

    # -- what a person does -------------------------------------------------------------------
    def widget(self, kind: str, label: str) -> Widget:
        try:
            return self.widgets[f"{kind}:{label}"]
        except KeyError:
            raise LookupError(f"no {kind} {label!r} on the page: {sorted(self.widgets)}") from None

    async def set_option(self, label: str, index: int) -> float:
        """Move the select-slider ``label`` to option ``index``. Its callback may rerun only
        a fragment (the Playground's training settings rerun its live area), so whichever run
        finishes first answers it."""
        w = self.widget("slider", label)
        w.index = max(0, min(index, len(w.options) - 1))
        state = WidgetState(id=w.id, string_array_value=StringArray(data=[w.options[w.index]]))
        return await self.rerun([state], w.fragment_id, full=False)

    async def click(self, label: str, full: bool = False) -> float:
        """Press the button ``label``; ``full`` when it reruns the whole page (Play, Pause)."""
        w = self.widget("button", label)
        state = WidgetState(id=w.id, trigger_value=True)
        return await self.rerun([state], w.fragment_id, full=full or not w.fragment_id)

    async def rerun(
        self,
        states: list[WidgetState] | None = None,
        fragment_id: str = "",
        auto: bool = False,
        full: bool = True,
    ) -> float:
        """Ask for a run, as the browser does; seconds until it finished (``auto`` runs are
        not waited for, like the browser's timer)."""
        if self._ws is None or self.closed.is_set():
            raise Disconnected
        msg = self._rerun_msg(states, fragment_id, auto)
        run = Run(time.perf_counter(), asyncio.get_running_loop().create_future(), full)
        if not auto:
            self._pending.append(run)
        try:
            await self._ws.send(msg.SerializeToString())
        except ConnectionClosed as exc:
            raise Disconnected from exc
        if auto:
            return 0.0
        done = asyncio.ensure_future(run.finished)
        closed = asyncio.ensure_future(self.closed.wait())
        await asyncio.wait({done, closed}, return_when=asyncio.FIRST_COMPLETED)
        closed.cancel()
        if not done.done() or done.cancelled():
            done.cancel()
            raise Disconnected
        return done.result() - run.sent

    def _rerun_msg(self, states: list[WidgetState] | None, fragment_id: str, auto: bool) -> BackMsg:
        msg = BackMsg()
        rerun = msg.rerun_script
        rerun.query_string = self.query
        rerun.page_script_hash = self.page_hash
        rerun.page_name = "" if self.page_hash else self.page
        rerun.fragment_id = fragment_id
        rerun.is_auto_rerun = auto
        rerun.widget_states.widgets.extend(states or [])
        rerun.context_info.timezone = "UTC"
        rerun.context_info.locale = "en-US"
        return msg

    async def _report(self, component_id: str, report: str, fragment_id: str) -> None:
        """What the live canvas does once it has drawn a message that asks it to report
        (``ui.live_canvas.feed.message``): send its ``drawn`` event, whose run draws the
        charts below. Not waited for, as the browser does not wait."""
        event = json.dumps([{"event": "drawn", "value": report}])
        state = WidgetState(id=_make_trigger_id(component_id, "events"), json_trigger_value=event)
        if self._ws is None or self.closed.is_set():
            return
        with contextlib.suppress(ConnectionClosed):
            await self._ws.send(self._rerun_msg([state], fragment_id, False).SerializeToString())

    # -- what the server sends ----------------------------------------------------------------
    async def _read(self, ws: ClientConnection) -> None:
        try:
            async for data in ws:
                self.received += len(data)
                self._handle(ForwardMsg.FromString(data))
        except ConnectionClosed:
            pass
        finally:
            self._stop_auto()
            self.closed.set()

    def _handle(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "new_session" and not msg.metadata.run.fragment_ids:
            self._stop_auto()  # a full run: the browser drops every fragment's timer
        elif kind == "navigation":  # the page st.navigation chose: reruns name it by its hash
            self.page_hash = msg.navigation.page_script_hash or self.page_hash
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "delta":
            self._delta(msg.delta)
        elif kind == "auto_rerun":
            fid, interval = msg.auto_rerun.fragment_id, msg.auto_rerun.interval
            if fid and fid not in self._auto:
                self._auto[fid] = asyncio.create_task(self._every(interval, fid))
        elif kind == "stop_auto_rerun":
            self._stop_auto(msg.stop_auto_rerun.fragment_ids)
        elif kind == "script_finished":
            if msg.script_finished == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
                self.fragment_runs += 1
                self.fragment_times.append(time.monotonic())
            if msg.script_finished in FINISHED:
                self.runs += 1
                self.shown = (self.query, self.status)
                self._answer(msg.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY)

    def _answer(self, full_run: bool) -> None:
        """A run finished: it answers the oldest request it can (a whole-page run answers
        any; requests are handled in the order they were sent)."""
        for run in self._pending:
            if full_run or not run.full:
                self._pending.remove(run)
                if not run.finished.done():
                    run.finished.set_result(time.perf_counter())
                return

    def _delta(self, delta) -> None:
        if delta.WhichOneof("type") != "new_element":
            return
        el = delta.new_element
        kind = el.WhichOneof("type")
        if kind == "exception":
            self.errors += 1
        elif kind == "markdown" and (m := EPOCH.search(el.markdown.body)):
            self.status, self.epoch = el.markdown.body, int(m.group(1))
        elif kind == "bidi_component":
            self._canvas(el.bidi_component, delta.fragment_id)
        elif kind in ("slider", "button"):
            proto = getattr(el, kind)
            name = f"{kind}:{proto.label}"
            w = Widget(proto.id, kind, delta.fragment_id, disabled=proto.disabled)
            if kind == "slider":
                w.options = list(proto.options)
                w.index = self._slider_index(proto, self.widgets.get(name))
            self.widgets[name] = w

    def _canvas(self, proto, fragment_id: str) -> None:
        """A message for the live canvas (``ui.live_canvas.feed.message``): count the frames
        it brings while playing, and answer a request to report once drawn."""
        data = proto.bytes
        n = int.from_bytes(data[:4], "little")
        try:
            head = json.loads(data[4 : 4 + n])
        except ValueError:
            return
        epochs = head.get("frames", {}).get("epochs", [])
        if head.get("playing") and epochs:
            self.frame_times.append((time.monotonic(), len(epochs)))
        if head.get("report"):
            asyncio.ensure_future(self._report(proto.id, head["report"], fragment_id))

    @staticmethod
    def _slider_index(proto, known: Widget | None) -> int:
        """A select-slider's option: the one the server set, else the one we last chose, else
        the default (the server only sends the value when its code set it)."""
        if proto.set_value and proto.raw_value and proto.raw_value[0] in proto.options:
            return list(proto.options).index(proto.raw_value[0])
        if known is not None:
            return known.index
        return int(proto.default[0]) if proto.default else 0

    def _stop_auto(self, fragment_ids=None) -> None:
        for fid in list(self._auto) if fragment_ids is None else fragment_ids:
            task = self._auto.pop(fid, None)
            if task is not None:
                task.cancel()

    @property
    def playing(self) -> bool:
        return bool(self._auto)

    async def _every(self, interval: float, fragment_id: str) -> None:
        """The browser's setInterval for a fragment's ``run_every``."""
        while True:
            await asyncio.sleep(interval)
            try:
                await self.rerun(fragment_id=fragment_id, auto=True)
            except Disconnected:
                return
