"""Fixtures for delivery tests: the provider simulator in-process, moto for SES, clients wired to both.

Fakes sit at the network edge only: the simulator is our MMG/Firetext stand-in served through httpx's ASGI
transport, SES is moto on a local port; the database is the real test database, rolled back per test.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator

import httpx
import pytest
import redis.asyncio as aioredis

from notify_api.db.database import BoundDatabase
from notify_api.runtime import Runtime
from notify_api.settings import Settings
from notify_dev.simulator import ProviderSimulator
from notify_workers.delivery.clients import DeliveryClients, build_delivery_clients
from notify_workers.providers.ses import SesClient
from tests.task_queue import RecordingTaskQueue
from tests.workers.delivery.delivery_fakes import RecordingAsgi, RecordingReceiptPoster

SIMULATOR_BASE = "http://simulator.test"


@pytest.fixture
def delivery_settings(settings: Settings, moto_endpoint: str) -> Settings:
    return dataclasses.replace(
        settings,
        aws_endpoint_url=moto_endpoint,
        mmg_url=f"{SIMULATOR_BASE}/mmg",
        firetext_url=f"{SIMULATOR_BASE}/firetext",
        provider_timeout_seconds=5.0,
    )


class _DeliveryTestRuntime(Runtime):
    async def close(self) -> None:
        """The fixtures own the connection and the Redis client."""


@pytest.fixture
def delivery_runtime(
    delivery_settings: Settings,
    db: BoundDatabase,
    redis_client: aioredis.Redis,
    task_queue: RecordingTaskQueue,
) -> Runtime:
    return _DeliveryTestRuntime(settings=delivery_settings, database=db, redis=redis_client, tasks=task_queue)


@pytest.fixture
async def simulator() -> AsyncIterator[ProviderSimulator]:
    app = ProviderSimulator(receipt_poster=RecordingReceiptPoster(), receipt_delay=0.0)
    yield app
    await app.aclose()


@pytest.fixture
def provider_requests(simulator: ProviderSimulator) -> RecordingAsgi:
    """The simulator, keeping a copy of every request the provider clients make."""
    return RecordingAsgi(simulator)


@pytest.fixture
async def clients(
    delivery_settings: Settings, provider_requests: RecordingAsgi
) -> AsyncIterator[DeliveryClients]:
    http = httpx.AsyncClient(transport=httpx.ASGITransport(app=provider_requests), timeout=5.0)
    built = build_delivery_clients(delivery_settings, http=http, email=SesClient(delivery_settings))
    yield built
    await built.aclose()
