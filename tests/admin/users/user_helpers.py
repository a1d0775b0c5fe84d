"""Helpers for the /user tests: Notify's own messages as stored, and verify-code rows."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.crypto import Encryption, hash_secret
from notify_api.db import tables as t
from notify_api.db.tables.seed_ids import NOTIFY_SERVICE_ID
from notify_api.settings import Settings
from notify_api.timeutils import utc_now


@dataclass(frozen=True)
class SentMessage:
    id: uuid.UUID
    to: str
    notification_type: str
    key_type: str
    reply_to_text: str | None
    personalisation: dict[str, Any]


async def notify_messages(
    connection: AsyncConnection, settings: Settings, template_id: uuid.UUID
) -> list[SentMessage]:
    """Notifications of the Notify service for one of its templates, oldest first."""
    rows = await connection.execute(
        select(t.notifications)
        .where(
            t.notifications.c.service_id == NOTIFY_SERVICE_ID, t.notifications.c.template_id == template_id
        )
        .order_by(t.notifications.c.created_at)
    )
    encryption = Encryption(settings.secret_key)
    return [
        SentMessage(
            id=row.id,
            to=row.to,
            notification_type=row.notification_type,
            key_type=row.key_type,
            reply_to_text=row.reply_to_text,
            personalisation=encryption.decrypt_json(row._personalisation),
        )
        for row in rows
    ]


async def insert_code(
    connection: AsyncConnection,
    user_id: uuid.UUID,
    code: str,
    code_type: str = "sms",
    *,
    expires_in: timedelta = timedelta(minutes=30),
    used: bool = False,
) -> uuid.UUID:
    code_id = uuid.uuid4()
    await connection.execute(
        t.verify_codes.insert().values(
            id=code_id,
            user_id=user_id,
            _code=hash_secret(code),
            code_type=code_type,
            expiry_datetime=utc_now() + expires_in,
            code_used=used,
            created_at=utc_now(),
        )
    )
    return code_id


async def expire_code(connection: AsyncConnection, code_id: uuid.UUID) -> None:
    """Age a code past its expiry, as time would."""
    await connection.execute(
        update(t.verify_codes)
        .where(t.verify_codes.c.id == code_id)
        .values(expiry_datetime=utc_now() - timedelta(seconds=1))
    )


async def user_row(connection: AsyncConnection, user_id: uuid.UUID) -> Any:
    return (await connection.execute(select(t.users).where(t.users.c.id == user_id))).one()


async def set_user(connection: AsyncConnection, user_id: uuid.UUID, **values: Any) -> None:
    await connection.execute(update(t.users).where(t.users.c.id == user_id).values(**values))


async def code_rows(connection: AsyncConnection, user_id: uuid.UUID) -> list[Any]:
    rows = await connection.execute(
        select(t.verify_codes)
        .where(t.verify_codes.c.user_id == user_id)
        .order_by(t.verify_codes.c.created_at)
    )
    return list(rows)


def parse_password_changed_at(value: str) -> datetime:
    return datetime.strptime(value, "%Y-%m-%d %H:%M:%S.%f")
