"""Serve the app on a loopback port in a background thread, for clients that speak real HTTP.

The official client libraries are synchronous and use their own HTTP stack, so they need a real server. The
server has its own runtime (connection pool), so the data it reads must be committed: use `committed`.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager

import uvicorn
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from notify_api.db import tables as t
from notify_api.db.metadata import metadata
from notify_api.runtime import Runtime, build_runtime
from notify_api.settings import Settings
from notify_api.tasks.enqueue import TaskQueue
from notify_api.web.app import create_app


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def live_server(settings: Settings, task_queue: TaskQueue | None = None) -> Iterator[str]:
    """Yields the base URL. Enqueued messages go to ``task_queue`` when given, else to the real broker."""

    def runtime_factory(app_settings: Settings) -> Runtime:
        runtime = build_runtime(app_settings, pool_size=4)
        if task_queue is not None:
            runtime.tasks = task_queue
        return runtime

    port = free_port()
    app = create_app(settings, runtime_factory=runtime_factory)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the live server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@asynccontextmanager
async def committed(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A connection whose work is committed, so another process or server sees it."""
    async with engine.begin() as connection:
        yield connection


async def remove_service(engine: AsyncEngine, service_id: uuid.UUID, user_id: uuid.UUID) -> None:
    """Remove committed test data: every table with a service_id first, then the service and its creator."""
    async with committed(engine) as connection:
        for table in reversed(metadata.sorted_tables):
            if "service_id" in table.c:
                await connection.execute(delete(table).where(table.c.service_id == service_id))
        await connection.execute(delete(t.services_history).where(t.services_history.c.id == service_id))
        await connection.execute(delete(t.services).where(t.services.c.id == service_id))
        await connection.execute(delete(t.users).where(t.users.c.id == user_id))


async def in_thread(function: Callable[[], object]) -> object:
    """Run a blocking client call without blocking the test's event loop (the server may share it)."""
    return await asyncio.to_thread(function)
