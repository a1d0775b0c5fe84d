"""Rules for creating, editing and previewing templates from the admin API."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.errors import BadRequestError, InvalidRequest, NotFoundError
from notify_api.rendering import SMS_CHAR_COUNT_LIMIT, EmailTemplate, LetterTemplate, SmsTemplate
from notify_api.services.queries.reads import get_service_summary
from notify_api.services.types import ServiceSummary
from notify_api.template_folders.queries import get_folder
from notify_api.templates.admin_types import PUBLIC_TYPE_NAMES, NewTemplate, TemplateDetail
from notify_api.templates.queries import admin as queries
from notify_api.templates.schemas import CREATE_TEMPLATE, UPDATE_TEMPLATE
from notify_api.users.queries.accounts import user_exists
from notify_api.validation import validate

LETTER_POSTAGE = ("first", "second")
DEFAULT_LETTER_POSTAGE = "second"
OVER_LIMIT_MESSAGE = f"Content has a character count greater than the limit of {SMS_CHAR_COUNT_LIMIT}"


async def _service(connection: AsyncConnection, service_id: uuid.UUID) -> ServiceSummary:
    service = await get_service_summary(connection, service_id)
    if service is None:
        raise NotFoundError()
    return service


async def _check_user(connection: AsyncConnection, user_id: uuid.UUID) -> None:
    if not await user_exists(connection, user_id):
        raise InvalidRequest({"created_by": ["Not a valid user"]}, 400)


def _check_permission(service: ServiceSummary, template_type: str, action: str) -> None:
    if not service.has_permission(template_type):
        message = f"{action} {PUBLIC_TYPE_NAMES.get(template_type, template_type)} templates is not allowed"
        raise InvalidRequest({"template_type": [message]}, 403)


def _check_length(template_type: str, content: str) -> None:
    if template_type == "sms" and SmsTemplate(content).content_count(None) > SMS_CHAR_COUNT_LIMIT:
        raise InvalidRequest({"content": [OVER_LIMIT_MESSAGE]}, 400)


def _postage(template_type: str, postage: str | None) -> str | None:
    """Letters always have first or second class postage; other types never have any."""
    if template_type != "letter":
        return None
    if postage is None:
        return DEFAULT_LETTER_POSTAGE
    if postage not in LETTER_POSTAGE:
        raise InvalidRequest({"postage": ["postage invalid. It must be either first or second."]}, 400)
    return postage


async def _letter_contact(
    connection: AsyncConnection, service_id: uuid.UUID, template_type: str, reply_to: Any
) -> uuid.UUID | None:
    if reply_to is None:
        return None
    if template_type != "letter":
        raise InvalidRequest({"reply_to": ["Only letter templates can have a reply_to"]}, 400)
    try:
        contact_id = uuid.UUID(str(reply_to))
    except ValueError:
        contact_id = None
    if contact_id is None or not await queries.letter_contact_exists(connection, service_id, contact_id):
        raise BadRequestError(
            f"letter_contact_id {reply_to} does not exist in database for service id {service_id}"
        )
    return contact_id


async def _detail(
    connection: AsyncConnection, service_id: uuid.UUID, template_id: uuid.UUID
) -> TemplateDetail:
    template = await queries.get_template_detail(connection, service_id, template_id)
    if template is None:
        raise NotFoundError()
    return template


async def create_template(
    connection: AsyncConnection, service_id: uuid.UUID, body: dict[str, Any]
) -> TemplateDetail:
    validate(body, CREATE_TEMPLATE)
    service = await _service(connection, service_id)
    template_type = body["template_type"]
    _check_permission(service, template_type, "Creating")
    folder_id = None
    if body.get("parent_folder_id"):
        folder_id = uuid.UUID(body["parent_folder_id"])
        if await get_folder(connection, service_id, folder_id) is None:
            raise InvalidRequest("parent_folder_id not found", 400)
    _check_length(template_type, body["content"])
    created_by_id = uuid.UUID(body["created_by"])
    await _check_user(connection, created_by_id)
    new = NewTemplate(
        service_id=service_id,
        name=body["name"],
        template_type=template_type,
        content=body["content"],
        subject=body.get("subject") if template_type in ("email", "letter") else None,
        created_by_id=created_by_id,
        process_type=body.get("process_type") or "normal",
        postage=_postage(template_type, body.get("postage")),
        service_letter_contact_id=await _letter_contact(
            connection, service_id, template_type, body.get("reply_to")
        ),
        folder_id=folder_id,
    )
    template_id = await queries.insert_template(connection, new)
    return await _detail(connection, service_id, template_id)


async def update_template(
    connection: AsyncConnection, service_id: uuid.UUID, template_id: uuid.UUID, body: dict[str, Any]
) -> TemplateDetail | None:
    """Apply an edit. Returns the template, or None when only the redaction setting was asked for.

    Three kinds of request: redact personalisation (nothing else changes), set the letter contact, or merge
    the given fields; a merge that changes none of the versioned fields saves nothing.
    """
    template = await _detail(connection, service_id, template_id)
    service = await _service(connection, service_id)
    _check_permission(service, template.template_type, "Updating")
    validate(body, UPDATE_TEMPLATE)

    if body.get("redact_personalisation") is True:
        if "created_by" not in body:
            raise InvalidRequest({"created_by": ["Field is required"]}, 400)
        if not template.redact_personalisation:
            await queries.redact_personalisation(connection, template_id, uuid.UUID(body["created_by"]))
        return None

    if "reply_to" in body:
        contact_id = await _letter_contact(connection, service_id, template.template_type, body["reply_to"])
        await queries.save_new_version(connection, template_id, {"service_letter_contact_id": contact_id})
        return await _detail(connection, service_id, template_id)

    current = template.versioned_values()
    merged = {**current, **{key: body[key] for key in current if key in body}}
    if merged == current:
        return template

    _check_length(template.template_type, merged["content"])
    merged["postage"] = _postage(template.template_type, merged["postage"])
    changes = dict(merged)
    if "created_by" in body:
        changes["created_by_id"] = uuid.UUID(body["created_by"])
        await _check_user(connection, changes["created_by_id"])
    await queries.save_new_version(connection, template_id, changes)
    if merged["archived"]:
        await queries.set_template_folder(connection, template_id, None)
    return await _detail(connection, service_id, template_id)


async def preview_template(
    connection: AsyncConnection, service_id: uuid.UUID, template_id: uuid.UUID, values: dict[str, str]
) -> dict[str, Any]:
    """The template filled in with ``values``; every placeholder must have a value."""
    template = await _detail(connection, service_id, template_id)
    data = template.to_json()
    if template.template_type == "sms":
        sms = SmsTemplate(template.content)
        _check_missing(sms.missing(values))
        data["content"] = sms.render_body(values)
        data["subject"] = None
    elif template.template_type == "email":
        email = EmailTemplate(template.content, template.subject or "")
        _check_missing(email.missing(values))
        data["subject"] = email.render_subject(values)
        data["content"] = email.render_html(values)
    else:
        # a letter's reply_to_text is its contact block
        letter = LetterTemplate(
            template.content, template.subject or "", template.reply_to_text, template.postage
        )
        _check_missing(letter.missing(values))
        data["subject"] = letter.render_subject(values)
        data["content"] = letter.render_body(values)
    return data


def _check_missing(missing: list[str]) -> None:
    if missing:
        raise InvalidRequest({"template": ["Missing personalisation: " + ", ".join(missing)]}, 400)
