"""What a task queue raises when the broker cannot take a message (down, unreachable, out of memory).

Callers that keep the work in PostgreSQL catch these and leave it to a sweeper instead of failing.
"""

from __future__ import annotations

from typing import Final

import dramatiq.errors
from redis.exceptions import RedisError

# RedisTaskQueue raises RedisError (ConnectionError, TimeoutError, ResponseError such as OOM); Dramatiq's
# RabbitMQ broker raises its own ConnectionError family; sockets may raise OSError before either wraps it.
BROKER_ERRORS: Final[tuple[type[Exception], ...]] = (RedisError, dramatiq.errors.BrokerError, OSError)
