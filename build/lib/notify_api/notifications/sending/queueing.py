"""Which actor and queue a new notification goes to, as the original routed them."""

from __future__ import annotations

import uuid
from typing import Final

from notify_api.enums import EMAIL, KEY_TYPE_TEST, LETTER, SMS
from notify_api.tasks import queues
from notify_api.tasks.enqueue import TaskQueue

DELIVER_SMS: Final = "deliver_sms"
DELIVER_EMAIL: Final = "deliver_email"
CREATE_LETTER_PDF: Final = "get-pdf-for-templated-letter"

_ACTORS: Final = {SMS: DELIVER_SMS, EMAIL: DELIVER_EMAIL, LETTER: CREATE_LETTER_PDF}
_DEFAULT_QUEUES: Final = {SMS: queues.SEND_SMS, EMAIL: queues.SEND_EMAIL, LETTER: queues.CREATE_LETTERS_PDF}


def delivery_route(
    notification_type: str,
    key_type: str,
    *,
    research_mode: bool = False,
    priority: bool = False,
    internal: bool = False,
) -> tuple[str, str]:
    """(actor name, queue) for a new notification."""
    actor = _ACTORS[notification_type]
    if internal:
        return actor, queues.NOTIFY_INTERNAL  # Notify's own messages ignore research mode
    if research_mode or key_type == KEY_TYPE_TEST:
        return actor, queues.RESEARCH_MODE
    if priority and notification_type != LETTER:
        return actor, queues.PRIORITY
    return actor, _DEFAULT_QUEUES[notification_type]


async def enqueue_delivery(
    tasks: TaskQueue,
    notification_id: uuid.UUID,
    notification_type: str,
    key_type: str,
    *,
    research_mode: bool = False,
    priority: bool = False,
    internal: bool = False,
) -> None:
    actor, queue = delivery_route(
        notification_type, key_type, research_mode=research_mode, priority=priority, internal=internal
    )
    await tasks.enqueue(actor, queue, str(notification_id))
