"""Deleting rows whose use has passed (spec §3.5: delete-verify-codes, delete-invitations)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.memberships import invited_organisation_users, invited_users
from notify_api.db.tables.users import verify_codes

VERIFY_CODES_KEPT_FOR: Final = timedelta(hours=24)
INVITATIONS_KEPT_FOR: Final = timedelta(days=2)  # an invitation link stops working after 2 days anyway


async def delete_old_verify_codes(connection: AsyncConnection, *, now: datetime) -> int:
    result = await connection.execute(
        delete(verify_codes).where(verify_codes.c.created_at < now - VERIFY_CODES_KEPT_FOR)
    )
    return result.rowcount


async def delete_old_invitations(connection: AsyncConnection, *, now: datetime) -> int:
    cutoff = now - INVITATIONS_KEPT_FOR
    services = await connection.execute(delete(invited_users).where(invited_users.c.created_at <= cutoff))
    organisations = await connection.execute(
        delete(invited_organisation_users).where(invited_organisation_users.c.created_at <= cutoff)
    )
    return services.rowcount + organisations.rowcount
