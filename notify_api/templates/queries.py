"""Template reads."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Row, Select, select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.senders import service_letter_contacts
from notify_api.db.tables.templates import templates, templates_history
from notify_api.templates.types import TemplateRecord


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
