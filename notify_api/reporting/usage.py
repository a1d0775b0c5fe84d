"""Usage across services, in the shapes the admin frontend reads: an organisation's live services over a
financial year (``/organisations/{id}/services-with-usage``) and the platform's billing report
(``/platform-stats/data-for-billing-report``)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any, Final

from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.errors import InvalidRequest
from notify_api.reporting import facts
from notify_api.reporting.monthly import financial_year_days
from notify_api.reporting.queries import usage as queries
from notify_api.timeutils import london_today

UK_POSTAGE: Final = ("first", "second")


def financial_year_of(day: date) -> int:
    return day.year if day >= date(day.year, 4, 1) else day.year - 1


async def organisation_services_usage(
    connection: AsyncConnection, organisation_id: uuid.UUID, year: int
) -> list[dict[str, Any]]:
    """Live services first, then by name; today's usage is built into the facts first (as the original)."""
    first, last = financial_year_days(year)
    today = london_today()
    if first <= today <= last:
        for service_id in await queries.organisation_live_service_ids(connection, organisation_id):
            await facts.build_billing_day(connection, today, service_id=service_id)
    rows = await queries.organisation_usage(connection, organisation_id, year, first, last)
    usage = [
        {
            "service_id": str(row.service_id),
            "service_name": row.service_name,
            "free_sms_limit": row.free_sms_limit,
            "sms_remainder": max(row.free_sms_limit - row.sms_billable_units, 0),
            "sms_billable_units": row.sms_billable_units,
            "chargeable_billable_sms": row.chargeable_billable_sms,
            "sms_cost": float(row.sms_cost),
            "letter_cost": float(row.letter_cost),
            "emails_sent": row.emails_sent,
            "active": row.active,
        }
        for row in rows
    ]
    return sorted(usage, key=lambda service: (not service["active"], service["service_name"].lower()))


def report_dates(start: str | None, end: str | None) -> tuple[date, date]:
    """Both days given, in order, within one financial year; the original's messages otherwise."""
    try:
        first, last = date.fromisoformat(start or ""), date.fromisoformat(end or "")
    except ValueError as error:
        raise InvalidRequest("Input must be a date in the format: YYYY-MM-DD", 400) from error
    if last < first:
        raise InvalidRequest("Start date must be before end date", 400)
    if financial_year_of(first) != financial_year_of(last):
        raise InvalidRequest("Date must be in a single financial year.", 400)
    return first, last


def _postage_description(kind: str) -> str:
    return f"{kind} class" if kind in UK_POSTAGE else "international"


def _letter_rate(rate: Decimal) -> str:
    return f"£{rate:,.2f}" if rate >= 1 else f"{rate * 100:.0f}p"


async def billing_report(connection: AsyncConnection, first: date, last: date) -> list[dict[str, Any]]:
    """Services with texts to charge or letters sent between two London days, organisations by name (services
    with none last), then services by name."""
    rows = await queries.billing_report(connection, financial_year_of(first), first, last)
    breakdown: dict[uuid.UUID, str] = {}
    lines = await queries.letter_lines(
        connection, [row.service_id for row in rows if row.total_letters], first, last
    )
    for line in lines:
        text = (
            f"{line.letters_sent} {_postage_description(line.postage)} letters at {_letter_rate(line.rate)}"
        )
        breakdown[line.service_id] = breakdown.get(line.service_id, "") + text + "\n"
    report = [
        {
            "organisation_id": str(row.organisation_id) if row.organisation_id else "",
            "organisation_name": row.organisation_name or "",
            "service_id": str(row.service_id),
            "service_name": row.service_name,
            # whole zeros where the original wrote them (a service with no texts charged or no letters)
            "sms_cost": float(row.sms_cost) if row.sms_cost > 0 else 0,
            "sms_fragments": row.sms_fragments if row.sms_cost > 0 else 0,
            "total_letters": row.total_letters,
            "letter_cost": float(row.letter_cost) if row.service_id in breakdown else 0,
            "letter_breakdown": breakdown.get(row.service_id, ""),
            "purchase_order_number": row.purchase_order_number,
            "contact_names": row.contact_names,
            "contact_email_addresses": row.contact_email_addresses,
            "billing_reference": row.billing_reference,
        }
        for row in rows
    ]
    return sorted(
        report,
        key=lambda item: (item["organisation_name"] == "", item["organisation_name"], item["service_name"]),
    )
