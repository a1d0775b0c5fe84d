"""SQL for usage across services (``ft_billing``): an organisation's services over a financial year, and the
billing report of every service over a range of days within one financial year.

Texts are charged once a service's free allowance for the financial year is used up. The allowance is spent
day by day from the start of the year, so what a period is charged is what the running total passes beyond
the allowance within that period, at each day's rate. (With one rate this is exactly the original's
``units - allowance left at the start``; across a change of rate it charges each day at its own rate.) As in
the original, a service with no allowance row for the year is charged nothing for its texts.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final

from sqlalchemy import bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.ext.asyncio import AsyncConnection

# Texts per service from :year_start to :last, charged from :first on.
_SMS_CHARGES: Final = """
    WITH days AS (
        SELECT service_id, bst_date, rate, sum(billable_units * rate_multiplier) AS units
          FROM ft_billing
         WHERE notification_type = 'sms' AND bst_date >= :year_start AND bst_date <= :last
               {service_filter}
         GROUP BY service_id, bst_date, rate
    ), running AS (
        SELECT days.*, sum(units) OVER (PARTITION BY service_id ORDER BY bst_date, rate) AS used_to
          FROM days
    ), charged AS (
        SELECT running.service_id, running.bst_date, running.rate, running.units,
               greatest(used_to - allowance.free_sms_fragment_limit, 0)
               - greatest(used_to - units - allowance.free_sms_fragment_limit, 0) AS chargeable
          FROM running
          LEFT JOIN annual_billing AS allowance
            ON allowance.service_id = running.service_id AND allowance.financial_year_start = :year
    )
    SELECT service_id,
           coalesce(sum(units) FILTER (WHERE bst_date >= :first), 0) AS units,
           coalesce(sum(chargeable) FILTER (WHERE bst_date >= :first), 0) AS chargeable,
           coalesce(sum(chargeable * rate) FILTER (WHERE bst_date >= :first), 0) AS cost
      FROM charged
     GROUP BY service_id
"""


@dataclass(frozen=True, slots=True)
class OrganisationServiceUsage:
    service_id: uuid.UUID
    service_name: str
    active: bool
    free_sms_limit: int
    sms_billable_units: int
    chargeable_billable_sms: int
    sms_cost: Decimal
    letter_cost: Decimal
    emails_sent: int


_ORGANISATION_USAGE: Final = text(f"""
    WITH org_services AS (
        SELECT id, name, active FROM services WHERE organisation_id = :organisation_id AND NOT restricted
    ), sms AS ({_SMS_CHARGES.format(service_filter="AND service_id IN (SELECT id FROM org_services)")}),
    other AS (
        SELECT service_id,
               sum(notifications_sent * rate) FILTER (WHERE notification_type = 'letter') AS letter_cost,
               sum(notifications_sent) FILTER (WHERE notification_type = 'email') AS emails_sent
          FROM ft_billing
         WHERE bst_date >= :first AND bst_date <= :last AND notification_type IN ('letter', 'email')
           AND service_id IN (SELECT id FROM org_services)
         GROUP BY service_id
    )
    SELECT org_services.id, org_services.name, org_services.active,
           coalesce(allowance.free_sms_fragment_limit, 0),
           coalesce(sms.units, 0), coalesce(sms.chargeable, 0), coalesce(sms.cost, 0),
           coalesce(other.letter_cost, 0), coalesce(other.emails_sent, 0)
      FROM org_services
      LEFT JOIN annual_billing AS allowance
        ON allowance.service_id = org_services.id AND allowance.financial_year_start = :year
      LEFT JOIN sms ON sms.service_id = org_services.id
      LEFT JOIN other ON other.service_id = org_services.id
