"""Cancelling a message by id with dramatiq-abort: a pending one is skipped, a running one is asked to stop.

Only actors declared ``abortable=True`` take part (``process-job``, whose message id is its job's id). A
running job checks for the request between batches and stops cleanly; if it has not stopped after
``GRACE_MS``, Dramatiq interrupts it (the rows it stored stay; deliveries not yet enqueued are picked up by
the outbox sweeper). Signals travel through Redis (the limits' Redis), in dramatiq-abort's own keys.

dramatiq-abort's ``[redis]`` extra pins redis<6, so its backend is given a client we build ourselves.
"""

from __future__ import annotations

import asyncio
from functools import cache
from typing import Final

import redis
from dramatiq_abort import Abortable
from dramatiq_abort.backends import RedisBackend
from dramatiq_abort.middleware import AbortMode

ABORT_TTL_MS: Final = 6 * 60 * 60 * 1000  # a cancelled message may wait on its queue this long
GRACE_MS: Final = 30_000


@cache
def abortable(redis_url: str) -> Abortable:
    """One middleware per process and Redis: workers add it to the broker, the API signals through it."""
    backend = RedisBackend(client=redis.Redis.from_url(redis_url))
    return Abortable(backend=backend, abortable=False, abort_ttl=ABORT_TTL_MS)


async def abort_message(redis_url: str, message_id: str) -> None:
    middleware = abortable(redis_url)
    await asyncio.to_thread(middleware.abort, message_id, None, AbortMode.ABORT, GRACE_MS)


def abort_was_requested(redis_url: str, message_id: str) -> bool:
    """Whether this process, running the message, has been asked to abort it."""
    return abortable(redis_url).get_abort_request(message_id) is not None
