"""Benchmark: deliver 10,000 SMS (simulator) and 10,000 emails (moto SES) with real worker processes.

    .venv/bin/python bench/delivery.py [--count 10000] [--processes 2] [--threads 8]

Needs PostgreSQL and Redis on their usual local ports. It creates a scratch database
`notify_bench_delivery`, inserts the notifications (normal key, status created), enqueues one message each,
and runs `worker_main.py` against the provider simulator and an in-process moto. Two runs:
1. clean: sends/s per worker process, p50/p99 of created_at -> sent_at;
2. the worker's whole process group SIGKILLed halfway, then a new worker started: waits until every
   notification has been handed to a provider (or failed) and counts provider calls per notification at
   the simulator and SES sends at moto, so a message sent twice shows up.
Receipts are not part of this run (no API): "final" here means handed to the provider.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import redis.asyncio as aioredis
from sqlalchemy import func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._support import ROOT, bench_environment, free_port, fresh_database
from notify_api.crypto import Encryption
from notify_api.db.tables import notifications
from notify_api.runtime import build_runtime
from notify_api.settings import Settings
from notify_api.tasks import queues
from notify_api.tasks.enqueue import RedisTaskQueue
from notify_api.tasks.queues import prefixed
from notify_api.timeutils import utc_now
from notify_dev.moto_server import aws_client, start_moto
from notify_workers.delivery.sweeping import replay_created_notifications

DATABASE = "notify_bench_delivery"
REDIS_DB = 11
WORKER_QUEUES = (queues.SEND_SMS, queues.SEND_EMAIL, queues.NOTIFY_INTERNAL, queues.RETRY)


async def seed_templates(engine: AsyncEngine) -> tuple[Any, Any]:
    # The factories insert a service, its user, permissions and templates with history, as the API would.
    from tests.factories import create_service, create_template

    async with engine.begin() as conn:
        service = await create_service(conn, name=f"Bench {uuid.uuid4().hex[:6]}", message_limit=10**9)
        sms = await create_template(conn, service.id, content="Hello ((name)), this is a benchmark text")
        email = await create_template(conn, service.id, template_type="email", content="Hello ((name))")
        await conn.execute(text("UPDATE provider_details SET priority = 50, updated_at = NULL"))
    return sms, email


async def insert_notifications(
    engine: AsyncEngine, settings: Settings, templates: Any, count: int
) -> list[Any]:
    encryption = Encryption(settings.secret_key)
    personalisation = encryption.encrypt_json({"name": "Bench"})
    rows = []
    for template in templates:
        sms = template.template_type == "sms"
        for _ in range(count):
            rows.append(
                {
                    "id": uuid.uuid4(), "to": "+447700900855" if sms else "bench@example.com",
                    "normalised_to": "447700900855" if sms else "bench@example.com",
                    "service_id": template.service_id, "template_id": template.id,
                    "template_version": template.version, "key_type": "normal", "billable_units": 0,
                    "notification_type": template.template_type, "created_at": utc_now(),
                    "notification_status": "created", "_personalisation": personalisation,
                    "international": False, "phone_prefix": "44" if sms else None,
                    "rate_multiplier": 1.0 if sms else None,
                }
            )  # fmt: skip
    async with engine.begin() as conn:
        await conn.execute(text("DELETE FROM notifications"))
        for start in range(0, len(rows), 2000):
            await conn.execute(insert(notifications), rows[start : start + 2000])
    return rows


async def enqueue_all(redis_url: str, prefix: str, rows: list[dict[str, Any]]) -> None:
    redis = aioredis.Redis.from_url(redis_url)
    try:
        tasks = RedisTaskQueue(redis, prefix)
        for row in rows:
            sms = row["notification_type"] == "sms"
            actor, queue = ("deliver_sms", queues.SEND_SMS) if sms else ("deliver_email", queues.SEND_EMAIL)
            await tasks.enqueue(actor, queue, str(row["id"]))
    finally:
        await redis.aclose()


def start_worker(
    environment: dict[str, str], processes: int, threads: int, log: Path
) -> subprocess.Popen[bytes]:
    prefix = environment["NOTIFICATION_QUEUE_PREFIX"]
    names = [prefixed(queue, prefix) for queue in WORKER_QUEUES]
    command = [sys.executable, "worker_main.py", "--processes", str(processes), "--threads", str(threads)]
    with open(log, "ab") as output:
        return subprocess.Popen(
            [*command, "--queues", *names], cwd=ROOT, env=environment, stdout=output, stderr=output,
            start_new_session=True,  # its own process group, so the whole pool can be killed at once
        )  # fmt: skip


def stop_worker(worker: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the master only (it forwards it once to its children); the group is killed if it hangs."""
    worker.terminate()
    try:
        worker.wait(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()


async def progress(engine: AsyncEngine) -> tuple[int, int]:
    n = notifications.c
    async with engine.connect() as conn:
        handed = await conn.scalar(select(func.count()).where(n.sent_at.isnot(None)))
        failed = await conn.scalar(select(func.count()).where(n.notification_status == "technical-failure"))
    return int(handed or 0), int(failed or 0)


async def wait_for(engine: AsyncEngine, target: int, limit_seconds: float, label: str) -> float:
    started = time.perf_counter()
    last_print = 0.0
    while True:
        handed, failed = await progress(engine)
        elapsed = time.perf_counter() - started
        if handed + failed >= target or elapsed > limit_seconds:
            return elapsed
        if elapsed - last_print > 10:
            print(f"  {label}: {handed + failed}/{target} after {elapsed:.0f} s", flush=True)
            last_print = elapsed
        await asyncio.sleep(0.25)


async def wait_for_stall(engine: AsyncEngine, total: int, quiet_seconds: float = 30.0) -> None:
    """Until all are handed over or nothing has moved for ``quiet_seconds``."""
    last, quiet_since = -1, time.perf_counter()
    while True:
        done = sum(await progress(engine))
        if done >= total:
            return
        if done != last:
            last, quiet_since = done, time.perf_counter()
        elif time.perf_counter() - quiet_since > quiet_seconds:
            print(f"  stalled at {done}/{total}", flush=True)
            return
        await asyncio.sleep(0.5)


async def run_sweeper(worker_env: dict[str, str]) -> int:
    """``replay-created-notifications`` as the scheduler runs it, with ``now`` 5 minutes on."""
    runtime = build_runtime(Settings.from_env(worker_env), pool_size=2)
    try:
        return await replay_created_notifications(runtime, now=utc_now() + timedelta(minutes=5))
    finally:
        await runtime.close()


async def latencies(engine: AsyncEngine) -> tuple[float, float, float, float]:
    n = notifications.c
    async with engine.connect() as conn:
        rows = (await conn.execute(select(n.created_at, n.sent_at).where(n.sent_at.isnot(None)))).all()
    seconds = sorted((row.sent_at - row.created_at).total_seconds() for row in rows)
    first, last = min(row.sent_at for row in rows), max(row.sent_at for row in rows)
    quantiles = statistics.quantiles(seconds, n=100)
    return quantiles[49], quantiles[98], (last - first).total_seconds(), float(len(rows))


async def duplicates(simulator_port: int, rows: list[dict[str, Any]]) -> tuple[int, int]:
    """(SMS references the simulator accepted more than once, SMS never accepted)."""
    twice = never = 0
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{simulator_port}") as http:
        for row in rows:
            if row["notification_type"] != "sms":
                continue
            accepted = sum((await http.get(f"/stats/{row['id']}")).json()["accepted"].values())
            twice += accepted > 1
            never += accepted == 0
    return twice, never


def ses_sent(endpoint: str, region: str) -> int:
    return int(aws_client("ses", endpoint, region).get_send_quota()["SentLast24Hours"])


async def run(
    args: argparse.Namespace,
    environment: dict[str, str],
    settings: Settings,
    moto_endpoint: str,
    simulator_port: int,
) -> None:
    engine = create_async_engine(settings.database_url)
    log = Path(f"/tmp/bench-delivery-{os.getpid()}.log")
    try:
        await asyncio.sleep(2)
        templates = await seed_templates(engine)
        for kill_halfway in [run == "kill" for run in args.runs.split(",")]:
            async with httpx.AsyncClient() as http:
                await http.post(f"http://127.0.0.1:{simulator_port}/reset")
            prefix = f"bench-{uuid.uuid4().hex[:6]}-"
            worker_env = {
                **environment, "NOTIFICATION_QUEUE_PREFIX": prefix, "AWS_ENDPOINT_URL": moto_endpoint,
                "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                "MMG_URL": f"http://127.0.0.1:{simulator_port}/mmg",
                "FIRETEXT_URL": f"http://127.0.0.1:{simulator_port}/firetext",
                "PROVIDER_TIMEOUT_SECONDS": "10",
            }  # fmt: skip
            rows = await insert_notifications(engine, settings, templates, args.count)
            ses_before = ses_sent(moto_endpoint, settings.aws_region)
            await enqueue_all(environment["REDIS_URL"], prefix, rows)
            total = len(rows)
            print(f"\n== run {'with SIGKILL halfway' if kill_halfway else 'clean'}: {total} messages queued")
            worker = start_worker(worker_env, args.processes, args.threads, log)
            try:
                if kill_halfway:
                    await wait_for(engine, total // 2, 600, "before kill")
                    os.killpg(worker.pid, signal.SIGKILL)
                    worker.wait()
                    print(f"  SIGKILLed the worker pool at {sum(await progress(engine))}/{total}", flush=True)
                    worker = start_worker(worker_env, args.processes, args.threads, log)
                    await wait_for_stall(engine, total)
                    # Messages the killed pool had fetched stay in its Redis ack lists until Dramatiq's
                    # maintenance requeues them (random, rare); the outbox sweeper finds their rows.
                    swept = await run_sweeper(worker_env)
                    print(f"  outbox sweeper re-enqueued {swept} notifications", flush=True)
                elapsed = await wait_for(engine, total, 900, "sending")
            finally:
                stop_worker(worker)
            handed, failed = await progress(engine)
            p50, p99, span, sent = await latencies(engine)
            print(f"  handed to a provider: {handed}, technical-failure: {failed}, waited {elapsed:.1f} s")
            print(
                f"  sends/s: {sent / span:.0f} in total, {sent / span / args.processes:.0f} per worker process"
            )
            print(f"  created_at -> sent_at: p50 {p50:.2f} s, p99 {p99:.2f} s (queue backlog included)")
            twice, never = await duplicates(simulator_port, rows)
            ses_calls = ses_sent(moto_endpoint, settings.aws_region) - ses_before
            print(f"  SMS accepted twice at the simulator: {twice}, never accepted: {never}")
            print(f"  SES sends: {ses_calls} for {args.count} emails ({ses_calls - args.count} extra)")
    finally:
        await engine.dispose()
        print(f"\nworker log: {log}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000, help="SMS and emails each")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--runs", default="clean,kill", help="clean, kill or both (comma-separated)")
    args = parser.parse_args()
    environment = bench_environment(DATABASE, REDIS_DB)
    settings = fresh_database(DATABASE, environment)
    moto, moto_endpoint = start_moto(settings, 0)
    simulator_port = free_port()
    simulator = subprocess.Popen(
        [sys.executable, "-m", "notify_dev.simulator", "--port", str(simulator_port),
         "--callback-base", f"http://127.0.0.1:{free_port()}", "--receipt-delay", "86400"],
        cwd=ROOT, env={**environment, "LOG_LEVEL": "ERROR"}, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        asyncio.run(run(args, environment, settings, moto_endpoint, simulator_port))
    finally:
        simulator.terminate()
        simulator.wait()
        moto.stop()


if __name__ == "__main__":
    main()
