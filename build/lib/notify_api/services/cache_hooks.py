"""After-commit actions that keep per-process caches in step with service changes."""

from __future__ import annotations

import uuid

from notify_api.db.database import UnitOfWork
from notify_api.runtime import Runtime


def forget_service_after_commit(work: UnitOfWork, runtime: Runtime, service_id: uuid.UUID) -> None:
    """Once the change is committed, drop this process's cached service, keys, senders and recipients."""

    async def forget() -> None:
        runtime.forget_service(service_id)

    work.after_commit(forget)
