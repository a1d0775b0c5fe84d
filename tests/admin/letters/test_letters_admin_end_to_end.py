"""End to end through a real worker process: a letter reported returned by the post office reaches the
admin's returned-letter pages; another is cancelled before printing and leaves the Uploads page. Rows live in
a database of the test's own, since a worker only sees committed data."""

from __future__ import annotations

import asyncio
import dataclasses
import sys
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from notify_api.runtime import build_runtime
from notify_api.settings import Settings
from notify_api.tasks import queues
from notify_api.tasks.queues import prefixed
from notify_api.timeutils import utc_now
from notify_api.web.app import create_app
from tests.conftest import TEST_REDIS_URL
from tests.factories import create_notification, create_service, create_template
from tests.faults.own_database import own_database
from tests.helpers import admin_headers
from tests.jobs.test_jobs_end_to_end import eventually
from tests.workers.delivery.worker_processes import (
    REPO_ROOT,
    delete_queue_keys,
    free_port,
    stop_process,
    wait_until_consuming,
    worker_environment,
)

WORKER_QUEUES = (queues.DATABASE, queues.NOTIFY_INTERNAL)


@pytest.fixture
async def world(settings: Settings, tmp_path: Path) -> AsyncIterator[tuple[Settings, httpx.AsyncClient]]:
    prefix = f"letters-e2e-{uuid.uuid4().hex[:8]}-"
    own = dataclasses.replace(
        await own_database(settings, "_letters_e2e"), redis_url=TEST_REDIS_URL, queue_prefix=prefix
    )
    environment = worker_environment(
        database_url=own.database_url,
        redis_url=TEST_REDIS_URL,
        prefix=prefix,
        simulator_port=free_port(),  # nothing here calls a provider
        aws_endpoint_url=own.aws_endpoint_url,
    )
    log = open(tmp_path / "worker.log", "ab")  # noqa: SIM115, ASYNC230
    worker = await asyncio.create_subprocess_exec(
        sys.executable, "worker_main.py", "--processes", "1", "--threads", "2",
        "--queues", *(prefixed(queue, prefix) for queue in WORKER_QUEUES),
        cwd=REPO_ROOT, env=environment, stdout=log, stderr=log,
    )  # fmt: skip
    runtime = build_runtime(own, pool_size=2)
    app = create_app(own, runtime_factory=lambda _: runtime)
    try:
        await wait_until_consuming(environment)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://localhost:6011") as http:
                yield own, http
    finally:
        await stop_process(worker)
        log.close()
        await delete_queue_keys(TEST_REDIS_URL, prefix)


async def test_a_returned_and_a_cancelled_letter_as_the_admin_sees_them(
    world: tuple[Settings, httpx.AsyncClient],
) -> None:
    own, http = world
    engine = create_async_engine(own.database_url, poolclass=NullPool)
    yesterday = utc_now() - timedelta(days=1)
    async with engine.begin() as connection:
        service = await create_service(connection)
        letter = await create_template(connection, service.id, template_type="letter", name="Renewal")
        precompiled = await create_template(
            connection, service.id, template_type="letter", name="Pre-compiled PDF", hidden=True
        )
        delivered = await create_notification(
            connection, letter, status="delivered", reference="RETURNED00000001", created_at=yesterday
        )
        uploaded = await create_notification(connection, precompiled, client_reference="upload.pdf")
    await engine.dispose()
    headers = admin_headers(own)
    base = f"/service/{service.id}"

    posted = await http.post("/letters/returned", json={"references": ["RETURNED00000001"]}, headers=headers)
    assert posted.status_code == 200, posted.text

    async def reported() -> dict[str, Any] | None:
        statistics = (await http.get(f"{base}/returned-letter-statistics", headers=headers)).json()
        return dict(statistics) if statistics["returned_letter_count"] == 1 else None

    statistics = await eventually(reported)
    today = utc_now().date().isoformat()
    assert statistics["most_recent_report"] == f"{today} 00:00:00.000000"
    summary = (await http.get(f"{base}/returned-letter-summary", headers=headers)).json()
    assert summary == [{"returned_letter_count": 1, "reported_at": today}]
    returned = (await http.get(f"{base}/returned-letters?reported_at={today}", headers=headers)).json()
    assert [(item["notification_id"], item["template_name"]) for item in returned] == [
        (str(delivered), "Renewal")
    ]
    shown = (await http.get(f"{base}/notifications/{delivered}", headers=headers)).json()
    assert shown["status"] == "returned-letter"

    uploads = (await http.get(f"{base}/upload", headers=headers)).json()
    assert [(item["upload_type"], item["notification_count"]) for item in uploads["data"]] == [
        ("letter_day", 1)
    ]
    cancelled = await http.post(f"{base}/notifications/{uploaded}/cancel", headers=headers)
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled"
    assert (await http.get(f"{base}/upload", headers=headers)).json()["data"] == []
