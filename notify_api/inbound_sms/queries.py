"""SQL for received texts: which service owns a number, and storing the message."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables import inbound_numbers, inbound_sms, service_permissions
from notify_api.timeutils import utc_now


@dataclass(frozen=True)
class InboundNumberOwner:
    service_id: uuid.UUID
    number: str
    permissions: frozenset[str]


async def find_number_owner(connection: AsyncConnection, number: str) -> InboundNumberOwner | None:
    """The service an active inbound number belongs to, with that service's permissions."""
    query = select(inbound_numbers.c.service_id, inbound_numbers.c.number).where(
        inbound_numbers.c.number == number,
        inbound_numbers.c.active.is_(True),
        inbound_numbers.c.service_id.isnot(None),
    )
    row = (await connection.execute(query)).first()
    if row is None:
        return None
    permissions = await connection.execute(
        select(service_permissions.c.permission).where(service_permissions.c.service_id == row.service_id)
    )
    return InboundNumberOwner(row.service_id, row.number, frozenset(permissions.scalars()))


async def insert_inbound_sms(
    connection: AsyncConnection,
    *,
    service_id: uuid.UUID,
    notify_number: str,
    user_number: str,
    encrypted_content: str,
    provider: str,
    provider_reference: str | None,
    provider_date: datetime | None,
) -> uuid.UUID:
    inbound_sms_id = uuid.uuid4()
    await connection.execute(
        inbound_sms.insert().values(
            id=inbound_sms_id,
            created_at=utc_now(),
            service_id=service_id,
            notify_number=notify_number,
            user_number=user_number,
            content=encrypted_content,
            provider=provider,
            provider_reference=provider_reference,
            provider_date=provider_date,
        )
    )
    return inbound_sms_id
