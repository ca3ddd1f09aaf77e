"""Classroom capacity: up to 100 browser-less visitors against `scripts/serve.sh` replicas.

Usage:  .venv/bin/python bench/classroom.py [--replicas 1 2] [--sliders 10 20 40 60 80 100]
        [--players 1 2 3 4 6 8] [--level-seconds 8]
        .venv/bin/python bench/classroom.py --failover [--visitors 40] [--signal TERM|KILL]
        [--verbose]

For each replica count it starts `scripts/serve.sh` (HAProxy in front, free local ports), warms
the replicas up, then runs two ramps, each bounded in time:

- sliders: visitors join in steps (10, then 20, ... 100); each opens the Playground from its own
  link (its own seed, so nobody shares another's cached training) and moves the Learning-rate
  slider one step at a person's pace (a pause of 2-6 s after each answer). Per step: the
  newcomers' page loads (they arrive within 2 s), then, once all are in, --level-seconds of
  moves timed from the move to the end of the page's rerun (p50 / p95). A step whose p50 is
  over 3 s ends the ramp: the replicas are saturated and more visitors only queue.
- players: 1, 2, 3, ... visitors press Play and watch; once the newcomers play, the frames per
  second each of them gets over --level-seconds: the distinct epochs in the batches of frames
  the server sends the live canvas (a browser plays them at display rate), and the batches (the
  fragment reruns the server finishes) they come in.

It prints, per replica count, the largest number of visitors with p95 ≤ 1 s, the largest number
of players all getting ≥ 30 frames/s, and the server's memory per visitor (the replicas' RSS
with every slider visitor connected, minus their RSS once warm, over the visitors).

--failover: 2 replicas and --visitors slider visitors; after a few seconds one replica gets
SIGTERM (or --signal KILL). Prints the seconds until HAProxy marked it down, until each of its
visitors was served again by the other replica (their client reconnects every 0.5 s and reruns
its link, as the browser does after a fragment run), whether their page came back identical,
and the errors and slider latency of the other replica's visitors meanwhile.

Visitors are `bench/visitor.py` (Streamlit's WebSocket protocol, no browser); they share the
machine's cores with the replicas, and the load generator's own CPU time is printed. Loopback
only. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import random
import resource
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.visitor import Disconnected, Visitor  # noqa: E402
from tests.e2e.serving import Classroom, serving  # noqa: E402

LR = "Learning rate"
THINK = (2.0, 6.0)  # seconds a person looks at the result before moving the slider again
SATURATED_P50 = 3.0  # seconds: a ramp step slower than this ends the ramp
JOIN_LIMIT = 60.0  # seconds newcomers may take to open the page (and press Play) at most
RESPONSE_GOAL = 1.0  # seconds, p95 and p50
FRAME_GOAL = 30.0  # distinct frames per second while playing (issue 17's smooth Play)
RECONNECT_EVERY = 0.5  # seconds between a lost visitor's reconnect attempts


def link(i: int) -> str:
    """Visitor i's own link: the default Playground with its own seed."""
    return f"lr=0.03&dataset=circles&seed={1000 + i}&epochs=100"


