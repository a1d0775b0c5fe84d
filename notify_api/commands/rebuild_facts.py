"""Operator commands for the yearly and nightly reporting data: rebuild one London day of the fact tables
(after an outage, or a correction) and roll the free SMS allowances over to a new financial year."""

from __future__ import annotations

from datetime import date

from notify_api.db.database import Database, create_database
from notify_api.reporting import facts
from notify_api.services.allowance import populate_annual_billing_with_defaults
from notify_api.settings import Settings


async def rebuild_billing_day_with(database: Database, day: date) -> int:
    async with database.unit_of_work() as work:
        return await facts.build_billing_day(work.connection, day)


async def rebuild_status_day_with(database: Database, day: date) -> int:
    async with database.unit_of_work() as work:
        return await facts.build_status_day(work.connection, day)


async def rebuild_billing_day(settings: Settings, day: date) -> int:
    database = create_database(settings, pool_size=1)
    try:
        return await rebuild_billing_day_with(database, day)
    finally:
        await database.dispose()


async def rebuild_status_day(settings: Settings, day: date) -> int:
    database = create_database(settings, pool_size=1)
    try:
        return await rebuild_status_day_with(database, day)
    finally:
        await database.dispose()


async def populate_annual_billing_with(database: Database, year: int, *, missing_only: bool) -> int:
    async with database.unit_of_work() as work:
        return await populate_annual_billing_with_defaults(work.connection, year, missing_only=missing_only)


async def populate_annual_billing(settings: Settings, year: int, *, missing_only: bool) -> int:
    database = create_database(settings, pool_size=1)
    try:
        return await populate_annual_billing_with(database, year, missing_only=missing_only)
    finally:
        await database.dispose()
