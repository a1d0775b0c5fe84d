"""Messages Notify sends to its own users (2FA codes, invitations, password resets, ...).

They are ordinary notifications of the Notify service, persisted like any other and delivered through the
normal path, on the notify-internal-tasks queue.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from notify_api.crypto import Encryption
from notify_api.db.database import UnitOfWork
from notify_api.db.tables.seed_ids import NOTIFY_SERVICE_ID
from notify_api.enums import KEY_TYPE_NORMAL, SMS
from notify_api.notifications.sending.persist import insert_notification
from notify_api.notifications.sending.queueing import enqueue_delivery
from notify_api.notifications.types import NewNotification
from notify_api.recipients import format_recipient
from notify_api.tasks.enqueue import TaskQueue
from notify_api.templates.queries.records import get_template


async def send_notify_message(
    work: UnitOfWork,
    encryption: Encryption,
    tasks: TaskQueue,
    *,
    template_id: uuid.UUID,
    recipient: str,
    personalisation: dict[str, Any],
    reply_to_text: str | None = None,
) -> uuid.UUID:
    """Persist one of Notify's own messages in this unit of work; it is enqueued once the work commits."""
    template = await get_template(work.connection, NOTIFY_SERVICE_ID, template_id, include_hidden=True)
    if template is None:
        raise LookupError(f"internal template {template_id} is missing: run the migrations")
    normalised = format_recipient(recipient)
    notification = NewNotification(
        service_id=NOTIFY_SERVICE_ID,
        template_id=template.id,
        template_version=template.version,
        notification_type=template.template_type,
        to=recipient,
        normalised_to=normalised,
        personalisation=personalisation,
        key_type=KEY_TYPE_NORMAL,
        api_key_id=None,
        created_at=datetime.now(UTC).replace(tzinfo=None),
        reply_to_text=reply_to_text,
    )
    if template.template_type == SMS:
        notification.international = not normalised.startswith("44")
    await insert_notification(work.connection, encryption, notification)

    async def enqueue() -> None:
        await enqueue_delivery(tasks, notification.id, template.template_type, KEY_TYPE_NORMAL, internal=True)

    work.after_commit(enqueue)
    return notification.id
