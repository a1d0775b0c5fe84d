"""Proof: huge request bodies to the unauthenticated routes leave the API process's memory flat.

    .venv/bin/python bench/body_limits.py [--megabytes 300] [--database notify_bench_body] [--redis-db 14]

Starts the real API (``python -m notify_api.serve --workers 1``) and posts a body of the given size to each
provider callback route twice: once with a declared Content-Length, once chunked. Bodies stream from a
generator, so the client never holds them either. Prints, per post, the status (or the transport error when
the server hung up mid-upload), how much of the body the server let the client send, and the server
process's VmRSS and peak (VmHWM) from /proc; exits 1 if the peak grew by more than 20 MB.
"""

from __future__ import annotations

import argparse
import base64
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._support import ROOT, bench_environment, free_port, fresh_database

MB = 1024 * 1024
CHUNK = b"x" * 65_536
ALLOWED_GROWTH_KB = 20 * 1024
ROUTES: dict[str, dict[str, str]] = {
    "/notifications/sms/mmg": {},
    "/notifications/sms/firetext": {},
    "/notifications/email/ses": {},
    # Inbound SMS checks HTTP Basic before the body; these are the test settings' credentials.
    "/notifications/sms/receive/mmg": {
        "Authorization": "Basic " + base64.b64encode(b"username:password").decode()
    },
    "/notifications/sms/receive/firetext": {
        "Authorization": "Basic " + base64.b64encode(b"notify:password").decode()
    },
}


@dataclass
class Body:
    size: int
    sent: int = 0

    def __iter__(self) -> Iterator[bytes]:
        while self.sent < self.size:
            chunk = CHUNK[: self.size - self.sent]
            self.sent += len(chunk)
            yield chunk


@dataclass(frozen=True)
class Post:
    route: str
    mode: str
    outcome: str
    sent: int
    rss_kb: int
    peak_kb: int


def memory_kb(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of a process, in kB."""
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line
    )
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


def children_of(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rpartition(")")[2].split()[1]) == parent:
                found.append(int(entry.name))
    return found


class ServedApi:
    """The launcher with one server process; ``worker_pid`` is the process that reads request bodies."""

    def __init__(self, environment: dict[str, str]) -> None:
        self.port = free_port()
        self.metrics_dir = tempfile.TemporaryDirectory()
        environment = {
            **{
                name: value
                for name, value in environment.items()
                if name.lower() != "prometheus_multiproc_dir"
            },
            "PROMETHEUS_MULTIPROC_DIR": self.metrics_dir.name,
        }
        command = [sys.executable, "-m", "notify_api.serve", "--workers", "1", "--port", str(self.port)]
        self.process = subprocess.Popen(command, cwd=ROOT, env=environment, start_new_session=True)
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.worker_pid = self._wait_until_serving()

    def _wait_until_serving(self) -> int:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("the API did not start")
            try:
                if httpx.get(f"{self.base_url}/_status?simple=1", timeout=2).status_code == 200:
                    workers = children_of(self.process.pid)
                    if len(workers) == 1:
                        return workers[0]
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise RuntimeError("the API did not start in time")

    def close(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)
        self.metrics_dir.cleanup()


def post(client: httpx.Client, api: ServedApi, route: str, size: int, *, declared: bool) -> Post:
    body = Body(size)
    headers = {**ROUTES[route], **({"Content-Length": str(size)} if declared else {})}
    try:
        outcome = str(client.post(f"{api.base_url}{route}", content=body, headers=headers).status_code)
    except httpx.TransportError as error:  # the server closed the connection while we were still sending
        outcome = type(error).__name__
    rss, peak = memory_kb(api.worker_pid)
    return Post(route, "content-length" if declared else "chunked", outcome, body.sent, rss, peak)


def prove(api: ServedApi, size: int) -> tuple[int, list[Post]]:
    """(the server process's VmHWM before, one Post per route and mode)."""
    with httpx.Client(timeout=120) as client:
        client.get(f"{api.base_url}/_status?simple=1")  # warm up the one connection path
        _, before = memory_kb(api.worker_pid)
        posts = [
            post(client, api, route, size, declared=declared)
            for route in ROUTES
            for declared in (True, False)
        ]
    return before, posts


def report(size: int, before: int, posts: list[Post]) -> int:
    print(f"{size // MB} MB bodies; server process peak (VmHWM) before: {before / 1024:.1f} MB")
    for each in posts:
        print(
            f"  {each.route:38} {each.mode:15} -> {each.outcome:12} sent {each.sent / MB:7.1f} MB  "
            f"VmRSS {each.rss_kb / 1024:6.1f} MB  VmHWM {each.peak_kb / 1024:6.1f} MB"
        )
    growth = max(each.peak_kb for each in posts) - before
    print(f"peak growth: {growth / 1024:.1f} MB (allowed {ALLOWED_GROWTH_KB / 1024:.0f} MB)")
    return growth


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=300)
    parser.add_argument("--database", default="notify_bench_body")
    parser.add_argument("--redis-db", type=int, default=14)
    arguments = parser.parse_args()
    environment = bench_environment(arguments.database, arguments.redis_db)
    fresh_database(arguments.database, environment)
    api = ServedApi(environment)
    try:
        before, posts = prove(api, arguments.megabytes * MB)
    finally:
        api.close()
    return 0 if report(arguments.megabytes * MB, before, posts) <= ALLOWED_GROWTH_KB else 1


if __name__ == "__main__":
    sys.exit(main())
