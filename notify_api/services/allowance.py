"""The free SMS allowance of a service (GET/POST /service/{id}/billing/free-sms-fragment-limit).

A year without a row gets the default for the service's organisation type, stored then, as the original
did. Changing this year's allowance (or a later one) also changes the years after it already stored, so a
correction is not undone when the next year begins.
"""

from __future__ import annotations

import uuid
from typing import Any, Final

from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.errors import NotFoundError
from notify_api.services.operations import (
    DEFAULT_FREE_SMS_FRAGMENTS,
    FREE_SMS_FRAGMENTS,
    financial_year_start,
)
from notify_api.services.queries import allowance as queries
from notify_api.timeutils import utc_now
from notify_api.validation import validate

FREE_ALLOWANCE_SCHEMA: Final[dict[str, Any]] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "properties": {
        "free_sms_fragment_limit": {"type": "integer", "minimum": 0, "maximum": 2_147_483_647},
        "financial_year_start": {"type": ["integer", "null"], "minimum": 1900, "maximum": 9000},
    },
    "required": ["free_sms_fragment_limit"],
}


async def free_allowance(
    connection: AsyncConnection, service_id: uuid.UUID, year: int | None
) -> dict[str, int]:
    exists, organisation_type = await queries.organisation_type_of(connection, service_id)
    if not exists:
        raise NotFoundError()
    year = financial_year_start(utc_now()) if year is None else year
    limit = await queries.free_allowance_for_year(connection, service_id, year)
    if limit is None:
        limit = FREE_SMS_FRAGMENTS.get(organisation_type, DEFAULT_FREE_SMS_FRAGMENTS)
        await queries.set_allowance(connection, service_id, year, limit)
    return {"financial_year_start": year, "free_sms_fragment_limit": limit}


async def set_free_allowance(
    connection: AsyncConnection, service_id: uuid.UUID, body: dict[str, Any]
) -> None:
    validate(body, FREE_ALLOWANCE_SCHEMA)
    exists, _ = await queries.organisation_type_of(connection, service_id)
    if not exists:
        raise NotFoundError()
    current = financial_year_start(utc_now())
    year = body.get("financial_year_start") or current
    limit = body["free_sms_fragment_limit"]
    await queries.set_allowance(connection, service_id, year, limit)
    if year >= current:
        await queries.set_allowance_for_later_years(connection, service_id, year, limit)


async def populate_annual_billing_with_defaults(
    connection: AsyncConnection, year: int, *, missing_only: bool
) -> int:
    """The yearly rollover: each active service's default free allowance for ``year``."""
    return await queries.populate_default_allowances(
        connection, year, FREE_SMS_FRAGMENTS, DEFAULT_FREE_SMS_FRAGMENTS, missing_only=missing_only
    )
