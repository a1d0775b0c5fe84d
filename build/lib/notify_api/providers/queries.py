"""Provider SQL: reads, usage this month, and versioned updates."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Integer, Row, Select, and_, case, cast, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.billing import ft_billing
from notify_api.db.tables.notifications import notifications
from notify_api.db.tables.providers import provider_details, provider_details_history
from notify_api.db.tables.users import users
from notify_api.providers.types import (
    ActiveProvider,
    DeliverySpeed,
    ProviderDetail,
    ProviderEditor,
    ProviderRow,
    ProviderStats,
)
from notify_api.timeutils import utc_now


def _with_editor(table: Any) -> Select[Any]:
    return select(
        table.c.id,
        table.c.display_name,
        table.c.identifier,
        table.c.priority,
        table.c.notification_type,
        table.c.active,
        table.c.version,
        table.c.updated_at,
        table.c.supports_international,
        users.c.id.label("editor_id"),
        users.c.name.label("editor_name"),
        users.c.email_address.label("editor_email"),
    ).outerjoin(users, users.c.id == table.c.created_by_id)


def _detail(row: Row[Any]) -> ProviderDetail:
    editor = ProviderEditor(row.editor_id, row.editor_name, row.editor_email) if row.editor_id else None
    mapping = row._mapping
    return ProviderDetail(
        id=mapping["id"],
        display_name=mapping["display_name"],
        identifier=mapping["identifier"],
        priority=mapping["priority"],
        notification_type=mapping["notification_type"],
        active=mapping["active"],
        version=mapping["version"],
        updated_at=mapping["updated_at"],
        supports_international=mapping["supports_international"],
        created_by=editor,
    )


async def get_provider(connection: AsyncConnection, provider_id: uuid.UUID) -> ProviderDetail | None:
    query = _with_editor(provider_details).where(provider_details.c.id == provider_id)
    row = (await connection.execute(query)).one_or_none()
    return _detail(row) if row else None


async def list_provider_versions(connection: AsyncConnection, provider_id: uuid.UUID) -> list[ProviderDetail]:
    query = (
        _with_editor(provider_details_history)
        .where(provider_details_history.c.id == provider_id)
        .order_by(provider_details_history.c.version.desc())
    )
    return [_detail(row) for row in await connection.execute(query)]


async def list_provider_stats(connection: AsyncConnection, month_start: date) -> list[ProviderStats]:
    """Every provider, by type then priority, with billable SMS units (x multiplier) since ``month_start``."""
    usage = (
        select(
            ft_billing.c.provider,
            func.sum(ft_billing.c.billable_units * ft_billing.c.rate_multiplier).label("billable"),
        )
        .where(ft_billing.c.notification_type == "sms", ft_billing.c.bst_date >= month_start)
        .group_by(ft_billing.c.provider)
        .subquery()
    )
    query = (
        select(
            provider_details.c.id,
            provider_details.c.display_name,
            provider_details.c.identifier,
            provider_details.c.priority,
            provider_details.c.notification_type,
            provider_details.c.active,
            provider_details.c.updated_at,
            provider_details.c.supports_international,
            users.c.name.label("created_by_name"),
            cast(func.coalesce(usage.c.billable, 0), Integer).label("current_month_billable_sms"),
        )
        .outerjoin(users, users.c.id == provider_details.c.created_by_id)
        .outerjoin(usage, usage.c.provider == provider_details.c.identifier)
        .order_by(provider_details.c.notification_type, provider_details.c.priority)
    )
    return [ProviderStats(*row) for row in await connection.execute(query)]


async def save_provider_version(
    connection: AsyncConnection, provider_id: uuid.UUID, changes: dict[str, Any]
) -> bool:
    """Apply ``changes`` as the next version and copy it into history; False if there is no such provider."""
    result = await connection.execute(
        update(provider_details)
        .where(provider_details.c.id == provider_id)
        .values(**changes, version=provider_details.c.version + 1, updated_at=utc_now())
        .returning(provider_details.c.id)
    )
    if result.first() is None:
        return False
    names = [column.name for column in provider_details_history.columns]
    source = select(*[provider_details.c[name] for name in names]).where(provider_details.c.id == provider_id)
    await connection.execute(insert(provider_details_history).from_select(names, source))
    return True


async def active_providers(
    connection: AsyncConnection, notification_type: str, *, international: bool
) -> list[ActiveProvider]:
    p = provider_details.c
    query = (
        select(p.identifier, p.priority)
        .where(p.notification_type == notification_type, p.active.is_(True))
        .order_by(p.priority.desc(), p.identifier)
    )
    if international:
        query = query.where(p.supports_international.is_(True))
    rows = (await connection.execute(query)).all()
    return [ActiveProvider(row.identifier, row.priority) for row in rows]


async def lock_active_sms_providers(connection: AsyncConnection) -> list[ProviderRow]:
    """``FOR UPDATE``, so that concurrent workers cannot both change priorities."""
    p = provider_details.c
    query = (
        select(provider_details)
        .where(p.notification_type == "sms", p.active.is_(True))
        .order_by(p.identifier)
        .with_for_update()
    )
    return [ProviderRow(**row) for row in (await connection.execute(query)).mappings()]


async def save_locked_provider_version(
    connection: AsyncConnection, provider: ProviderRow, values: dict[str, Any]
) -> None:
    """Write ``values`` over a locked provider and copy the result into history."""
    await connection.execute(
        update(provider_details).where(provider_details.c.id == provider.id).values(**values)
    )
    await connection.execute(insert(provider_details_history).values({**asdict(provider), **values}))


async def sms_delivery_speeds_since(
    connection: AsyncConnection, *, created_since: datetime, slow_after: timedelta, sent_before: datetime
) -> list[DeliverySpeed]:
    """Per provider, non-test text messages created since ``created_since`` and how many were slow:
    delivered ``slow_after`` or more after sending, or still sending/pending and sent by ``sent_before``."""
    n = notifications.c
    is_slow = or_(
        and_(n.notification_status == "delivered", n.updated_at - n.sent_at >= slow_after),
        and_(n.notification_status.in_(("sending", "pending")), n.sent_at <= sent_before),
    )
    query = (
        select(
            n.sent_by,
            func.count().label("total"),
            func.sum(cast(case((is_slow, 1), else_=0), Integer)).label("slow"),
        )
        .where(
            n.notification_type == "sms",
            n.created_at >= created_since,
            n.key_type != "test",
            n.sent_by.isnot(None),
            n.sent_at.isnot(None),
            n.notification_status.in_(("delivered", "sending", "pending")),
        )
        .group_by(n.sent_by)
        .order_by(n.sent_by)
    )
    rows = (await connection.execute(query)).all()
    return [DeliverySpeed(row.sent_by, int(row.total), int(row.slow or 0)) for row in rows]
