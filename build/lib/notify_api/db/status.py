"""Health queries."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection


async def db_version(connection: AsyncConnection) -> str:
    """The Alembic revision the database is at (also proves the database answers)."""
    result = await connection.execute(text("SELECT version_num FROM alembic_version"))
    return str(result.scalar_one())
