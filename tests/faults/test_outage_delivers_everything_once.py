"""End to end through a broker outage: every text accepted is delivered, once.

The real API process, a real worker, the provider simulator and a Redis of the test's own (limits, caches
and the broker). Texts are sent while Redis is up, killed (its queued messages lost with it), back empty,
hung, and back again. Every send is answered 201; the enqueue relay re-queues what Redis refused, the outbox
sweeper (run here as the scheduler would) what Redis lost; afterwards each accepted text has reached the
provider exactly once. The figures are printed (``pytest -s``).
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import create_async_engine

from notify_api.db.tables import notifications
from notify_api.runtime import build_runtime
from notify_api.settings import Settings
from notify_workers.delivery.sweeping import replay_created_notifications
from tests.faults.own_database import own_database
from tests.faults.own_redis import OwnRedis
from tests.helpers import service_headers
from tests.metrics.processes import PYTHON, free_port, start, stop, wait_for
from tests.public_v2.documents.conftest import create_file_service
from tests.workers.delivery.worker_processes import (
    simulator_stats,
    start_simulator,
    start_worker,
    stop_process,
    worker_environment,
)

PHASE = 30  # texts sent in each phase


@dataclasses.dataclass
class Outcome:
    statuses: Counter[int] = dataclasses.field(default_factory=Counter)
    accepted: list[str] = dataclasses.field(default_factory=list)


@pytest.fixture
async def simulator_port() -> AsyncIterator[int]:
    port = free_port()
    process = await start_simulator(port, receipt_delay=60)
    yield port
    await stop_process(process)


async def test_every_text_accepted_through_a_broker_outage_is_delivered_once(
    settings: Settings, own_redis: OwnRedis, simulator_port: int, tmp_path: Path
) -> None:
    own = await own_database(settings, "_outage")
    engine = create_async_engine(own.database_url)
    async with engine.begin() as connection:
        service = await create_file_service(connection)
    own_redis.start()
    prefix = f"outage-{uuid.uuid4().hex[:8]}-"
    environment = worker_environment(
        database_url=own.database_url,
        redis_url=own_redis.url,
        prefix=prefix,
        simulator_port=simulator_port,
        aws_endpoint_url=own.aws_endpoint_url,
        REDIS_TIMEOUT_SECONDS="0.5",
        PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "metrics"),
        METRICS_BEARER_TOKEN="",
    )
    api_port = free_port()
    api = await start(
        [PYTHON, "-m", "notify_api.serve", "--workers", "1", "--port", str(api_port)],
        environment,
        tmp_path / "api.log",
    )
    worker = await start_worker(environment, log_path=tmp_path / "worker.log")
    outcome = Outcome()
    sms = {
        "phone_number": "07700900123",
        "template_id": str(service.sms.id),
        "personalisation": {"file": "x"},
    }
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{api_port}", timeout=30) as client:

            async def serving() -> bool:
                try:
                    return (await client.get("/_status?simple=1")).status_code == 200
                except httpx.TransportError:
                    return False

            await wait_for(serving, 30, "the API to serve", interval=0.2)

            async def send_phase() -> None:
                async def one() -> None:
                    headers = service_headers(service.key.service_id, service.key.secret)
                    response = await client.post("/v2/notifications/sms", headers=headers, json=sms)
                    outcome.statuses[response.status_code] += 1
                    if response.status_code == 201:
                        outcome.accepted.append(response.json()["id"])

                await asyncio.gather(*(one() for _ in range(PHASE)))

            await send_phase()  # Redis up
            own_redis.stop()  # gone, with whatever was still queued
            await send_phase()
            own_redis.start()  # back, empty
            await send_phase()
            own_redis.hang()
            await send_phase()
            own_redis.resume()
            recovered = time.monotonic()
            await send_phase()

        n = notifications.c

        async def sent_count() -> int:
            async with engine.connect() as connection:
                rows = (await connection.execute(select(n.id).where(n.sent_at.is_not(None)))).all()
            return len(rows)

        async def relayed_and_queued_sent() -> bool:
            # Phases 2 to 5 went through the relay or a live broker; only phase 1's messages died with Redis.
            return await sent_count() >= 4 * PHASE

        await wait_for(relayed_and_queued_sent, 30, "the relayed texts to reach the provider", interval=0.2)
        relayed_after = time.monotonic() - recovered
        # The scheduler's outbox sweep, as it runs every 15 minutes, for rows whose message Redis lost: the
        # sweep replays rows 5 minutes old, so those rows are made 6 minutes older first.
        async with engine.begin() as connection:
            await connection.execute(
                update(notifications)
                .where(n.notification_status == "created")
                # updated_at kept: a row with a fresh updated_at is one waiting for a scheduled retry
                .values(created_at=n.created_at - timedelta(minutes=6), updated_at=n.updated_at)
            )
        runtime = build_runtime(
            dataclasses.replace(own, redis_url=own_redis.url, queue_prefix=prefix), pool_size=1
        )
        try:
            replayed = await replay_created_notifications(runtime)
        finally:
            await runtime.close()

        async def all_sent() -> bool:
            return await sent_count() == len(outcome.accepted)

        await wait_for(all_sent, 60, "every accepted text to reach the provider", interval=0.5)
        swept_after = time.monotonic() - recovered
    finally:
        await stop_process(worker)
        await stop(api)
        await engine.dispose()

    per_text = [(await simulator_stats(simulator_port, text_id))["total"] for text_id in outcome.accepted]
    lost, twice = per_text.count(0), sum(1 for total in per_text if total > 1)
    print(
        f"\noutage: {sum(outcome.statuses.values())} requests {dict(outcome.statuses)}, "
        f"{len(outcome.accepted)} accepted; relayed texts sent {relayed_after:.1f}s after Redis returned; "
        f"{replayed} whose message Redis lost replayed by the sweeper, all sent {swept_after:.1f}s after; "
        f"{lost} lost, {twice} sent twice"
    )
    assert outcome.statuses == Counter({201: 5 * PHASE})
    assert per_text == [1] * len(outcome.accepted)
