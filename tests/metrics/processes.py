"""Helpers for the tests that run real server and worker processes."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import socket
import subprocess
import time
from asyncio.subprocess import Process
from collections.abc import Awaitable, Callable
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(PROJECT_ROOT / ".venv" / "bin" / "python")
PROMETHEUS_FILE = re.compile(r"^(counter|histogram|summary|gauge_[a-z]+)_.*\.db$")


def children_of(parent: int) -> set[int]:
    """Pids whose parent is ``parent`` (from /proc)."""
    found: set[int] = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rpartition(")")[2].split()
        if len(fields) > 1 and fields[0] != "Z" and int(fields[1]) == parent:
            found.add(int(entry.name))
    return found


async def wait_for(
    condition: Callable[[], Awaitable[bool]], seconds: float, what: str, interval: float = 0.05
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if await condition():
            return
        await asyncio.sleep(interval)
    raise AssertionError(f"timed out after {seconds}s waiting for {what}")


async def start(command: list[str], environment: dict[str, str], log_path: Path) -> Process:
    """Start a process from the project root, its output going to ``log_path``, in a process group of its
    own, so that ``stop`` can end its children too (even ones forked after the stop began)."""
    with log_path.open("wb") as log:
        return await asyncio.create_subprocess_exec(
            *command,
            cwd=PROJECT_ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


async def stop(process: Process, grace_seconds: float = 30) -> None:
    """SIGTERM the process and wait; SIGKILL it and its children if it does not stop in time."""
    if process.returncode is not None:
        return
    children = children_of(process.pid)
    process.send_signal(signal.SIGTERM)
    try:
        await asyncio.wait_for(process.wait(), grace_seconds)
    except TimeoutError:
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        await process.wait()
    # Whatever of its group outlived it (a server process orphaned by a killed parent) goes too.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def new_metrics_files_in(directory: Path, since: float) -> list[Path]:
    """Prometheus-shaped ``*.db`` files (or any file under a ``dramatiq-prometheus`` directory) created under
    ``directory`` since ``since``. Give it a temporary directory of the test's own: the machine's shared one
    holds whatever other processes write."""
    found: list[Path] = []
    for root, _dirs, names in os.walk(directory):
        for name in names:
            path = Path(root, name)
            interesting = PROMETHEUS_FILE.match(name) or "dramatiq-prometheus" in root
            if not interesting or not name.endswith(".db"):
                continue
            try:
                if path.stat().st_mtime >= since:
                    found.append(path)
            except OSError:
                continue
    return found


def db_files_under(directory: Path) -> list[Path]:
    return sorted(directory.rglob("*.db"))
