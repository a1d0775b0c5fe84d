"""Shared fixtures: a migrated test database on the real PostgreSQL, per-test rollback, a clean Redis.

The test database name comes from NOTIFY_TEST_DATABASE (default ``notify_test``) so that separate runs can
use separate databases. It is dropped and migrated afresh at the start of every session.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator

import asyncpg
import httpx
import pytest
import redis.asyncio as aioredis
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool
from starlette.applications import Starlette

from notify_api.db.database import BoundDatabase
from notify_api.db.migrate import upgrade
from notify_api.runtime import Runtime
from notify_api.settings import Settings
from notify_api.storage import close_object_stores
from notify_api.web.app import create_app
from tests.task_queue import RecordingTaskQueue

PG_HOST = os.environ.get("NOTIFY_TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("NOTIFY_TEST_PG_PORT", "5432"))
TEST_DB = os.environ.get("NOTIFY_TEST_DATABASE", "notify_test")
TEST_REDIS_URL = os.environ.get("NOTIFY_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def test_environment() -> dict[str, str]:
    return {
        "NOTIFY_ENVIRONMENT": "test",
        "SQLALCHEMY_DATABASE_URI": f"postgresql+asyncpg://postgres@{PG_HOST}:{PG_PORT}/{TEST_DB}",
        "REDIS_URL": TEST_REDIS_URL,
        "API_HOST_NAME": "http://localhost:6011",
        "LOG_LEVEL": "WARNING",
    }


async def _recreate_database() -> None:
    admin = await asyncpg.connect(host=PG_HOST, port=PG_PORT, user="postgres", database="postgres")
    try:
        await admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = $1 AND pid <> pg_backend_pid()",
            TEST_DB,
        )
        await admin.execute(f'DROP DATABASE IF EXISTS "{TEST_DB}"')
        await admin.execute(f'CREATE DATABASE "{TEST_DB}"')
    finally:
        await admin.close()


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    """One moto server (S3, SES) for the whole session, with our buckets and sender domain ready."""
    from notify_dev.moto_server import start_moto

    server, endpoint = start_moto(Settings.from_env(test_environment()), 0)
    yield endpoint
    server.stop()


@pytest.fixture(scope="session")
def settings(moto_endpoint: str) -> Settings:
    return Settings.from_env(
        {
            **test_environment(),
            "AWS_ENDPOINT_URL": moto_endpoint,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
        }
    )


@pytest.fixture(scope="session")
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    await _recreate_database()
    await asyncio.to_thread(upgrade, settings)
    engine = create_async_engine(settings.database_url, poolclass=NullPool)
    yield engine
    await engine.dispose()


@pytest.fixture
async def connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """One connection per test inside a transaction that is always rolled back."""
    async with engine.connect() as conn:
        outer = await conn.begin()
        try:
            yield conn
        finally:
            await outer.rollback()


@pytest.fixture
def db(connection: AsyncConnection) -> BoundDatabase:
    return BoundDatabase(connection)


@pytest.fixture
async def redis_client() -> AsyncIterator[aioredis.Redis]:
    client = aioredis.Redis.from_url(TEST_REDIS_URL)
    await client.flushdb()
    yield client
    await client.flushdb()
    await client.aclose()


@pytest.fixture
def task_queue() -> RecordingTaskQueue:
    return RecordingTaskQueue()


@pytest.fixture
def runtime(
    settings: Settings, db: BoundDatabase, redis_client: aioredis.Redis, task_queue: RecordingTaskQueue
) -> Runtime:
    return _TestRuntime(settings=settings, database=db, redis=redis_client, tasks=task_queue)


class _TestRuntime(Runtime):
    async def close(self) -> None:
        """The fixtures own the connection and the Redis client."""


@pytest.fixture
def app(settings: Settings, runtime: Runtime) -> Starlette:
    return create_app(settings, runtime_factory=lambda _: runtime)


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://localhost:6011") as http:
            yield http


@pytest.fixture(scope="session", autouse=True)
async def _close_s3_clients() -> AsyncIterator[None]:
    """S3 clients are kept open per event loop for speed; close the session loop's ones at the end."""
    yield
    await close_object_stores()
