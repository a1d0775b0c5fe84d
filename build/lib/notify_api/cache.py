"""A tiny per-process TTL cache whose concurrent misses for one key share a single load.

Used for the hot path of the public API (service and keys, templates, senders): a value is at most
``ttl_seconds`` stale, which is how long an admin change can take to reach every API process.

Keys can come from strangers (the ``iss`` of an unverified token), so the cache is bounded and evicts the
least recently used entry, never everything at once. Values the ``negative`` predicate marks as "nothing
there" (an unknown service) are cached too, so repeating one costs no database round trip, but in a pool of
their own: a flood of made-up keys only evicts other made-up keys, never a real service.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

# Bound the memory a process can spend on cached entries (a service id is ~100 bytes of key); the pool of
# negative entries has the same bound, separately.
MAX_ENTRIES = 50_000


class _LruPool(Generic[K, V]):
    def __init__(self) -> None:
        self.entries: OrderedDict[K, tuple[float, V]] = OrderedDict()

    def fresh(self, key: K, now: float) -> tuple[float, V] | None:
        entry = self.entries.get(key)
        if entry is None or entry[0] < now:
            return None
        self.entries.move_to_end(key)
        return entry

    def put(self, key: K, expires: float, value: V) -> None:
        self.entries[key] = (expires, value)
        self.entries.move_to_end(key)
        while len(self.entries) > MAX_ENTRIES:
            self.entries.popitem(last=False)


class TtlCache(Generic[K, V]):
    def __init__(
        self,
        loader: Callable[[K], Awaitable[V]],
        ttl_seconds: float,
        *,
        negative: Callable[[V], bool] | None = None,
    ) -> None:
        self._loader = loader
        self._ttl = ttl_seconds
        self._is_negative = negative
        self._known: _LruPool[K, V] = _LruPool()
        self._unknown: _LruPool[K, V] = _LruPool()
        self._loading: dict[K, asyncio.Future[V]] = {}

    async def get(self, key: K) -> V:
        now = time.monotonic()
        entry = self._known.fresh(key, now) or self._unknown.fresh(key, now)
        if entry is not None:
            return entry[1]
        pending = self._loading.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        return await self._load(key)

    def invalidate(self, key: K) -> None:
        self._known.entries.pop(key, None)
        self._unknown.entries.pop(key, None)

    def clear(self) -> None:
        self._known.entries.clear()
        self._unknown.entries.clear()

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
        negative = self._is_negative is not None and self._is_negative(value)
        pool = self._unknown if negative else self._known
        other = self._known if negative else self._unknown
        other.entries.pop(key, None)  # a key lives in one pool only
        pool.put(key, time.monotonic() + self._ttl, value)
        return value
