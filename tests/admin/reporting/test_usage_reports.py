"""Usage across services: /organisations/{id}/services-with-usage and the platform's billing report
(/platform-stats/usage-for-all-services, /platform-stats/data-for-billing-report), read from ft_billing."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.billing import ft_billing
from notify_api.db.tables.organisations import organisation
from notify_api.db.tables.services import services
from notify_api.timeutils import utc_now
from tests.factories import CreatedService, create_organisation, create_service, create_template


async def _billed(
    connection: AsyncConnection,
    service: CreatedService,
    day: date,
    notification_type: str,
    *,
    units: int = 0,
    sent: int = 1,
    rate: str = "0",
    multiplier: int = 1,
    postage: str = "none",
) -> None:
    template = await create_template(connection, service.id, template_type=notification_type)
    await connection.execute(
        ft_billing.insert().values(
            bst_date=day, template_id=template.id, service_id=service.id, notification_type=notification_type,
            provider={"sms": "mmg", "email": "ses", "letter": "dvla"}[notification_type],
            rate_multiplier=multiplier, international=False, rate=Decimal(rate), postage=postage,
            billable_units=units, notifications_sent=sent, created_at=utc_now(),
        )
    )  # fmt: skip


async def test_an_organisations_live_services_with_their_usage_over_a_financial_year(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    org = await create_organisation(connection)
    busy = await create_service(
        connection, name="Zebra crossings", organisation_id=org, financial_year_start=2021,
        free_sms_fragment_limit=100,
    )  # fmt: skip
    quiet = await create_service(
        connection,
        name="Beta service",
        organisation_id=org,
        financial_year_start=2021,
        free_sms_fragment_limit=50,
    )
    stopped = await create_service(
        connection, name="apple archive", organisation_id=org, active=False, financial_year_start=2021,
        free_sms_fragment_limit=10,
    )  # fmt: skip
    trial = await create_service(connection, organisation_id=org, restricted=True, financial_year_start=2021)
    elsewhere = await create_service(connection, financial_year_start=2021)
    await _billed(connection, busy, date(2021, 5, 1), "sms", units=60, sent=60, rate="0.016")
    await _billed(connection, busy, date(2021, 6, 1), "sms", units=30, sent=30, rate="0.016", multiplier=2)
    await _billed(connection, busy, date(2021, 3, 31), "sms", units=500, sent=500, rate="0.016")  # last year
    await _billed(
        connection, busy, date(2021, 7, 1), "letter", units=1, sent=2, rate="0.39", postage="second"
    )
    await _billed(connection, busy, date(2021, 7, 2), "letter", units=2, sent=1, rate="0.74", postage="first")
    await _billed(connection, busy, date(2021, 8, 1), "email", sent=5)
    await _billed(connection, quiet, date(2021, 9, 1), "sms", units=20, sent=20, rate="0.016")
    for other in (trial, elsewhere):
        await _billed(connection, other, date(2021, 9, 1), "sms", units=999, sent=999, rate="0.016")

    response = await client.get(
        f"/organisations/{org}/services-with-usage", params={"year": "2021"}, headers=headers
    )

    assert response.status_code == 200
    assert response.json() == {
        "services": [
            {
                "service_id": str(quiet.id), "service_name": "Beta service", "free_sms_limit": 50,
                "sms_remainder": 30, "sms_billable_units": 20, "chargeable_billable_sms": 0, "sms_cost": 0.0,
                "letter_cost": 0.0, "emails_sent": 0, "active": True,
            },
            {
                "service_id": str(busy.id), "service_name": "Zebra crossings", "free_sms_limit": 100,
                "sms_remainder": 0, "sms_billable_units": 120, "chargeable_billable_sms": 20,
                "sms_cost": 0.32, "letter_cost": 1.52, "emails_sent": 5, "active": True,
            },
            {
                "service_id": str(stopped.id), "service_name": "apple archive", "free_sms_limit": 10,
                "sms_remainder": 10, "sms_billable_units": 0, "chargeable_billable_sms": 0, "sms_cost": 0.0,
                "letter_cost": 0.0, "emails_sent": 0, "active": False,
            },
        ]
    }  # fmt: skip


async def test_texts_are_charged_at_each_days_rate_once_the_allowance_is_spent(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    org = await create_organisation(connection)
    service = await create_service(
        connection, organisation_id=org, financial_year_start=2021, free_sms_fragment_limit=100
    )
    await _billed(connection, service, date(2021, 4, 10), "sms", units=80, sent=80, rate="0.0158")
    await _billed(connection, service, date(2021, 4, 11), "sms", units=50, sent=50, rate="0.02")

    found = (
        await client.get(f"/organisations/{org}/services-with-usage", params={"year": 2021}, headers=headers)
    ).json()["services"]

    # 100 free, then 30 charged, all on the second day, at its rate
    assert [(item["chargeable_billable_sms"], item["sms_cost"]) for item in found] == [(30, 0.6)]


@pytest.mark.parametrize("year", ["", "twenty", "-5", "123456"])
async def test_services_with_usage_needs_a_valid_year(
    client: httpx.AsyncClient, headers: dict[str, str], year: str
) -> None:
    response = await client.get(
        f"/organisations/{uuid.uuid4()}/services-with-usage",
        params={"year": year} if year else {},
        headers=headers,
    )
    assert response.status_code == 400
    assert response.json() == {"result": "error", "message": "No valid year provided"}


async def test_the_billing_report_charges_the_period_and_breaks_down_letters(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    org = await create_organisation(connection, name="Department of Tests")
    await connection.execute(
        organisation.update()
        .where(organisation.c.id == org)
        .values(
            purchase_order_number="PO-1", billing_contact_names="Org Finance", billing_reference="ORG-REF"
        )
    )
    texter = await create_service(
        connection, name="Texts", organisation_id=org, financial_year_start=2021, free_sms_fragment_limit=100
    )
    await connection.execute(
        services.update()
        .where(services.c.id == texter.id)
        .values(billing_contact_names="Service Finance", billing_contact_email_addresses="pay@example.gov.uk")
    )
    # 90 of the 100 free fragments were used before June; June's 50 leave 40 to charge.
    await _billed(connection, texter, date(2021, 5, 20), "sms", units=90, sent=90, rate="0.016")
    await _billed(connection, texter, date(2021, 6, 2), "sms", units=50, sent=50, rate="0.016")
    await _billed(connection, texter, date(2021, 7, 1), "sms", units=500, sent=500, rate="0.016")  # after
    poster = await create_service(connection, name="Letters", financial_year_start=2021)
    await _billed(
        connection, poster, date(2021, 6, 3), "letter", units=3, sent=2, rate="1.05", postage="europe"
    )
    await _billed(
        connection, poster, date(2021, 6, 3), "letter", units=2, sent=1, rate="0.74", postage="first"
    )
    await _billed(
        connection, poster, date(2021, 6, 4), "letter", units=1, sent=3, rate="0.39", postage="second"
    )
    within_allowance = await create_service(
        connection, financial_year_start=2021, free_sms_fragment_limit=100
    )
    await _billed(connection, within_allowance, date(2021, 6, 2), "sms", units=10, sent=10, rate="0.016")

    params = {"start_date": "2021-06-01", "end_date": "2021-06-30"}
    response = await client.get("/platform-stats/data-for-billing-report", params=params, headers=headers)

    assert response.status_code == 200
    assert response.json() == [
        {
            "organisation_id": str(org), "organisation_name": "Department of Tests",
            "service_id": str(texter.id), "service_name": "Texts",
            "sms_cost": 0.64, "sms_fragments": 40, "total_letters": 0, "letter_cost": 0,
            "letter_breakdown": "",
            "purchase_order_number": "PO-1", "contact_names": "Service Finance",
            "contact_email_addresses": "pay@example.gov.uk", "billing_reference": "ORG-REF",
        },
        {
            "organisation_id": "", "organisation_name": "", "service_id": str(poster.id),
            "service_name": "Letters", "sms_cost": 0, "sms_fragments": 0, "total_letters": 6,
            "letter_cost": 4.01,
            "letter_breakdown": (
                "3 second class letters at 39p\n"
                "1 first class letters at 74p\n"
                "2 international letters at £1.05\n"
            ),
            "purchase_order_number": None, "contact_names": None, "contact_email_addresses": None,
            "billing_reference": None,
        },
    ]  # fmt: skip
    same = await client.get("/platform-stats/usage-for-all-services", params=params, headers=headers)
    assert same.json() == response.json()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "Input must be a date in the format: YYYY-MM-DD"),
        (
            {"start_date": "2021-06-01", "end_date": "30/06/2021"},
            "Input must be a date in the format: YYYY-MM-DD",
        ),
        ({"start_date": "2021-06-02", "end_date": "2021-06-01"}, "Start date must be before end date"),
        ({"start_date": "2022-03-31", "end_date": "2022-04-01"}, "Date must be in a single financial year."),
    ],
)
async def test_the_billing_report_refuses_bad_dates(
    client: httpx.AsyncClient, headers: dict[str, str], params: dict[str, str], message: str
) -> None:
    for path in ("/platform-stats/data-for-billing-report", "/platform-stats/usage-for-all-services"):
        response = await client.get(path, params=params, headers=headers)
        assert response.status_code == 400
        assert response.json() == {"result": "error", "message": message}
