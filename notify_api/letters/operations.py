"""GET /v2/notifications/{id}/pdf: the rules for which letters have a PDF to give (spec §3.6)."""

from __future__ import annotations

import asyncio
import uuid
from typing import Final

from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.crypto import Encryption
from notify_api.enums import LETTER, PENDING_VIRUS_CHECK, TECHNICAL_FAILURE, VIRUS_SCAN_FAILED
from notify_api.errors import BadRequestError, NotFoundError, PDFNotReadyError
from notify_api.letters.branding import letter_logo
from notify_api.letters.content import letter_content
from notify_api.letters.pdf import render_letter_pdf
from notify_api.letters.queries import letter_logo_filename
from notify_api.letters.stored import stored_letter_pdf_by_id
from notify_api.notifications.reading.queries import get_notification_with_template
from notify_api.rendering import LetterTemplate
from notify_api.settings import Settings
from notify_api.templates.queries.records import get_template

NOT_A_LETTER: Final = "Notification is not a letter"
VIRUS_SCAN_FAILED_MESSAGE: Final = "File did not pass the virus scan"
TECHNICAL_FAILURE_MESSAGE: Final = f"PDF not available for letters in status {TECHNICAL_FAILURE}"
NOT_READY_MESSAGE: Final = "PDF not available yet, try again later"


def _refuse_by_status(status: str) -> None:
    if status == VIRUS_SCAN_FAILED:
        raise BadRequestError(VIRUS_SCAN_FAILED_MESSAGE)
    if status == TECHNICAL_FAILURE:
        raise BadRequestError(TECHNICAL_FAILURE_MESSAGE)
    if status == PENDING_VIRUS_CHECK:
        raise PDFNotReadyError(NOT_READY_MESSAGE)


async def letter_pdf(
    connection: AsyncConnection,
    encryption: Encryption,
    *,
    service_id: uuid.UUID,
    notification_id: uuid.UUID,
    settings: Settings | None = None,
    any_status: bool = False,
) -> bytes:
    """The letter as a PDF, for a letter of this service sent with any key type.

    Templated letters are rendered here. Precompiled letters (sent as a PDF, on the hidden precompiled
    template) are read from the letters PDF bucket once they have passed their checks (``settings`` says
    where it is; without it, or before then, they are reported as not ready).
    """
    found = await get_notification_with_template(connection, service_id, notification_id)
    if found is None:
        raise NotFoundError()
    notification, template = found
    if notification.notification_type != LETTER:
        raise BadRequestError(NOT_A_LETTER)
    # The admin site (``any_status``) previews a templated letter whatever became of it.
    if not (any_status and not template.hidden):
        _refuse_by_status(notification.status)
    if template.hidden:
        stored = None
        if settings is not None:
            stored = await stored_letter_pdf_by_id(connection, settings, notification.id)
        if stored is None:
            raise PDFNotReadyError(NOT_READY_MESSAGE)
        return stored

    contact_block = notification.reply_to_text
    if contact_block is None:
        record = await get_template(
            connection, service_id, template.id, version=template.version, include_hidden=True
        )
        contact_block = record.letter_contact_block if record else None
    token = notification.encrypted_personalisation
    personalisation = encryption.decrypt_json(token) if token else None
    content = letter_content(
        LetterTemplate(template.content, template.subject or ""),
        personalisation if isinstance(personalisation, dict) else {},
        contact_block=contact_block,
        created_at=notification.created_at,
    )
    logo = None
    if settings is not None:
        logo_name = await letter_logo_filename(connection, service_id)
        logo = None if logo_name is None else await letter_logo(settings, logo_name)
    # Laying out and subsetting fonts takes a CPU-bound tenth of a second or more: keep it off the loop.
    return await asyncio.to_thread(render_letter_pdf, content, logo)
