"""SQL for a user's place in services and organisations: permissions, folders, archiving. Never commits."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import and_, delete, exists, func, select
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
from notify_api.timeutils import utc_now
from notify_api.users.types import OrganisationsAndServices, UserOrganisation, UserService

MANAGE_SETTINGS = "manage_settings"


async def is_service_member(connection: AsyncConnection, user_id: uuid.UUID, service_id: uuid.UUID) -> bool:
    query = select(user_to_service.c.user_id).where(
        user_to_service.c.user_id == user_id, user_to_service.c.service_id == service_id
    )
    return (await connection.execute(query)).first() is not None


async def services_left_without_manager(connection: AsyncConnection, user_id: uuid.UUID) -> int:
    """How many of the user's active services have no other active member with manage_settings."""
    membership = user_to_service.alias("membership")
    other_member = user_to_service.alias("other_member")
    other_user = users.alias("other_user")
    other_manager = exists().where(
        other_member.c.service_id == membership.c.service_id,
        other_member.c.user_id != user_id,
        other_user.c.id == other_member.c.user_id,
        other_user.c.state == "active",
        permissions.c.user_id == other_member.c.user_id,
        permissions.c.service_id == membership.c.service_id,
        permissions.c.permission == MANAGE_SETTINGS,
    )
    query = (
        select(func.count())
        .select_from(membership.join(services, services.c.id == membership.c.service_id))
        .where(membership.c.user_id == user_id, services.c.active.is_(True), ~other_manager)
    )
    return int((await connection.execute(query)).scalar_one())


async def remove_from_all_services_and_organisations(connection: AsyncConnection, user_id: uuid.UUID) -> None:
    await connection.execute(delete(permissions).where(permissions.c.user_id == user_id))
    await connection.execute(
        delete(user_folder_permissions).where(user_folder_permissions.c.user_id == user_id)
    )
    await connection.execute(delete(user_to_service).where(user_to_service.c.user_id == user_id))
    await connection.execute(delete(user_to_organisation).where(user_to_organisation.c.user_id == user_id))


async def replace_service_permissions(
    connection: AsyncConnection, user_id: uuid.UUID, service_id: uuid.UUID, names: Iterable[str]
) -> None:
    await connection.execute(
        delete(permissions).where(permissions.c.user_id == user_id, permissions.c.service_id == service_id)
    )
    now = utc_now()
    rows = [
        {
            "id": uuid.uuid4(),
            "user_id": user_id,
            "service_id": service_id,
            "permission": name,
            "created_at": now,
        }
        for name in dict.fromkeys(names)  # each once, in the order given
    ]
    if rows:
        await connection.execute(permissions.insert(), rows)


async def replace_folder_permissions(
    connection: AsyncConnection, user_id: uuid.UUID, service_id: uuid.UUID, folder_ids: Iterable[uuid.UUID]
) -> None:
    """Give the user exactly these folders of the service; ids of other services' folders are ignored."""
    await connection.execute(
        delete(user_folder_permissions).where(
            user_folder_permissions.c.user_id == user_id, user_folder_permissions.c.service_id == service_id
        )
    )
    wanted = list(dict.fromkeys(folder_ids))
    if not wanted:
        return
    known = select(template_folder.c.id).where(
        template_folder.c.service_id == service_id, template_folder.c.id.in_(wanted)
    )
    rows = [
        {"user_id": user_id, "service_id": service_id, "template_folder_id": folder_id}
        for folder_id in (await connection.execute(known)).scalars()
    ]
    if rows:
        await connection.execute(user_folder_permissions.insert(), rows)


async def organisations_and_services(
    connection: AsyncConnection, user_id: uuid.UUID
) -> OrganisationsAndServices:
    """The user's active organisations (with their count of live services) and active services."""
    live_service = services.alias("live_service")
    live_count = (
        select(func.count())
        .where(
            live_service.c.organisation_id == organisation.c.id,
            live_service.c.active.is_(True),
            live_service.c.restricted.is_(False),
        )
        .scalar_subquery()
    )
    org_rows = await connection.execute(
        select(organisation.c.id, organisation.c.name, live_count.label("live_count"))
        .join(user_to_organisation, user_to_organisation.c.organisation_id == organisation.c.id)
        .where(user_to_organisation.c.user_id == user_id, organisation.c.active.is_(True))
        .order_by(organisation.c.name)
    )
    organisations = tuple(UserOrganisation(row.id, row.name, row.live_count) for row in org_rows)
    service_rows = await connection.execute(
        select(services.c.id, services.c.name, services.c.restricted, services.c.organisation_id)
        .join(
            user_to_service,
            and_(user_to_service.c.service_id == services.c.id, user_to_service.c.user_id == user_id),
        )
        .where(services.c.active.is_(True))
        .order_by(services.c.name)
    )
    user_services = tuple(
        UserService(row.id, row.name, row.restricted, row.organisation_id) for row in service_rows
    )
    return OrganisationsAndServices(organisations, user_services)
