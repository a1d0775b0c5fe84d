"""Reads the send path needs: senders, reply-to addresses and who a restricted service may send to."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.memberships import user_to_service
from notify_api.db.tables.senders import service_email_reply_to, service_sms_senders
from notify_api.db.tables.services import service_whitelist
from notify_api.db.tables.users import users
from notify_api.recipients import format_recipient


@dataclass(frozen=True, slots=True)
class ServiceSenders:
    default_sms_sender: str | None
    default_reply_to: str | None


async def get_service_senders(connection: AsyncConnection, service_id: uuid.UUID) -> ServiceSenders:
    sms = select(service_sms_senders.c.sms_sender).where(
        service_sms_senders.c.service_id == service_id,
        service_sms_senders.c.is_default.is_(True),
        service_sms_senders.c.archived.is_(False),
    )
    reply_to = select(service_email_reply_to.c.email_address).where(
        service_email_reply_to.c.service_id == service_id,
        service_email_reply_to.c.is_default.is_(True),
        service_email_reply_to.c.archived.is_(False),
    )
    row = (
        await connection.execute(
            select(
                sms.limit(1).scalar_subquery().label("sms"),
                reply_to.limit(1).scalar_subquery().label("email"),
            )
        )
    ).one()
    return ServiceSenders(default_sms_sender=row.sms, default_reply_to=row.email)


async def get_sms_sender(
    connection: AsyncConnection, service_id: uuid.UUID, sender_id: uuid.UUID
) -> str | None:
    query = select(service_sms_senders.c.sms_sender).where(
        service_sms_senders.c.id == sender_id,
        service_sms_senders.c.service_id == service_id,
        service_sms_senders.c.archived.is_(False),
    )
    return (await connection.execute(query)).scalar_one_or_none()


async def get_reply_to(
    connection: AsyncConnection, service_id: uuid.UUID, reply_to_id: uuid.UUID
) -> str | None:
    query = select(service_email_reply_to.c.email_address).where(
        service_email_reply_to.c.id == reply_to_id,
        service_email_reply_to.c.service_id == service_id,
        service_email_reply_to.c.archived.is_(False),
    )
    return (await connection.execute(query)).scalar_one_or_none()


async def get_allowed_recipients(connection: AsyncConnection, service_id: uuid.UUID) -> frozenset[str]:
    """Team members' email addresses and mobile numbers plus the guest list, in comparable form."""
    members = select(users.c.email_address, users.c.mobile_number).join(
        user_to_service,
        and_(user_to_service.c.user_id == users.c.id, user_to_service.c.service_id == service_id),
    )
    guests = select(service_whitelist.c.recipient).where(service_whitelist.c.service_id == service_id)
    allowed: set[str] = set()
    for email, mobile in (await connection.execute(members)).all():
        allowed.add(format_recipient(email))
        if mobile:
            allowed.add(format_recipient(mobile))
    for (recipient,) in (await connection.execute(guests)).all():
        allowed.add(format_recipient(recipient))
    return frozenset(allowed)
