"""Security keys (WebAuthn credentials) registered by a user, and signing in with one.

The admin frontend does the WebAuthn ceremony; we store what it hands us and count failed attempts.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.users import webauthn_credential
from notify_api.errors import InvalidRequest, NotFoundError
from notify_api.timeutils import format_datetime, utc_now
from notify_api.users import queries
from notify_api.users.types import MAX_VERIFY_CODE_COUNT, User

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


@dataclass(frozen=True, slots=True)
class WebauthnCredential:
    id: uuid.UUID
    user_id: uuid.UUID
    name: str
    credential_data: str
    created_at: datetime
    updated_at: datetime | None

    def serialize(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "user_id": str(self.user_id),
            "name": self.name,
            "credential_data": self.credential_data,
            "created_at": format_datetime(self.created_at),
            "updated_at": format_datetime(self.updated_at),
        }


_CREDENTIAL = select(
    webauthn_credential.c.id,
    webauthn_credential.c.user_id,
    webauthn_credential.c.name,
    webauthn_credential.c.credential_data,
    webauthn_credential.c.created_at,
    webauthn_credential.c.updated_at,
)


async def list_credentials(connection: AsyncConnection, user_id: uuid.UUID) -> list[WebauthnCredential]:
    rows = await connection.execute(
        _CREDENTIAL.where(webauthn_credential.c.user_id == user_id).order_by(webauthn_credential.c.created_at)
    )
    return [WebauthnCredential(*row) for row in rows]


async def get_credential(
    connection: AsyncConnection, user_id: uuid.UUID, credential_id: uuid.UUID
) -> WebauthnCredential:
    row = (
        await connection.execute(
            _CREDENTIAL.where(
                webauthn_credential.c.user_id == user_id, webauthn_credential.c.id == credential_id
            )
        )
    ).one_or_none()
    if row is None:
        raise NotFoundError()
    return WebauthnCredential(*row)


async def create_credential(
    connection: AsyncConnection,
    user_id: uuid.UUID,
    name: str,
    credential_data: str,
    registration_response: str,
) -> WebauthnCredential:
    credential_id = uuid.uuid4()
    await connection.execute(
        webauthn_credential.insert().values(
            id=credential_id,
            user_id=user_id,
            name=name,
            credential_data=credential_data,
            registration_response=registration_response,
            created_at=utc_now(),
        )
    )
    return await get_credential(connection, user_id, credential_id)


async def rename_credential(
    connection: AsyncConnection, user_id: uuid.UUID, credential_id: uuid.UUID, name: str
) -> WebauthnCredential:
    await get_credential(connection, user_id, credential_id)
    await connection.execute(
        update(webauthn_credential)
        .where(webauthn_credential.c.id == credential_id)
        .values(name=name, updated_at=utc_now())
    )
    return await get_credential(connection, user_id, credential_id)


async def delete_credential(
    connection: AsyncConnection, user_id: uuid.UUID, credential_id: uuid.UUID
) -> None:
    """Remove a key, unless it is the user's last one (they could no longer sign in)."""
    await get_credential(connection, user_id, credential_id)
    count = await connection.execute(select(func.count()).where(webauthn_credential.c.user_id == user_id))
    if count.scalar_one() <= 1:
        raise InvalidRequest(LAST_CREDENTIAL, 400)
    await connection.execute(delete(webauthn_credential).where(webauthn_credential.c.id == credential_id))


async def record_login_attempt(connection: AsyncConnection, user: User, successful: bool) -> None:
    """Sign the user in after the admin verified their key, or count the failure."""
    if user.failed_login_count >= MAX_VERIFY_CODE_COUNT:
        raise InvalidRequest(TOO_MANY_ATTEMPTS, 403)
    if successful:
        signed_in = {"current_session_id": uuid.uuid4(), "logged_in_at": utc_now(), "failed_login_count": 0}
        await queries.update_user(connection, user.id, signed_in)
    else:
        await queries.increment_failed_login_count(connection, user.id)
