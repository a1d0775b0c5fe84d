"""The one send pipeline: every way of sending a notification goes through here.

A caller (the public API's POST /v2/notifications/{sms,email,letter}, the admin site's one-off send, and next
CSV job rows and the bulk API) only turns its input into a `SendRequest` and renders the outcome or the error
in its own envelope. The steps, in the order the original checks them; the first failure wins:

    1. permission  the service may send this type of message                   (public API only)
    2. limits      rate limit (public API only), then the daily limit: one Redis call, which also counts
                   the send; the count is given back if a later step fails or the recipient is simulated
    3. template    exists for the service, of the right type, not archived; personalisation complete;
                   the message not empty
    4. sender      the chosen SMS sender or reply-to address (or the service default; letters: the
                   template's contact block)
    5. recipient   team-key and trial-mode rules, then the phone number (international permission) or
                   email address; letters: who may send them, then the postal address
    6. files       files sent by email are stored and become download links
    7. length      SMS at most 918 characters, email at most 2,000,000 bytes, once files became links
    8. persist     one INSERT, committed (simulated recipients: never stored); with an Idempotency-Key the
                   same statement takes the key and stores the answer a retry gets
    9. enqueue     the delivery task on its queue; if the broker fails, the row waits for the outbox sweeper

The admin one-off send keeps the original's own order: template and length first, then the daily limit,
recipient, the sending team member, sender. A precompiled letter skips the template and recipient steps:
its PDF is stored for a virus scan instead.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Final

from notify_api.enums import EMAIL, LETTER, SMS
from notify_api.errors import BadRequestError, NotFoundError
from notify_api.logging import get_logger
from notify_api.notifications.sending.checks import (
    check_length,
    check_limits,
    check_permission,
    find_template,
)
from notify_api.notifications.sending.files import attach_files
from notify_api.notifications.sending.letters import (
    check_letter_key,
    check_postal_address,
    store_precompiled_pdf,
)
from notify_api.notifications.sending.limits import give_back
from notify_api.notifications.sending.persist import insert_keyed_notification, insert_notification
from notify_api.notifications.sending.queries import is_service_member
from notify_api.notifications.sending.queueing import delivery_route
from notify_api.notifications.sending.recipients import (
    check_email_address,
    check_phone_number,
    check_recipient_allowed,
)
from notify_api.notifications.sending.request import Accepted, KeyHeldElsewhere, Origin, Send, SendRequest
from notify_api.notifications.sending.senders import choose_sender
from notify_api.notifications.types import KeyRecord
from notify_api.runtime import Runtime

log = get_logger(__name__)

Step = Callable[[Send], Awaitable[None]]


async def check_sending_member(send: Send) -> None:
    """A one-off message is sent by a member of the service's team."""
    request = send.request
    assert request.created_by_id is not None
    async with send.runtime.database.read() as connection:
        name, is_member = await is_service_member(connection, request.service.id, request.created_by_id)
    if name is None:
        raise NotFoundError()
    if not is_member:
        raise BadRequestError(
            f'Can’t create notification - {name} is not part of the "{request.service.name}" service'
        )


_PUBLIC_API_STEPS: Final[dict[str, Sequence[Step]]] = {
    SMS: (check_permission, check_limits, find_template, choose_sender, check_recipient_allowed,
          check_phone_number, attach_files, check_length),
    EMAIL: (check_permission, check_limits, find_template, choose_sender, check_recipient_allowed,
            check_email_address, attach_files, check_length),
    LETTER: (check_permission, check_limits, find_template, choose_sender, check_letter_key,
             check_postal_address),
}  # fmt: skip
PRECOMPILED_LETTER_STEPS: Final[Sequence[Step]] = (
    check_permission, check_limits, check_letter_key, store_precompiled_pdf,
)  # fmt: skip
_ONE_OFF_STEPS: Final[dict[str, Sequence[Step]]] = {
    SMS: (find_template, check_length, check_limits, check_recipient_allowed, check_phone_number,
          check_sending_member, choose_sender),
    EMAIL: (find_template, check_length, check_limits, check_recipient_allowed, check_email_address,
            check_sending_member, choose_sender),
    LETTER: (find_template, check_limits, check_postal_address, check_sending_member, choose_sender),
}  # fmt: skip


def steps_for(request: SendRequest) -> Sequence[Step]:
    if request.precompiled_pdf is not None:
        return PRECOMPILED_LETTER_STEPS
    table = _PUBLIC_API_STEPS if request.origin is Origin.PUBLIC_API else _ONE_OFF_STEPS
    return table[request.notification_type]


async def send_notification(runtime: Runtime, request: SendRequest) -> Accepted:
    """Run the request through its steps, then persist and enqueue it; raises the first failure."""
    send = Send(runtime, request)
    try:
        for step in steps_for(request):
            await step(send)
        if not send.simulated:
            await _persist(send)
    except BaseException:
        if send.counted:
            await give_back(runtime.redis, request.service.id, request.notification_type)
        raise
    if send.simulated:
        if send.counted:  # a normal answer, but never stored, sent or counted
            await give_back(runtime.redis, request.service.id, request.notification_type)
    else:
        await _enqueue(send)
    return _accepted(send)


async def _persist(send: Send) -> None:
    # One statement in its own transaction: a single round trip to PostgreSQL, an Idempotency-Key included.
    keyed = send.request.idempotency
    async with send.runtime.database.autocommit() as connection:
        if keyed is None:
            await insert_notification(connection, send.runtime.encryption, send.notification())
            return
        status, body = keyed.answer(_accepted(send))
        key = KeyRecord(keyed.key, keyed.fingerprint, status, body, keyed.expired_before)
        if not await insert_keyed_notification(connection, send.runtime.encryption, send.notification(), key):
            raise KeyHeldElsewhere(keyed.key)


async def _enqueue(send: Send) -> None:
    if not send.enqueue:
        return
    request, template = send.request, send.template
    assert template is not None
    actor, queue = send.task or delivery_route(
        request.notification_type,
        request.key_type,
        research_mode=request.service.research_mode,
        priority=template.is_priority,
    )
    try:
        await send.runtime.tasks.enqueue(actor, queue, str(send.id))
    except Exception as error:
        # The row is committed: the outbox sweeper enqueues it again, so it is still sent.
        log.error("notification.enqueue_failed", notification_id=str(send.id), error=type(error).__name__)


def _accepted(send: Send) -> Accepted:
    assert send.template is not None
    return Accepted(
        id=send.id,
        client_reference=send.request.client_reference,
        template=send.template,
        body=send.body,
        subject=send.subject,
        reply_to_text=send.reply_to_text,
        postage=send.postage,
    )
