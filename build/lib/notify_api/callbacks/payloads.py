"""The JSON bodies services receive, and the signature over their exact bytes.

``X-Notify-Signature`` is the hex HMAC-SHA256 of the body bytes keyed with the service's bearer token, so a
service can check that a callback came from us and was not altered, without trusting the network path.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any, Final

import orjson

from notify_api.callbacks.types import (
    ComplaintForCallback,
    InboundSmsForCallback,
    NotificationForCallback,
)
from notify_api.timeutils import format_datetime

SIGNATURE_HEADER: Final = "X-Notify-Signature"


def delivery_status_payload(notification: NotificationForCallback) -> dict[str, Any]:
    return {
        "id": str(notification.id),
        "reference": notification.client_reference,
        "to": notification.to,
        "status": notification.status,
        "created_at": format_datetime(notification.created_at),
        "completed_at": format_datetime(notification.updated_at),
        "sent_at": format_datetime(notification.sent_at),
        "notification_type": notification.notification_type,
        "template_id": str(notification.template_id),
        "template_version": notification.template_version,
    }


def complaint_payload(complaint: ComplaintForCallback) -> dict[str, Any]:
    return {
        "notification_id": str(complaint.notification_id),
        "complaint_id": str(complaint.id),
        "reference": complaint.client_reference,
        "to": complaint.to,
        "complaint_date": format_datetime(complaint.complaint_date),
    }


def inbound_sms_payload(message: InboundSmsForCallback) -> dict[str, Any]:
    return {
        "id": str(message.id),
        "source_number": message.user_number,
        "destination_number": message.notify_number,
        "message": message.content,
        "date_received": format_datetime(message.provider_date or message.created_at),
    }


def encode_body(payload: dict[str, Any]) -> bytes:
    return orjson.dumps(payload)


def sign_body(body: bytes, bearer_token: str) -> str:
    return hmac.new(bearer_token.encode(), body, hashlib.sha256).hexdigest()


def signature_matches(body: bytes, bearer_token: str, signature: str) -> bool:
    """What a receiving service does: recompute over the raw body and compare in constant time."""
    return hmac.compare_digest(sign_body(body, bearer_token), signature)
