"""Security key (WebAuthn credential) SQL. Never commits."""

from __future__ import annotations

import uuid

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.users import webauthn_credential
from notify_api.timeutils import utc_now
from notify_api.users.types import WebauthnCredential

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


async def find_credential(
    connection: AsyncConnection, user_id: uuid.UUID, credential_id: uuid.UUID
) -> WebauthnCredential | None:
    row = (
        await connection.execute(
            _CREDENTIAL.where(
                webauthn_credential.c.user_id == user_id, webauthn_credential.c.id == credential_id
            )
        )
    ).one_or_none()
    return None if row is None else WebauthnCredential(*row)


async def insert_credential(
    connection: AsyncConnection,
    user_id: uuid.UUID,
    name: str,
    credential_data: str,
    registration_response: str,
) -> uuid.UUID:
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
    return credential_id


async def rename_credential(connection: AsyncConnection, credential_id: uuid.UUID, name: str) -> None:
    await connection.execute(
        update(webauthn_credential)
        .where(webauthn_credential.c.id == credential_id)
        .values(name=name, updated_at=utc_now())
    )


async def count_credentials(connection: AsyncConnection, user_id: uuid.UUID) -> int:
    count = await connection.execute(select(func.count()).where(webauthn_credential.c.user_id == user_id))
    return int(count.scalar_one())


async def delete_credential(connection: AsyncConnection, credential_id: uuid.UUID) -> None:
    await connection.execute(delete(webauthn_credential).where(webauthn_credential.c.id == credential_id))
