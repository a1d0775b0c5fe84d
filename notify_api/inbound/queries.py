"""SQL for inbound numbers (listing, allocation, owner lookup) and the texts received on them."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.inbound import inbound_numbers, inbound_sms, inbound_sms_forwards
from notify_api.db.tables.services import service_data_retention, service_permissions, services
from notify_api.inbound.types import InboundForward, InboundNumber, InboundNumberOwner, StoredReceivedText
from notify_api.timeutils import utc_now

_SELECT = select(
    inbound_numbers.c.id,
    inbound_numbers.c.number,
    inbound_numbers.c.provider,
    inbound_numbers.c.active,
    inbound_numbers.c.service_id,
    services.c.name.label("service_name"),
    inbound_numbers.c.created_at,
    inbound_numbers.c.updated_at,
).outerjoin(services, services.c.id == inbound_numbers.c.service_id)


def _number(row: Any) -> InboundNumber:
    return InboundNumber(**row._mapping)


async def all_numbers(connection: AsyncConnection) -> list[InboundNumber]:
    query = _SELECT.order_by(inbound_numbers.c.updated_at.nulls_first(), inbound_numbers.c.number)
    return [_number(row) for row in (await connection.execute(query)).all()]


async def available_numbers(connection: AsyncConnection) -> list[InboundNumber]:
    """Active numbers no service has yet."""
    query = _SELECT.where(inbound_numbers.c.active.is_(True), inbound_numbers.c.service_id.is_(None))
    return [
        _number(row) for row in (await connection.execute(query.order_by(inbound_numbers.c.number))).all()
    ]


async def number_for_service(connection: AsyncConnection, service_id: uuid.UUID) -> InboundNumber | None:
    row = (await connection.execute(_SELECT.where(inbound_numbers.c.service_id == service_id))).one_or_none()
    return _number(row) if row else None


async def set_active_for_service(connection: AsyncConnection, service_id: uuid.UUID, *, active: bool) -> bool:
    statement = (
        update(inbound_numbers)
        .where(inbound_numbers.c.service_id == service_id)
        .values(active=active, updated_at=utc_now())
        .returning(inbound_numbers.c.id)
    )
    return (await connection.execute(statement)).first() is not None


async def allocate_to_service(
    connection: AsyncConnection, service_id: uuid.UUID, inbound_number_id: uuid.UUID
) -> str | None:
    """Give an available number to the service; its number, or None when it is not available."""
    statement = (
        update(inbound_numbers)
        .where(
            inbound_numbers.c.id == inbound_number_id,
            inbound_numbers.c.active.is_(True),
            inbound_numbers.c.service_id.is_(None),
        )
        .values(service_id=service_id, updated_at=utc_now())
        .returning(inbound_numbers.c.number)
    )
    number = (await connection.execute(statement)).scalar_one_or_none()
    return None if number is None else str(number)


async def find_number_owner(connection: AsyncConnection, number: str) -> InboundNumberOwner | None:
    """The service an active inbound number belongs to, with that service's permissions."""
    query = select(inbound_numbers.c.service_id, inbound_numbers.c.number).where(
        inbound_numbers.c.number == number,
        inbound_numbers.c.active.is_(True),
        inbound_numbers.c.service_id.isnot(None),
    )
    row = (await connection.execute(query)).first()
    if row is None:
        return None
    permissions = await connection.execute(
        select(service_permissions.c.permission).where(service_permissions.c.service_id == row.service_id)
    )
    return InboundNumberOwner(row.service_id, row.number, frozenset(permissions.scalars()))


async def insert_inbound_sms(
    connection: AsyncConnection,
    *,
    service_id: uuid.UUID,
    notify_number: str,
    user_number: str,
    encrypted_content: str,
    provider: str,
    provider_reference: str | None,
    provider_date: datetime | None,
) -> uuid.UUID:
    inbound_sms_id = uuid.uuid4()
    await connection.execute(
        inbound_sms.insert().values(
            id=inbound_sms_id,
            created_at=utc_now(),
            service_id=service_id,
            notify_number=notify_number,
            user_number=user_number,
            content=encrypted_content,
            provider=provider,
            provider_reference=provider_reference,
            provider_date=provider_date,
        )
    )
    return inbound_sms_id


_i = inbound_sms.c


