"""A broker that is down: the real Redis task queue, pointed at a port nothing listens on.

Enqueueing fails the way it fails when the broker's Redis has gone: ``redis.exceptions.ConnectionError``.
"""

from __future__ import annotations

import dataclasses
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import redis.asyncio as aioredis

from notify_api.runtime import Runtime
from notify_api.settings import Settings
from notify_api.tasks.enqueue import RedisTaskQueue
from notify_api.web.app import create_app


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@asynccontextmanager
async def client_with_broker_down(settings: Settings, runtime: Runtime) -> AsyncIterator[httpx.AsyncClient]:
    """An API client whose app shares ``runtime``'s database but enqueues to a dead broker."""
    dead_redis = aioredis.Redis.from_url(f"redis://127.0.0.1:{unused_port()}/0", socket_connect_timeout=1)
    down = dataclasses.replace(runtime, tasks=RedisTaskQueue(dead_redis))
    app = create_app(settings, runtime_factory=lambda _: down)
    try:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://localhost:6011") as http:
                yield http
    finally:
        await dead_redis.aclose()
