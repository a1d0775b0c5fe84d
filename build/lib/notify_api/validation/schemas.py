"""JSON schemas for the v2 requests (public-api spec §3).

Key order matters: jsonschema checks keywords in the order they appear, and Notify lists ``properties``
errors first, then ``required``, then ``additionalProperties``. Build object schemas with ``_object`` so
that order always holds. Property order is the order the spec lists the fields in.
"""

from __future__ import annotations

from typing import Any, Final

from notify_api.enums import NOTIFICATION_STATUSES, NOTIFICATION_TYPES, TEMPLATE_TYPES
from notify_api.validation.formats import (
    DATETIME_WITHIN_NEXT_DAY_FORMAT,
    EMAIL_ADDRESS_FORMAT,
    PHONE_NUMBER_FORMAT,
    POSTAGE_FORMAT,
    UUID_FORMAT,
)

Schema = dict[str, Any]

# Enum lists are shown to users in error messages, in exactly this order.
# Notification types in template-type order (sms, email, letter), not the PG enum's order.
NOTIFICATION_TYPE_VALUES: Final = [kind for kind in TEMPLATE_TYPES if kind in NOTIFICATION_TYPES]
TEMPLATE_TYPE_VALUES: Final = list(TEMPLATE_TYPES)
NOTIFICATION_STATUS_VALUES: Final = [
    *NOTIFICATION_STATUSES,
    # One literal value, not two: "accepted" and "received" on their own are refused (a Notify quirk).
    "accepted, received",
]

UUID: Final[Schema] = {"type": "string", "format": UUID_FORMAT, "validationMessage": "is not a valid UUID"}
PERSONALISATION: Final[Schema] = {"type": "object"}
STRING: Final[Schema] = {"type": "string"}
SCHEDULED_FOR: Final[Schema] = {"type": ["string", "null"], "format": DATETIME_WITHIN_NEXT_DAY_FORMAT}


def _object(properties: Schema, *, required: list[str] | None = None, additional: bool = False) -> Schema:
    schema: Schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    if not additional:
        schema["additionalProperties"] = False
    return schema


POST_SMS_REQUEST: Final = _object(
    {
        "phone_number": {"type": "string", "format": PHONE_NUMBER_FORMAT},
        "template_id": UUID,
        "personalisation": PERSONALISATION,
        "reference": STRING,
        "scheduled_for": SCHEDULED_FOR,
        "sms_sender_id": UUID,
    },
    required=["phone_number", "template_id"],
)

POST_EMAIL_REQUEST: Final = _object(
    {
        "email_address": {"type": "string", "format": EMAIL_ADDRESS_FORMAT},
        "template_id": UUID,
        "personalisation": PERSONALISATION,
        "reference": STRING,
        "scheduled_for": SCHEDULED_FOR,
        "email_reply_to_id": UUID,
    },
    required=["email_address", "template_id"],
)

# A letter body with a "content" key is precompiled; the caller picks the schema.
POST_LETTER_REQUEST: Final = _object(
    {"template_id": UUID, "personalisation": PERSONALISATION, "reference": STRING},
    required=["template_id", "personalisation"],
)

POST_PRECOMPILED_LETTER_REQUEST: Final = _object(
    {"reference": STRING, "content": STRING, "postage": {"type": "string", "format": POSTAGE_FORMAT}},
    required=["reference", "content"],
)

# Query arguments, built with query_args.notifications_list_args: status and template_type are lists.
GET_NOTIFICATIONS_REQUEST: Final = _object(
    {
        "template_type": {"type": "array", "items": {"enum": NOTIFICATION_TYPE_VALUES}},
        "status": {"type": "array", "items": {"enum": NOTIFICATION_STATUS_VALUES}},
        "reference": STRING,
        "older_than": UUID,
        "include_jobs": {"enum": ["true", "True"]},
    },
)

GET_NOTIFICATION_BY_ID_REQUEST: Final = _object(
    {"notification_id": UUID}, required=["notification_id"], additional=True
)

# "version" is left out by the caller when the path has none (or 0, which Notify ignores).
GET_TEMPLATE_BY_ID_REQUEST: Final = _object(
    {"id": UUID, "version": {"type": ["integer", "null"], "minimum": 1}},
    required=["id"],
)

GET_TEMPLATES_REQUEST: Final = _object({"type": {"enum": TEMPLATE_TYPE_VALUES}})

# The body plus "id" from the path; other body fields are allowed and ignored.
POST_TEMPLATE_PREVIEW_REQUEST: Final = _object(
    {"id": UUID, "personalisation": PERSONALISATION}, required=["id"], additional=True
)

GET_RECEIVED_TEXT_MESSAGES_REQUEST: Final = _object({"older_than": UUID})
