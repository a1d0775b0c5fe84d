"""Worker metrics (in memory) and the heartbeat actor's inner function."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import dramatiq
import pytest
import redis.asyncio as aioredis
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import AsyncIO
from prometheus_client import REGISTRY

from notify_workers.actors.health import HEARTBEAT_EXPIRY_SECONDS, heartbeat_key, record_heartbeat
from notify_workers.metrics import WorkerMetrics
from tests.metrics.processes import PROJECT_ROOT

QUEUE = "worker-metrics-test"


@pytest.fixture
def stub_broker() -> Iterator[StubBroker]:
    broker = StubBroker(middleware=[AsyncIO(), WorkerMetrics()])
    broker.emit_after("process_boot")
    yield broker
    broker.close()


def counted(name: str, actor: str) -> float:
    return REGISTRY.get_sample_value(name, {"actor": actor, "queue": QUEUE}) or 0.0


def test_messages_are_counted_and_timed_by_actor_and_queue(stub_broker: StubBroker) -> None:
    @dramatiq.actor(broker=stub_broker, actor_name="metrics_test_fine", queue_name=QUEUE)
    async def fine() -> None:
        return None

    @dramatiq.actor(broker=stub_broker, actor_name="metrics_test_broken", queue_name=QUEUE)
    def broken() -> None:
        raise LookupError("no such thing")

    before = {
        (name, actor): counted(name, actor)
        for name in (
            "notify_worker_messages_processed_total",
            "notify_worker_messages_failed_total",
            "notify_worker_message_duration_seconds_count",
        )
        for actor in ("metrics_test_fine", "metrics_test_broken")
    }
    worker = dramatiq.Worker(stub_broker, worker_timeout=50, worker_threads=2)
    worker.start()
    try:
        for _ in range(3):
            fine.send()
        broken.send()
        stub_broker.join(QUEUE, fail_fast=False)
        worker.join()
    finally:
        worker.stop()

    def increase(name: str, actor: str) -> float:
        return counted(name, actor) - before[(name, actor)]

    assert increase("notify_worker_messages_processed_total", "metrics_test_fine") == 3
    assert increase("notify_worker_messages_failed_total", "metrics_test_fine") == 0
    assert increase("notify_worker_message_duration_seconds_count", "metrics_test_fine") == 3
    assert increase("notify_worker_messages_processed_total", "metrics_test_broken") == 1
    assert increase("notify_worker_messages_failed_total", "metrics_test_broken") == 1


async def test_a_heartbeat_records_the_worker_pid_for_ten_minutes(redis_client: aioredis.Redis) -> None:
    await record_heartbeat(redis_client, "operator-check", os.getpid())

    assert await redis_client.get(heartbeat_key("operator-check")) == str(os.getpid()).encode()
    assert 0 < await redis_client.ttl(heartbeat_key("operator-check")) <= HEARTBEAT_EXPIRY_SECONDS


def test_worker_metrics_refuse_to_load_in_multiprocess_mode(tmp_path: Path) -> None:
    """Started some other way than worker_main.py, with the variable set, a worker fails loudly at once."""
    environment = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", "import notify_workers.metrics"],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "start workers with worker_main.py" in result.stderr
    assert list(tmp_path.iterdir()) == []
