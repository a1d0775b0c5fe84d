"""The Notify service's own senders, used to message users. Never commits."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.seed_ids import NOTIFY_SERVICE_ID
from notify_api.db.tables.senders import service_email_reply_to, service_sms_senders


async def notify_default_sms_sender(connection: AsyncConnection) -> str | None:
    """The Notify service's default text message sender ("GOVUK" as seeded)."""
    query = select(service_sms_senders.c.sms_sender).where(
        service_sms_senders.c.service_id == NOTIFY_SERVICE_ID,
        service_sms_senders.c.is_default.is_(True),
        service_sms_senders.c.archived.is_(False),
    )
    sender: str | None = (await connection.execute(query.limit(1))).scalar_one_or_none()
    return sender


async def notify_default_reply_to(connection: AsyncConnection) -> str | None:
    """The Notify service's default email reply-to address."""
    query = select(service_email_reply_to.c.email_address).where(
        service_email_reply_to.c.service_id == NOTIFY_SERVICE_ID,
        service_email_reply_to.c.is_default.is_(True),
        service_email_reply_to.c.archived.is_(False),
    )
    address: str | None = (await connection.execute(query.limit(1))).scalar_one_or_none()
    return address
