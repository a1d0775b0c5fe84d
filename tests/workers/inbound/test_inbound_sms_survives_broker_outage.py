"""A received text is acknowledged even when the broker refuses its forward, and forwarded after the sweep."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables import inbound_sms
from notify_api.runtime import Runtime
from notify_api.settings import Settings
from notify_workers.actors.sweeper import replay_receipts_and_forwards
from tests.broker_down import client_with_broker_down
from tests.factories import DEFAULT_SERVICE_PERMISSIONS, create_inbound_number, create_service
from tests.task_queue import RecordingTaskQueue
from tests.workers.inbound.test_inbound_sms_routes import (
    FIRETEXT_AUTH,
    FIRETEXT_PATH,
    MMG_AUTH,
    MMG_PATH,
    mmg_body,
)


@pytest.fixture
async def down_client(settings: Settings, runtime: Runtime) -> AsyncIterator[httpx.AsyncClient]:
    async with client_with_broker_down(settings, runtime) as http:
        yield http


async def _post(client: httpx.AsyncClient, provider: str, number: str) -> httpx.Response:
    if provider == "mmg":
        return await client.post(MMG_PATH, json=mmg_body("44" + number[1:]), headers=MMG_AUTH)
    form = {"source": "07700900222", "destination": "44" + number[1:], "message": "Yes please"}
    return await client.post(FIRETEXT_PATH, data=form, headers=FIRETEXT_AUTH)


@pytest.mark.parametrize("provider", ["mmg", "firetext"])
async def test_a_text_is_acknowledged_with_the_broker_down_and_forwarded_once_after_the_sweep(
    down_client: httpx.AsyncClient,
    runtime: Runtime,
    connection: AsyncConnection,
    task_queue: RecordingTaskQueue,
    provider: str,
) -> None:
    service = await create_service(connection, permissions=[*DEFAULT_SERVICE_PERMISSIONS, "inbound_sms"])
    await create_inbound_number(connection, number="07900900131", service_id=service.id)

    response = await _post(down_client, provider, "07900900131")

    assert (response.status_code, response.json()) == (200, {"status": "ok"})
    query = select(inbound_sms.c.id).where(inbound_sms.c.service_id == service.id)
    [text_id] = (await connection.execute(query)).scalars().all()
    assert task_queue.messages == []
    await replay_receipts_and_forwards(runtime)
    await replay_receipts_and_forwards(runtime)
    assert task_queue.messages == [
        ("send-inbound-sms", "notify-internal-tasks", (str(text_id), str(service.id)))
    ]
