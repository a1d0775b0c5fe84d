"""SQL of the send path: senders, reply-to addresses, who a restricted service may send to, and the hidden
"Pre-compiled PDF" template each service's precompiled letters are recorded against."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import and_, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.memberships import user_to_service
from notify_api.db.tables.senders import service_email_reply_to, service_sms_senders
from notify_api.db.tables.services import service_whitelist, services
from notify_api.db.tables.templates import PRECOMPILED_TEMPLATE_NAME, templates, templates_history
from notify_api.db.tables.users import users
from notify_api.recipients import format_recipient
from notify_api.templates.queries.records import get_template
from notify_api.templates.types import TemplateRecord
from notify_api.timeutils import utc_now


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


async def get_allowed_recipients(
    connection: AsyncConnection, service_id: uuid.UUID, *, include_guest_list: bool = True
) -> frozenset[str]:
    """Team members' email addresses and mobile numbers (and the guest list), in comparable form."""
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
    if include_guest_list:
        for (recipient,) in (await connection.execute(guests)).all():
            allowed.add(format_recipient(recipient))
    return frozenset(allowed)


async def is_service_member(
    connection: AsyncConnection, service_id: uuid.UUID, user_id: uuid.UUID
) -> tuple[str | None, bool]:
    """The user's name (None if there is no such user) and whether they belong to the service's team."""
    membership = (
        select(user_to_service.c.user_id)
        .where(user_to_service.c.user_id == user_id, user_to_service.c.service_id == service_id)
        .exists()
    )
    row = (
        await connection.execute(select(users.c.name, membership).where(users.c.id == user_id))
    ).one_or_none()
    return (row[0], bool(row[1])) if row else (None, False)


async def get_or_create_precompiled_template(
    connection: AsyncConnection, service_id: uuid.UUID
) -> TemplateRecord:
    existing = (
        await connection.execute(
            select(templates.c.id).where(
                templates.c.service_id == service_id,
                templates.c.hidden.is_(True),
                templates.c.name == PRECOMPILED_TEMPLATE_NAME,
                templates.c.template_type == "letter",
            )
        )
    ).scalar_one_or_none()
    if existing is None:
        creator = (
            await connection.execute(select(services.c.created_by_id).where(services.c.id == service_id))
        ).scalar_one()
        existing = uuid.uuid4()
        row = {
            "id": existing,
            "name": PRECOMPILED_TEMPLATE_NAME,
            "template_type": "letter",
            "created_at": utc_now(),
            "content": "",
            "archived": False,
            "hidden": True,
            "subject": PRECOMPILED_TEMPLATE_NAME,
            "postage": "second",
            "service_id": service_id,
            "created_by_id": creator,
            "process_type": "normal",
            "version": 1,
        }
        await connection.execute(insert(templates).values(**row))
        await connection.execute(insert(templates_history).values(**row))
    template = await get_template(connection, service_id, existing, include_hidden=True)
    assert template is not None
    return template
