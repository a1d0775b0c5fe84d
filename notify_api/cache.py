"""A tiny per-process TTL cache whose concurrent misses for one key share a single load.

Used for the hot path of the public API (service and keys, templates, senders): a value is at most
``ttl_seconds`` stale, which is how long an admin change can take to reach every API process.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

# Bound the memory a process can spend on cached entries (a service id is ~100 bytes of key).
MAX_ENTRIES = 50_000


class TtlCache(Generic[K, V]):
    def __init__(self, loader: Callable[[K], Awaitable[V]], ttl_seconds: float) -> None:
        self._loader = loader
        self._ttl = ttl_seconds
        self._entries: dict[K, tuple[float, V]] = {}
        self._loading: dict[K, asyncio.Future[V]] = {}

    async def get(self, key: K) -> V:
        entry = self._entries.get(key)
        if entry is not None and entry[0] >= time.monotonic():
            return entry[1]
        pending = self._loading.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        return await self._load(key)

    def invalidate(self, key: K) -> None:
        self._entries.pop(key, None)

    def clear(self) -> None:
        self._entries.clear()

    async def _load(self, key: K) -> V:
        future: asyncio.Future[V] = asyncio.get_running_loop().create_future()
        self._loading[key] = future
        try:
            value = await self._loader(key)
        except BaseException as error:
            future.set_exception(error)
            future.exception()  # retrieved here; waiters re-raise it themselves
            raise
        finally:
            del self._loading[key]
        future.set_result(value)
        if len(self._entries) >= MAX_ENTRIES:
            self._entries.clear()
        self._entries[key] = (time.monotonic() + self._ttl, value)
        return value
