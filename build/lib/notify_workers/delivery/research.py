"""Research mode and test keys (spec §3.3f): nothing goes to a provider; a fake receipt decides the outcome.

The row is marked sent by the provider that would have been chosen, then:
- SMS: a receipt in that provider's format is POSTed to our own ``/notifications/sms/{mmg|firetext}``
  (by the ``research-mode-sms-receipt`` actor, so a failed POST is retried): numbers ending 7700900003
  fail temporarily, 7700900002 permanently, anything else is delivered;
- email: the reference is a new uuid4 and ``process-ses-result`` gets a fake SES event:
  ``perm-fail@simulator.notify`` bounces permanently, ``temp-fail@simulator.notify`` transiently, anything
  else is delivered. The event carries no recipient: messages carry ids, never personal data.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

import httpx
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.notifications.delivery.queries import research_sms_number
from notify_api.timeutils import utc_now
from notify_workers.retry import RetryLater

TEMPORARY_FAILURE_NUMBER: Final = "7700900003"
PERMANENT_FAILURE_NUMBER: Final = "7700900002"
PERMANENT_FAILURE_EMAIL: Final = "perm-fail@simulator.notify"
TEMPORARY_FAILURE_EMAIL: Final = "temp-fail@simulator.notify"


@dataclass(frozen=True)
class FakeReceipt:
    """One POST to ``/notifications/sms/{provider}``: a JSON body for MMG, a form for Firetext."""

    provider: str
    json_body: dict[str, str] | None = None
    form_body: dict[str, str] | None = field(default=None)


def _outcome(number: str) -> str:
    digits = number.strip()
    if digits.endswith(TEMPORARY_FAILURE_NUMBER):
        return "temporary-failure"
    if digits.endswith(PERMANENT_FAILURE_NUMBER):
        return "permanent-failure"
    return "delivered"


# MMG status: 3 delivered, 4 temporary failure, 5 permanent failure.
_MMG_STATUS: Final = {"delivered": "3", "temporary-failure": "4", "permanent-failure": "5"}
# Firetext status: 0 delivered, 1 failed (after 2, pending, it counts as temporary).
_FIRETEXT_STATUSES: Final = {
    "delivered": ("0",),
    "temporary-failure": ("2", "1"),
    "permanent-failure": ("1",),
}


def fake_sms_receipts(provider: str, reference: str, number: str, now: datetime) -> list[FakeReceipt]:
    outcome = _outcome(number)
    if provider == "mmg":
        body = {"status": _MMG_STATUS[outcome], "CID": reference, "MSISDN": number, "substatus": "1"}
        return [FakeReceipt(provider, json_body=body)]
    time = now.strftime("%Y-%m-%d %H:%M:%S")
    return [
        FakeReceipt(
            provider, form_body={"status": status, "reference": reference, "mobile": number, "time": time}
        )
        for status in _FIRETEXT_STATUSES[outcome]
    ]


def fake_ses_event(reference: str, recipient: str, now: datetime) -> dict[str, Any]:
    """A SES notification as SNS delivers it (the parsed ``Message``), without the recipient."""
    timestamp = now.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    mail = {"messageId": reference, "timestamp": timestamp, "source": "research-mode"}
    address = recipient.strip().lower()
    if address in (PERMANENT_FAILURE_EMAIL, TEMPORARY_FAILURE_EMAIL):
        permanent = address == PERMANENT_FAILURE_EMAIL
        bounce: dict[str, Any] = {
            "bounceType": "Permanent" if permanent else "Transient",
            "bounceSubType": "General",
            "bouncedRecipients": [],
            "timestamp": timestamp,
            "feedbackId": str(uuid.uuid4()),
        }
        return {"notificationType": "Bounce", "mail": mail, "bounce": bounce}
    delivery = {"timestamp": timestamp, "processingTimeMillis": 0, "recipients": [], "smtpResponse": "250 OK"}
    return {"notificationType": "Delivery", "mail": mail, "delivery": delivery}


async def send_fake_sms_receipts(
    connection: AsyncConnection,
    http: httpx.AsyncClient,
    api_host_name: str,
    provider: str,
    notification_id: str,
    *,
    credentials: tuple[str, str] | None = None,
) -> int:
    """The ``research-mode-sms-receipt`` actor's work; returns how many receipts were posted.

    ``credentials`` are the Basic-auth pair our receipt routes require of that provider, when they do."""
    number = await research_sms_number(connection, uuid.UUID(notification_id))
    if number is None:
        return 0
    receipts = fake_sms_receipts(provider, notification_id, number, utc_now())
    await post_fake_sms_receipts(http, api_host_name, receipts, credentials)
    return len(receipts)


async def post_fake_sms_receipts(
    http: httpx.AsyncClient,
    api_host_name: str,
    receipts: list[FakeReceipt],
    credentials: tuple[str, str] | None = None,
) -> None:
    """POST each receipt in order; any failure is temporary (the actor retries the lot)."""
    auth = httpx.BasicAuth(*credentials) if credentials else httpx.USE_CLIENT_DEFAULT
    for receipt in receipts:
        url = f"{api_host_name}/notifications/sms/{receipt.provider}"
        try:
            if receipt.json_body is not None:
                response = await http.post(url, json=receipt.json_body, auth=auth)
            else:
                response = await http.post(url, data=receipt.form_body, auth=auth)
        except httpx.HTTPError as error:
            raise RetryLater(f"research receipt not delivered: {type(error).__name__}") from error
        if response.status_code >= 500:
            raise RetryLater(f"research receipt refused with HTTP {response.status_code}")
