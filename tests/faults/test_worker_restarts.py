"""SIGHUP restarts a worker however often it comes: two or three in a row, even while the worker is still
starting up from the previous one, leave a worker that runs and takes messages."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from pathlib import Path

import pytest

from notify_api.settings import Settings
from tests.faults.own_redis import OwnRedis
from tests.workers.delivery.worker_processes import (
    free_port,
    start_worker,
    stop_process,
    wait_until_consuming,
    worker_environment,
)


# Known defect (issue "At scale", item 5): a second SIGHUP that arrives about a second after the first, while
# the worker process is still shutting down, sometimes leaves Dramatiq's main process waiting and never
# restarting (about half the runs here). Kept running so that a fix shows up as XPASS.
@pytest.mark.xfail(reason="a SIGHUP during the worker process's shutdown can stall the restart", strict=False)
async def test_sighups_in_quick_succession_restart_the_worker_and_never_kill_it(
    settings: Settings, own_redis: OwnRedis, tmp_path: Path
) -> None:
    own_redis.start()
    environment = worker_environment(
        database_url=settings.database_url,
        redis_url=own_redis.url,
        prefix="restarts-",
        simulator_port=free_port(),
        aws_endpoint_url=settings.aws_endpoint_url,
    )
    worker = await start_worker(environment, threads=1, log_path=tmp_path / "worker.log")
    try:
        for pause in (0.3, 0.05, 1.0):  # the second arrives while the first restart is still under way
            os.kill(worker.pid, signal.SIGHUP)
            await asyncio.sleep(pause)
            os.kill(worker.pid, signal.SIGHUP)
            await asyncio.sleep(0.5)
            assert worker.returncode is None, (tmp_path / "worker.log").read_text()[-3000:]
            started = time.monotonic()
            await wait_until_consuming(environment, limit_seconds=60)
            assert time.monotonic() - started < 60
    finally:
        await stop_process(worker)
