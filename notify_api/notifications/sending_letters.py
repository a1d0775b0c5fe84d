"""POST /v2/notifications/letter: templated letters (address in the personalisation) and precompiled PDFs."""

from __future__ import annotations

import base64
import binascii
import re
import secrets
import string
import uuid
from dataclasses import dataclass
from typing import Any, Final

from notify_api.api_keys.types import KEY_TYPE_TEAM, KEY_TYPE_TEST
from notify_api.authentication.service import AuthenticatedService
from notify_api.errors import BadRequestError, ValidationError
from notify_api.logging import get_logger
from notify_api.notifications.limits import reserve_send
from notify_api.notifications.persist import insert_notification
from notify_api.notifications.sending import AcceptedNotification, persist_and_enqueue
from notify_api.notifications.sending_checks import check_permission, check_template_content, resolve_template
from notify_api.notifications.sending_templates import get_or_create_precompiled_template
from notify_api.notifications.types import DELIVERED, LETTER, PENDING_VIRUS_CHECK, SENDING, NewNotification
from notify_api.rendering import LetterTemplate, PostalAddress
from notify_api.runtime import Runtime
from notify_api.services.types import ServiceSummary
from notify_api.storage import ObjectStore
from notify_api.tasks import queues
from notify_api.templates.types import TemplateRecord
from notify_api.timeutils import utc_now
from notify_api.validation import validate
from notify_api.validation.schemas import POST_LETTER_REQUEST, POST_PRECOMPILED_LETTER_REQUEST

log = get_logger(__name__)

PRECOMPILED_TO: Final = "Provided as PDF"
SCAN_PRECOMPILED_LETTER: Final = "sanitise-letter"
_REFERENCE_ALPHABET: Final = string.ascii_uppercase + string.digits


@dataclass(frozen=True, slots=True)
class LetterResult:
    id: uuid.UUID
    client_reference: str | None
    postage: str
    precompiled: bool
    accepted: AcceptedNotification | None = None


def letter_reference() -> str:
    """16 random characters from [A-Z0-9]: the reference printed on the letter."""
    return "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(16))


def precompiled_pdf_key(notification_id: uuid.UUID, reference: str) -> str:
    return f"{notification_id}/{reference}.pdf"


def _check_letter_key(service: ServiceSummary, key_type: str) -> None:
    if key_type == KEY_TYPE_TEAM:
        raise BadRequestError("Cannot send letters with a team api key", 403)
    if service.restricted and not service.research_mode and key_type != KEY_TYPE_TEST:
        raise BadRequestError("Cannot send letters when service is in trial mode", 403)


async def accept_letter(runtime: Runtime, auth: AuthenticatedService, body: Any) -> LetterResult:
    precompiled = isinstance(body, dict) and "content" in body
    validate(body, POST_PRECOMPILED_LETTER_REQUEST if precompiled else POST_LETTER_REQUEST)
    check_permission(auth.service, LETTER)
    async with reserve_send(
        runtime.redis,
        auth.service,
        auth.api_key.key_type,
        enabled=runtime.settings.redis_enabled,
        rate_limit_enabled=runtime.settings.api_rate_limit_enabled,
    ):
        if precompiled:
            return await _accept_precompiled(runtime, auth, body)
        return await _accept_templated(runtime, auth, body)


async def _accept_templated(runtime: Runtime, auth: AuthenticatedService, body: Any) -> LetterResult:
    service, key_type = auth.service, auth.api_key.key_type
    template = await resolve_template(runtime, service.id, body["template_id"], LETTER)
    personalisation: dict[str, Any] = body["personalisation"]
    renderer = template.renderer()
    assert isinstance(renderer, LetterTemplate)
    check_template_content(renderer, personalisation)
    _check_letter_key(service, key_type)
    address = PostalAddress.from_personalisation(personalisation)
    error = address.error(allow_international=service.has_permission("international_letters"))
    if error is not None:
        raise ValidationError(error)
    postage = address.postage_zone(template.postage or "second")
    to = "\n".join(address.normalised_lines)
    now = utc_now()
    test_key = key_type == KEY_TYPE_TEST
    notification = NewNotification(
        service_id=service.id,
        template_id=template.id,
        template_version=template.version,
        notification_type=LETTER,
        to=to,
        normalised_to=re.sub(r"\s", "", to).lower(),
        personalisation=personalisation,
        key_type=key_type,
        api_key_id=auth.api_key.id,
        created_at=now,
        client_reference=body.get("reference"),
        reference=letter_reference(),
        postage=postage,
        international=postage in ("europe", "rest-of-world"),
    )
    if test_key:
        # Test letters are never printed: finished at once in production, left `sending` elsewhere.
        notification.status = DELIVERED if runtime.settings.is_production else SENDING
        notification.updated_at = now
    accepted = AcceptedNotification(
        id=notification.id,
        client_reference=notification.client_reference,
        template=template,
        body=renderer.render_body(personalisation),
        subject=renderer.render_subject(personalisation),
        reply_to_text=None,
    )
    if test_key:
        async with runtime.database.unit_of_work() as work:
            await insert_notification(work.connection, runtime.encryption, notification)
    else:
        await persist_and_enqueue(runtime, notification, research_mode=service.research_mode, priority=False)
    return LetterResult(notification.id, notification.client_reference, postage, False, accepted)


async def _accept_precompiled(
    runtime: Runtime, auth: AuthenticatedService, body: dict[str, Any]
) -> LetterResult:
    service, key_type = auth.service, auth.api_key.key_type
    _check_letter_key(service, key_type)
    try:
        pdf = base64.b64decode(body["content"])
    except (ValueError, binascii.Error) as error:
        raise BadRequestError("Cannot decode letter content (invalid base64 encoding)") from error
    template = await _precompiled_template(runtime, service.id)
    postage = body.get("postage") or template.postage or "second"
    notification = NewNotification(
        service_id=service.id,
        template_id=template.id,
        template_version=template.version,
        notification_type=LETTER,
        to=PRECOMPILED_TO,
        normalised_to=None,
        personalisation=None,
        key_type=key_type,
        api_key_id=auth.api_key.id,
        created_at=utc_now(),
        client_reference=body["reference"],
        reference=letter_reference(),
        postage=postage,
        status=PENDING_VIRUS_CHECK,
        international=postage in ("europe", "rest-of-world"),
    )
    assert notification.reference is not None
    await ObjectStore(runtime.settings).put(
        runtime.settings.letters_scan_bucket,
        precompiled_pdf_key(notification.id, notification.reference),
        pdf,
    )
    async with runtime.database.unit_of_work() as work:
        await insert_notification(work.connection, runtime.encryption, notification)
    try:
        await runtime.tasks.enqueue(SCAN_PRECOMPILED_LETTER, queues.LETTERS, str(notification.id))
    except Exception as error:
        # The row stays pending-virus-check; the letters sweeper picks it up again.
        log.error("letter.enqueue_failed", notification_id=str(notification.id), error=type(error).__name__)
    return LetterResult(notification.id, notification.client_reference, postage, True)


async def _precompiled_template(runtime: Runtime, service_id: uuid.UUID) -> TemplateRecord:
    async with runtime.database.unit_of_work() as work:
        return await get_or_create_precompiled_template(work.connection, service_id)
