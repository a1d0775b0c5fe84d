"""A database of a fault test's own, migrated, so its server processes see committed rows and nothing else."""

from __future__ import annotations

import asyncio
import dataclasses
import os

import asyncpg

from notify_api.db.migrate import upgrade
from notify_api.settings import Settings

PG_HOST = os.environ.get("NOTIFY_TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("NOTIFY_TEST_PG_PORT", "5432"))


async def own_database(settings: Settings, suffix: str) -> Settings:
    """Settings for a new, migrated database named after the test database plus ``suffix``."""
    name = os.environ.get("NOTIFY_TEST_DATABASE", "notify_test") + suffix
    admin = await asyncpg.connect(host=PG_HOST, port=PG_PORT, user="postgres", database="postgres")
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    own = dataclasses.replace(
        settings, database_url=f"postgresql+asyncpg://postgres@{PG_HOST}:{PG_PORT}/{name}"
    )
    await asyncio.to_thread(upgrade, own)
    return own
