"""Receiving a text: find the service that owns the number, store the message encrypted, forward it.

Providers are always told the message was received, even when no service can take it (unknown number, or
a service without the ``inbound_sms`` and ``sms`` permissions): that is our mapping problem, not theirs.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Final
from urllib.parse import unquote_plus

from prometheus_client import Counter

from notify_api.crypto import Encryption
from notify_api.db.database import UnitOfWork
from notify_api.inbound.queries import find_number_owner, insert_inbound_sms
from notify_api.inbound.types import ReceivedText
from notify_api.logging import get_logger
from notify_api.recipients.phone import InvalidPhoneError, validate_phone_number
from notify_api.tasks.enqueue import TaskQueue
from notify_api.tasks.queues import NOTIFY_INTERNAL
from notify_api.timeutils import LONDON, utc_now

log = get_logger(__name__)

REQUIRED_PERMISSIONS: Final = frozenset({"inbound_sms", "sms"})
SEND_INBOUND_SMS: Final = "send-inbound-sms"

INBOUND_SMS_RECEIVED = Counter("inbound_sms", "Text messages received and stored, by provider.", ["provider"])


def strip_leading_44(number: str) -> str:
    """Providers send our numbers in international form; we store them as 07..."""
    return "0" + number[2:] if number.startswith("44") else number


def decode_mmg_text(value: str) -> str:
    """MMG URL-encodes message text and dates, with ``+`` for spaces."""
    return unquote_plus(value)


def parse_provider_date(raw: str | None) -> datetime | None:
    """Providers send London local time (``2017-05-21 11:56:11``); we store naive UTC."""
    if not raw:
        return None
    try:
        parsed = datetime.fromisoformat(decode_mmg_text(raw).strip())
    except ValueError:
        return None
    local = parsed if parsed.tzinfo else parsed.replace(tzinfo=LONDON)
    return local.astimezone(UTC).replace(tzinfo=None)


def international_user_number(raw: str) -> str:
    try:
        return validate_phone_number(raw, international=True)
    except InvalidPhoneError:
        log.warning("inbound_sms.unformattable_sender")
        return raw


async def receive_text(
    work: UnitOfWork, encryption: Encryption, tasks: TaskQueue, text: ReceivedText
) -> uuid.UUID | None:
    """Store the text and queue ``send-inbound-sms`` after commit; None when no service can take it."""
    number = strip_leading_44(text.destination)
    owner = await find_number_owner(work.connection, number)
    if owner is None:
        log.warning("inbound_sms.no_service_for_number", provider=text.provider)
        return None
    if not REQUIRED_PERMISSIONS.issubset(owner.permissions):
        log.warning(
            "inbound_sms.service_lacks_permission", provider=text.provider, service_id=str(owner.service_id)
        )
        return None
    inbound_sms_id = await insert_inbound_sms(
        work.connection,
        service_id=owner.service_id,
        notify_number=owner.number,
        user_number=international_user_number(text.source),
        encrypted_content=encryption.encrypt(text.content),
        provider=text.provider,
        provider_reference=text.provider_reference,
        provider_date=parse_provider_date(text.date_received) or utc_now(),
    )
    service_id = str(owner.service_id)

    async def forward() -> None:
        await tasks.enqueue(SEND_INBOUND_SMS, NOTIFY_INTERNAL, str(inbound_sms_id), service_id)

    work.after_commit(forward)
    INBOUND_SMS_RECEIVED.labels(text.provider).inc()
    log.info(
        "inbound_sms.received",
        provider=text.provider,
        service_id=service_id,
        inbound_sms_id=str(inbound_sms_id),
    )
    return inbound_sms_id
