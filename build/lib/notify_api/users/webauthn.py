"""Security keys (WebAuthn credentials) registered by a user, and signing in with one.

The admin frontend does the WebAuthn ceremony; we store what it hands us and count failed attempts.
"""

from __future__ import annotations

import uuid
from typing import Any, Final

from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.errors import InvalidRequest, NotFoundError
from notify_api.timeutils import utc_now
from notify_api.users.queries import accounts
from notify_api.users.queries import webauthn as queries
from notify_api.users.types import MAX_VERIFY_CODE_COUNT, User, WebauthnCredential

LAST_CREDENTIAL: Final = "Cannot delete last remaining webauthn credential for user"
TOO_MANY_ATTEMPTS: Final = "Maximum login count exceeded"

_NON_EMPTY_STRING: Final = {"type": "string", "minLength": 1}
CREATE_CREDENTIAL_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "properties": {
        "name": _NON_EMPTY_STRING,
        "credential_data": _NON_EMPTY_STRING,
        "registration_response": _NON_EMPTY_STRING,
    },
    "required": ["name", "credential_data", "registration_response"],
    "additionalProperties": False,
}
RENAME_CREDENTIAL_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "properties": {"name": _NON_EMPTY_STRING},
    "required": ["name"],
    "additionalProperties": False,
}
LOGIN_ATTEMPT_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "properties": {"successful": {"type": "boolean"}},
    "required": ["successful"],
    "additionalProperties": False,
}


async def list_credentials(connection: AsyncConnection, user_id: uuid.UUID) -> list[WebauthnCredential]:
    return await queries.list_credentials(connection, user_id)


async def get_credential(
    connection: AsyncConnection, user_id: uuid.UUID, credential_id: uuid.UUID
) -> WebauthnCredential:
    credential = await queries.find_credential(connection, user_id, credential_id)
    if credential is None:
        raise NotFoundError()
    return credential


async def create_credential(
    connection: AsyncConnection,
    user_id: uuid.UUID,
    name: str,
    credential_data: str,
    registration_response: str,
) -> WebauthnCredential:
    credential_id = await queries.insert_credential(
        connection, user_id, name, credential_data, registration_response
    )
    return await get_credential(connection, user_id, credential_id)


async def rename_credential(
    connection: AsyncConnection, user_id: uuid.UUID, credential_id: uuid.UUID, name: str
) -> WebauthnCredential:
    await get_credential(connection, user_id, credential_id)
    await queries.rename_credential(connection, credential_id, name)
    return await get_credential(connection, user_id, credential_id)


async def delete_credential(
    connection: AsyncConnection, user_id: uuid.UUID, credential_id: uuid.UUID
) -> None:
    """Remove a key, unless it is the user's last one (they could no longer sign in)."""
    await get_credential(connection, user_id, credential_id)
    if await queries.count_credentials(connection, user_id) <= 1:
        raise InvalidRequest(LAST_CREDENTIAL, 400)
    await queries.delete_credential(connection, credential_id)


async def record_login_attempt(connection: AsyncConnection, user: User, successful: bool) -> None:
    """Sign the user in after the admin verified their key, or count the failure."""
    if user.failed_login_count >= MAX_VERIFY_CODE_COUNT:
        raise InvalidRequest(TOO_MANY_ATTEMPTS, 403)
    if successful:
        signed_in = {"current_session_id": uuid.uuid4(), "logged_in_at": utc_now(), "failed_login_count": 0}
        await accounts.update_user(connection, user.id, signed_in)
    else:
        await accounts.increment_failed_login_count(connection, user.id)
