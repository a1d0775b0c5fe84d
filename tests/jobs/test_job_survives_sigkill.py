"""A worker SIGKILLed in the middle of a job: after a restart and the recovery tasks, every row is stored
exactly once and has its delivery queued (delivery itself claims a row once, so a second message for a row
sends nothing twice).

A job of 20,000 rows in batches of 500 (``JOB_BATCH_SIZE``), a real worker process group killed as soon as
some rows are stored, a new worker, then ``check-job-status`` (with its clock moved past the heartbeat
timeout) resumes the job after its highest stored row; the outbox sweeper queues rows whose batch was stored
but not yet enqueued when the worker died. ``bench/jobs.py`` does the same with 100,000 rows.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import os
import signal
import sys
import uuid
from collections import Counter
from datetime import timedelta
from pathlib import Path

import redis.asyncio as aioredis
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from notify_api.db.tables import jobs, notifications
from notify_api.jobs import recovery
from notify_api.jobs.creating import enqueue_process_job
from notify_api.jobs.files import write_job_file
from notify_api.runtime import build_runtime
from notify_api.settings import Settings
from notify_api.tasks import queues
from notify_api.tasks.enqueue import REDIS_NAMESPACE
from notify_api.tasks.queues import prefixed
from notify_api.timeutils import utc_now
from notify_workers.delivery.sweeping import replay_created_notifications
from tests.conftest import TEST_REDIS_URL
from tests.factories import create_service, create_template
from tests.faults.own_database import own_database
from tests.jobs.conftest import sms_rows
from tests.jobs.test_jobs_end_to_end import eventually
from tests.workers.delivery.worker_processes import (
    REPO_ROOT,
    delete_queue_keys,
    stop_process,
    wait_until_consuming,
    worker_environment,
)

ROWS = 20_000


async def start_job_worker(environment: dict[str, str], log_path: Path) -> asyncio.subprocess.Process:
    """Only the job queue (and the heartbeat's): deliveries stay queued, to be counted."""
    prefix = environment["NOTIFICATION_QUEUE_PREFIX"]
    log = open(log_path, "ab")  # noqa: SIM115, ASYNC230
    process = await asyncio.create_subprocess_exec(
        sys.executable, "worker_main.py", "--processes", "1", "--threads", "2",
        "--queues", prefixed(queues.JOBS, prefix), prefixed(queues.NOTIFY_INTERNAL, prefix),
        cwd=REPO_ROOT, env=environment, stdout=log, stderr=log, start_new_session=True,
    )  # fmt: skip
    await wait_until_consuming(environment)
    return process


async def stored_rows(engine: AsyncEngine, job_id: uuid.UUID) -> tuple[int, int]:
    async with engine.connect() as connection:
        row = (
            await connection.execute(
                select(func.count(), func.count(func.distinct(notifications.c.job_row_number))).where(
                    notifications.c.job_id == job_id
                )
            )
        ).one()
    return int(row[0]), int(row[1])


async def queued_deliveries(prefix: str) -> Counter[str]:
    redis = aioredis.Redis.from_url(TEST_REDIS_URL)
    try:
        encoded = await redis.hvals(f"{REDIS_NAMESPACE}:{prefixed(queues.SEND_SMS, prefix)}.msgs")
    finally:
        await redis.aclose()
    return Counter(json.loads(message)["args"][0] for message in encoded)


async def test_a_job_whose_worker_is_sigkilled_ends_with_every_row_stored_and_queued_once(
    settings: Settings, tmp_path: Path
) -> None:
    prefix = f"jobs-kill-{uuid.uuid4().hex[:8]}-"
    own = dataclasses.replace(
        await own_database(settings, "_jobs_kill"), redis_url=TEST_REDIS_URL, queue_prefix=prefix
    )
    engine = create_async_engine(own.database_url, poolclass=NullPool)
    async with engine.begin() as connection:
        service = await create_service(connection, message_limit=1_000_000)
        template = await create_template(connection, service.id, content="Hello ((name))")
        job_id = uuid.uuid4()
        await connection.execute(
            jobs.insert().values(
                id=job_id, original_file_name="big.csv", service_id=service.id, template_id=template.id,
                template_version=1, created_at=utc_now(), notification_count=ROWS, notifications_sent=0,
                notifications_delivered=0, notifications_failed=0, job_status="pending", archived=False,
            )
        )  # fmt: skip
    await write_job_file(own, service.id, job_id, sms_rows(ROWS).encode(), {"valid": "True"})
    environment = worker_environment(
        database_url=own.database_url, redis_url=TEST_REDIS_URL, prefix=prefix, simulator_port=1,
        aws_endpoint_url=own.aws_endpoint_url, JOB_BATCH_SIZE="500",
    )  # fmt: skip
    runtime = build_runtime(own, pool_size=2)
    worker = await start_job_worker(environment, tmp_path / "worker.log")
    try:
        await enqueue_process_job(runtime, job_id)

        async def some_rows_stored() -> bool:
            return 0 < (await stored_rows(engine, job_id))[0] < ROWS

        await eventually(some_rows_stored, seconds=60)
        os.killpg(worker.pid, signal.SIGKILL)
        await worker.wait()
        at_kill = (await stored_rows(engine, job_id))[0]
        assert 0 < at_kill < ROWS

        worker = await start_job_worker(environment, tmp_path / "worker.log")
        later = utc_now() + recovery.STALLED_AFTER + recovery.STALLED_AFTER
        assert await recovery.check_job_status(runtime, now=later) == [job_id]

        async def finished() -> bool:
            async with engine.connect() as connection:
                status = await connection.scalar(select(jobs.c.job_status).where(jobs.c.id == job_id))
            return status == "finished"

        await eventually(finished, seconds=120)
        assert await stored_rows(engine, job_id) == (ROWS, ROWS)
        await replay_created_notifications(runtime, now=utc_now() + timedelta(minutes=10))
        queued = await queued_deliveries(prefix)
        async with engine.connect() as connection:
            ids = {str(i) for i in (await connection.execute(select(notifications.c.id))).scalars()}
        assert set(queued) == ids
    finally:
        await stop_process(worker)
        if worker.returncode is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(worker.pid, signal.SIGKILL)  # anything left of its group
        await runtime.close()
        await engine.dispose()
        await delete_queue_keys(TEST_REDIS_URL, prefix)