async def received_texts_page(
    connection: AsyncConnection, service_id: uuid.UUID, older_than: uuid.UUID | None, limit: int
) -> list[StoredReceivedText]:
    """A service's received texts, newest first, optionally only those before ``older_than``.

    Ties on ``created_at`` are broken by id so that paging never skips or repeats a message; an
    ``older_than`` the service does not have gives an empty page.
    """
    query = (
        select(_i.id, _i.created_at, _i.service_id, _i.notify_number, _i.user_number, _i.content)
        .where(_i.service_id == service_id)
        .order_by(_i.created_at.desc(), _i.id.desc())
        .limit(limit)
    )
    if older_than is not None:
        older = inbound_sms.alias("older_than")
        marker = (
            select(older.c.created_at, older.c.id)
            .where(older.c.id == older_than, older.c.service_id == service_id)
            .scalar_subquery()
        )
        query = query.where(tuple_(_i.created_at, _i.id) < marker)
    return [StoredReceivedText(*row) for row in await connection.execute(query)]


_f = inbound_sms_forwards.c


async def insert_pending_forward(connection: AsyncConnection, forward: InboundForward, now: datetime) -> None:
    await connection.execute(
        insert(inbound_sms_forwards).values(
            inbound_sms_id=forward.inbound_sms_id, service_id=forward.service_id, created_at=now
        )
    )


async def take_pending_forwards(connection: AsyncConnection, limit: int) -> list[InboundForward]:
    """Delete and return the oldest pending forwards; rows another sweep holds are skipped."""
    oldest = (
        select(_f.inbound_sms_id)
        .order_by(_f.created_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    statement = (
        delete(inbound_sms_forwards)
        .where(_f.inbound_sms_id.in_(oldest))
        .returning(_f.inbound_sms_id, _f.service_id)
    )
    return [
        InboundForward(row.inbound_sms_id, row.service_id) for row in (await connection.execute(statement))
    ]


# The admin inbox (GET/POST /service/{id}/inbound-sms...).
_TEXT_COLUMNS = (_i.id, _i.created_at, _i.service_id, _i.notify_number, _i.user_number, _i.content)


async def sms_retention_days(connection: AsyncConnection, service_id: uuid.UUID) -> int | None:
    query = select(service_data_retention.c.days_of_retention).where(
        service_data_retention.c.service_id == service_id, service_data_retention.c.notification_type == "sms"
    )
    days: int | None = (await connection.execute(query)).scalar()
    return days


async def received_texts_since(
    connection: AsyncConnection,
    service_id: uuid.UUID,
    *,
    since: datetime | None,
    user_number: str | None = None,
    limit: int | None = None,
) -> list[StoredReceivedText]:
    query = select(*_TEXT_COLUMNS).where(_i.service_id == service_id).order_by(_i.created_at.desc())
    if since is not None:
        query = query.where(_i.created_at >= since)
    if user_number is not None:
        query = query.where(_i.user_number == user_number)
    if limit is not None:
        query = query.limit(limit)
    return [StoredReceivedText(*row) for row in await connection.execute(query)]


async def newest_text_per_sender(
    connection: AsyncConnection, service_id: uuid.UUID, *, since: datetime, offset: int, limit: int
) -> list[StoredReceivedText]:
    """Each sender's newest text since ``since``, the newest conversations first."""
    ranked = (
        select(
            *_TEXT_COLUMNS,
            func.row_number().over(partition_by=_i.user_number, order_by=_i.created_at.desc()).label("rank"),
        )
        .where(_i.service_id == service_id, _i.created_at >= since)
        .subquery()
    )
    columns = [ranked.c[column.name] for column in _TEXT_COLUMNS]
    query = (
        select(*columns)
        .where(ranked.c.rank == 1)
        .order_by(ranked.c.created_at.desc())
        .offset(offset)
        .limit(limit)
    )
    return [StoredReceivedText(*row) for row in await connection.execute(query)]


async def count_texts_since(connection: AsyncConnection, service_id: uuid.UUID, since: datetime) -> int:
    query = select(func.count()).where(_i.service_id == service_id, _i.created_at >= since)
    return int((await connection.execute(query)).scalar_one())


async def received_text_by_id(
    connection: AsyncConnection, service_id: uuid.UUID, text_id: uuid.UUID
) -> StoredReceivedText | None:
    row = (
        await connection.execute(select(*_TEXT_COLUMNS).where(_i.id == text_id, _i.service_id == service_id))
    ).one_or_none()
    return None if row is None else StoredReceivedText(*row)
