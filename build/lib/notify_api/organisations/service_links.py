"""The free SMS allowance a service takes from its organisation's type when linked to it."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.organisations import queries
from notify_api.timeutils import london_today

# Allowance for a service whose organisation type is not known.
FALLBACK_FREE_SMS_FRAGMENT_LIMIT = 10_000


def financial_year_start(day: date) -> int:
    """Financial years start on 1 April."""
    return day.year if day.month >= 4 else day.year - 1


async def set_default_free_allowance(
    connection: AsyncConnection, service_id: uuid.UUID, organisation_type: str | None
) -> None:
    """This financial year's free SMS allowance becomes the default for the organisation type."""
    limit = FALLBACK_FREE_SMS_FRAGMENT_LIMIT
    if organisation_type is not None:
        limit = await queries.free_sms_fragment_limit_of_type(connection, organisation_type) or limit
    await queries.set_free_allowance(connection, service_id, financial_year_start(london_today()), limit)
