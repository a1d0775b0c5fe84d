"""Template reads: records, the public list and its creators, and usage counts. Never commits."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import Integer, Row, Select, String, and_, cast, func, literal_column, select, union_all
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.billing import ft_notification_status
from notify_api.db.tables.notifications import notifications
from notify_api.db.tables.senders import service_letter_contacts
from notify_api.db.tables.templates import PRECOMPILED_TEMPLATE_NAME, templates, templates_history
from notify_api.db.tables.users import users
from notify_api.templates.types import MAX_VERSION, ListedTemplate, TemplateRecord, TemplateUsage

TEST_KEY = "test"
_t = templates.c


def _select_from(table: Any) -> Select[Any]:
    return select(
        table.c.id,
        table.c.service_id,
        table.c.name,
        table.c.template_type,
        table.c.content,
        table.c.subject,
        table.c.version,
        table.c.archived,
        table.c.hidden,
        table.c.process_type,
        table.c.postage,
        service_letter_contacts.c.contact_block.label("letter_contact_block"),
        table.c.created_at,
        table.c.updated_at,
        table.c.created_by_id,
    ).outerjoin(service_letter_contacts, service_letter_contacts.c.id == table.c.service_letter_contact_id)


_CURRENT = _select_from(templates)
_VERSIONED = _select_from(templates_history)


def _record(row: Row[Any]) -> TemplateRecord:
    return TemplateRecord(**row._mapping)


async def get_template(
    connection: AsyncConnection,
    service_id: uuid.UUID,
    template_id: uuid.UUID,
    *,
    version: int | None = None,
    include_hidden: bool = False,
) -> TemplateRecord | None:
    """The current template (or a given version) of a service; hidden templates only when asked for."""
    if version is None:
        query = _CURRENT.where(templates.c.id == template_id, templates.c.service_id == service_id)
        if not include_hidden:
            query = query.where(templates.c.hidden.is_(False))
    elif not 0 < version <= MAX_VERSION:
        return None
    else:
        query = _VERSIONED.where(
            templates_history.c.id == template_id,
            templates_history.c.service_id == service_id,
            templates_history.c.version == version,
        )
        if not include_hidden:
            query = query.where(templates_history.c.hidden.is_(False))
    row = (await connection.execute(query)).one_or_none()
    return _record(row) if row else None


async def creator_emails(connection: AsyncConnection, user_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
    wanted = list(set(user_ids))
    if not wanted:
        return {}
    rows = await connection.execute(select(users.c.id, users.c.email_address).where(users.c.id.in_(wanted)))
    return {user_id: email for user_id, email in rows}


async def list_current_templates(
    connection: AsyncConnection, service_id: uuid.UUID, template_type: str | None
) -> list[ListedTemplate]:
    """The service's current templates, not hidden and not archived, by name and then type."""
    query = (
        select(
            _t.id,
            _t.service_id,
            _t.name,
            _t.template_type,
            _t.content,
            _t.subject,
            _t.version,
            _t.archived,
            _t.hidden,
            _t.process_type,
            _t.postage,
            service_letter_contacts.c.contact_block.label("letter_contact_block"),
            _t.created_at,
            _t.updated_at,
            _t.created_by_id,
            users.c.email_address,
        )
        .select_from(
            templates.outerjoin(
                service_letter_contacts, service_letter_contacts.c.id == _t.service_letter_contact_id
            ).outerjoin(users, users.c.id == _t.created_by_id)
        )
        .where(_t.service_id == service_id, _t.hidden.is_(False), _t.archived.is_(False))
        .order_by(_t.name, _t.template_type)
    )
    if template_type is not None:
        query = query.where(_t.template_type == template_type)
    rows = await connection.execute(query)
    return [ListedTemplate(TemplateRecord(*row[:-1]), row[-1]) for row in rows]


async def template_usage_since(
    connection: AsyncConnection, service_id: uuid.UUID, first_day: date, today: date, today_starts: datetime
) -> list[TemplateUsage]:
    """Status facts from ``first_day`` up to (not including) ``today``, plus notifications since
    ``today_starts``, per template and status (test keys excluded)."""
    earlier = select(
        ft_notification_status.c.template_id,
        ft_notification_status.c.notification_status.label("status"),
        ft_notification_status.c.notification_count.label("count"),
    ).where(
        ft_notification_status.c.service_id == service_id,
        ft_notification_status.c.bst_date >= first_day,
        # today's facts (if any were built) would count today's messages twice
        ft_notification_status.c.bst_date < today,
        ft_notification_status.c.key_type != TEST_KEY,
    )
    todays = (
        select(
            notifications.c.template_id,
            cast(notifications.c.notification_status, String).label("status"),
            func.count().label("count"),
        )
        .where(
            notifications.c.service_id == service_id,
            notifications.c.created_at >= today_starts,
            notifications.c.key_type != TEST_KEY,
        )
        .group_by(notifications.c.template_id, notifications.c.notification_status)
    )
    combined = union_all(earlier, todays).subquery()
    precompiled = and_(
        templates.c.hidden.is_(True),
        templates.c.template_type == "letter",
        templates.c.name == PRECOMPILED_TEMPLATE_NAME,
    )
    query = (
        select(
            combined.c.template_id,
            templates.c.name,
            templates.c.template_type,
            precompiled.label("is_precompiled_letter"),
            combined.c.status,
            cast(func.sum(combined.c.count), Integer).label("count"),
        )
        .join(templates, templates.c.id == combined.c.template_id)
        .group_by(
            combined.c.template_id,
            templates.c.name,
            templates.c.template_type,
            templates.c.hidden,
            combined.c.status,
        )
        .order_by(templates.c.name, literal_column("status"))
    )
    return [
        TemplateUsage(
            row.template_id,
            row.name,
            row.template_type,
            row.is_precompiled_letter,
            row.status,
            row._mapping["count"],  # ``row.count`` is the tuple method
        )
        for row in await connection.execute(query)
    ]


async def newest_notification_created_at(
    connection: AsyncConnection, service_id: uuid.UUID, template_id: uuid.UUID
) -> datetime | None:
    newest = await connection.execute(
        select(func.max(notifications.c.created_at)).where(
            notifications.c.service_id == service_id,
            notifications.c.template_id == template_id,
            notifications.c.key_type != TEST_KEY,
        )
    )
    created_at: datetime | None = newest.scalar_one()
    return created_at


async def newest_status_fact_day(connection: AsyncConnection, template_id: uuid.UUID) -> date | None:
    newest_day = await connection.execute(
        select(func.max(ft_notification_status.c.bst_date)).where(
            ft_notification_status.c.template_id == template_id,
            ft_notification_status.c.key_type != TEST_KEY,
        )
    )
    day: date | None = newest_day.scalar_one()
    return day
