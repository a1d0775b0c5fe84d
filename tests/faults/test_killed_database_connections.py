"""PostgreSQL connections killed while they sit idle in the pool never reach a request.

A failover, a restart or an operator's ``pg_terminate_backend`` closes every connection; the pool notices a
closed connection when it hands it out and opens a fresh one, so only requests in flight at that moment can
fail. Both ways the API talks to PostgreSQL are covered: SQLAlchemy (reads) and the raw asyncpg INSERT of a
new notification.
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


async def backends(settings: Settings) -> set[int]:
    url = make_url(settings.database_url)
    admin = await asyncpg.connect(host=url.host, port=url.port, user=url.username, database="postgres")
    try:
        rows = await admin.fetch(
            "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", url.database
        )
        return {row["pid"] for row in rows}
    finally:
        await admin.close()


async def terminate(settings: Settings, pids: set[int]) -> None:
    url = make_url(settings.database_url)
    admin = await asyncpg.connect(host=url.host, port=url.port, user=url.username, database="postgres")
    try:
        await admin.execute("SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid", list(pids))
    finally:
        await admin.close()


async def test_requests_after_the_pool_was_killed_all_succeed(
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
    before = await backends(settings)
    with live_server(settings, RecordingTaskQueue()) as base_url:
        async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
            # Fill the server's pool (4 connections) with concurrent requests, then kill them all while idle.
            warm = await asyncio.gather(*(client.get("/v2/notifications", headers=headers) for _ in range(8)))
            assert {response.status_code for response in warm} == {200}
            pool = await backends(settings) - before
            assert len(pool) >= 2, "the server's pool was not filled"
            await terminate(settings, pool)
            await asyncio.sleep(0.2)  # the server's event loop sees each socket close

            answers: list[tuple[int, str]] = []
            for _ in range(10):
                sent = await client.post("/v2/notifications/sms", headers=headers, json=sms)
                listed = await client.get("/v2/notifications", headers=headers)
                answers += [(sent.status_code, sent.text), (listed.status_code, "")]
            concurrent = await asyncio.gather(
                *(client.post("/v2/notifications/sms", headers=headers, json=sms) for _ in range(8))
            )
    assert [status for status, _ in answers] == [201, 200] * 10, answers
    assert [response.status_code for response in concurrent] == [201] * 8