""")


async def organisation_live_service_ids(
    connection: AsyncConnection, organisation_id: uuid.UUID
) -> list[uuid.UUID]:
    rows = await connection.execute(
        text("SELECT id FROM services WHERE organisation_id = :organisation_id AND NOT restricted"),
        {"organisation_id": organisation_id},
    )
    return [row[0] for row in rows]


async def organisation_usage(
    connection: AsyncConnection, organisation_id: uuid.UUID, year: int, first: date, last: date
) -> list[OrganisationServiceUsage]:
    """Every live service of the organisation with its usage over the financial year ``year``."""
    rows = await connection.execute(
        _ORGANISATION_USAGE,
        {"organisation_id": organisation_id, "year": year, "year_start": first, "first": first, "last": last},
    )
    return [
        OrganisationServiceUsage(
            row[0], row[1], row[2], int(row[3]), int(row[4]), int(row[5]), Decimal(row[6]), Decimal(row[7]),
            int(row[8]),
        )
        for row in rows
    ]  # fmt: skip


@dataclass(frozen=True, slots=True)
class BillingReportService:
    service_id: uuid.UUID
    service_name: str
    organisation_id: uuid.UUID | None
    organisation_name: str | None
    sms_fragments: int  # chargeable fragments in the period
    sms_cost: Decimal
    total_letters: int
    letter_cost: Decimal
    purchase_order_number: str | None
    contact_names: str | None
    contact_email_addresses: str | None
    billing_reference: str | None


@dataclass(frozen=True, slots=True)
class LetterLine:
    service_id: uuid.UUID
    postage: str  # first, second or international
    rate: Decimal
    letters_sent: int


_BILLING_REPORT: Final = text(f"""
    WITH sms AS ({_SMS_CHARGES.format(service_filter="")}),
    letters AS (
        SELECT service_id, sum(notifications_sent) AS total_letters,
               sum(notifications_sent * rate) AS letter_cost
          FROM ft_billing
         WHERE notification_type = 'letter' AND bst_date >= :first AND bst_date <= :last
         GROUP BY service_id
    )
    SELECT services.id, services.name, organisation.id, organisation.name,
           coalesce(sms.chargeable, 0), coalesce(sms.cost, 0),
           coalesce(letters.total_letters, 0), coalesce(letters.letter_cost, 0),
           coalesce(services.purchase_order_number, organisation.purchase_order_number),
           coalesce(services.billing_contact_names, organisation.billing_contact_names),
           coalesce(services.billing_contact_email_addresses, organisation.billing_contact_email_addresses),
           coalesce(services.billing_reference, organisation.billing_reference)
      FROM services
      LEFT JOIN organisation ON organisation.id = services.organisation_id
      LEFT JOIN sms ON sms.service_id = services.id
      LEFT JOIN letters ON letters.service_id = services.id
     WHERE coalesce(sms.cost, 0) > 0 OR letters.service_id IS NOT NULL
""")

_LETTER_LINES: Final = text("""
    SELECT service_id, kind, rate, sum(notifications_sent)
      FROM (SELECT service_id, rate, notifications_sent,
                   CASE WHEN postage IN ('europe', 'rest-of-world') THEN 'international' ELSE postage END
                       AS kind
              FROM ft_billing
             WHERE notification_type = 'letter' AND bst_date >= :first AND bst_date <= :last
                   AND service_id = ANY(:service_ids)) AS letters
     GROUP BY service_id, kind, rate
     ORDER BY service_id, CASE kind WHEN 'second' THEN 1 WHEN 'first' THEN 2 WHEN 'international' THEN 3 END,
              rate
""").bindparams(bindparam("service_ids", type_=ARRAY(UUID(as_uuid=True))))


async def billing_report(
    connection: AsyncConnection, year: int, first: date, last: date
) -> list[BillingReportService]:
    """Services with texts to charge or letters sent between ``first`` and ``last`` (London days of the
    financial year ``year``)."""
    rows = await connection.execute(
        _BILLING_REPORT,
        {"year": year, "year_start": date(year, 4, 1), "first": first, "last": last},
    )
    return [
        BillingReportService(
            row[0], row[1], row[2], row[3], int(row[4]), Decimal(row[5]), int(row[6]), Decimal(row[7]),
            row[8], row[9], row[10], row[11],
        )
        for row in rows
    ]  # fmt: skip


async def letter_lines(
    connection: AsyncConnection, service_ids: Sequence[uuid.UUID], first: date, last: date
) -> list[LetterLine]:
    """Letters sent per service, postage and rate: second class first, then first class, then
    international, cheaper rates first."""
    if not service_ids:
        return []
    rows = await connection.execute(
        _LETTER_LINES, {"service_ids": list(service_ids), "first": first, "last": last}
    )
    return [LetterLine(row[0], row[1], Decimal(row[2]), int(row[3])) for row in rows]
