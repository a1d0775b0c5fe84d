"""The worker process's runtime (database pool, Redis, task queue), created on first use.

Dramatiq's AsyncIO middleware runs every async actor of a process on one event loop, so one runtime per
process is shared by all of its actors; it is created inside that loop the first time an actor needs it.
Actors stay thin: they fetch the runtime and call an inner async function that tests call directly.
"""

from __future__ import annotations

from notify_api.runtime import Runtime, build_runtime
from notify_api.settings import Settings

_runtime: Runtime | None = None


def worker_runtime() -> Runtime:
    global _runtime
    if _runtime is None:
        settings = Settings.from_env()
        # Threads per process bound the concurrency; a small pool per process is enough.
        _runtime = build_runtime(settings, pool_size=max(2, settings.db_pool_size // 2))
    return _runtime


async def close_worker_runtime() -> None:
    global _runtime
    if _runtime is not None:
        await _runtime.close()
        _runtime = None
