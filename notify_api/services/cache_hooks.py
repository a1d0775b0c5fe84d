"""After-commit actions that keep per-process caches in step with service changes."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

from notify_api.authentication.service import ServiceAuthCache
from notify_api.db.database import UnitOfWork


def invalidate_auth_after_commit(work: UnitOfWork, cache: ServiceAuthCache, service_id: uuid.UUID) -> None:
    """Forget the cached service and keys once the change is committed, so auth sees it at once."""
    work.after_commit(_invalidator(cache, service_id))


def _invalidator(cache: ServiceAuthCache, service_id: uuid.UUID) -> Callable[[], Awaitable[None]]:
    async def invalidate() -> None:
        cache.invalidate(service_id)

    return invalidate
