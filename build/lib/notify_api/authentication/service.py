"""Public API auth: a JWT whose ``iss`` is the service id, signed with one of that service's API keys.

The service and its keys are cached in-process for ``AUTH_CACHE_SECONDS`` (2 s by default), so a revoked key
stops working within that window, and a busy service costs one database round trip every 2 s per process.
An issuer that is no service is cached as unknown for the same time, apart from real services, so random
issuers can neither make every request a database query nor push real services out of the cache.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

from notify_api.api_keys.queries import load_usable_api_keys
from notify_api.api_keys.types import LoadedApiKey
from notify_api.authentication.jwt_tokens import bearer_token, find_signing_key, unverified_issuer
from notify_api.cache import TtlCache
from notify_api.crypto import Encryption
from notify_api.db.database import Database
from notify_api.errors import AuthError
from notify_api.services.queries.reads import get_service_summary
from notify_api.services.types import ServiceSummary

WRONG_ISS_TYPE: Final = "Invalid token: service id is not the right data type"
SERVICE_NOT_FOUND: Final = "Invalid token: service not found"
NO_API_KEYS: Final = "Invalid token: service has no API keys"
SERVICE_ARCHIVED: Final = "Invalid token: service is archived"
KEY_REVOKED: Final = "Invalid token: API key revoked"


@dataclass(frozen=True, slots=True)
class AuthenticatedService:
    service: ServiceSummary
    api_key: LoadedApiKey


class ServiceAuthCache:
    """Per-process cache of a service and its usable keys."""

    def __init__(self, database: Database, encryption: Encryption, ttl_seconds: float) -> None:
        self._database = database
        self._encryption = encryption
        self._cache: TtlCache[uuid.UUID, tuple[ServiceSummary | None, tuple[LoadedApiKey, ...]]] = TtlCache(
            self._load, ttl_seconds, negative=_unknown_service
        )

    async def get(self, service_id: uuid.UUID) -> tuple[ServiceSummary | None, tuple[LoadedApiKey, ...]]:
        return await self._cache.get(service_id)

    def invalidate(self, service_id: uuid.UUID) -> None:
        self._cache.invalidate(service_id)

    async def _load(self, service_id: uuid.UUID) -> tuple[ServiceSummary | None, tuple[LoadedApiKey, ...]]:
        now = datetime.now(UTC).replace(tzinfo=None)
        async with self._database.read() as connection:
            service = await get_service_summary(connection, service_id)
            keys = (
                await load_usable_api_keys(connection, service_id, self._encryption, now) if service else []
            )
        return service, tuple(keys)


def _unknown_service(loaded: tuple[ServiceSummary | None, tuple[LoadedApiKey, ...]]) -> bool:
    return loaded[0] is None


def _service_id_from(issuer: object) -> uuid.UUID:
    try:
        return uuid.UUID(issuer)  # type: ignore[arg-type]
    except (ValueError, TypeError, AttributeError) as error:
        raise AuthError(WRONG_ISS_TYPE) from error


async def authenticate_service(authorization: str | None, cache: ServiceAuthCache) -> AuthenticatedService:
    token = bearer_token(authorization)
    service_id = _service_id_from(unverified_issuer(token))
    service, keys = await cache.get(service_id)
    if service is None:
        raise AuthError(SERVICE_NOT_FOUND)
    if not keys:
        raise AuthError(NO_API_KEYS)
    if not service.active:
        raise AuthError(SERVICE_ARCHIVED)
    api_key = find_signing_key(token, ((key, key.secret) for key in keys))
    if api_key.revoked:
        raise AuthError(KEY_REVOKED)
    return AuthenticatedService(service=service, api_key=api_key)
