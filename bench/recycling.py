"""Proof: API processes recycled every few requests drop no request.

    .venv/bin/python bench/recycling.py [--requests 20000] [--concurrency 1 16] [--max-requests 25]
                                        [--launcher gunicorn|uvicorn] [--database notify_bench_recycle]

Starts the real API with two server processes that each exit after ``--max-requests`` requests, then sends
``GET /_status?simple=1`` on a new connection each time (as curl would), at each concurrency in turn. Prints,
per concurrency, requests, failures (reset, empty reply, non-200), requests per second and the slowest answer;
exits 1 if any request failed. ``--launcher uvicorn`` runs ``uvicorn --workers`` instead of our launcher,
for comparison.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._support import ROOT, bench_environment, free_port, fresh_database

REQUEST = b"GET /_status?simple=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"


@dataclass
class Tally:
    ok: int = 0
    failures: dict[str, int] = field(default_factory=dict)
    slowest: float = 0.0

    def fail(self, reason: str) -> None:
        self.failures[reason] = self.failures.get(reason, 0) + 1


async def one_request(port: int, tally: Tally) -> None:
    started = time.monotonic()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(REQUEST)
        answer = await asyncio.wait_for(reader.read(), 30)
        writer.close()
    except (ConnectionError, OSError, TimeoutError) as error:
        tally.fail(type(error).__name__)
        return
    finally:
        tally.slowest = max(tally.slowest, time.monotonic() - started)
    if not answer:
        tally.fail("empty reply")
    elif not answer.startswith(b"HTTP/1.1 200"):
        tally.fail(answer.split(b"\r\n", 1)[0].decode(errors="replace"))
    else:
        tally.ok += 1


async def run(port: int, requests: int, concurrency: int) -> tuple[Tally, float]:
    tally = Tally()
    remaining = requests

    async def client() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            await one_request(port, tally)

    started = time.monotonic()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    return tally, time.monotonic() - started


def launch(launcher: str, port: int, max_requests: int, environment: dict[str, str]) -> subprocess.Popen[bytes]:
    if launcher == "uvicorn":
        command = [
            sys.executable, "-m", "uvicorn", "asgi:app", "--workers", "2", "--port", str(port),
            "--limit-max-requests", str(max_requests), "--loop", "uvloop", "--http", "httptools",
            "--no-access-log",
        ]  # fmt: skip
    else:
        command = [
            sys.executable, "-m", "notify_api.serve", "--workers", "2", "--port", str(port),
            "--limit-max-requests", str(max_requests),
        ]  # fmt: skip
    return subprocess.Popen(command, cwd=ROOT, env=environment, start_new_session=True)


def wait_until_serving(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("the API did not start") from None
            time.sleep(0.2)
    time.sleep(1.0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 16])
    parser.add_argument("--max-requests", type=int, default=25)
    parser.add_argument("--launcher", choices=["gunicorn", "uvicorn"], default="gunicorn")
    parser.add_argument("--database", default="notify_bench_recycle")
    parser.add_argument("--redis-db", type=int, default=13)
    arguments = parser.parse_args()

    environment = bench_environment(arguments.database, arguments.redis_db)
    environment["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="notify-bench-metrics-")
    fresh_database(arguments.database, environment)
    port = free_port()
    process = launch(arguments.launcher, port, arguments.max_requests, environment)
    failed = 0
    try:
        wait_until_serving(port, process)
        print(f"launcher={arguments.launcher} workers=2 recycle every {arguments.max_requests} requests")
        for concurrency in arguments.concurrency:
            tally, seconds = asyncio.run(run(port, arguments.requests, concurrency))
            lost = sum(tally.failures.values())
            failed += lost
            print(
                f"c{concurrency}: {arguments.requests} requests, {tally.ok} ok, {lost} failed {tally.failures}, "
                f"{arguments.requests / seconds:.0f} req/s, slowest {tally.slowest:.2f}s"
            )
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
