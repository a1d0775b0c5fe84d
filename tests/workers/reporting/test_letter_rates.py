"""Letters are billed at the original's letter rates (seeded by migration): by day, sheets, post class and
whether the service is crown."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.billing import ft_billing, letter_rates
from notify_api.db.tables.services import services
from notify_api.reporting import facts
from notify_api.timeutils import london_midnight_utc
from tests.factories import create_notification, create_service, create_template


async def test_every_rate_of_the_original_is_seeded(connection: AsyncConnection) -> None:
    count = (await connection.execute(select(func.count()).select_from(letter_rates))).scalar_one()
    current = await connection.execute(
        select(letter_rates.c.post_class, func.min(letter_rates.c.rate), func.max(letter_rates.c.rate))
        .where(letter_rates.c.end_date.is_(None))
        .group_by(letter_rates.c.post_class)
        .order_by(letter_rates.c.post_class)
    )
    assert count == 109
    assert [tuple(row) for row in current] == [
        ("europe", Decimal("0.89"), Decimal("1.21")),
        ("first", Decimal("0.69"), Decimal("0.89")),
        ("rest-of-world", Decimal("0.89"), Decimal("1.21")),
        ("second", Decimal("0.39"), Decimal("0.59")),
    ]


@pytest.mark.parametrize(
    ("day", "crown", "postage", "sheets", "rate"),
    [
        (date(2017, 5, 2), False, "second", 3, "0.45"),
        (date(2017, 5, 2), True, "second", 3, "0.36"),
        (date(2018, 9, 15), True, "first", 2, "0.61"),  # first class started on 1 September 2018
        (date(2018, 10, 1), False, "second", 1, "0.30"),
        (date(2019, 10, 1), True, "second", 5, "0.55"),  # the 5p rise of October 2019
        (date(2020, 7, 1), False, "europe", 3, "1.00"),  # international post from July 2020
        (date(2021, 1, 31), True, "rest-of-world", 1, "0.84"),
        (date(2021, 2, 1), True, "rest-of-world", 1, "0.89"),  # the rise of February 2021
        (date(2022, 1, 10), False, "first", 4, "0.84"),
    ],
)
async def test_a_letter_is_billed_at_the_rate_of_its_day_sheets_and_post_class(
    connection: AsyncConnection, day: date, crown: bool, postage: str, sheets: int, rate: str
) -> None:
    service = await create_service(connection)
    await connection.execute(services.update().where(services.c.id == service.id).values(crown=crown))
    # A template's postage is first or second; international postage comes from the letter's address.
    template = await create_template(connection, service.id, template_type="letter")
    await create_notification(
        connection, template, status="delivered", billable_units=sheets, postage=postage,
        created_at=london_midnight_utc(day) + timedelta(hours=12),
    )  # fmt: skip

    await facts.build_billing_day(connection, day, service_id=service.id)

    billed = await connection.execute(
        select(ft_billing.c.rate, ft_billing.c.postage, ft_billing.c.notifications_sent).where(
            ft_billing.c.service_id == service.id
        )
    )
    assert [tuple(row) for row in billed] == [(Decimal(rate), postage, 1)]
