"""Provider SQL: reads, usage this month, and versioned updates."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import Integer, Row, Select, cast, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.billing import ft_billing
from notify_api.db.tables.providers import provider_details, provider_details_history
from notify_api.db.tables.users import users
from notify_api.providers.types import ProviderDetail, ProviderEditor, ProviderStats
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
