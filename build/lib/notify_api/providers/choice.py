"""Which provider sends a message: weighted random by priority among active providers (spec §3.4).

Active providers are read at most every ``cache_seconds`` per process and per (type, international), so a
busy worker does not ask the database for every message; priority changes (failover, admin edits) are
picked up within that time.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from typing import Final

from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.providers import queries
from notify_api.providers.types import ActiveProvider

PROVIDER_CACHE_SECONDS: Final = 10.0


class NoActiveProviderError(LookupError):
    def __init__(self, notification_type: str) -> None:
        super().__init__(f"No active {notification_type} providers")
        self.notification_type = notification_type


def pick_weighted(
    providers: Sequence[ActiveProvider], notification_type: str, rng: random.Random | None = None
) -> str:
    """One provider, chosen with probability proportional to its priority (uniformly if all are 0)."""
    if not providers:
        raise NoActiveProviderError(notification_type)
    if len(providers) == 1:
        return providers[0].identifier
    chooser = rng or random
    weights = [max(0, provider.priority) for provider in providers]
    if sum(weights) == 0:
        return chooser.choice(providers).identifier
    return chooser.choices(providers, weights=weights)[0].identifier


class ProviderChooser:
    """Per-process chooser with a short cache of the active providers."""

    def __init__(
        self,
        *,
        cache_seconds: float = PROVIDER_CACHE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
    ) -> None:
        self._cache_seconds = cache_seconds
        self._clock = clock
        self._rng = rng
        self._cache: dict[tuple[str, bool], tuple[float, list[ActiveProvider]]] = {}

    async def choose(
        self, connection: AsyncConnection, notification_type: str, *, international: bool
    ) -> str:
        key = (notification_type, international)
        cached = self._cache.get(key)
        now = self._clock()
        if cached is None or now - cached[0] >= self._cache_seconds:
            providers = await queries.active_providers(
                connection, notification_type, international=international
            )
            self._cache[key] = (now, providers)
        else:
            providers = cached[1]
        return pick_weighted(providers, notification_type, self._rng)

    def forget(self) -> None:
        """Read the providers again on the next choice (after this process changed priorities)."""
        self._cache.clear()
