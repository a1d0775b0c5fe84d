"""Delivery receipts the simulator sends back: MMG and Firetext formats, and SES events as SNS posts them.

The outcome is chosen by recipient, as Notify's research mode does: numbers ending 7700900002 fail
permanently, 7700900003 fail temporarily, anything else is delivered; for email, perm-fail@simulator.notify
bounces permanently, temp-fail@simulator.notify transiently, anything else is delivered.
"""

from __future__ import annotations

import enum
import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, Protocol
from zoneinfo import ZoneInfo

import httpx

from notify_workers.delivery.research import fake_ses_event

MMG: Final = "mmg"
FIRETEXT: Final = "firetext"
PROVIDERS: Final = (MMG, FIRETEXT)

PERMANENT_FAILURE_SUFFIX: Final = "7700900002"
TEMPORARY_FAILURE_SUFFIX: Final = "7700900003"
_LONDON: Final = ZoneInfo("Europe/London")


class Outcome(enum.Enum):
    DELIVERED = "delivered"
    PERMANENT_FAILURE = "permanent-failure"
    TEMPORARY_FAILURE = "temporary-failure"


def outcome_for(recipient: str) -> Outcome:
    digits = recipient.strip()
    if digits.endswith(PERMANENT_FAILURE_SUFFIX):
        return Outcome.PERMANENT_FAILURE
    if digits.endswith(TEMPORARY_FAILURE_SUFFIX):
        return Outcome.TEMPORARY_FAILURE
    return Outcome.DELIVERED


# MMG status and substatus: 3/2 delivered to operator, 2/1 number does not exist, 4/6 absent subscriber.
_MMG_CODES: Final = {
    Outcome.DELIVERED: ("3", "2"),
    Outcome.PERMANENT_FAILURE: ("2", "1"),
    Outcome.TEMPORARY_FAILURE: ("4", "6"),
}
# Firetext status 1 with code 101 (unknown subscriber) is permanent, with 102 (absent) temporary.
_FIRETEXT_CODES: Final = {
    Outcome.PERMANENT_FAILURE: "101",
    Outcome.TEMPORARY_FAILURE: "102",
}


@dataclass(frozen=True)
class Receipt:
    """A receipt to POST to ``{callback_base}{path}``: a JSON body for MMG, a form for Firetext."""

    provider: str
    reference: str
    outcome: Outcome
    path: str
    json_body: dict[str, Any] | None = None
    form_body: dict[str, str] | None = None


def mmg_receipt(reference: str, msisdn: str) -> Receipt:
    outcome = outcome_for(msisdn)
    status, substatus = _MMG_CODES[outcome]
    body = {"status": status, "CID": reference, "MSISDN": msisdn, "substatus": substatus}
    return Receipt(MMG, reference, outcome, "/notifications/sms/mmg", json_body=body)


def firetext_receipt(reference: str, mobile: str, now: datetime) -> Receipt:
    outcome = outcome_for(mobile)
    body = {
        "status": "0" if outcome is Outcome.DELIVERED else "1",
        "reference": reference,
        "mobile": mobile,
        "time": now.astimezone(_LONDON).strftime("%Y-%m-%d %H:%M:%S"),
    }
    if outcome in _FIRETEXT_CODES:
        body["code"] = _FIRETEXT_CODES[outcome]
    return Receipt(FIRETEXT, reference, outcome, "/notifications/sms/firetext", form_body=body)


SES_RECEIPT_PATH: Final = "/notifications/email/ses"


def ses_receipt(message_id: str, recipient: str, now: datetime) -> Receipt:
    """An SNS HTTP notification carrying the SES event, as AWS posts it (unsigned: local runs only)."""
    event = fake_ses_event(message_id, recipient, now.replace(tzinfo=None))
    outcome = {
        "Delivery": Outcome.DELIVERED,
        "Bounce": Outcome.PERMANENT_FAILURE
        if event.get("bounce", {}).get("bounceType") == "Permanent"
        else Outcome.TEMPORARY_FAILURE,
    }[event["notificationType"]]
    envelope = {
        "Type": "Notification",
        "MessageId": str(uuid.uuid4()),
        "TopicArn": "arn:aws:sns:eu-west-1:000000000000:notify-ses-receipts",
        "Message": json.dumps(event),
        "Timestamp": now.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
        "SignatureVersion": "1",
    }
    return Receipt("ses", message_id, outcome, SES_RECEIPT_PATH, json_body=envelope)


class ReceiptPoster(Protocol):
    async def post(self, receipt: Receipt) -> None:
        """Deliver the receipt; raise if it was not accepted."""

    async def aclose(self) -> None: ...


class HttpReceiptPoster:
    """POSTs receipts to our callback endpoints. A client may be injected (tests use an ASGI transport)."""

    def __init__(self, callback_base: str, client: httpx.AsyncClient | None = None) -> None:
        self._callback_base = callback_base.rstrip("/")
        self._client = client
        self._owns_client = client is None

    async def post(self, receipt: Receipt) -> None:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=10.0)
        url = f"{self._callback_base}{receipt.path}"
        if receipt.json_body is not None:
            response = await self._client.post(url, json=receipt.json_body)
        else:
            response = await self._client.post(url, data=receipt.form_body)
        response.raise_for_status()

    async def aclose(self) -> None:
        if self._client is not None and self._owns_client:
            await self._client.aclose()
            self._client = None
