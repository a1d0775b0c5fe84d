"""/service/live-services-data and /service/monthly-data-by-service: the platform admin's spreadsheets."""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.services import services
from notify_api.reporting import facts
from notify_api.timeutils import london_midnight_utc, london_today
from tests.factories import create_notification, create_service, create_template, create_user


async def test_live_services_with_this_years_totals(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    day = london_today() - timedelta(days=1)
    user = await create_user(connection, name="Go Live Person")
    service = await create_service(connection)
    went_live = {"go_live_user_id": user.id, "go_live_at": datetime(2021, 6, 1, 10, 0), "volume_sms": 500,
                 "consent_to_research": True}  # fmt: skip
    await connection.execute(services.update().where(services.c.id == service.id).values(**went_live))
    sms = await create_template(connection, service.id)
    email = await create_template(connection, service.id, template_type="email")
    at_noon = london_midnight_utc(day) + timedelta(hours=12)
    await create_notification(connection, sms, status="delivered", created_at=at_noon)
    await create_notification(connection, sms, status="delivered", created_at=at_noon, billable_units=3)
    await create_notification(connection, email, status="delivered", created_at=at_noon)
    await facts.build_billing_day(connection, day)

    response = await client.get("/service/live-services-data", headers=headers)

    row = next(item for item in response.json()["data"] if item["service_id"] == str(service.id))
    in_this_year = day >= london_today().replace(month=4, day=1) or london_today().month < 4
    assert row == {
        "service_id": str(service.id), "organisation_name": None, "organisation_type": None,
        "service_name": service.name, "consent_to_research": True, "contact_name": "Go Live Person",
        "contact_email": user.email_address, "contact_mobile": row["contact_mobile"],
        "live_date": "Tue, 01 Jun 2021 10:00:00 GMT", "sms_volume_intent": 500, "email_volume_intent": None,
        "letter_volume_intent": None, "sms_totals": 2 if in_this_year else 0,
        "email_totals": 1 if in_this_year else 0, "letter_totals": 0,
        "free_sms_fragment_limit": row["free_sms_fragment_limit"],
    }  # fmt: skip
    assert isinstance(row["free_sms_fragment_limit"], int)


async def test_statuses_per_service_and_month(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    day = london_today() - timedelta(days=1)
    service = await create_service(connection)
    sms = await create_template(connection, service.id)
    at_noon = london_midnight_utc(day) + timedelta(hours=12)
    for status in ("delivered", "delivered", "sending", "permanent-failure", "created"):
        await create_notification(connection, sms, status=status, created_at=at_noon)
    await facts.build_status_day(connection, day)

    response = await client.get(
        "/service/monthly-data-by-service",
        params={"start_date": str(day), "end_date": str(day)},
        headers=headers,
    )

    [row] = [item for item in response.json() if item[1] == str(service.id)]
    assert row == [str(day.replace(day=1)), str(service.id), service.name, "sms", 1, 2, 0, 0, 1, 0]