def cpu_s(pids: list[int]) -> float:
    """CPU seconds (user + system) the processes have used so far."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime: fields 14 and 15 of stat
    return total / os.sysconf("SC_CLK_TCK")


def rss_mib(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) / 1024
    return total


def pct(xs: list[float], q: float) -> float:
    """The ``q`` quantile: the median for 0.5, else the nearest rank (p95 of 20 = the 19th)."""
    if not xs:
        return float("nan")
    if q == 0.5:
        return statistics.median(xs)
    return sorted(xs)[max(0, math.ceil(q * len(xs)) - 1)]


@dataclass
class Step:
    """One step of a ramp: how many visitors, and what they measured during it."""

    visitors: int
    start: float
    moves: list[float] = field(default_factory=list)
    loads: list[float] = field(default_factory=list)
    batches: list[float] = field(default_factory=list)  # per player, per second
    shown: list[float] = field(default_factory=list)  # frames per player, per second
    spread: str = ""  # each replica's players' frames/s
    cpu: float = 0.0  # CPU seconds the replicas used while the step was measured
    runs: int = 0  # batches all players got while the step was measured
    received: int = 0  # bytes the visitors received while the step was measured
    unanswered: int = 0  # moves made in the step still unanswered after 1 s when it ended
    errors: int = 0


async def pause(stop: asyncio.Event, seconds: float, closed: asyncio.Event | None = None) -> bool:
    """Wait ``seconds``, or less if ``stop`` (or ``closed``) is set; True when it is time to
    stop."""
    waits = [asyncio.ensure_future(e.wait()) for e in (stop, closed) if e is not None]
    await asyncio.wait(waits, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    for w in waits:
        w.cancel()
    return stop.is_set()


async def move_slider(v: Visitor, direction: int) -> float:
    return await v.set_option(LR, v.widget("slider", LR).index + direction)


@dataclass
class Ramp:
    """A ramp's steps; ``now`` is the step being measured, None while newcomers join (their page
    loads are a burst of their own, timed as loads, not mixed into the steady-state figures)."""

    steps: list[Step] = field(default_factory=list)
    now: Step | None = None
    errors: int = 0
    in_flight: dict[int, tuple[Step, float]] = field(default_factory=dict)  # visitor: step, sent

    async def join(self, step: Step, joined: list[asyncio.Future], pids: list[int]) -> None:
        """Wait (at most JOIN_LIMIT s) for the newcomers, then measure ``step``."""
        self.now = None
        await asyncio.wait(joined, timeout=JOIN_LIMIT)
        step.start = time.monotonic()
        step.cpu = -cpu_s(pids)
        self.steps.append(step)
        self.now = step

    def done(self, step: Step, pids: list[int]) -> None:
        step.cpu += cpu_s(pids)
        step.errors = self.errors
        now = time.monotonic()
        # A saturated replica answers few moves within the step: those it has not answered
        # count too, or the figures would only be the lucky ones.
        step.unanswered = sum(
            s is step and now - sent > RESPONSE_GOAL for s, sent in self.in_flight.values()
        )


# -- sliders ------------------------------------------------------------------------------
async def slider_visitor(
    base: str, i: int, ramp: Ramp, step: Step, joined: asyncio.Future, stop: asyncio.Event
) -> Visitor:
    rng = random.Random(i)
    await asyncio.sleep(rng.uniform(0, 2))  # a classroom does not click in the same millisecond
    v = Visitor(base, "playground", link(i))
    try:
        step.loads.append(await v.open())
        joined.set_result(None)
        direction = 1
        while not await pause(stop, rng.uniform(*THINK)):
            current = ramp.now  # the step the move was made in, not the one it ended in
            before = v.received
            if current is not None:
                ramp.in_flight[i] = (current, time.monotonic())
            t = await asyncio.wait_for(move_slider(v, direction), 60)
            ramp.in_flight.pop(i, None)
            direction = -direction
            if current is not None:
                current.moves.append(t)
                current.received += v.received - before
    except (Disconnected, OSError, TimeoutError) as exc:
        ramp.errors += 1
        print(f"  visitor {i}: {exc!r:.100}", file=sys.stderr)
    finally:
        if not joined.done():
            joined.set_result(None)
    ramp.errors += v.errors
    return v


async def slider_ramp(room: Classroom, levels: list[int], seconds: float) -> tuple[Ramp, float]:
    stop = asyncio.Event()
    ramp = Ramp()
    tasks: list[asyncio.Task] = []
    rss_before = rss_mib(room.pids())
    rss_peak = rss_before
    loop = asyncio.get_running_loop()
    for n in levels:
        step = Step(n, 0.0)
        joined = [loop.create_future() for _ in range(len(tasks), n)]
        for f in joined:
            i = len(tasks)
            tasks.append(asyncio.create_task(slider_visitor(room.base, i, ramp, step, f, stop)))
        await ramp.join(step, joined, room.pids())
        await asyncio.sleep(seconds)
        ramp.done(step, room.pids())
        rss_peak = max(rss_peak, rss_mib(room.pids()))
        report_step(step, "sliders")
        if (
            not step.moves
            or statistics.median(step.moves) > SATURATED_P50
            or (step.unanswered > len(step.moves))
        ):
            print(f"  saturated at {n} visitors: the ramp stops here")
            break
    ramp.now = None
    stop.set()
    visitors = await asyncio.gather(*tasks)
    await asyncio.gather(*(v.close() for v in visitors), return_exceptions=True)
    per_visitor = (rss_peak - rss_before) / max(len(visitors), 1)
    return ramp, per_visitor


# -- players ------------------------------------------------------------------------------
async def player(
    v: Visitor, ramp: Ramp, step: Step, joined: asyncio.Future, stop: asyncio.Event
) -> None:
    """Open the page, press Play, keep watching; when Play stops by itself at the epoch cap,
    Reset and Play again."""
    try:
        step.loads.append(await v.open())
        while True:
            if not v.playing:
                if v.widget("button", "Play").disabled:
                    await v.click("Reset")
                await v.click("Play", full=True)
            if v.playing and not joined.done():
                joined.set_result(None)
            if await pause(stop, 0.5):
                break
    except (Disconnected, OSError) as exc:
        ramp.errors += 1
        print(f"  player: {exc!r:.100}", file=sys.stderr)
    finally:
        if not joined.done():
            joined.set_result(None)
        ramp.errors += v.errors
        await v.close()


async def player_ramp(room: Classroom, levels: list[int], seconds: float) -> Ramp:
    stop = asyncio.Event()
    ramp = Ramp()
    tasks: list[asyncio.Task] = []
    players: list[Visitor] = []
    loop = asyncio.get_running_loop()
    for n in levels:
        step = Step(n, 0.0)
        joined = []
        while len(players) < n:
            v = Visitor(room.base, "playground", link(500 + len(players)))
            players.append(v)
            joined.append(loop.create_future())
            tasks.append(asyncio.create_task(player(v, ramp, step, joined[-1], stop)))
        await ramp.join(step, joined, room.pids())
        await asyncio.sleep(seconds)
        ramp.done(step, room.pids())
        end = time.monotonic()
        counts = [sum(step.start <= t <= end for t in v.fragment_times) for v in players]
        step.runs = sum(counts)
        step.batches = [c / (end - step.start) for c in counts]
        step.shown = [
            sum(n for t, n in v.frame_times if step.start <= t <= end) / (end - step.start)
            for v in players
        ]
        step.spread = ", ".join(
            f"{r}: " + " ".join(f"{x:.0f}" for x, v in zip(step.shown, players) if v.replica == r)
            for r in sorted({v.replica for v in players})
        )
        report_step(step, "players")
        if step.batches and max(step.batches) < 1:
            print(f"  {n} players get under 1 batch of frames a second each: the ramp stops here")
            break
    stop.set()
    await asyncio.gather(*tasks)
    return ramp


# -- reporting ----------------------------------------------------------------------------
def report_step(step: Step, what: str) -> None:
    if what == "sliders":
        per_move = step.cpu / len(step.moves) if step.moves else float("nan")
        print(
            f"  {step.visitors:4d} visitors: {len(step.moves):4d} moves, "
            f"p50 {pct(step.moves, 0.5):.3f} s, p95 {pct(step.moves, 0.95):.3f} s; "
            f"server CPU {per_move * 1000:.0f} ms and "
            f"{step.received / max(len(step.moves), 1) / 1024:.0f} KiB sent per move; "
            f"page load p50 {pct(step.loads, 0.5):.2f} s; errors {step.errors}; "
            f"{step.unanswered} moves unanswered after 1 s at the step's end",
            flush=True,
        )
    else:
        f = step.shown
        per_batch = step.cpu / step.runs if step.runs else float("nan")
        print(
            f"  {step.visitors:4d} players: frames/s per player median {pct(f, 0.5):.1f}, "
            f"slowest {min(f, default=float('nan')):.1f} ({step.spread}), in "
            f"{pct(step.batches, 0.5):.2f} batches/s; server CPU {per_batch * 1000:.0f} ms "
            f"per batch; errors {step.errors}",
            flush=True,
        )


def capacity(steps: list[Step], ok) -> int:
    """The most visitors of a step that met the goal, with every smaller step meeting it too."""
    best = 0
    for s in steps:
        if not ok(s):
            break
        best = s.visitors
    return best


def sliders_ok(s: Step) -> bool:
    slow = s.unanswered + sum(t > RESPONSE_GOAL for t in s.moves)
    total = s.unanswered + len(s.moves)
    return bool(s.moves) and pct(s.moves, 0.5) <= RESPONSE_GOAL and slow <= 0.05 * total


def players_ok(s: Step) -> bool:
    return bool(s.shown) and min(s.shown) >= FRAME_GOAL


# -- a replica lost -----------------------------------------------------------------------
@dataclass
class Lost:
    """What one visitor of the stopped replica went through."""

    before: tuple[str, str] = ("", "")  # (link, status line) of its last finished run
    after: tuple[str, str] = ("", "")  # ... once served again
    noticed: float = float("nan")  # seconds after the stop: its socket closed
    reconnected: float = float("nan")  # ... a replica took its new socket
    served_again: float = float("nan")  # ... its page finished rerunning there
    replica: str = ""  # the replica that served it again
    was: str = ""  # the replica it was on


async def failover_visitor(
    v: Visitor, i: int, killed: asyncio.Event, stop: asyncio.Event, out: dict
) -> None:
    """Move the slider at a person's pace; if the socket closes, reconnect every 0.5 s through
    the balancer and rerun the page from its link, like the browser does."""
    rng = random.Random(i)
    direction = 1
    lost: Lost | None = None
    # The browser notices a closed socket at once, not at its visitor's next move.
    while not await pause(stop, rng.uniform(*THINK), v.closed):
        try:
            if v.closed.is_set():
                raise Disconnected
            t = await asyncio.wait_for(move_slider(v, direction), 60)
            direction = -direction
            if killed.is_set() and lost is None and v.replica != "r1":
                out["kept_moves"].append(t)
        except (Disconnected, TimeoutError):
            lost = Lost(before=v.shown, noticed=time.monotonic() - out["killed_at"], was=v.replica)
            out["lost"].append(lost)
            while not stop.is_set():
                try:
                    await v.connect()
                    lost.reconnected = time.monotonic() - out["killed_at"]
                    await asyncio.wait_for(v.rerun(), 60)
                    break
                except (OSError, Disconnected, TimeoutError) as exc:
                    out["retries"].append(
                        f"{time.monotonic() - out['killed_at']:.2f} {v.replica} {exc!r:.100}"
                    )
                    await asyncio.sleep(RECONNECT_EVERY)
            lost.served_again = time.monotonic() - out["killed_at"]
            lost.after, lost.replica = v.shown, v.replica
    out["errors"] += v.errors


async def failover(
    room: Classroom, visitors: int, sig: signal.Signals, seconds: float, verbose: bool
) -> None:
    vs = [Visitor(room.base, "playground", link(i)) for i in range(visitors)]
    await asyncio.gather(*(v.open() for v in vs))
    on = {r: sum(v.replica == r for v in vs) for r in ("r1", "r2")}
    print(f"  {visitors} visitors: {on['r1']} on r1, {on['r2']} on r2")
    killed, stop = asyncio.Event(), asyncio.Event()
    out: dict = {"lost": [], "kept_moves": [], "retries": [], "errors": 0, "killed_at": 0.0}
    tasks = [
        asyncio.create_task(failover_visitor(v, i, killed, stop, out)) for i, v in enumerate(vs)
    ]
    await asyncio.sleep(seconds / 3)
    out["killed_at"] = time.monotonic()
    os.kill(room.pid("r1"), sig)
    killed.set()
    down = float("nan")
    while time.monotonic() - out["killed_at"] < seconds:
        if room.stats()["r1"]["status"].startswith("DOWN"):
            down = time.monotonic() - out["killed_at"]
            break
        await asyncio.sleep(0.1)
    await asyncio.sleep(max(0.0, seconds * 2 / 3 - (time.monotonic() - out["killed_at"])))
    stop.set()
    await asyncio.gather(*tasks)
    await asyncio.gather(*(v.close() for v in vs), return_exceptions=True)

    lost: list[Lost] = [x for x in out["lost"] if x.was == "r1"]
    dropped = len(out["lost"]) - len(lost)  # r2's visitors who lost their socket: should be 0
    back = [x.served_again for x in lost]
    noticed = [x.noticed for x in lost]
    reconnected = [x.reconnected for x in lost]
    same = sum(x.after == x.before and x.replica == "r2" for x in lost)
    # A move in flight when the replica stopped may have reached the link (the page set it)
    # but not the screen: that visitor gets the page of the moved slider back, as it should.
    moved = sum(x.after[0] != x.before[0] and x.replica == "r2" for x in lost)
    print(f"  {sig.name} to r1: HAProxy marked it down after {down:.2f} s")
    print(
        f"  its visitors: {len(lost)} of {on['r1']} noticed (sockets closed after p50 "
        f"{pct(noticed, 0.5):.2f} s, reconnected p50 {pct(reconnected, 0.5):.2f} s); "
        "served again by r2 after "
        f"p50 {pct(back, 0.5):.2f} s, max {max(back, default=float('nan')):.2f} s; "
        f"{same} got the very same page back (link and status line identical), {moved} the "
        "page of the move they had just made; "
        f"{len(out['retries'])} reconnect attempts failed on the way"
    )
    if verbose:
        print("\n".join(["  failed attempts:", *out["retries"]]))
        for x in lost:
            print(f"  {x}")
    kept = out["kept_moves"]
    print(
        f"  r2's visitors meanwhile: {len(kept)} moves, p50 {pct(kept, 0.5):.3f} s, "
        f"p95 {pct(kept, 0.95):.3f} s; {dropped} lost their socket; "
        f"exceptions on any page: {out['errors']}"
    )


# -- main ---------------------------------------------------------------------------------
async def warm_up(room: Classroom) -> None:
    """Every replica imports and draws the page once, so the first visitors do not pay it."""
    vs = [Visitor(room.base, "playground", link(900 + i)) for i in range(2 * room.replicas)]
    await asyncio.gather(*(v.open() for v in vs))
    await asyncio.gather(*(move_slider(v, 1) for v in vs))
    await asyncio.gather(*(v.close() for v in vs))


async def measure(replicas: int, args) -> dict:
    with (
        tempfile.TemporaryDirectory(prefix="classroom-") as tmp,
        serving(replicas, Path(tmp)) as room,
    ):
        await warm_up(room)
        print(f"{replicas} replica(s), load average {os.getloadavg()[0]:.1f}:", flush=True)
        if args.failover:
            sig = signal.Signals[f"SIG{args.signal}"]
            await failover(room, args.visitors, sig, 15, args.verbose)
            return {}
        sliders, per_visitor = await slider_ramp(room, args.sliders, args.level_seconds)
        players = await player_ramp(room, args.players, args.level_seconds)
        return {
            "sliders": capacity(sliders.steps, sliders_ok),
            "players": capacity(players.steps, players_ok),
            "mib": per_visitor,
        }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--replicas", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--sliders", type=int, nargs="+", default=[10, 20, 40, 60, 80, 100])
    ap.add_argument("--players", type=int, nargs="+", default=[1, 2, 3, 4, 6, 8])
    ap.add_argument("--level-seconds", type=float, default=8.0)
    ap.add_argument("--failover", action="store_true")
    ap.add_argument("--visitors", type=int, default=40)
    ap.add_argument("--signal", choices=["TERM", "KILL"], default="TERM")
    ap.add_argument("--verbose", action="store_true", help="each lost visitor's reconnection")
    args = ap.parse_args()
    if max(args.sliders + args.players + [args.visitors]) > 100:
        ap.error("at most 100 visitors: this is a classroom on one small machine")
    if args.failover:
        args.replicas = [2]
    t0, cpu0 = time.monotonic(), resource.getrusage(resource.RUSAGE_SELF)
    results = {n: asyncio.run(measure(n, args)) for n in args.replicas}
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    used = (cpu1.ru_utime + cpu1.ru_stime) - (cpu0.ru_utime + cpu0.ru_stime)
    wall = time.monotonic() - t0
    print(f"load generator: {used:.1f} s of CPU in {wall:.0f} s ({used / wall:.0%} of one core)")
    for n, r in results.items():
        if r:
            print(
                f"{n} replica(s): {r['sliders']} slider visitors with p50 and p95 <= 1 s; "
                f"{r['players']} players all at >= {FRAME_GOAL:.0f} frames/s; "
                f"{r['mib']:.2f} MiB of server memory per visitor"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
