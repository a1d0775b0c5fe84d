"""More concurrent requests than pooled connections: they wait for the pool, none opens a connection.

SQLAlchemy closes an overflow connection as soon as it is returned, so with overflow allowed a load above
the pool opened and closed a connection for nearly every request (a new backend, authentication, SSL
negotiation and statement preparation each time): at 64 connections the send endpoint served about half of
what it served at 16. The default pool has no overflow; this test fails if a request opens a connection once
the pool is warm.
"""

from __future__ import annotations

import asyncio

import asyncpg
import httpx
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from notify_api.settings import Settings
from tests.helpers import service_headers
from tests.live_server import committed, live_server
from tests.public_v2.documents.conftest import create_file_service
from tests.task_queue import RecordingTaskQueue

POOL = 4  # the live server's pool (tests/live_server.py)


async def watch_backends(settings: Settings, seen: set[int], stop: asyncio.Event) -> None:
    """Every API connection to the test database that exists at any moment until ``stop``."""
    url = make_url(settings.database_url)
    admin = await asyncpg.connect(host=url.host, port=url.port, user=url.username, database="postgres")
    try:
        while not stop.is_set():
            rows = await admin.fetch(
                "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'notify-api'",
                url.database,
            )
            seen.update(row["pid"] for row in rows)
            await asyncio.sleep(0.005)
    finally:
        await admin.close()


async def test_a_load_above_the_pool_opens_no_connection_per_request(
    engine: AsyncEngine, settings: Settings
) -> None:
    async with committed(engine) as connection:
        service = await create_file_service(connection)
    headers = service_headers(service.key.service_id, service.key.secret)
    sms = {
        "phone_number": "07700900123",
        "template_id": str(service.sms.id),
        "personalisation": {"file": "x"},
    }
    warm: set[int] = set()
    during: set[int] = set()
    with live_server(settings, RecordingTaskQueue()) as base_url:
        async with httpx.AsyncClient(
            base_url=base_url, timeout=30, limits=httpx.Limits(max_connections=64)
        ) as client:
            stop = asyncio.Event()
            watcher = asyncio.create_task(watch_backends(settings, warm, stop))
            opening = await asyncio.gather(
                *(client.get("/v2/notifications", headers=headers) for _ in range(4 * POOL))
            )
            stop.set()
            await watcher
            assert {response.status_code for response in opening} == {200}

            stop = asyncio.Event()
            watcher = asyncio.create_task(watch_backends(settings, during, stop))
            statuses: list[int] = []
            for _ in range(5):
                sent = await asyncio.gather(
                    *(client.post("/v2/notifications/sms", headers=headers, json=sms) for _ in range(40))
                )
                statuses += [response.status_code for response in sent]
            stop.set()
            await watcher
    assert statuses == [201] * 200
    assert len(warm) <= POOL, warm
    assert during - warm == set(), f"{len(during - warm)} connections opened after the pool was warm"
