"""Steps only letters take: who may send them, the postal address, and precompiled PDFs."""

from __future__ import annotations

import base64
import binascii
import re
import secrets
import string
import uuid
from typing import Final

from notify_api.enums import DELIVERED, KEY_TYPE_TEAM, KEY_TYPE_TEST, PENDING_VIRUS_CHECK, SENDING
from notify_api.errors import BadRequestError, ValidationError
from notify_api.notifications.sending.queries import get_or_create_precompiled_template
from notify_api.notifications.sending.request import Origin, Send
from notify_api.rendering import LetterTemplate, PostalAddress
from notify_api.storage import ObjectStore
from notify_api.tasks import queues

PRECOMPILED_TO: Final = "Provided as PDF"
SCAN_PRECOMPILED_LETTER: Final = "sanitise-letter"
INTERNATIONAL_POSTAGE: Final = ("europe", "rest-of-world")
_REFERENCE_ALPHABET: Final = string.ascii_uppercase + string.digits


def letter_reference() -> str:
    """16 random characters from [A-Z0-9]: the reference printed on the letter."""
    return "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(16))


def precompiled_pdf_key(notification_id: uuid.UUID, reference: str) -> str:
    return f"{notification_id}/{reference}.pdf"


async def check_letter_key(send: Send) -> None:
    service, key_type = send.service, send.request.key_type
    if key_type == KEY_TYPE_TEAM:
        raise BadRequestError("Cannot send letters with a team api key", 403)
    if service.restricted and not service.research_mode and key_type != KEY_TYPE_TEST:
        raise BadRequestError("Cannot send letters when service is in trial mode", 403)


async def check_postal_address(send: Send) -> None:
    """A real address (the public API checks it; a one-off letter's was checked by the admin site), its
    postage zone, and a reference to print."""
    renderer, template = send.renderer, send.template
    assert isinstance(renderer, LetterTemplate) and template is not None
    if send.request.origin is Origin.PUBLIC_API:
        address = PostalAddress.from_personalisation(send.personalisation)
        error = address.error(allow_international=send.service.has_permission("international_letters"))
        if error is not None:
            raise ValidationError(error)
        send.postage = address.postage_zone(template.postage or "second")
        send.to = "\n".join(address.normalised_lines)
        send.international = send.postage in INTERNATIONAL_POSTAGE
        send.body = renderer.render_body(send.personalisation)
        send.subject = renderer.render_subject(send.personalisation)
    else:
        send.to = send.request.recipient
        send.postage = template.postage
    send.normalised_to = re.sub(r"\s", "", send.to).lower()
    send.reference = letter_reference()
    _finish_letters_never_printed(send)


def _finish_letters_never_printed(send: Send) -> None:
    """Letters sent with a test key, or from the admin site by a service in research mode, are never
    printed: test letters end `delivered` at once in production (`sending` elsewhere), the others
    `delivered`."""
    if send.request.key_type == KEY_TYPE_TEST:
        send.status = DELIVERED if send.runtime.settings.is_production else SENDING
        send.enqueue = False
    elif send.request.origin is not Origin.PUBLIC_API and send.service.research_mode:
        send.status = DELIVERED
        send.enqueue = False


async def store_precompiled_pdf(send: Send) -> None:
    """Decode the PDF, record it against the service's hidden precompiled template and put it in the scan
    bucket; the `sanitise-letter` task checks it before it goes on."""
    request = send.request
    assert request.precompiled_pdf is not None
    try:
        pdf = base64.b64decode(request.precompiled_pdf)
    except (ValueError, binascii.Error) as error:
        raise BadRequestError("Cannot decode letter content (invalid base64 encoding)") from error
    async with send.runtime.database.transaction() as connection:
        send.template = await get_or_create_precompiled_template(connection, send.service.id)
    send.to = PRECOMPILED_TO
    send.postage = request.postage or send.template.postage or "second"
    send.international = send.postage in INTERNATIONAL_POSTAGE
    send.reference = letter_reference()
    send.status = PENDING_VIRUS_CHECK
    send.task = (SCAN_PRECOMPILED_LETTER, queues.LETTERS)
    settings = send.runtime.settings
    await ObjectStore(settings).put(
        settings.letters_scan_bucket, precompiled_pdf_key(send.id, send.reference), pdf
    )
