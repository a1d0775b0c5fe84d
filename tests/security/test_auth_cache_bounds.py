"""The auth cache under a flood of random issuers: unknown ones are cached negatively and kept apart, and
the cache evicts the least recently used entries rather than everything at once."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncConnection

import notify_api.cache
from notify_api.cache import TtlCache
from notify_api.runtime import Runtime
from tests.factories import create_api_key, create_service
from tests.helpers import service_headers


class CountingLoader:
    def __init__(self) -> None:
        self.loads: list[str] = []

    async def __call__(self, key: str) -> str | None:
        self.loads.append(key)
        return None if key.startswith("unknown") else f"value of {key}"


async def test_least_recently_used_entries_are_evicted_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(notify_api.cache, "MAX_ENTRIES", 3)
    loader = CountingLoader()
    cache: TtlCache[str, str | None] = TtlCache(loader, 60.0)
    for key in ("a", "b", "c"):
        await cache.get(key)
    await cache.get("a")  # a is now the most recently used

    await cache.get("d")  # evicts b only
    await cache.get("a")
    await cache.get("c")

    assert loader.loads == ["a", "b", "c", "d"]


async def test_a_flood_of_unknown_keys_cannot_evict_known_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(notify_api.cache, "MAX_ENTRIES", 10)
    loader = CountingLoader()
    cache: TtlCache[str, str | None] = TtlCache(loader, 60.0, negative=lambda value: value is None)
    await cache.get("real-service")

    for number in range(1000):
        assert await cache.get(f"unknown-{number}") is None

    assert await cache.get("real-service") == "value of real-service"
    assert loader.loads.count("real-service") == 1


async def test_an_unknown_key_is_cached_negatively(monkeypatch: pytest.MonkeyPatch) -> None:
    loader = CountingLoader()
    cache: TtlCache[str, str | None] = TtlCache(loader, 60.0, negative=lambda value: value is None)

    for _ in range(5):
        assert await cache.get("unknown-issuer") is None

    assert loader.loads == ["unknown-issuer"]


async def test_random_issuers_do_not_evict_a_real_service_from_the_auth_cache(
    client: httpx.AsyncClient, connection: AsyncConnection, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(notify_api.cache, "MAX_ENTRIES", 5)
    monkeypatch.setattr(
        runtime, "auth_cache", type(runtime.auth_cache)(runtime.database, runtime.encryption, 60.0)
    )
    service = await create_service(connection)
    key = await create_api_key(connection, service.id)
    assert (
        await client.get("/v2/notifications", headers=service_headers(service.id, key.secret))
    ).status_code == 200

    for _ in range(50):
        stranger = service_headers(uuid.uuid4(), "a-secret-nobody-has-" + "x" * 16)
        assert (await client.get("/v2/notifications", headers=stranger)).status_code == 403

    await connection.execute(
        __import__("sqlalchemy").text(
            "UPDATE api_keys SET expiry_date = now() - interval '1 day' WHERE id = :id"
        ),
        {"id": key.id},
    )
    # Still cached (60 s): a reload would have seen the revoked key.
    assert (
        await client.get("/v2/notifications", headers=service_headers(service.id, key.secret))
    ).status_code == 200
