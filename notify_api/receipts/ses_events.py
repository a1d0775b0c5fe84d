"""SES notifications (Delivery, Bounce, Complaint) as delivered through SNS, reduced to what we use.

Queue messages carry no personal data, so the HTTP route hands the workers a slimmed event without any
email address (``slim_ses_event``); ``parse_ses_event`` accepts that, a full SES event, or the SNS envelope
whose ``Message`` is the event as a JSON string.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

import orjson


class InvalidSesEvent(ValueError):
    pass


# The SES message tag carrying the notification id of each email we send.
NOTIFICATION_ID_TAG: Final = "notification_id"


@dataclass(frozen=True)
class SesEvent:
    event_type: str  # "Delivery", "Bounce", "Complaint", ...
    message_id: str
    mail_timestamp: datetime | None  # naive UTC: when SES accepted the email
    bounce_type: str | None = None
    bounce_sub_type: str | None = None
    feedback_id: str | None = None
    complaint_type: str | None = None
    complaint_date: datetime | None = None
    notification_id: str | None = None  # from our message tag (see NOTIFICATION_ID_TAG)


def parse_timestamp(value: object) -> datetime | None:
    """ISO 8601 (``2017-11-17T12:14:03.646Z``) to naive UTC; None when absent or unreadable."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


def _unwrap(raw: Mapping[str, Any]) -> Mapping[str, Any]:
    message = raw.get("Message")
    if isinstance(message, str):  # an SNS envelope
        try:
            inner = orjson.loads(message)
        except orjson.JSONDecodeError as error:
            raise InvalidSesEvent("SNS Message is not JSON") from error
        if not isinstance(inner, dict):
            raise InvalidSesEvent("SNS Message is not a JSON object")
        return inner
    return raw


def _section(event: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = event.get(name)
    return value if isinstance(value, Mapping) else {}


def _tagged_notification_id(mail: Mapping[str, Any]) -> str | None:
    """The notification id we sent as a message tag: SES events carry tags as ``{name: [values]}``."""
    tags = mail.get("tags")
    values = tags.get(NOTIFICATION_ID_TAG) if isinstance(tags, Mapping) else None
    if isinstance(values, list) and values and isinstance(values[0], str):
        return values[0]
    return None


def parse_ses_event(raw: Mapping[str, Any]) -> SesEvent:
    event = _unwrap(raw)
    event_type = event.get("notificationType") or event.get("eventType")
    mail = _section(event, "mail")
    message_id = mail.get("messageId")
    if not isinstance(event_type, str) or not isinstance(message_id, str) or not message_id:
        raise InvalidSesEvent("SES event without notificationType or mail.messageId")
    bounce = _section(event, "bounce")
    complaint = _section(event, "complaint")
    return SesEvent(
        notification_id=_tagged_notification_id(mail),
        event_type=event_type,
        message_id=message_id,
        mail_timestamp=parse_timestamp(mail.get("timestamp")),
        bounce_type=bounce.get("bounceType"),
        bounce_sub_type=bounce.get("bounceSubType"),
        feedback_id=complaint.get("feedbackId"),
        complaint_type=complaint.get("complaintFeedbackType"),
        complaint_date=parse_timestamp(complaint.get("timestamp")),
    )


def slim_ses_event(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The event with only the fields the workers read: no recipients, no headers."""
    event = _unwrap(raw)
    mail = _section(event, "mail")
    slim: dict[str, Any] = {
        "notificationType": event.get("notificationType") or event.get("eventType"),
        "mail": {"messageId": mail.get("messageId"), "timestamp": mail.get("timestamp")},
    }
    notification_id = _tagged_notification_id(mail)
    if notification_id is not None:
        slim["mail"]["tags"] = {NOTIFICATION_ID_TAG: [notification_id]}
    bounce = _section(event, "bounce")
    if bounce:
        slim["bounce"] = {key: bounce.get(key) for key in ("bounceType", "bounceSubType", "timestamp")}
    complaint = _section(event, "complaint")
    if complaint:
        slim["complaint"] = {
            key: complaint.get(key) for key in ("feedbackId", "complaintFeedbackType", "timestamp")
        }
    return slim
