"""Invitation SQL."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.memberships import invited_organisation_users, invited_users
from notify_api.db.tables.users import users
from notify_api.invites.types import Inviter, OrganisationInvite, ServiceInvite
from notify_api.timeutils import utc_now

_SERVICE_INVITES = select(
    invited_users.c.id,
    invited_users.c.service_id,
    invited_users.c.user_id.label("from_user_id"),
    invited_users.c.email_address,
    invited_users.c.permissions,
    invited_users.c.status,
    invited_users.c.created_at,
    invited_users.c.auth_type,
    invited_users.c.folder_permissions,
)
_ORGANISATION_INVITES = select(
    invited_organisation_users.c.id,
    invited_organisation_users.c.organisation_id,
    invited_organisation_users.c.invited_by_id,
    invited_organisation_users.c.email_address,
    invited_organisation_users.c.status,
    invited_organisation_users.c.created_at,
)


def _service_invite(row: Any) -> ServiceInvite:
    mapping = dict(row._mapping)
    mapping["folder_permissions"] = tuple(str(item) for item in mapping["folder_permissions"] or ())
    return ServiceInvite(**mapping)


async def get_inviter(connection: AsyncConnection, user_id: uuid.UUID) -> Inviter | None:
    query = select(users.c.id, users.c.name, users.c.email_address, users.c.platform_admin).where(
        users.c.id == user_id
    )
    row = (await connection.execute(query)).one_or_none()
    return Inviter(*row) if row else None


async def insert_service_invite(
    connection: AsyncConnection,
    *,
    service_id: uuid.UUID,
    from_user_id: uuid.UUID,
    email_address: str,
    permissions: str,
    auth_type: str,
    folder_permissions: list[str],
) -> uuid.UUID:
    invite_id = uuid.uuid4()
    await connection.execute(
        insert(invited_users).values(
            id=invite_id,
            service_id=service_id,
            user_id=from_user_id,
            email_address=email_address,
            permissions=permissions,
            auth_type=auth_type,
            folder_permissions=folder_permissions,
            status="pending",
            created_at=utc_now(),
        )
    )
    return invite_id


async def get_service_invite(
    connection: AsyncConnection, invite_id: uuid.UUID, *, service_id: uuid.UUID | None = None
) -> ServiceInvite | None:
    query = _SERVICE_INVITES.where(invited_users.c.id == invite_id)
    if service_id is not None:
        query = query.where(invited_users.c.service_id == service_id)
    row = (await connection.execute(query)).one_or_none()
    return _service_invite(row) if row else None


async def list_service_invites(connection: AsyncConnection, service_id: uuid.UUID) -> list[ServiceInvite]:
    query = _SERVICE_INVITES.where(invited_users.c.service_id == service_id).order_by(
        invited_users.c.created_at
    )
    return [_service_invite(row) for row in await connection.execute(query)]


async def set_service_invite_status(connection: AsyncConnection, invite_id: uuid.UUID, status: str) -> None:
    await connection.execute(
        update(invited_users).where(invited_users.c.id == invite_id).values(status=status)
    )


async def insert_organisation_invite(
    connection: AsyncConnection, *, organisation_id: uuid.UUID, invited_by_id: uuid.UUID, email_address: str
) -> uuid.UUID:
    invite_id = uuid.uuid4()
    await connection.execute(
        insert(invited_organisation_users).values(
            id=invite_id,
            organisation_id=organisation_id,
            invited_by_id=invited_by_id,
            email_address=email_address,
            status="pending",
            created_at=utc_now(),
        )
    )
    return invite_id


async def get_organisation_invite(
    connection: AsyncConnection, invite_id: uuid.UUID, *, organisation_id: uuid.UUID | None = None
) -> OrganisationInvite | None:
    query = _ORGANISATION_INVITES.where(invited_organisation_users.c.id == invite_id)
    if organisation_id is not None:
        query = query.where(invited_organisation_users.c.organisation_id == organisation_id)
    row = (await connection.execute(query)).one_or_none()
    return OrganisationInvite(**row._mapping) if row else None


async def list_organisation_invites(
    connection: AsyncConnection, organisation_id: uuid.UUID
) -> list[OrganisationInvite]:
    query = _ORGANISATION_INVITES.where(
        invited_organisation_users.c.organisation_id == organisation_id
    ).order_by(invited_organisation_users.c.created_at)
    return [OrganisationInvite(**row._mapping) for row in await connection.execute(query)]


async def set_organisation_invite_status(
    connection: AsyncConnection, invite_id: uuid.UUID, status: str
) -> None:
    await connection.execute(
        update(invited_organisation_users)
        .where(invited_organisation_users.c.id == invite_id)
        .values(status=status)
    )
