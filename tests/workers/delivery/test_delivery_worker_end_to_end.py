"""End to end: committed rows, messages enqueued by name, a real worker process, the simulator and moto.

The rows live in a separate database (``<test database>_e2e``) because a worker process only sees committed
data; it is migrated once per session and emptied of notifications before each test. Every test runs on
both brokers: Redis, and RabbitMQ (at ``NOTIFY_TEST_RABBITMQ_URL``, 127.0.0.1:5672 by default).
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import socket
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg
import pytest
import redis.asyncio as aioredis
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from notify_api.db.migrate import upgrade
from notify_api.db.tables import notifications
from notify_api.settings import Settings
from tests.conftest import PG_HOST, PG_PORT, TEST_DB
from tests.factories import CreatedTemplate, create_notification, create_service, create_template
from tests.workers.delivery.delivery_fakes import ses_sent_count, sms_priorities
from tests.workers.delivery.worker_processes import (
    delete_queue_keys,
    delete_rabbitmq_queues,
    free_port,
    simulator_control,
    simulator_stats,
    start_simulator,
    start_worker,
    stop_process,
    task_queue_for,
    worker_environment,
)

E2E_DB = f"{TEST_DB}_e2e"
E2E_REDIS_URL = "redis://127.0.0.1:6379/12"
RABBITMQ_URL = os.environ.get("NOTIFY_TEST_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/")
StartWorker = Callable[..., Awaitable[asyncio.subprocess.Process]]


async def _recreate(database: str) -> None:
    admin = await asyncpg.connect(host=PG_HOST, port=PG_PORT, user="postgres", database="postgres")
    try:
        await admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = $1 AND pid <> pg_backend_pid()",
            database,
        )
        await admin.execute(f'DROP DATABASE IF EXISTS "{database}"')
        await admin.execute(f'CREATE DATABASE "{database}"')
    finally:
        await admin.close()


@pytest.fixture(scope="session")
async def e2e_settings(settings: Settings) -> Settings:
    e2e = dataclasses.replace(
        settings, database_url=f"postgresql+asyncpg://postgres@{PG_HOST}:{PG_PORT}/{E2E_DB}"
    )
    await _recreate(E2E_DB)
    await asyncio.to_thread(upgrade, e2e)
    return e2e


@pytest.fixture
async def e2e_engine(e2e_settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(e2e_settings.database_url, poolclass=NullPool)
    async with engine.begin() as conn:
        await conn.execute(text("DELETE FROM notifications"))
        await conn.execute(
            text("UPDATE provider_details SET priority = 50, active = true, updated_at = NULL"
                 " WHERE notification_type = 'sms'")
        )  # fmt: skip
    yield engine
    await engine.dispose()


@pytest.fixture(scope="module")
async def simulator_port() -> AsyncIterator[int]:
    port = free_port()
    process = await start_simulator(port)
    yield port
    await stop_process(process)


@pytest.fixture(params=["redis", "rabbitmq"])
def broker_environment(request: pytest.FixtureRequest) -> dict[str, str]:
    """What selects the broker in a worker's (and an enqueuer's) environment."""
    if request.param == "redis":
        return {}
    if not rabbitmq_answers():
        message = f"RabbitMQ does not answer at {RABBITMQ_URL} (.ci/ensure-services starts it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return {"BROKER_URL": RABBITMQ_URL}


def rabbitmq_answers() -> bool:
    address = urlsplit(RABBITMQ_URL)
    try:
        socket.create_connection((address.hostname or "127.0.0.1", address.port or 5672), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.fixture
async def queue_prefix(broker_environment: dict[str, str]) -> AsyncIterator[str]:
    prefix = f"e2e-{uuid.uuid4().hex[:8]}-"
    yield prefix
    await delete_queue_keys(E2E_REDIS_URL, prefix)
    if "BROKER_URL" in broker_environment:
        await asyncio.to_thread(delete_rabbitmq_queues, broker_environment["BROKER_URL"], prefix)


@pytest.fixture
async def start(
    e2e_settings: Settings,
    simulator_port: int,
    queue_prefix: str,
    broker_environment: dict[str, str],
    tmp_path: Path,
) -> AsyncIterator[StartWorker]:
    await simulator_control(simulator_port, {})
    started: list[asyncio.subprocess.Process] = []

    async def start_one(**extra: str) -> asyncio.subprocess.Process:
        environment = worker_environment(
            database_url=e2e_settings.database_url,
            redis_url=E2E_REDIS_URL,
            prefix=queue_prefix,
            simulator_port=simulator_port,
            aws_endpoint_url=e2e_settings.aws_endpoint_url,
            **broker_environment,
            **extra,
        )
        process = await start_worker(environment, log_path=tmp_path / "worker.log")
        started.append(process)
        return process

    yield start_one
    for process in started:
        await stop_process(process)


async def _enqueue(
    broker_environment: dict[str, str], prefix: str, actor: str, queue: str, ids: list[uuid.UUID]
) -> None:
    environment = {"REDIS_URL": E2E_REDIS_URL, "NOTIFICATION_QUEUE_PREFIX": prefix, **broker_environment}
    redis = aioredis.Redis.from_url(E2E_REDIS_URL)
    try:
        tasks = task_queue_for(environment, redis)
        for notification_id in ids:
            await tasks.enqueue(actor, queue, str(notification_id))
    finally:
        await redis.aclose()


async def _templates(engine: AsyncEngine) -> tuple[CreatedTemplate, CreatedTemplate]:
    async with engine.begin() as conn:
        service = await create_service(conn)
        return await create_template(conn, service.id), await create_template(
            conn, service.id, template_type="email"
        )


async def _create(engine: AsyncEngine, template: CreatedTemplate, count: int) -> list[uuid.UUID]:
    async with engine.begin() as conn:
        return [await create_notification(conn, template) for _ in range(count)]


async def _wait_for_statuses(
    engine: AsyncEngine, ids: list[uuid.UUID], done: set[str], limit_seconds: float = 40.0
) -> dict[uuid.UUID, tuple[str, str | None]]:
    n = notifications.c
    deadline = asyncio.get_running_loop().time() + limit_seconds
    while True:
        async with engine.connect() as conn:
            rows = (
                await conn.execute(
                    select(n.id, n.notification_status, n.sent_by, n.sent_at).where(n.id.in_(ids))
                )
            ).all()
        finished = {
            row.id: (row.notification_status, row.sent_by)
            for row in rows
            if row.notification_status in done and (row.notification_status != "sending" or row.sent_at)
        }
        if len(finished) == len(ids) or asyncio.get_running_loop().time() > deadline:
            return finished
        await asyncio.sleep(0.2)


async def _accepted(simulator_port: int) -> int:
    stats = await simulator_stats(simulator_port)
    return int(stats["mmg"]["accepted"] + stats["firetext"]["accepted"])


async def _wait_for_accepted(simulator_port: int, count: int) -> None:
    async with asyncio.timeout(30):
        while await _accepted(simulator_port) < count:  # noqa: ASYNC110 - polling another process
            await asyncio.sleep(0.02)


async def test_texts_and_emails_are_sent_once_each_even_when_their_message_is_duplicated(
    e2e_engine: AsyncEngine,
    e2e_settings: Settings,
    start: StartWorker,
    simulator_port: int,
    queue_prefix: str,
    broker_environment: dict[str, str],
) -> None:
    sms_template, email_template = await _templates(e2e_engine)
    texts = await _create(e2e_engine, sms_template, 20)
    emails = await _create(e2e_engine, email_template, 5)
    ses_before = ses_sent_count(e2e_settings.aws_endpoint_url)
    await start()

    await _enqueue(broker_environment, queue_prefix, "deliver_sms", "send-sms-tasks", texts + texts)
    await _enqueue(broker_environment, queue_prefix, "deliver_email", "send-email-tasks", emails)
    finished = await _wait_for_statuses(e2e_engine, texts + emails, {"sending"})

    assert len(finished) == 25
    stats = await simulator_stats(simulator_port)
    assert stats["mmg"]["accepted"] + stats["firetext"]["accepted"] == 20
    for notification_id in texts:
        assert (await simulator_stats(simulator_port, str(notification_id)))["total"] == 1
    assert ses_sent_count(e2e_settings.aws_endpoint_url) == ses_before + 5


async def test_texts_fail_over_to_the_other_provider_when_one_is_down(
    e2e_engine: AsyncEngine,
    start: StartWorker,
    simulator_port: int,
    queue_prefix: str,
    broker_environment: dict[str, str],
) -> None:
    await simulator_control(simulator_port, {"provider": "mmg", "down": True})
    sms_template, _ = await _templates(e2e_engine)
    texts = await _create(e2e_engine, sms_template, 10)
    await start(DELIVERY_RETRY_DELAY_SECONDS="0.2")

    await _enqueue(broker_environment, queue_prefix, "deliver_sms", "send-sms-tasks", texts)
    finished = await _wait_for_statuses(e2e_engine, texts, {"sending"})

    assert {sent_by for _, sent_by in finished.values()} == {"firetext"} and len(finished) == 10
    async with e2e_engine.connect() as conn:
        assert await sms_priorities(conn) == {"mmg": 40, "firetext": 60}
    stats = await simulator_stats(simulator_port)
    assert stats["firetext"]["accepted"] == 10 and stats["mmg"]["accepted"] == 0


async def test_a_text_is_retried_then_fails_technically_when_no_provider_will_take_it(
    e2e_engine: AsyncEngine,
    start: StartWorker,
    simulator_port: int,
    queue_prefix: str,
    broker_environment: dict[str, str],
) -> None:
    for provider in ("mmg", "firetext"):
        await simulator_control(simulator_port, {"provider": provider, "down": True})
    sms_template, _ = await _templates(e2e_engine)
    [text_id] = await _create(e2e_engine, sms_template, 1)
    await start(DELIVERY_RETRY_DELAY_SECONDS="0.2", DELIVERY_MAX_RETRIES="3")

    await _enqueue(broker_environment, queue_prefix, "deliver_sms", "send-sms-tasks", [text_id])
    finished = await _wait_for_statuses(e2e_engine, [text_id], {"technical-failure"})

    assert finished[text_id][0] == "technical-failure"
    assert (await simulator_stats(simulator_port, str(text_id)))["total"] == 4  # first try + 3 retries


async def test_sigterm_lets_the_worker_finish_and_nothing_is_lost_or_sent_twice(
    e2e_engine: AsyncEngine,
    start: StartWorker,
    simulator_port: int,
    queue_prefix: str,
    broker_environment: dict[str, str],
) -> None:
    sms_template, _ = await _templates(e2e_engine)
    texts = await _create(e2e_engine, sms_template, 300)
    first = await start()
    await _enqueue(broker_environment, queue_prefix, "deliver_sms", "send-sms-tasks", texts)

    await _wait_for_accepted(simulator_port, 30)
    assert await stop_process(first) == 0
    stats = await simulator_stats(simulator_port)
    sent_before_restart = stats["mmg"]["accepted"] + stats["firetext"]["accepted"]
    assert sent_before_restart < 300, "the worker should have been stopped mid-stream"

    await start()
    finished = await _wait_for_statuses(e2e_engine, texts, {"sending"})

    assert len(finished) == 300
    stats = await simulator_stats(simulator_port)
    assert stats["mmg"]["accepted"] + stats["firetext"]["accepted"] == 300
