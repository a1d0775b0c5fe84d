"""End to end: the admin site's job pages over HTTP with a real worker process, the simulator and moto.

The file is put in the CSV bucket with its metadata, the job created, processed by the worker (rows stored,
texts sent to the simulator), listed with its per-status counts; a scheduled job is cancelled before its
time; another starts once its time has come and ``run-scheduled-jobs`` runs (as the scheduler would run it,
every minute). Rows live in a database of the test's own, since a worker only sees committed data.
"""

from __future__ import annotations

import asyncio
import dataclasses
import sys
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from notify_api.jobs.files import write_job_file
from notify_api.runtime import build_runtime
from notify_api.settings import Settings
from notify_api.tasks import queues
from notify_api.tasks.queues import prefixed
from notify_api.timeutils import utc_now
from notify_api.web.app import create_app
from tests.conftest import TEST_REDIS_URL
from tests.factories import create_service, create_template
from tests.faults.own_database import own_database
from tests.helpers import admin_headers
from tests.jobs.conftest import sms_rows
from tests.workers.delivery.worker_processes import (
    REPO_ROOT,
    delete_queue_keys,
    free_port,
    simulator_stats,
    start_simulator,
    stop_process,
    wait_until_consuming,
    worker_environment,
)

WORKER_QUEUES = (queues.JOBS, queues.PERIODIC, queues.SEND_SMS, queues.NOTIFY_INTERNAL)


async def start_job_worker(environment: dict[str, str], log_path: Path) -> asyncio.subprocess.Process:
    prefix = environment["NOTIFICATION_QUEUE_PREFIX"]
    log = open(log_path, "ab")  # noqa: SIM115, ASYNC230
    process = await asyncio.create_subprocess_exec(
        sys.executable, "worker_main.py", "--processes", "1", "--threads", "4",
        "--queues", *(prefixed(queue, prefix) for queue in WORKER_QUEUES),
        cwd=REPO_ROOT, env=environment, stdout=log, stderr=log,
    )  # fmt: skip
    await wait_until_consuming(environment)
    return process


async def eventually(check: Callable[[], Awaitable[Any]], seconds: float = 30.0) -> Any:
    deadline = asyncio.get_running_loop().time() + seconds
    while True:
        result = await check()
        if result:
            return result
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("not reached in time")
        await asyncio.sleep(0.2)


@pytest.fixture
async def world(settings: Settings, tmp_path: Path) -> AsyncIterator[tuple[Settings, httpx.AsyncClient, int]]:
    prefix = f"jobs-e2e-{uuid.uuid4().hex[:8]}-"
    own = dataclasses.replace(
        await own_database(settings, "_jobs_e2e"), redis_url=TEST_REDIS_URL, queue_prefix=prefix
    )
    port = free_port()
    simulator = await start_simulator(port)
    environment = worker_environment(
        database_url=own.database_url,
        redis_url=TEST_REDIS_URL,
        prefix=prefix,
        simulator_port=port,
        aws_endpoint_url=own.aws_endpoint_url,
    )
    worker = await start_job_worker(environment, tmp_path / "worker.log")
    runtime = build_runtime(own, pool_size=2)
    app = create_app(own, runtime_factory=lambda _: runtime)
    try:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://localhost:6011") as http:
                yield own, http, port
    finally:
        await stop_process(worker)
        await stop_process(simulator)
        await delete_queue_keys(TEST_REDIS_URL, prefix)


async def test_upload_create_process_list_schedule_and_cancel_jobs_through_a_real_worker(
    world: tuple[Settings, httpx.AsyncClient, int],
) -> None:
    own, http, simulator_port = world
    engine = create_async_engine(own.database_url, poolclass=NullPool)
    async with engine.begin() as connection:
        service = await create_service(connection, message_limit=1000)
        template = await create_template(connection, service.id, content="Hello ((name))")
    await engine.dispose()
    headers = admin_headers(own)
    base = f"/service/{service.id}/job"

    async def create(rows: int, **extra: str) -> dict[str, Any]:
        job_id = uuid.uuid4()
        await write_job_file(
            own, service.id, job_id, sms_rows(rows).encode(),
            {"template_id": str(template.id), "original_file_name": f"{rows}.csv",
             "notification_count": str(rows), "valid": "True"},
        )  # fmt: skip
        body = {"id": str(job_id), "created_by": str(service.created_by_id), **extra}
        response = await http.post(base, json=body, headers=headers)
        assert response.status_code == 201, response.text
        return dict(response.json()["data"])

    async def job(job_id: str) -> dict[str, Any]:
        return dict((await http.get(f"{base}/{job_id}", headers=headers)).json()["data"])

    sent_now = await create(25)
    assert sent_now["job_status"] == "pending"

    async def finished_with_every_row_counted() -> dict[str, Any] | None:
        found = await job(sent_now["id"])
        counted = sum(statistic["count"] for statistic in found["statistics"])
        return found if found["job_status"] == "finished" and counted == 25 else None

    await eventually(finished_with_every_row_counted)

    async def all_sent() -> bool:
        stats = await simulator_stats(simulator_port)
        return bool(stats["mmg"]["accepted"] + stats["firetext"]["accepted"] == 25)

    await eventually(all_sent)
    statistics = (await job(sent_now["id"]))["statistics"]
    assert {statistic["status"] for statistic in statistics} <= {"sending", "delivered"}
    notifications = (await http.get(f"{base}/{sent_now['id']}/notifications", headers=headers)).json()
    assert notifications["total"] == 25
    assert sorted(n["job_row_number"] for n in notifications["notifications"]) == list(range(25))

    later = await create(5, scheduled_for=(utc_now() + timedelta(hours=1)).isoformat())
    assert later["job_status"] == "scheduled"
    cancelled = await http.post(f"{base}/{later['id']}/cancel", headers=headers)
    assert cancelled.json()["data"]["job_status"] == "cancelled"

    soon = await create(3, scheduled_for=(utc_now() + timedelta(seconds=2)).isoformat())
    assert soon["job_status"] == "scheduled"
    await asyncio.sleep(2.5)
    scheduler = build_runtime(own, pool_size=1)  # what the scheduler does every minute
    await scheduler.tasks.enqueue("run-scheduled-jobs", queues.PERIODIC)
    await scheduler.close()

    async def soon_finished() -> bool:
        return (await job(soon["id"]))["job_status"] == "finished"

    await eventually(soon_finished)

    listed = (await http.get(base, headers=headers)).json()
    assert listed["total"] == 3
    by_id = {item["id"]: item for item in listed["data"]}
    assert by_id[later["id"]]["job_status"] == "cancelled"
    assert sum(s["count"] for s in by_id[sent_now["id"]]["statistics"]) == 25
    assert sum(s["count"] for s in by_id[soon["id"]]["statistics"]) == 3
    only_cancelled = (await http.get(base, params={"statuses": "cancelled"}, headers=headers)).json()
    assert [item["id"] for item in only_cancelled["data"]] == [later["id"]]
