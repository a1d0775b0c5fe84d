"""/service/{id}/billing/...: monthly and yearly usage from the billing facts, and the free SMS allowance."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.billing import annual_billing, rates
from notify_api.reporting import facts
from notify_api.timeutils import london_midnight_utc, london_today
from tests.factories import create_notification, create_service, create_template


def _financial_year(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


async def test_usage_by_month_and_year_counts_fragments_and_today(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    today = london_today()
    yesterday = today - timedelta(days=1)
    valid_from = london_midnight_utc(yesterday) - timedelta(days=1)
    await connection.execute(
        rates.insert().values(id=uuid.uuid4(), notification_type="sms", rate=0.02, valid_from=valid_from)
    )
    service = await create_service(connection)
    sms = await create_template(connection, service.id)
    email = await create_template(connection, service.id, template_type="email")
    start = london_midnight_utc(yesterday) + timedelta(hours=12)
    await create_notification(connection, sms, status="delivered", billable_units=2, created_at=start)
    await create_notification(connection, sms, status="delivered", billable_units=1, rate_multiplier=3,
                              created_at=start)  # fmt: skip
    await create_notification(connection, email, status="delivered", created_at=start)
    await facts.build_billing_day(connection, yesterday)
    await create_notification(connection, sms, status="sending", billable_units=1)  # today: no facts yet
    year = _financial_year(yesterday)

    monthly = await client.get(
        f"/service/{service.id}/billing/monthly-usage", params={"year": year}, headers=headers
    )
    yearly = await client.get(
        f"/service/{service.id}/billing/ft-yearly-usage-summary", params={"year": year}, headers=headers
    )

    assert monthly.status_code == 200
    sms_months = [row for row in monthly.json() if row["notification_type"] == "sms"]
    assert all(row["notification_type"] != "email" for row in monthly.json())
    assert sum(row["billing_units"] for row in sms_months) == 2 + 3 + (
        1 if _financial_year(today) == year else 0
    )
    assert {row["month"] for row in sms_months} <= {yesterday.strftime("%B"), today.strftime("%B")}
    assert {(row["rate"], row["postage"]) for row in sms_months} == {(0.02, "none")}
    assert yearly.json() == [
        {"notification_type": "email", "billing_units": 1, "rate": 0.0, "letter_total": 0},
        {"notification_type": "sms", "billing_units": sum(row["billing_units"] for row in sms_months),
         "rate": 0.02, "letter_total": 0},
    ]  # fmt: skip


async def test_usage_needs_a_year(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    service = await create_service(connection)
    for params in ({}, {"year": "last"}):
        response = await client.get(f"/service/{service.id}/billing/yearly-usage-summary", params=params,
                                    headers=headers)  # fmt: skip
        assert response.status_code == 400
        assert response.json() == {"result": "error", "message": "No valid year provided"}


async def test_free_allowance_defaults_by_organisation_type_and_updates_later_years(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    service = await create_service(connection, organisation_type="central")
    path = f"/service/{service.id}/billing/free-sms-fragment-limit"
    this_year = _financial_year(london_today())

    current = await client.get(path, headers=headers)
    assert current.status_code == 200
    assert current.json()["financial_year_start"] == this_year
    assert isinstance(current.json()["free_sms_fragment_limit"], int)

    # a year without a row gets the organisation type's default, stored from then on
    next_year = await client.get(path, params={"financial_year_start": this_year + 1}, headers=headers)
    assert next_year.json() == {"financial_year_start": this_year + 1, "free_sms_fragment_limit": 150_000}
    stored = await connection.execute(
        select(annual_billing.c.free_sms_fragment_limit).where(
            annual_billing.c.service_id == service.id, annual_billing.c.financial_year_start == this_year + 1
        )
    )
    assert stored.scalar_one() == 150_000

    changed = await client.post(path, json={"free_sms_fragment_limit": 1234}, headers=headers)
    assert changed.status_code == 201
    assert changed.json() == {"free_sms_fragment_limit": 1234}
    for year in (this_year, this_year + 1):
        response = await client.get(path, params={"financial_year_start": year}, headers=headers)
        assert response.json()["free_sms_fragment_limit"] == 1234

    past = await client.post(path, json={"free_sms_fragment_limit": 7, "financial_year_start": this_year - 1},
                             headers=headers)  # fmt: skip
    assert past.status_code == 201
    untouched = await client.get(path, params={"financial_year_start": this_year}, headers=headers)
    assert untouched.json()["free_sms_fragment_limit"] == 1234

    refused = await client.post(path, json={"free_sms_fragment_limit": -1}, headers=headers)
    assert refused.status_code == 400
