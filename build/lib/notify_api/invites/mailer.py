"""A thin handle for sending Notify's own emails from inside a unit of work."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from notify_api.crypto import Encryption
from notify_api.db.database import UnitOfWork
from notify_api.notifications.sending.internal import send_notify_message
from notify_api.tasks.enqueue import TaskQueue


@dataclass(frozen=True)
class NotifyMailer:
    """Persists a Notify message in ``work``; it is queued once the work commits."""

    work: UnitOfWork
    encryption: Encryption
    tasks: TaskQueue
    admin_base_url: str

    async def send(
        self,
        template_id: uuid.UUID,
        recipient: str,
        personalisation: dict[str, Any],
        *,
        reply_to_text: str | None = None,
    ) -> uuid.UUID:
        return await send_notify_message(
            self.work,
            self.encryption,
            self.tasks,
            template_id=template_id,
            recipient=recipient,
            personalisation=personalisation,
            reply_to_text=reply_to_text,
        )
