"""Templates as the public API v2 shows them (spec §3.7-3.9): by id or version, the list, and previews."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.errors import BadRequestError, NotFoundError
from notify_api.rendering import EmailTemplate, missing_personalisation_message
from notify_api.templates.queries.records import creator_emails, get_template, list_current_templates
from notify_api.templates.types import TemplateRecord
from notify_api.timeutils import format_datetime

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
    listed = await list_current_templates(connection, service_id, template_type)
    return [template_json(item.template, item.created_by_email) for item in listed]
