"""CSV jobs: 100,000 rows from ``POST /service/{sid}/job`` to every row stored and its delivery enqueued.

A fresh database, moto for S3, the API in this process (httpx over ASGI) and one real worker process that
consumes only the job queue (so the deliveries stay queued and can be counted). For SMS, email and letters:
the file is put in the CSV bucket, the job created over HTTP, and the clock stops when the job is
``finished`` with every row stored; the delivery messages on the queue are counted. The worker's memory
(its process group's RSS) is sampled throughout. Then ``POST /v2/notifications/bulk`` with 50,000 rows
(GC Notify's limit): the time to answer. ``--kill`` also SIGKILLs the worker in the middle of an SMS job,
starts a new one, runs the recovery and checks every row is stored once.

    python bench/jobs.py [--rows 100000] [--kill]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import redis.asyncio as aioredis
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._support import ROOT, bench_environment, fresh_database
from notify_api.db.tables import jobs, notifications
from notify_api.jobs import recovery
from notify_api.jobs.files import write_job_file
from notify_api.runtime import build_runtime
from notify_api.settings import Settings
from notify_api.tasks import queues
from notify_api.tasks.enqueue import REDIS_NAMESPACE
from notify_api.tasks.queues import prefixed
from notify_api.timeutils import utc_now
from notify_api.web.app import create_app
from notify_dev.moto_server import start_moto
from tests.factories import create_api_key, create_service, create_template
from tests.helpers import admin_headers, service_headers

DATABASE = "notify_bench_jobs"
REDIS_DB = 3


def csv_for(kind: str, rows: int) -> bytes:
    if kind == "sms":
        lines = ["phone number,name", *(f"07700{900000 + n % 100000:06d},Person {n}" for n in range(rows))]
    elif kind == "email":
        lines = ["email address,name", *(f"person{n}@example.gov.uk,Person {n}" for n in range(rows))]
    else:
        lines = [
            "address line 1,address line 2,postcode,name",
            *(f"Person {n},{n} The Street,SW1A 1AA,Person {n}" for n in range(rows)),
        ]
    return ("\n".join(lines) + "\n").encode()


def start_worker(environment: dict[str, str]) -> subprocess.Popen[bytes]:
    prefix = environment["NOTIFICATION_QUEUE_PREFIX"]
    return subprocess.Popen(
        [sys.executable, "worker_main.py", "--processes", "1", "--threads", "2",
         "--queues", prefixed(queues.JOBS, prefix)],
        cwd=ROOT, env=environment, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def group_rss_mb(pgid: int) -> float:
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            if os.getpgid(int(entry)) != pgid:
                continue
            with open(f"/proc/{entry}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except (OSError, ProcessLookupError):
            continue
    return total / 1024


async def stored(engine: AsyncEngine, job_id: uuid.UUID) -> int:
    async with engine.connect() as connection:
        count = await connection.scalar(select(func.count()).where(notifications.c.job_id == job_id))
    return int(count or 0)


async def job_status(engine: AsyncEngine, job_id: uuid.UUID) -> str:
    async with engine.connect() as connection:
        return str(await connection.scalar(select(jobs.c.job_status).where(jobs.c.id == job_id)))


async def queued(settings: Settings, queue: str) -> int:
    redis = aioredis.Redis.from_url(settings.redis_url)
    try:
        return int(await redis.hlen(f"{REDIS_NAMESPACE}:{prefixed(queue, settings.queue_prefix)}.msgs"))
    finally:
        await redis.aclose()


async def run(rows: int, kill: bool, redis_db: int = REDIS_DB) -> None:
    environment = bench_environment(DATABASE, redis_db)
    moto, endpoint = start_moto(Settings.from_env(environment), 0)
    environment.update(AWS_ENDPOINT_URL=endpoint, AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench")
    settings = await asyncio.to_thread(fresh_database, DATABASE, environment)  # it runs its own loop
    redis = aioredis.Redis.from_url(settings.redis_url)
    await redis.flushdb()
    await redis.aclose()
    engine = create_async_engine(settings.database_url, poolclass=NullPool)
    async with engine.begin() as connection:
        service = await create_service(connection, message_limit=10_000_000, rate_limit=10_000_000)
        templates = {
            "sms": await create_template(connection, service.id, content="Hello ((name))"),
            "email": await create_template(connection, service.id, template_type="email", subject="Hi", content="Hello ((name))"),
            "letter": await create_template(connection, service.id, template_type="letter", subject="Hi", content="Hello ((name))"),
        }  # fmt: skip
        key = await create_api_key(connection, service.id)
    worker = start_worker(environment)
    runtime = build_runtime(settings, pool_size=4)
    app = create_app(settings, runtime_factory=lambda _: runtime)
    peak_rss = 0.0
    try:
        await asyncio.sleep(5)  # the worker boots
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench", timeout=120) as http:
                for kind, template in templates.items():
                    job_id = uuid.uuid4()
                    content = csv_for(kind, rows)
                    await write_job_file(
                        settings, service.id, job_id, content,
                        {"template_id": str(template.id), "original_file_name": f"{kind}.csv",
                         "notification_count": str(rows), "valid": "True"},
                    )  # fmt: skip
                    before = {
                        queue: await queued(settings, queue)
                        for queue in (queues.SEND_SMS, queues.SEND_EMAIL, queues.CREATE_LETTERS_PDF)
                    }
                    started = time.perf_counter()
                    response = await http.post(
                        f"/service/{service.id}/job",
                        json={"id": str(job_id), "created_by": str(service.created_by_id)},
                        headers=admin_headers(settings),
                    )
                    assert response.status_code == 201, response.text
                    while (status := await job_status(engine, job_id)) not in ("finished", "error"):
                        peak_rss = max(peak_rss, group_rss_mb(worker.pid))
                        await asyncio.sleep(0.05)
                    elapsed = time.perf_counter() - started
                    count = await stored(engine, job_id)
                    after = {queue: await queued(settings, queue) - before[queue] for queue in before}
                    print(
                        f"{kind:6} {rows:,} rows: {status} in {elapsed:.2f} s = {count / elapsed:,.0f} rows/s;"
                        f" stored {count:,}; enqueued {sum(after.values()):,}; worker RSS peak {peak_rss:.0f} MB"
                    )

                bulk_rows = 50_000
                body: dict[str, Any] = {
                    "name": "bench bulk", "template_id": str(templates["sms"].id),
                    "csv": csv_for("sms", bulk_rows).decode(),
                }  # fmt: skip
                started = time.perf_counter()
                response = await http.post(
                    "/v2/notifications/bulk", json=body, headers=service_headers(service.id, key.secret)
                )
                answered = time.perf_counter() - started
                assert response.status_code == 201, response.text
                print(f"bulk   {bulk_rows:,} rows: answered 201 in {answered:.2f} s")

        if kill:
            await kill_and_recover(settings, environment, engine, templates["sms"], rows, worker, runtime)
    finally:
        with contextlib.suppress(ProcessLookupError):  # the kill run has already killed it
            os.killpg(worker.pid, signal.SIGKILL)
        await runtime.close()
        await engine.dispose()
        moto.stop()


async def kill_and_recover(
    settings: Settings, environment: dict[str, str], engine: AsyncEngine, template: Any, rows: int,
    worker: subprocess.Popen[bytes], runtime: Any,
) -> None:  # fmt: skip
    from notify_api.jobs.creating import enqueue_process_job

    job_id = uuid.uuid4()
    async with engine.begin() as connection:
        await connection.execute(
            jobs.insert().values(
                id=job_id, original_file_name="kill.csv", service_id=template.service_id, template_id=template.id,
                template_version=1, created_at=utc_now(), notification_count=rows, notifications_sent=0,
                notifications_delivered=0, notifications_failed=0, job_status="pending", archived=False,
            )
        )  # fmt: skip
    await write_job_file(settings, template.service_id, job_id, csv_for("sms", rows), {"valid": "True"})
    await enqueue_process_job(runtime, job_id)
    while (count := await stored(engine, job_id)) < rows // 3:  # noqa: ASYNC110 - polling another process
        await asyncio.sleep(0.01)
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()
    at_kill = await stored(engine, job_id)
    replacement = start_worker(environment)
    try:
        await asyncio.sleep(5)
        started = time.perf_counter()
        later = utc_now() + 2 * recovery.STALLED_AFTER
        await recovery.check_job_status(runtime, now=later)
        while await job_status(engine, job_id) != "finished":  # noqa: ASYNC110 - polling another process
            await asyncio.sleep(0.05)
        elapsed = time.perf_counter() - started
        async with engine.connect() as connection:
            total, distinct = (
                await connection.execute(
                    select(func.count(), func.count(func.distinct(notifications.c.job_row_number))).where(
                        notifications.c.job_id == job_id
                    )
                )
            ).one()
        print(
            f"kill   {rows:,} rows: SIGKILL at {at_kill:,} stored (seen {count:,}); resumed and finished in"
            f" {elapsed:.2f} s; rows stored {total:,}, distinct row numbers {distinct:,}"
        )
    finally:
        os.killpg(replacement.pid, signal.SIGKILL)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--kill", action="store_true")
    parser.add_argument("--redis-db", type=int, default=REDIS_DB, help="the Redis database it may empty")
    arguments = parser.parse_args()
    asyncio.run(run(arguments.rows, arguments.kill, arguments.redis_db))


if __name__ == "__main__":
    main()
