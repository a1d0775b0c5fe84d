"""SQL for a service's team members and their permissions."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import and_, delete, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.memberships import (
    permissions,
    user_folder_permissions,
    user_to_organisation,
    user_to_service,
)
from notify_api.db.tables.organisations import organisation
from notify_api.db.tables.services import services
from notify_api.db.tables.templates import template_folder
from notify_api.db.tables.users import users
from notify_api.services.types import TeamMember

_MEMBER_COLUMNS = (
    users.c.id,
    users.c.name,
    users.c.email_address,
    users.c.mobile_number,
    users.c.auth_type,
    users.c.current_session_id,
    users.c.failed_login_count,
    users.c.email_access_validated_at,
    users.c.logged_in_at,
    users.c.password_changed_at,
    users.c.platform_admin,
    users.c.state,
)


async def user_name(connection: AsyncConnection, user_id: uuid.UUID) -> str | None:
    result = await connection.execute(select(users.c.name).where(users.c.id == user_id))
    name = result.scalar_one_or_none()
    return None if name is None else str(name)


async def member_ids(connection: AsyncConnection, service_id: uuid.UUID) -> list[uuid.UUID]:
    query = select(user_to_service.c.user_id).where(user_to_service.c.service_id == service_id)
    return list((await connection.execute(query)).scalars())


async def load_members(connection: AsyncConnection, user_ids: Iterable[uuid.UUID]) -> list[TeamMember]:
    """Users with their active services, organisations and per-service permissions, oldest first."""
    ids = list(user_ids)
    if not ids:
        return []
    rows = (
        await connection.execute(
            select(*_MEMBER_COLUMNS).where(users.c.id.in_(ids)).order_by(users.c.created_at, users.c.id)
        )
    ).all()
    service_rows = await connection.execute(
        select(user_to_service.c.user_id, user_to_service.c.service_id)
        .join(services, services.c.id == user_to_service.c.service_id)
        .where(user_to_service.c.user_id.in_(ids), services.c.active.is_(True))
        .order_by(services.c.created_at)
    )
    organisation_rows = await connection.execute(
        select(user_to_organisation.c.user_id, user_to_organisation.c.organisation_id)
        .join(organisation, organisation.c.id == user_to_organisation.c.organisation_id)
        .where(user_to_organisation.c.user_id.in_(ids), organisation.c.active.is_(True))
    )
    permission_rows = await connection.execute(
        select(permissions.c.user_id, permissions.c.service_id, permissions.c.permission)
        .join(services, services.c.id == permissions.c.service_id)
        .where(permissions.c.user_id.in_(ids), services.c.active.is_(True))
        .order_by(permissions.c.permission)
    )
    member_services: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for user_id, service_id in service_rows:
        member_services[user_id].append(service_id)
    member_organisations: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for user_id, organisation_id in organisation_rows:
        member_organisations[user_id].append(organisation_id)
    member_permissions: dict[uuid.UUID, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for user_id, service_id, permission in permission_rows:
        member_permissions[user_id][str(service_id)].append(permission)
    return [
        TeamMember(
            **row._mapping,
            services=tuple(member_services[row.id]),
            organisations=tuple(member_organisations[row.id]),
            permissions={key: tuple(value) for key, value in member_permissions[row.id].items()},
        )
        for row in rows
    ]


async def add_member(
    connection: AsyncConnection,
    service_id: uuid.UUID,
    user_id: uuid.UUID,
    permission_names: Iterable[str],
    folder_ids: Iterable[uuid.UUID] = (),
) -> None:
    await connection.execute(insert(user_to_service).values(user_id=user_id, service_id=service_id))
    await replace_permissions(connection, service_id, user_id, permission_names)
    folders = list(folder_ids)
    if folders:
        # Only folders of this service: anything else is silently ignored, as before.
        own = select(template_folder.c.id).where(
            template_folder.c.id.in_(folders), template_folder.c.service_id == service_id
        )
        rows = [
            {"user_id": user_id, "service_id": service_id, "template_folder_id": folder_id}
            for folder_id in (await connection.execute(own)).scalars()
        ]
        if rows:
            await connection.execute(insert(user_folder_permissions), rows)


async def replace_permissions(
    connection: AsyncConnection, service_id: uuid.UUID, user_id: uuid.UUID, permission_names: Iterable[str]
) -> None:
    await connection.execute(
        delete(permissions).where(permissions.c.service_id == service_id, permissions.c.user_id == user_id)
    )
    rows = [
        {"id": uuid.uuid4(), "service_id": service_id, "user_id": user_id, "permission": name}
        for name in dict.fromkeys(permission_names)
    ]
    if rows:
        await connection.execute(insert(permissions), rows)


async def remove_member(connection: AsyncConnection, service_id: uuid.UUID, user_id: uuid.UUID) -> None:
    await connection.execute(
        delete(user_folder_permissions).where(
            and_(
                user_folder_permissions.c.service_id == service_id,
                user_folder_permissions.c.user_id == user_id,
            )
        )
    )
    await connection.execute(
        delete(permissions).where(permissions.c.service_id == service_id, permissions.c.user_id == user_id)
    )
    await connection.execute(
        delete(user_to_service).where(
            user_to_service.c.service_id == service_id, user_to_service.c.user_id == user_id
        )
    )


async def member_contacts(connection: AsyncConnection, service_id: uuid.UUID) -> list[tuple[str, str | None]]:
    """(email address, mobile number) of every team member: who a trial-mode service may send to."""
    query = (
        select(users.c.email_address, users.c.mobile_number)
        .join(user_to_service, user_to_service.c.user_id == users.c.id)
        .where(user_to_service.c.service_id == service_id)
    )
    return [(row.email_address, row.mobile_number) for row in (await connection.execute(query)).all()]


async def active_member_names_and_emails(
    connection: AsyncConnection, service_id: uuid.UUID
) -> list[tuple[str, str]]:
    query = (
        select(users.c.name, users.c.email_address)
        .join(user_to_service, user_to_service.c.user_id == users.c.id)
        .where(user_to_service.c.service_id == service_id, users.c.state == "active")
        .order_by(users.c.created_at)
    )
    return [(row.name, row.email_address) for row in (await connection.execute(query)).all()]
