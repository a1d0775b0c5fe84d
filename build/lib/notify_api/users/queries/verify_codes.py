"""Verify-code SQL (codes texted or emailed to a user). Never commits."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.users import verify_codes
from notify_api.timeutils import utc_now
from notify_api.users.types import VerifyCode

# Codes are only worth checking for a day: older ones are expired and the nightly clean-up removes them.
CODE_LOOKBACK = timedelta(days=1)


async def insert_verify_code(
    connection: AsyncConnection, user_id: uuid.UUID, code_hash: str, code_type: str, expiry: datetime
) -> None:
    await connection.execute(
        verify_codes.insert().values(
            id=uuid.uuid4(),
            user_id=user_id,
            _code=code_hash,
            code_type=code_type,
            expiry_datetime=expiry,
            code_used=False,
            created_at=utc_now(),
        )
    )


async def count_live_unused_codes(connection: AsyncConnection, user_id: uuid.UUID) -> int:
    query = select(func.count()).where(
        verify_codes.c.user_id == user_id,
        verify_codes.c.expiry_datetime > utc_now(),
        verify_codes.c.code_used.is_not(True),
    )
    return int((await connection.execute(query)).scalar_one())


async def recent_codes(connection: AsyncConnection, user_id: uuid.UUID, code_type: str) -> list[VerifyCode]:
    """The user's codes of one type, newest first."""
    query = (
        select(verify_codes)
        .where(
            verify_codes.c.user_id == user_id,
            verify_codes.c.code_type == code_type,
            verify_codes.c.created_at > utc_now() - CODE_LOOKBACK,
        )
        .order_by(verify_codes.c.created_at.desc())
    )
    return [
        VerifyCode(row.id, row._code, row.code_type, row.expiry_datetime, bool(row.code_used))
        for row in await connection.execute(query)
    ]


async def mark_code_used(connection: AsyncConnection, code_id: uuid.UUID) -> None:
    await connection.execute(update(verify_codes).where(verify_codes.c.id == code_id).values(code_used=True))
