from __future__ import annotations

from datetime import datetime, timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db import tables as t
from notify_api.settings import Settings
from notify_api.timeutils import london_today, utc_now
from tests.factories import create_notification, create_service, create_template
from tests.helpers import admin_headers

ZERO_UUID = "00000000-0000-0000-0000-000000000000"


async def _fact(
    connection: AsyncConnection, template_id: object, service_id: object, days_ago: int, count: int
) -> None:
    await connection.execute(
        t.ft_notification_status.insert().values(
            bst_date=london_today() - timedelta(days=days_ago),
            template_id=template_id,
            service_id=service_id,
            job_id=ZERO_UUID,
            notification_type="sms",
            key_type="normal",
            notification_status="delivered",
            notification_count=count,
            created_at=utc_now(),
        )
    )


async def test_statistics_combine_today_and_earlier_days(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    service = await create_service(connection)
    template = await create_template(connection, service.id, name="Reminder")
    await create_notification(connection, template, status="delivered")
    await create_notification(connection, template, status="delivered", key_type="test")
    await _fact(connection, template.id, service.id, days_ago=2, count=5)
    await _fact(connection, template.id, service.id, days_ago=9, count=100)

    url = f"/service/{service.id}/template-statistics"
    week = await client.get(url, params={"whole_days": "7"}, headers=admin_headers(settings))
    assert week.json()["data"] == [
        {
            "count": 6,
            "template_id": str(template.id),
            "template_name": "Reminder",
            "template_type": "sms",
            "is_precompiled_letter": False,
            "status": "delivered",
        }
    ]
    today = await client.get(url, params={"whole_days": "0"}, headers=admin_headers(settings))
    assert today.json()["data"][0]["count"] == 1


async def test_whole_days_must_be_a_small_integer(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    service = await create_service(connection)
    url = f"/service/{service.id}/template-statistics"
    too_many = await client.get(url, params={"whole_days": "8"}, headers=admin_headers(settings))
    assert too_many.status_code == 400
    assert too_many.json()["message"] == {"whole_days": ["whole_days must be between 0 and 7"]}
    not_a_number = await client.get(url, params={"whole_days": "x"}, headers=admin_headers(settings))
    assert not_a_number.json()["message"] == {"whole_days": ["x is not an integer"]}


async def test_last_used_from_notifications_then_facts(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    service = await create_service(connection)
    template = await create_template(connection, service.id)
    url = f"/service/{service.id}/template-statistics/last-used/{template.id}"
    never = await client.get(url, headers=admin_headers(settings))
    assert never.json() == {"last_date_used": None}

    await _fact(connection, template.id, service.id, days_ago=10, count=1)
    day = london_today() - timedelta(days=10)
    from_facts = await client.get(url, headers=admin_headers(settings))
    assert from_facts.json() == {"last_date_used": f"{day.isoformat()}T00:00:00.000000Z"}

    newest = datetime(2022, 1, 20, 11, 0, 0, 123456)
    await create_notification(connection, template, created_at=newest - timedelta(hours=1))
    await create_notification(connection, template, created_at=newest)
    latest = await client.get(url, headers=admin_headers(settings))
    assert latest.json() == {"last_date_used": "2022-01-20T11:00:00.123456Z"}
