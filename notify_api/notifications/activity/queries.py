"""SQL for the admin activity pages: one row per notification with its template version, job, key and sender.

Pages are newest first on ``ix_notifications_service_id_created_at``; the admin asks for one row more than a
page to learn whether a next page exists, never for a total count.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.api_keys import api_keys
from notify_api.db.tables.jobs import jobs
from notify_api.db.tables.notifications import notifications
from notify_api.db.tables.templates import template_redacted, templates_history
from notify_api.db.tables.users import users
from notify_api.enums import KEY_TYPE_TEST

_n, _t = notifications.c, templates_history.c


@dataclass(frozen=True, slots=True)
class ActivityRow:
    id: uuid.UUID
    to: str
    normalised_to: str | None
    job_row_number: int | None
    service_id: uuid.UUID
    template_version: int
    api_key_id: uuid.UUID | None
    key_type: str
    billable_units: int
    notification_type: str
    created_at: datetime
    sent_at: datetime | None
    sent_by: str | None
    updated_at: datetime | None
    status: str
    reference: str | None
    client_reference: str | None
    encrypted_personalisation: str | None
    international: bool
    phone_prefix: str | None
    rate_multiplier: float | None
    reply_to_text: str | None
    document_download_count: int | None
    postage: str | None
    template_id: uuid.UUID
    template_name: str
    template_type: str
    template_content: str
    template_subject: str | None
    template_hidden: bool
    redact_personalisation: bool
    job_id: uuid.UUID | None
    job_file_name: str | None
    key_name: str | None
    created_by_id: uuid.UUID | None
    created_by_name: str | None
    created_by_email: str | None


_COLUMNS = (
    _n.id, _n.to, _n.normalised_to, _n.job_row_number, _n.service_id, _n.template_version, _n.api_key_id,
    _n.key_type, _n.billable_units, _n.notification_type, _n.created_at, _n.sent_at, _n.sent_by,
    _n.updated_at, _n.notification_status, _n.reference, _n.client_reference, _n._personalisation,
    _n.international,
    _n.phone_prefix, _n.rate_multiplier, _n.reply_to_text, _n.document_download_count, _n.postage,
    _t.id, _t.name, _t.template_type, _t.content, _t.subject, _t.hidden,
    func.coalesce(template_redacted.c.redact_personalisation, false()),
    jobs.c.id, jobs.c.original_file_name, api_keys.c.name, users.c.id, users.c.name, users.c.email_address,
)  # fmt: skip

_FROM = (
    notifications.join(templates_history, (_t.id == _n.template_id) & (_t.version == _n.template_version))
    .outerjoin(template_redacted, template_redacted.c.template_id == _n.template_id)
    .outerjoin(jobs, jobs.c.id == _n.job_id)
    .outerjoin(api_keys, api_keys.c.id == _n.api_key_id)
    .outerjoin(users, users.c.id == _n.created_by_id)
)


@dataclass(frozen=True)
class ActivityFilters:
    template_types: Sequence[str] = ()
    statuses: Sequence[str] = ()
    created_since: datetime | None = None
    older_than: uuid.UUID | None = None
    include_jobs: bool = True
    include_one_off: bool = True
    include_from_test_key: bool = False


def _row(row: Sequence[Any]) -> ActivityRow:
    return ActivityRow(*row)


async def get_activity_row(
    connection: AsyncConnection, service_id: uuid.UUID, notification_id: uuid.UUID
) -> ActivityRow | None:
    query = select(*_COLUMNS).select_from(_FROM).where(_n.id == notification_id, _n.service_id == service_id)
    row = (await connection.execute(query)).one_or_none()
    return None if row is None else _row(row)


async def list_activity_rows(
    connection: AsyncConnection, service_id: uuid.UUID, filters: ActivityFilters, *, offset: int, limit: int
) -> list[ActivityRow]:
    query = select(*_COLUMNS).select_from(_FROM).where(_n.service_id == service_id)
    if filters.template_types:
        query = query.where(_n.notification_type.in_(list(filters.template_types)))
    if filters.statuses:
        query = query.where(_n.notification_status.in_(list(filters.statuses)))
    if filters.created_since is not None:
        query = query.where(_n.created_at >= filters.created_since)
    if filters.older_than is not None:
        marker = notifications.alias("older_than")
        query = query.where(
            _n.created_at
            < select(marker.c.created_at).where(marker.c.id == filters.older_than).scalar_subquery()
        )
    if not filters.include_jobs:
        query = query.where(_n.job_id.is_(None))
    if not filters.include_one_off:
        query = query.where(_n.created_by_id.is_(None))
    if not filters.include_from_test_key:
        query = query.where(_n.key_type != KEY_TYPE_TEST)
    query = query.order_by(_n.created_at.desc()).offset(offset).limit(limit)
    return [_row(row) for row in await connection.execute(query)]


async def search_activity_rows(
    connection: AsyncConnection,
    service_id: uuid.UUID,
    *,
    normalised_term: str,
    reference_term: str,
    template_type: str | None,
    statuses: Sequence[str],
    limit: int,
) -> list[ActivityRow]:
    """Recipients containing ``normalised_term`` or client references containing ``reference_term``
    (any case); test-key messages are never searched, as in the original."""
    pattern = _like_pattern(normalised_term)
    query = (
        select(*_COLUMNS)
        .select_from(_FROM)
        .where(
            _n.service_id == service_id,
            _n.key_type != KEY_TYPE_TEST,
            or_(
                _n.normalised_to.like(pattern, escape="\\"),
                _n.client_reference.ilike(_like_pattern(reference_term), escape="\\"),
            ),
        )
    )
    if template_type is not None:
        query = query.where(_n.notification_type == template_type)
    if statuses:
        query = query.where(_n.notification_status.in_(list(statuses)))
    query = query.order_by(_n.created_at.desc()).limit(limit)
    return [_row(row) for row in await connection.execute(query)]


async def rows_where(
    connection: AsyncConnection, *conditions: ColumnElement[bool], offset: int, limit: int
) -> list[ActivityRow]:
    """A page of the notifications matching ``conditions`` (on ``notifications`` and the template version
    it was sent with), newest first: for pages that choose their own rows, such as the uploaded letters."""
    query = (
        select(*_COLUMNS)
        .select_from(_FROM)
        .where(*conditions)
        .order_by(_n.created_at.desc())
        .offset(offset)
        .limit(limit)
    )
    return [_row(row) for row in await connection.execute(query)]


def _like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
