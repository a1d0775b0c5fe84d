"""SQL that creates and changes services (the versioned rows go through ``history``)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, func, insert, literal, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.billing import annual_billing
from notify_api.db.tables.branding import (
    email_branding,
    letter_branding,
    service_email_branding,
    service_letter_branding,
)
from notify_api.db.tables.organisations import domain, organisation
from notify_api.db.tables.senders import service_sms_senders
from notify_api.db.tables.services import service_permissions, services, services_history
from notify_api.db.tables.templates import templates, templates_history
from notify_api.db.tables.users import users
from notify_api.services.queries.history import copy_many_to_history, insert_first_version, save_new_version
from notify_api.services.types import OrganisationDefaults
from notify_api.timeutils import utc_now


async def user_email_and_admin(connection: AsyncConnection, user_id: uuid.UUID) -> tuple[str, bool] | None:
    query = select(users.c.email_address, users.c.platform_admin).where(users.c.id == user_id)
    row = (await connection.execute(query)).one_or_none()
    return None if row is None else (row.email_address, row.platform_admin)


async def organisation_for_email(
    connection: AsyncConnection, email_address: str
) -> OrganisationDefaults | None:
    """The organisation whose most specific domain matches the address (``@domain`` or ``.domain``)."""
    address = literal(email_address.lower().replace(".gsi.gov.uk", ".gov.uk"))
    query = (
        select(
            organisation.c.id,
            organisation.c.organisation_type,
            organisation.c.crown,
            organisation.c.email_branding_id,
            organisation.c.letter_branding_id,
        )
        .join(domain, domain.c.organisation_id == organisation.c.id)
        .where(
            address.like(func.concat("%@", domain.c.domain))
            | address.like(func.concat("%.", domain.c.domain))
        )
        .order_by(func.length(domain.c.domain).desc())
        .limit(1)
    )
    row = (await connection.execute(query)).one_or_none()
    return OrganisationDefaults(**row._mapping) if row else None


async def insert_service(connection: AsyncConnection, values: dict[str, Any]) -> uuid.UUID:
    return await insert_first_version(connection, services, services_history, values)


async def update_service(connection: AsyncConnection, service_id: uuid.UUID, values: dict[str, Any]) -> None:
    await save_new_version(connection, services, services_history, service_id, values)


async def replace_service_permissions(
    connection: AsyncConnection, service_id: uuid.UUID, permissions: Iterable[str]
) -> None:
    await connection.execute(
        delete(service_permissions).where(service_permissions.c.service_id == service_id)
    )
    rows = [{"service_id": service_id, "permission": name, "created_at": utc_now()} for name in permissions]
    if rows:
        await connection.execute(insert(service_permissions), rows)


async def branding_exists(connection: AsyncConnection, *, email: bool, branding_id: uuid.UUID) -> bool:
    table = email_branding if email else letter_branding
    return (await connection.execute(select(table.c.id).where(table.c.id == branding_id))).first() is not None


async def set_branding(
    connection: AsyncConnection, service_id: uuid.UUID, *, email: bool, branding_id: uuid.UUID | None
) -> None:
    link = service_email_branding if email else service_letter_branding
    column = "email_branding_id" if email else "letter_branding_id"
    await connection.execute(delete(link).where(link.c.service_id == service_id))
    if branding_id is not None:
        await connection.execute(insert(link).values({"service_id": service_id, column: branding_id}))


async def add_sms_sender(connection: AsyncConnection, service_id: uuid.UUID, sms_sender: str) -> None:
    await connection.execute(
        insert(service_sms_senders).values(
            id=uuid.uuid4(), service_id=service_id, sms_sender=sms_sender, is_default=True, archived=False
        )
    )


async def add_annual_billing(
    connection: AsyncConnection,
    service_id: uuid.UUID,
    financial_year_start: int,
    free_sms_fragment_limit: int,
) -> None:
    await connection.execute(
        insert(annual_billing).values(
            id=uuid.uuid4(),
            service_id=service_id,
            financial_year_start=financial_year_start,
            free_sms_fragment_limit=free_sms_fragment_limit,
        )
    )


async def archive_templates(connection: AsyncConnection, service_id: uuid.UUID) -> None:
    """Archive every live template of the service, each as a new template version."""
    statement = (
        update(templates)
        .where(templates.c.service_id == service_id, templates.c.archived.is_(False))
        .values(archived=True, updated_at=utc_now(), version=templates.c.version + 1)
        .returning(templates.c.id)
    )
    archived = list((await connection.execute(statement)).scalars())
    await copy_many_to_history(connection, templates, templates_history, archived)
