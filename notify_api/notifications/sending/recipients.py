"""Steps about who receives the message: team and trial-mode rules, then the phone number or email address."""

from __future__ import annotations

from typing import Final

from notify_api.enums import KEY_TYPE_TEAM, KEY_TYPE_TEST
from notify_api.errors import BadRequestError, InvalidRequest
from notify_api.notifications.sending.queries import get_allowed_recipients
from notify_api.notifications.sending.request import Origin, Send
from notify_api.recipients import (
    InvalidEmailError,
    InvalidPhoneError,
    format_recipient,
    phone_info,
    validate_email_address,
    validate_phone_number,
)

SIMULATED_SMS_NUMBERS: Final = frozenset({"447700900000", "447700900111", "447700900222"})
SIMULATED_EMAIL_ADDRESSES: Final = frozenset(
    {
        "simulate-delivered@notifications.service.gov.uk",
        "simulate-delivered-2@notifications.service.gov.uk",
        "simulate-delivered-3@notifications.service.gov.uk",
    }
)
TEAM_KEY_RECIPIENT: Final = "Can’t send to this recipient using a team-only API key"
TRIAL_MODE_RECIPIENT: Final = (
    "Can’t send to this recipient when service is in trial mode – see "
    "https://www.notifications.service.gov.uk/trial-mode"
)


async def check_recipient_allowed(send: Send) -> None:
    """Team keys, and live keys of services in trial mode, may send only to the team and the guest list;
    a one-off message from a service in trial mode only to the team. Job rows follow the public API's rule
    (team and guest list), read from the same short-lived cache since a job asks once per row."""
    request, service = send.request, send.service
    key_type = request.key_type
    if key_type == KEY_TYPE_TEST or (key_type != KEY_TYPE_TEAM and not service.restricted):
        return
    if request.origin is not Origin.ONE_OFF:
        allowed = await send.runtime.sending_caches.allowed_recipients.get(service.id)
    else:
        async with send.runtime.database.read() as connection:
            allowed = await get_allowed_recipients(connection, service.id, include_guest_list=False)
    if format_recipient(request.recipient) not in allowed:
        raise BadRequestError(TEAM_KEY_RECIPIENT if key_type == KEY_TYPE_TEAM else TRIAL_MODE_RECIPIENT)


async def check_phone_number(send: Send) -> None:
    """A valid number, international only with permission (crown dependencies count as UK); the billing
    facts of where it goes."""
    recipient = send.request.recipient
    try:
        normalised = validate_phone_number(recipient, international=True)
    except InvalidPhoneError as error:
        raise InvalidRequest(str(error), 400) from error
    info = phone_info(normalised)
    if (
        info.international
        and not info.crown_dependency
        and not send.service.has_permission("international_sms")
    ):
        raise BadRequestError("Cannot send to international mobile numbers")
    send.to, send.normalised_to = recipient, normalised
    send.international = info.international
    send.phone_prefix = info.prefix
    send.rate_multiplier = float(info.rate_multiplier)
    send.simulated = send.request.origin is Origin.PUBLIC_API and normalised in SIMULATED_SMS_NUMBERS


async def check_email_address(send: Send) -> None:
    recipient = send.request.recipient
    if send.request.origin is Origin.PUBLIC_API:
        normalised = recipient.strip().lower()  # the request schema has checked the address
        send.simulated = normalised in SIMULATED_EMAIL_ADDRESSES
    else:
        try:
            normalised = validate_email_address(recipient).lower()
        except InvalidEmailError as error:
            raise InvalidRequest(str(error), 400) from error
    send.to, send.normalised_to = recipient, normalised
