"""POST /service/{id}/send-notification: one message sent from the admin site by a team member.

The admin site's input becomes a `SendRequest` for the send pipeline, with a normal key type and the
sending user as ``created_by``; the pipeline keeps the original's order for one-off messages.
"""

from __future__ import annotations

import uuid
from typing import Any, Final

from notify_api.enums import KEY_TYPE_NORMAL
from notify_api.errors import NotFoundError
from notify_api.notifications.sending.pipeline import send_notification
from notify_api.notifications.sending.request import Origin, SendRequest
from notify_api.runtime import Runtime
from notify_api.services.queries.reads import get_service_summary
from notify_api.templates.queries.records import get_template
from notify_api.validation import validate

_UUID: Final = {"type": "string", "format": "uuid", "validationMessage": "is not a valid UUID"}
SEND_SCHEMA: Final[dict[str, Any]] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "properties": {
        "template_id": _UUID,
        "to": {"type": "string"},
        "personalisation": {"type": ["object", "null"]},
        "created_by": _UUID,
        "sender_id": {"anyOf": [_UUID, {"type": "null"}]},
    },
    "required": ["template_id", "to", "created_by"],
}


async def send_one_off(runtime: Runtime, service_id: uuid.UUID, body: dict[str, Any]) -> uuid.UUID:
    validate(body, SEND_SCHEMA)
    template_id = uuid.UUID(body["template_id"])
    async with runtime.database.read() as connection:
        service = await get_service_summary(connection, service_id)
        # The message type is the template's; the pipeline checks the template itself again.
        template = await get_template(connection, service_id, template_id) if service else None
    if service is None or template is None:
        raise NotFoundError()
    request = SendRequest(
        origin=Origin.ONE_OFF,
        service=service,
        notification_type=template.template_type,
        template_id=template_id,
        personalisation=body.get("personalisation") or {},
        key_type=KEY_TYPE_NORMAL,
        recipient=body["to"],
        created_by_id=uuid.UUID(body["created_by"]),
        sender_id=uuid.UUID(body["sender_id"]) if body.get("sender_id") else None,
    )
    return (await send_notification(runtime, request)).id
