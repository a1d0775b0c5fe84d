"""Templates as the public API v2 shows them (spec §3.7-3.9): by id or version, the list, and previews.

The list and creator lookups are read-only SQL used only by these endpoints, so they live beside them.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.senders import service_letter_contacts
from notify_api.db.tables.templates import templates
from notify_api.db.tables.users import users
from notify_api.errors import BadRequestError, NotFoundError
from notify_api.rendering import EmailTemplate, missing_personalisation_message
from notify_api.templates.queries import get_template
from notify_api.templates.types import TemplateRecord
from notify_api.timeutils import format_datetime

_t = templates.c
_TYPES_WITH_SUBJECT = frozenset({"email", "letter"})


def template_json(template: TemplateRecord, created_by_email: str | None) -> dict[str, Any]:
    """``personalisation`` lists every placeholder as written (letters: contact block, subject, body)."""
    placeholders = template.renderer().placeholders
    return {
        "id": str(template.id),
        "type": template.template_type,
        "created_at": format_datetime(template.created_at),
        "updated_at": format_datetime(template.updated_at),
        "created_by": created_by_email,
        "version": template.version,
        "body": template.content,
        "subject": template.subject if template.template_type in _TYPES_WITH_SUBJECT else None,
        "name": template.name,
        "personalisation": {name: {"required": True} for name in placeholders},
        "postage": template.postage,
        "letter_contact_block": template.letter_contact_block,
    }


def preview_json(template: TemplateRecord, personalisation: Mapping[str, Any] | None) -> dict[str, Any]:
    """The template filled in; 400 ``Missing personalisation: ...`` if a placeholder has no value."""
    renderer = template.renderer()
    missing = renderer.missing(personalisation)
    if missing:
        raise BadRequestError(missing_personalisation_message(missing))
    return {
        "id": str(template.id),
        "type": template.template_type,
        "version": template.version,
        "body": renderer.render_body(personalisation),
        "subject": renderer.render_subject(personalisation),
        "html": renderer.render_html(personalisation) if isinstance(renderer, EmailTemplate) else None,
        "postage": template.postage,
    }


async def creator_emails(connection: AsyncConnection, user_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
    wanted = list(set(user_ids))
    if not wanted:
        return {}
    rows = await connection.execute(select(users.c.id, users.c.email_address).where(users.c.id.in_(wanted)))
    return {user_id: email for user_id, email in rows}


async def find_template(
    connection: AsyncConnection, service_id: uuid.UUID, template_id: uuid.UUID, version: int | None
) -> TemplateRecord:
    """A non-hidden template (archived ones too) or one of its versions; 404 ``No result found``."""
    template = await get_template(connection, service_id, template_id, version=version)
    if template is None:
        raise NotFoundError()
    return template


async def get_template_json(
    connection: AsyncConnection, service_id: uuid.UUID, template_id: uuid.UUID, version: int | None
) -> dict[str, Any]:
    template = await find_template(connection, service_id, template_id, version)
    emails = await creator_emails(connection, [template.created_by_id])
    return template_json(template, emails.get(template.created_by_id))


async def list_templates_json(
    connection: AsyncConnection, service_id: uuid.UUID, template_type: str | None
) -> list[dict[str, Any]]:
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
    return [template_json(TemplateRecord(*row[:-1]), row[-1]) for row in rows]
