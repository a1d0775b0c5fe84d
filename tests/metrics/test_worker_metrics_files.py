"""Proof: worker processes write no metrics files, however often they restart and whatever the environment.

Starts ``worker_main.py`` with every variable that would switch on multiprocess metrics pointing into a
temporary directory (``TMPDIR`` too, so whatever the workers write to "the" temp directory lands in one the
test owns), restarts its children 20 times with SIGHUP (Dramatiq's reload), checks that each new set of
children consumes messages, and then finds no ``*.db`` file anywhere under the test's directory.
"""

from __future__ import annotations

import os
import signal
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
import redis.asyncio as aioredis

from notify_api.tasks.enqueue import RedisTaskQueue
from notify_api.tasks.queues import NOTIFY_INTERNAL
from tests.metrics.processes import (
    PROJECT_ROOT,
    PYTHON,
    children_of,
    db_files_under,
    new_metrics_files_in,
    start,
    stop,
    wait_for,
)

WORKER_REDIS_URL = "redis://127.0.0.1:6379/14"  # a database of its own: no other test uses 14
QUEUE_PREFIX = "metrics-files-test-"
RESTARTS = 20
PROCESSES = 2


@pytest.fixture
async def worker_redis() -> AsyncIterator[aioredis.Redis]:
    client = aioredis.Redis.from_url(WORKER_REDIS_URL)
    await client.flushdb()
    yield client
    await client.flushdb()
    await client.aclose()


class Heartbeats:
    """Sends ``worker_heartbeat`` by actor name, as the API would, and reads which process handled it."""

    def __init__(self, client: aioredis.Redis) -> None:
        self._queue = RedisTaskQueue(client, QUEUE_PREFIX)
        self._client = client

    async def send(self, count: int = 1) -> list[str]:
        tokens = [uuid.uuid4().hex for _ in range(count)]
        for token in tokens:
            await self._queue.enqueue("worker_heartbeat", NOTIFY_INTERNAL, token)
        return tokens

    async def handlers(self, tokens: list[str]) -> list[int | None]:
        found = await self._client.mget([f"worker-heartbeat:{token}" for token in tokens])
        return [int(value) if value is not None else None for value in found]

    async def wait(self, tokens: list[str]) -> set[int]:
        async def all_handled() -> bool:
            return None not in await self.handlers(tokens)

        await wait_for(all_handled, 30, f"{len(tokens)} heartbeat(s)")
        return {pid for pid in await self.handlers(tokens) if pid is not None}


def worker_environment(tmp_path: Path, multiprocess_dir: Path, private_tmp: Path) -> dict[str, str]:
    return {
        **os.environ,
        # Every switch that could make a worker write metrics files, pointed where the test can look.
        "PROMETHEUS_MULTIPROC_DIR": str(multiprocess_dir),
        "prometheus_multiproc_dir": str(multiprocess_dir),
        "dramatiq_prom_db": str(tmp_path / "dramatiq-prometheus"),
        "TMPDIR": str(private_tmp),
        "REDIS_URL": WORKER_REDIS_URL,
        "BROKER_URL": "",
        "NOTIFICATION_QUEUE_PREFIX": QUEUE_PREFIX,
        "NOTIFY_ENVIRONMENT": "test",
        # Dramatiq's idle poll and shutdown wait (1 s by default): shorter, so 20 restarts take less time.
        "dramatiq_worker_timeout": "100",
    }


async def test_restarted_workers_write_no_metrics_files(tmp_path: Path, worker_redis: aioredis.Redis) -> None:
    started_at = time.time()
    multiprocess_dir = tmp_path / "multiproc"
    multiprocess_dir.mkdir()
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    log_path = tmp_path / "worker.log"
    heartbeats = Heartbeats(worker_redis)
    worker = await start(
        [PYTHON, str(PROJECT_ROOT / "worker_main.py"), "--processes", str(PROCESSES), "--threads", "2"],
        worker_environment(tmp_path, multiprocess_dir, private_tmp),
        log_path,
    )

    def children_replaced(before: set[int]) -> Callable[[], Awaitable[bool]]:
        async def check() -> bool:
            now = children_of(worker.pid)
            return len(now) >= PROCESSES and now.isdisjoint(before)

        return check

    processed = 0
    handler_pids: set[int] = set()
    try:
        handler_pids |= await heartbeats.wait(await heartbeats.send(10))
        processed += 10
        for _ in range(RESTARTS):
            before = children_of(worker.pid)
            worker.send_signal(signal.SIGHUP)
            await wait_for(children_replaced(before), 30, "restarted worker children")
            handled_by = await heartbeats.wait(await heartbeats.send())
            assert handled_by <= children_of(worker.pid), "handled by a worker process that should be gone"
            handler_pids |= handled_by
            processed += 1
            assert worker.returncode is None, log_path.read_text()[-3000:]
        handler_pids |= await heartbeats.wait(await heartbeats.send(50))
        processed += 50
    except BaseException:
        print("\nworker log (last lines):\n" + "\n".join(log_path.read_text().splitlines()[-40:]))
        raise
    finally:
        await stop(worker)

    files_in_multiprocess_dir = sorted(path.name for path in multiprocess_dir.iterdir())
    db_files_in_test_dir = db_files_under(tmp_path)
    new_metrics_files = new_metrics_files_in(private_tmp, started_at)
    print(
        f"\nworker restarts: {RESTARTS}, messages processed: {processed} "
        f"by {len(handler_pids)} worker processes, files in multiproc dir: {len(files_in_multiprocess_dir)}, "
        f"*.db files under the test's directory: {len(db_files_in_test_dir)}, "
        f"new metrics *.db files under the workers' TMPDIR: {len(new_metrics_files)}"
    )
    assert len(handler_pids) > RESTARTS  # every restart brought new processes that did the work
    assert files_in_multiprocess_dir == []
    assert db_files_in_test_dir == []
    assert new_metrics_files == []
