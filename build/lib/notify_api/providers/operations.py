"""Rules for changing a provider from the admin API: only its priority, whether it is active, and who."""

from __future__ import annotations

import uuid
from typing import Any, Final

from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.errors import InvalidRequest, NotFoundError
from notify_api.providers import queries
from notify_api.providers.types import ProviderDetail
from notify_api.users.queries.accounts import user_exists
from notify_api.validation import validate
from notify_api.validation.schemas import UUID

UPDATABLE: Final = frozenset({"priority", "active", "created_by"})
UPDATE_PROVIDER: Final = {
    "type": "object",
    "properties": {
        "priority": {"type": "integer", "minimum": 0, "maximum": 100},
        "active": {"type": "boolean"},
        "created_by": UUID,
    },
}


async def update_provider(
    connection: AsyncConnection, provider_id: uuid.UUID, body: dict[str, Any]
) -> ProviderDetail:
    """Every accepted update is a new version in provider_details_history."""
    refused = sorted(set(body) - UPDATABLE)
    if refused:
        raise InvalidRequest({key: ["Not permitted to be updated"] for key in refused}, 400)
    validate(body, UPDATE_PROVIDER)
    changes: dict[str, Any] = {key: body[key] for key in ("priority", "active") if key in body}
    if "created_by" in body:
        user_id = uuid.UUID(body["created_by"])
        if not await user_exists(connection, user_id):
            raise NotFoundError()
        changes["created_by_id"] = user_id
    if not await queries.save_provider_version(connection, provider_id, changes):
        raise NotFoundError()
    provider = await queries.get_provider(connection, provider_id)
    assert provider is not None
    return provider
