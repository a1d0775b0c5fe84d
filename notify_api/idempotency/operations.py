"""Taking, answering and releasing an idempotency key."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Final

from notify_api.db.database import Database
from notify_api.errors import NotifyError
from notify_api.idempotency.queries import (
    claim_key,
    delete_expired_keys,
    release_key,
    store_response,
    stored_key,
)
from notify_api.timeutils import utc_now

KEPT_FOR: Final = timedelta(hours=24)
MAX_KEY_LENGTH: Final = 255


class IdempotencyError(NotifyError):
    error_name = "IdempotencyError"


class KeyState(Enum):
    NEW = "new"  # taken for this request: send, then store the response
    REPLAY = "replay"  # answered before: give that answer again


@dataclass(frozen=True, slots=True)
class KeyClaim:
    state: KeyState
    response_status: int | None = None
    response_body: bytes | None = None


def fingerprint(path: str, body: bytes) -> str:
    return hashlib.sha256(path.encode() + b"\n" + body).hexdigest()


def check_key(key: str) -> None:
    if not key.strip() or len(key) > MAX_KEY_LENGTH:
        raise IdempotencyError(f"Idempotency-Key must be between 1 and {MAX_KEY_LENGTH} characters", 400)


async def claim(database: Database, service_id: uuid.UUID, key: str, request_fingerprint: str) -> KeyClaim:
    """The key taken for this request, the earlier answer to replay, or a 422 (another body) or 409 (the
    first request with this key has not been answered yet)."""
    now = utc_now()
    async with database.autocommit() as connection:
        if await claim_key(
            connection, service_id, key, request_fingerprint, now=now, expired_before=now - KEPT_FOR
        ):
            return KeyClaim(KeyState.NEW)
        existing = await stored_key(connection, service_id, key, taken_since=now - KEPT_FOR)
    if existing is None:  # released between the two statements: the caller may simply retry
        raise IdempotencyError(f"A request with Idempotency-Key '{key}' is still being processed", 409)
    if existing.fingerprint != request_fingerprint:
        raise IdempotencyError(
            f"Idempotency-Key '{key}' was already used with a different request", status_code=422
        )
    if existing.response_status is None:
        raise IdempotencyError(f"A request with Idempotency-Key '{key}' is still being processed", 409)
    return KeyClaim(KeyState.REPLAY, existing.response_status, existing.response_body)


def expired_before() -> datetime:
    """Keys taken before this have expired: they neither answer retries nor block a new use."""
    return utc_now() - KEPT_FOR


async def earlier_answer(
    database: Database, service_id: uuid.UUID, key: str, request_fingerprint: str
) -> KeyClaim | None:
    """The answer to replay for a key already used, None for a key not (or no longer) in use; a 422 when it
    was used with another body, a 409 while its first request has not been answered."""
    async with database.read() as connection:
        existing = await stored_key(connection, service_id, key, taken_since=expired_before())
    if existing is None:
        return None
    if existing.fingerprint != request_fingerprint:
        raise IdempotencyError(
            f"Idempotency-Key '{key}' was already used with a different request", status_code=422
        )
    if existing.response_status is None or existing.response_body is None:
        raise IdempotencyError(f"A request with Idempotency-Key '{key}' is still being processed", 409)
    return KeyClaim(KeyState.REPLAY, existing.response_status, existing.response_body)


async def remember(database: Database, service_id: uuid.UUID, key: str, status: int, body: bytes) -> None:
    async with database.autocommit() as connection:
        await store_response(connection, service_id, key, status, body)


async def release(database: Database, service_id: uuid.UUID, key: str) -> None:
    """The request failed: the key is free again, so a corrected retry is not refused."""
    async with database.autocommit() as connection:
        await release_key(connection, service_id, key)


async def delete_expired(database: Database) -> int:
    async with database.autocommit() as connection:
        return await delete_expired_keys(connection, expired_before=utc_now() - KEPT_FOR)
