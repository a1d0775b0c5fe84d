"""``POST /service/{sid}/send-pdf-letter``: a letter uploaded as a PDF on the admin site's Uploads page.

The admin site has already checked the PDF and put it in the transient uploads bucket under
``service-{sid}/{file_id}.pdf``; ``file_id`` becomes the notification's id. The letter is stored, on the
service's hidden precompiled template, ``created`` for the next print run, its sheets its billable units.
The PDF is copied to the letters bucket before the row is committed (a row without its PDF would stop
the print run) and removed from the uploads bucket after.
"""

from __future__ import annotations

import asyncio
import re
import urllib.parse
import uuid
from typing import Any, Final

from notify_api.enums import KEY_TYPE_NORMAL, LETTER
from notify_api.errors import BadRequestError, InvalidRequest, NotFoundError
from notify_api.letters.checks import page_count, sheets_for
from notify_api.letters.queries import notification_exists
from notify_api.letters.stored import letter_pdf_key
from notify_api.logging import get_logger
from notify_api.notifications.sending.letters import letter_reference
from notify_api.notifications.sending.limits import count_within_limits, give_back
from notify_api.notifications.sending.persist import insert_notification
from notify_api.notifications.sending.queries import get_or_create_precompiled_template, is_service_member
from notify_api.notifications.sending.recipients import TRIAL_MODE_RECIPIENT
from notify_api.notifications.types import NewNotification
from notify_api.runtime import Runtime
from notify_api.services.queries.reads import get_service_summary
from notify_api.storage import ObjectStore
from notify_api.timeutils import utc_now
from notify_api.validation import validate

log = get_logger(__name__)

_UUID: Final = {"type": "string", "format": "uuid", "validationMessage": "is not a valid UUID"}
SEND_PDF_LETTER_SCHEMA: Final[dict[str, Any]] = {
    "type": "object",
    "properties": {
        "postage": {"type": "string", "format": "postage"},
        "filename": {"type": "string"},
        "created_by": _UUID,
        "file_id": _UUID,
        "recipient_address": {"type": "string"},
    },
    "required": ["postage", "filename", "created_by", "file_id", "recipient_address"],
}
NOT_ALLOWED: Final = "Service is not allowed to send letters"
FILE_GONE: Final = "The uploaded letter {} was not found: upload it again"
ALREADY_SENT: Final = "The uploaded letter {} has already been sent"
NOT_A_PDF: Final = "The uploaded letter {} is not a PDF that can be read"


def uploaded_letter_key(service_id: uuid.UUID, file_id: uuid.UUID) -> str:
    return f"service-{service_id}/{file_id}.pdf"


async def send_uploaded_letter(runtime: Runtime, service_id: uuid.UUID, body: dict[str, Any]) -> uuid.UUID:
    validate(body, SEND_PDF_LETTER_SCHEMA)
    file_id, created_by = uuid.UUID(body["file_id"]), uuid.UUID(body["created_by"])
    settings = runtime.settings
    async with runtime.database.read() as connection:
        service = await get_service_summary(connection, service_id)
        if service is None:
            raise NotFoundError()
        if not service.has_permission(LETTER):
            raise BadRequestError(NOT_ALLOWED)
        name, is_member = await is_service_member(connection, service_id, created_by)
    if name is None:
        raise NotFoundError()
    if not is_member:
        raise BadRequestError(
            f'Can’t create notification - {name} is not part of the "{service.name}" service'
        )
    if service.restricted:
        # In trial mode a service sends only to its team, and no postal address is a team member's.
        raise BadRequestError(TRIAL_MODE_RECIPIENT)

    store = ObjectStore(settings)
    source = uploaded_letter_key(service_id, file_id)
    pdf = await store.get(settings.transient_uploaded_letters_bucket, source)
    if pdf is None:
        raise InvalidRequest(FILE_GONE.format(f"{file_id}.pdf"), 400)
    try:
        pages = await asyncio.to_thread(page_count, pdf)
    except Exception as error:  # pypdf raises many kinds of error for a file it cannot read
        raise InvalidRequest(NOT_A_PDF.format(f"{file_id}.pdf"), 400) from error

    counted = False
    if settings.redis_enabled:
        counted = await count_within_limits(
            runtime.redis, service, KEY_TYPE_NORMAL, LETTER, rate_limit_enabled=False
        )
    try:
        await _store_letter(runtime, service_id, file_id, created_by, body, pdf, sheets_for(pages))
    except BaseException:
        if counted:
            await give_back(runtime.redis, service_id, LETTER)
        raise
    try:
        await store.delete(settings.transient_uploaded_letters_bucket, source)
    except Exception as error:
        # The letter is sent; a leftover upload expires with the bucket's lifecycle rule.
        log.warning("letter.upload_not_removed", notification_id=str(file_id), error=type(error).__name__)
    return file_id


async def _store_letter(
    runtime: Runtime,
    service_id: uuid.UUID,
    file_id: uuid.UUID,
    created_by: uuid.UUID,
    body: dict[str, Any],
    pdf: bytes,
    billable_units: int,
) -> None:
    recipient = urllib.parse.unquote(body["recipient_address"])
    async with runtime.database.unit_of_work() as work:
        if await notification_exists(work.connection, file_id):
            raise InvalidRequest(ALREADY_SENT.format(f"{file_id}.pdf"), 400)
        template = await get_or_create_precompiled_template(work.connection, service_id)
        letter = NewNotification(
            id=file_id,
            service_id=service_id,
            template_id=template.id,
            template_version=template.version,
            notification_type=LETTER,
            to=recipient,
            normalised_to=re.sub(r"\s", "", recipient).lower(),
            # the admin shows an uploaded letter by its file name
            personalisation={"address_line_1": body["filename"]},
            key_type=KEY_TYPE_NORMAL,
            api_key_id=None,
            created_at=utc_now(),
            reference=letter_reference(),
            client_reference=body["filename"],
            created_by_id=created_by,
            billable_units=billable_units,
            postage=body["postage"] or template.postage,
        )
        letter.international = letter.postage in ("europe", "rest-of-world")
        settings = runtime.settings
        await ObjectStore(settings).put(settings.letters_pdf_bucket, letter_pdf_key(letter), pdf)
        await insert_notification(work.connection, runtime.encryption, letter)
