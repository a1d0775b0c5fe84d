"""SQL of the operator commands that repair or load data (``python cli.py <command>``)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.branding import email_branding, letter_branding
from notify_api.db.tables.callbacks import service_callback_api
from notify_api.db.tables.inbound import inbound_numbers
from notify_api.db.tables.jobs import jobs
from notify_api.db.tables.notifications import notifications
from notify_api.db.tables.organisations import domain, organisation
from notify_api.db.tables.providers import provider_details, provider_rates
from notify_api.db.tables.services import services
from notify_api.db.tables.templates import templates_history
from notify_api.db.tables.users import users
from notify_api.enums import CREATED, DELIVERY_STATUS_CALLBACK, KEY_TYPE_TEST, SMS


@dataclass(frozen=True)
class SmsWithoutUnits:
    id: uuid.UUID
    content: str
    personalisation: str | None
    service_name: str
    prefix_sms: bool


async def insert_inbound_numbers(connection: AsyncConnection, numbers: Sequence[str], provider: str) -> int:
    """Add active numbers that belong to no service yet; numbers already known are left as they are."""
    if not numbers:
        return 0
    result = await connection.execute(
        insert(inbound_numbers)
        .values(
            [
                {"id": uuid.uuid4(), "number": number, "provider": provider, "active": True}
                for number in numbers
            ]
        )
        .on_conflict_do_nothing(index_elements=[inbound_numbers.c.number])
    )
    return result.rowcount


async def provider_id_by_identifier(connection: AsyncConnection, identifier: str) -> uuid.UUID | None:
    result = await connection.execute(
        select(provider_details.c.id).where(provider_details.c.identifier == identifier)
    )
    return result.scalar_one_or_none()


async def insert_provider_rate(
    connection: AsyncConnection, provider_id: uuid.UUID, rate: Decimal, valid_from: datetime
) -> None:
    await connection.execute(
        insert(provider_rates).values(
            id=uuid.uuid4(), provider_id=provider_id, rate=rate, valid_from=valid_from
        )
    )


async def has_delivery_status_callback(connection: AsyncConnection, service_id: uuid.UUID) -> bool:
    result = await connection.execute(
        select(func.count()).where(
            service_callback_api.c.service_id == service_id,
            service_callback_api.c.callback_type == DELIVERY_STATUS_CALLBACK,
        )
    )
    return bool(result.scalar_one())


async def notification_ids_by_client_reference(
    connection: AsyncConnection, service_id: uuid.UUID, references: Sequence[str]
) -> dict[str, list[uuid.UUID]]:
    rows = await connection.execute(
        select(notifications.c.client_reference, notifications.c.id).where(
            notifications.c.service_id == service_id, notifications.c.client_reference.in_(references)
        )
    )
    found: dict[str, list[uuid.UUID]] = {}
    for reference, notification_id in rows:
        found.setdefault(reference, []).append(notification_id)
    return found


async def letter_exists(connection: AsyncConnection, notification_id: uuid.UUID) -> bool:
    result = await connection.execute(
        select(func.count()).where(
            notifications.c.id == notification_id, notifications.c.notification_type == "letter"
        )
    )
    return bool(result.scalar_one())


async def count_jobs_created_between(connection: AsyncConnection, start: datetime, end: datetime) -> int:
    result = await connection.execute(
        select(func.count()).where(
            jobs.c.created_at >= start, jobs.c.created_at < end, jobs.c.archived.is_(False)
        )
    )
    return int(result.scalar_one())


async def archive_jobs_created_between(connection: AsyncConnection, start: datetime, end: datetime) -> int:
    result = await connection.execute(
        update(jobs)
        .where(jobs.c.created_at >= start, jobs.c.created_at < end, jobs.c.archived.is_(False))
        .values(archived=True)
    )
    return result.rowcount


async def sms_without_billable_units(connection: AsyncConnection, limit: int) -> list[SmsWithoutUnits]:
    """Live texts that left ``created`` but were never sent and so never had their units counted."""
    n = notifications.c
    rows = await connection.execute(
        select(n.id, templates_history.c.content, n._personalisation, services.c.name, services.c.prefix_sms)
        .select_from(
            notifications.join(
                templates_history,
                (templates_history.c.id == n.template_id)
                & (templates_history.c.version == n.template_version),
            ).join(services, services.c.id == n.service_id)
        )
        .where(
            n.notification_type == SMS,
            n.notification_status != CREATED,
            n.sent_at.is_(None),
            n.billable_units == 0,
            n.key_type != KEY_TYPE_TEST,
        )
        .order_by(n.id)
        .limit(limit)
    )
    return [SmsWithoutUnits(*row) for row in rows]


async def set_billable_units(connection: AsyncConnection, notification_id: uuid.UUID, units: int) -> None:
    await connection.execute(
        update(notifications).where(notifications.c.id == notification_id).values(billable_units=units)
    )


@dataclass(frozen=True)
class UnlinkedService:
    id: uuid.UUID
    creator_email_address: str


async def branding_id_by_name(connection: AsyncConnection, *, email: bool, name: str) -> uuid.UUID | None:
    table = email_branding if email else letter_branding
    result = await connection.execute(select(table.c.id).where(table.c.name == name))
    return result.scalar_one_or_none()


async def organisation_id_by_name(connection: AsyncConnection, name: str) -> uuid.UUID | None:
    result = await connection.execute(select(organisation.c.id).where(organisation.c.name == name))
    return result.scalar_one_or_none()


async def add_domain(connection: AsyncConnection, organisation_id: uuid.UUID, name: str) -> bool:
    """False when the domain already belongs to an organisation."""
    result = await connection.execute(
        insert(domain)
        .values(domain=name, organisation_id=organisation_id)
        .on_conflict_do_nothing(index_elements=[domain.c.domain])
    )
    return bool(result.rowcount)


async def services_without_organisation(connection: AsyncConnection) -> list[UnlinkedService]:
    rows = await connection.execute(
        select(services.c.id, users.c.email_address)
        .join(users, users.c.id == services.c.created_by_id)
        .where(services.c.organisation_id.is_(None))
        .order_by(services.c.created_at)
    )
    return [UnlinkedService(*row) for row in rows]


async def user_id_by_email(connection: AsyncConnection, email_address: str) -> uuid.UUID | None:
    result = await connection.execute(
        select(users.c.id).where(func.lower(users.c.email_address) == email_address.lower())
    )
    return result.scalar_one_or_none()


async def service_exists(connection: AsyncConnection, service_id: uuid.UUID) -> bool:
    result = await connection.execute(select(func.count()).where(services.c.id == service_id))
    return bool(result.scalar_one())
