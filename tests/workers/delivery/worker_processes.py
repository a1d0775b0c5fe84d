"""Real processes for end-to-end delivery tests: the provider simulator and a Dramatiq worker.

Each test gets its own queue prefix on a dedicated Redis database, so tests (and other test runs) cannot
take each other's messages. Processes are always stopped by the fixtures that start them.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import uuid
from pathlib import Path
from typing import Any

import httpx
import redis.asyncio as aioredis

from notify_api.runtime import build_task_queue
from notify_api.settings import Settings
from notify_api.tasks import queues
from notify_api.tasks.enqueue import TaskQueue
from notify_api.tasks.queues import prefixed

REPO_ROOT = Path(__file__).resolve().parents[3]
DELIVERY_QUEUES = (
    queues.SEND_SMS,
    queues.SEND_EMAIL,
    queues.PRIORITY,
    queues.RESEARCH_MODE,
    queues.NOTIFY_INTERNAL,
    queues.RETRY,
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def start_simulator(port: int, *, receipt_delay: float = 0.2) -> asyncio.subprocess.Process:
    """Receipts go to a port nobody listens on: these tests look at sends, not receipts."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "notify_dev.simulator", "--port", str(port),
        "--callback-base", f"http://127.0.0.1:{free_port()}", "--receipt-delay", str(receipt_delay),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL, cwd=REPO_ROOT,
        env={**os.environ, "LOG_LEVEL": "ERROR"},
    )  # fmt: skip
    assert process.stdout is not None
    await asyncio.wait_for(process.stdout.readline(), timeout=20)
    return process


def worker_environment(
    *,
    database_url: str,
    redis_url: str,
    prefix: str,
    simulator_port: int,
    aws_endpoint_url: str,
    **extra: str,
) -> dict[str, str]:
    environment = {
        **os.environ,
        "NOTIFY_ENVIRONMENT": "test",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "REDIS_URL": redis_url,
        "NOTIFICATION_QUEUE_PREFIX": prefix,
        "MMG_URL": f"http://127.0.0.1:{simulator_port}/mmg",
        "FIRETEXT_URL": f"http://127.0.0.1:{simulator_port}/firetext",
        "AWS_ENDPOINT_URL": aws_endpoint_url,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "LOG_LEVEL": "WARNING",
        "PROVIDER_TIMEOUT_SECONDS": "5",
    }
    environment.update(extra)
    return environment


async def start_worker(
    environment: dict[str, str], *, threads: int = 4, processes: int = 1, log_path: Path | None = None
) -> asyncio.subprocess.Process:
    prefix = environment["NOTIFICATION_QUEUE_PREFIX"]
    queue_names = [prefixed(queue, prefix) for queue in DELIVERY_QUEUES]
    log = open(log_path, "ab") if log_path else asyncio.subprocess.DEVNULL  # noqa: SIM115, ASYNC230
    process = await asyncio.create_subprocess_exec(
        sys.executable, "worker_main.py", "--processes", str(processes), "--threads", str(threads),
        "--worker-shutdown-timeout", "30000", "--queues", *queue_names,
        cwd=REPO_ROOT, env=environment, stdout=log, stderr=log,
    )  # fmt: skip
    await wait_until_consuming(environment)
    return process


def task_queue_for(environment: dict[str, str], redis: aioredis.Redis) -> TaskQueue:
    """The task queue the worker with this environment consumes from: Redis, or RabbitMQ with BROKER_URL."""
    return build_task_queue(Settings.from_env(environment), redis)


async def wait_until_consuming(environment: dict[str, str], limit_seconds: float = 60.0) -> None:
    """A worker is up once it has handled a heartbeat message from its own queues (the heartbeat's mark is
    kept in Redis whichever broker carries the message)."""
    redis = aioredis.Redis.from_url(environment["REDIS_URL"])
    try:
        token = uuid.uuid4().hex
        await task_queue_for(environment, redis).enqueue("worker_heartbeat", queues.NOTIFY_INTERNAL, token)
        deadline = asyncio.get_running_loop().time() + limit_seconds
        while await redis.get(f"worker-heartbeat:{token}") is None:
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError("the worker did not start consuming")
            await asyncio.sleep(0.1)
    finally:
        await redis.aclose()


async def stop_process(process: asyncio.subprocess.Process, *, grace_seconds: float = 40.0) -> int:
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), timeout=grace_seconds)
        except TimeoutError:
            process.kill()
            await process.wait()
    return int(process.returncode or 0)


async def simulator_stats(port: int, reference: str | None = None) -> dict[str, Any]:
    path = "/stats" if reference is None else f"/stats/{reference}"
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:
        response = await http.get(path)
        return dict(response.json())


async def simulator_control(port: int, command: dict[str, Any]) -> None:
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:
        path = "/reset" if not command else "/control"
        (await http.post(path, json=command)).raise_for_status()


def delete_rabbitmq_queues(broker_url: str, prefix: str) -> None:
    """RabbitMQ keeps declared queues (and their delay and dead-letter queues) until they are deleted."""
    import pika

    connection = pika.BlockingConnection(pika.URLParameters(broker_url))
    try:
        channel = connection.channel()
        for queue in queues.ALL_QUEUES:
            name = prefixed(queue, prefix)
            for each in (name, f"{name}.DQ", f"{name}.XQ"):
                channel.queue_delete(each)
    finally:
        connection.close()


async def delete_queue_keys(redis_url: str, prefix: str) -> None:
    redis = aioredis.Redis.from_url(redis_url)
    try:
        keys = [key async for key in redis.scan_iter(match=f"notify:*{prefix}*")]
        if keys:
            await redis.delete(*keys)
    finally:
        await redis.aclose()
