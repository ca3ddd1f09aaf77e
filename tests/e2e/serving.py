"""`scripts/serve.sh` on free local ports, for the replica test and bench/classroom.py.

``with serving(replicas, run_dir) as classroom:`` starts the replicas and the balancer, waits
until they are ready and stops them all afterwards (SIGTERM to serve.sh, which stops its own
children; SIGKILL to its process group if it does not).
"""

from __future__ import annotations

import csv
import io
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ROOT
from tests.e2e.conftest import free_port


def consecutive_free_ports(n: int) -> int:
    """The first of ``n`` consecutive ports that are free on 127.0.0.1 right now."""
    for _ in range(50):
        first = free_port()
        if first + n > 65535:
            continue
        socks = []
        try:
            for p in range(first, first + n):
                s = socket.socket()
                socks.append(s)
                s.bind(("127.0.0.1", p))
            return first
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    raise RuntimeError(f"no {n} consecutive free ports")


@dataclass(frozen=True)
class Classroom:
    """A running `scripts/serve.sh`: the balancer's URL, its stats and the replicas' pids."""

    base: str
    stats_url: str
    run_dir: Path
    replicas: int

    def stats(self) -> dict[str, dict[str, str]]:
        """HAProxy's counters for each replica (r1, r2, ...): status UP/DOWN, stot, scur..."""
        with urllib.request.urlopen(self.stats_url + ";csv", timeout=5) as r:
            rows = csv.DictReader(io.StringIO(r.read().decode().lstrip("# ")))
            return {row["svname"]: row for row in rows if row["pxname"] == "replicas"}

    def pid(self, replica: str) -> int:
        return int((self.run_dir / f"replica-{replica.removeprefix('r')}.pid").read_text())

    def pids(self) -> list[int]:
        return [self.pid(f"r{i}") for i in range(1, self.replicas + 1)]


@contextmanager
def serving(replicas: int, run_dir: Path, timeout_s: float = 120) -> Iterator[Classroom]:
    """serve.sh with ``replicas`` replicas on 127.0.0.1, ready when this yields."""
    port, replica_port, stats_port = free_port(), consecutive_free_ports(replicas), free_port()
    env = os.environ | {
        "REPLICAS": str(replicas),
        "PORT": str(port),
        "REPLICA_PORT": str(replica_port),
        "STATS_PORT": str(stats_port),
        "ADDRESS": "127.0.0.1",
        "RUN_DIR": str(run_dir),
        "PY": sys.executable,
    }
    proc = subprocess.Popen(
        ["bash", str(ROOT / "scripts" / "serve.sh")],
        cwd=ROOT, env=env, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + timeout_s
        while not (run_dir / "ready").exists():
            if proc.poll() is not None:
                logs = [p.read_text()[-2000:] for p in run_dir.glob("*.log")]
                raise RuntimeError(f"serve.sh exited with {proc.returncode}: {logs}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"serve.sh was not ready after {timeout_s:.0f} s")
            time.sleep(0.2)
        yield Classroom(
            f"http://127.0.0.1:{port}", f"http://127.0.0.1:{stats_port}/stats", run_dir, replicas
        )
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
