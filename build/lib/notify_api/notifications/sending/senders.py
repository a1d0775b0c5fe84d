"""The sender step: the chosen or default SMS sender, email reply-to address or letter contact block."""

from __future__ import annotations

from notify_api.enums import EMAIL, SMS
from notify_api.errors import BadRequestError
from notify_api.notifications.sending.queries import (
    ServiceSenders,
    get_reply_to,
    get_service_senders,
    get_sms_sender,
)
from notify_api.notifications.sending.request import Origin, Send
from notify_api.recipients import try_format_sender


async def _defaults(send: Send) -> ServiceSenders:
    if send.request.origin is Origin.PUBLIC_API:
        return await send.runtime.sending_caches.senders.get(send.service.id)
    async with send.runtime.database.read() as connection:
        return await get_service_senders(connection, send.service.id)


def _not_found(send: Send) -> BadRequestError:
    request = send.request
    if request.origin is not Origin.PUBLIC_API:
        return BadRequestError(
            "SMS sender not found" if request.notification_type == SMS else "Reply to email address not found"
        )
    field = "sms_sender_id" if request.notification_type == SMS else "email_reply_to_id"
    return BadRequestError(
        f"{field} {request.sender_id} does not exist in database for service id {request.service.id}"
    )


async def choose_sender(send: Send) -> None:
    request = send.request
    if request.notification_type == SMS:
        if request.sender_id is not None:
            async with send.runtime.database.read() as connection:
                sender = await get_sms_sender(connection, request.service.id, request.sender_id)
            if sender is None:
                raise _not_found(send)
        else:
            sender = (await _defaults(send)).default_sms_sender
        # Numbers are stored in international form (07123123123 → 447123123123); names stay as they are.
        send.reply_to_text = try_format_sender(sender) if sender else None
    elif request.notification_type == EMAIL:
        if request.sender_id is not None:
            async with send.runtime.database.read() as connection:
                send.reply_to_text = await get_reply_to(connection, request.service.id, request.sender_id)
            if send.reply_to_text is None:
                raise _not_found(send)
        else:
            send.reply_to_text = (await _defaults(send)).default_reply_to
    else:
        assert send.template is not None
        send.reply_to_text = send.template.letter_contact_block
