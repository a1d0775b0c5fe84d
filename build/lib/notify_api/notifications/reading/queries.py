"""SQL for reading notifications through the public API: one by id, or a page of a service's list."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, select, tuple_
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.notifications import notifications
from notify_api.db.tables.templates import templates_history
from notify_api.db.tables.users import users

_n = notifications.c
_t = templates_history.c


@dataclass(frozen=True, slots=True)
class StoredNotification:
    """A notification row as the public API shows it; personalisation is still encrypted."""

    id: uuid.UUID
    to: str
    notification_type: str
    status: str
    template_id: uuid.UUID
    template_version: int
    client_reference: str | None
    created_at: datetime
    sent_at: datetime | None
    updated_at: datetime | None
    encrypted_personalisation: str | None
    postage: str | None
    reply_to_text: str | None
    created_by_name: str | None


@dataclass(frozen=True, slots=True)
class TemplateVersion:
    """The template version a notification was rendered from: enough to render it again."""

    id: uuid.UUID
    version: int
    template_type: str
    content: str
    subject: str | None
    hidden: bool

    @property
    def key(self) -> tuple[uuid.UUID, int]:
        return self.id, self.version


@dataclass(frozen=True, slots=True)
class ListFilters:
    """GET /v2/notifications filters, already validated; ``statuses`` are internal names."""

    template_types: Sequence[str] = ()
    statuses: Sequence[str] = ()
    client_reference: str | None = None
    older_than: uuid.UUID | None = None
    include_jobs: bool = False


_NOTIFICATION_COLUMNS = (
    _n.id,
    _n.to,
    _n.notification_type,
    _n.notification_status.label("status"),
    _n.template_id,
    _n.template_version,
    _n.client_reference,
    _n.created_at,
    _n.sent_at,
    _n.updated_at,
    _n._personalisation.label("encrypted_personalisation"),
    _n.postage,
    _n.reply_to_text,
    users.c.name.label("created_by_name"),
)
_TEMPLATE_COLUMNS = (_t.id, _t.version, _t.template_type, _t.content, _t.subject, _t.hidden)
_WITH_CREATOR = notifications.outerjoin(users, users.c.id == _n.created_by_id)


def _notification(row: Sequence[Any]) -> StoredNotification:
    return StoredNotification(*row[: len(_NOTIFICATION_COLUMNS)])


async def get_notification_with_template(
    connection: AsyncConnection, service_id: uuid.UUID, notification_id: uuid.UUID
) -> tuple[StoredNotification, TemplateVersion] | None:
    """A service's notification (any key type) with its template version, in one round trip."""
    query = (
        select(
            *_NOTIFICATION_COLUMNS, *(column.label(f"template_{column.name}") for column in _TEMPLATE_COLUMNS)
        )
        .select_from(
            _WITH_CREATOR.join(
                templates_history, (_t.id == _n.template_id) & (_t.version == _n.template_version)
            )
        )
        .where(_n.id == notification_id, _n.service_id == service_id)
    )
    row = (await connection.execute(query)).one_or_none()
    if row is None:
        return None
    return _notification(row), TemplateVersion(*row[len(_NOTIFICATION_COLUMNS) :])


@cache
def _page_query(
    *, by_type: bool, by_status: bool, by_reference: bool, include_jobs: bool, older: bool
) -> Select[Any]:
    """The page query for one combination of filters, built once: values are bound at execution.

    (service_id, key_type, created_at DESC, id DESC) is ix_notifications_service_id_key_type_created_at,
    so every page is an index range scan, however deep the caller has paged.
    """
    query = (
        select(*_NOTIFICATION_COLUMNS)
        .select_from(_WITH_CREATOR)
        .where(_n.service_id == bindparam("service_id"), _n.key_type == bindparam("key_type"))
        .order_by(_n.created_at.desc(), _n.id.desc())
        .limit(bindparam("limit"))
    )
    if by_type:
        query = query.where(_n.notification_type.in_(bindparam("template_types", expanding=True)))
    if by_status:
        query = query.where(_n.notification_status.in_(bindparam("statuses", expanding=True)))
    if by_reference:
        query = query.where(_n.client_reference == bindparam("client_reference"))
    if not include_jobs:
        query = query.where(_n.job_id.is_(None))
    if older:
        # An id this service does not have gives a NULL row, so the comparison drops every row.
        marker = notifications.alias("older_than")
        marker_row = (
            select(marker.c.created_at, marker.c.id)
            .where(marker.c.id == bindparam("older_than"), marker.c.service_id == bindparam("service_id"))
            .scalar_subquery()
        )
        query = query.where(tuple_(_n.created_at, _n.id) < marker_row)
    return query


async def list_notifications_page(
    connection: AsyncConnection, service_id: uuid.UUID, key_type: str, filters: ListFilters, limit: int
) -> list[StoredNotification]:
    """One page of a service's notifications sent with one key type, newest first."""
    query = _page_query(
        by_type=bool(filters.template_types),
        by_status=bool(filters.statuses),
        by_reference=filters.client_reference is not None,
        include_jobs=filters.include_jobs,
        older=filters.older_than is not None,
    )
    parameters = {
        "service_id": service_id,
        "key_type": key_type,
        "limit": limit,
        "template_types": list(filters.template_types),
        "statuses": list(filters.statuses),
        "client_reference": filters.client_reference,
        "older_than": filters.older_than,
    }
    result = await connection.execute(query, parameters)
    return [_notification(row) for row in result]


async def get_template_versions(
    connection: AsyncConnection, keys: Iterable[tuple[uuid.UUID, int]]
) -> dict[tuple[uuid.UUID, int], TemplateVersion]:
    """Each (template id, version) once, however many notifications on a page share it."""
    wanted = list(dict.fromkeys(keys))
    if not wanted:
        return {}
    query = select(*_TEMPLATE_COLUMNS).where(tuple_(_t.id, _t.version).in_(wanted))
    versions = (TemplateVersion(*row) for row in await connection.execute(query))
    return {version.key: version for version in versions}
