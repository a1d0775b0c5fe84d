from __future__ import annotations

from datetime import timedelta

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db import tables as t
from notify_api.db.tables.seed_ids import FIRETEXT_PROVIDER_ID, MMG_PROVIDER_ID
from notify_api.settings import Settings
from notify_api.templates.statistics import london_today
from notify_api.timeutils import utc_now
from tests.factories import create_service, create_template, create_user
from tests.helpers import admin_headers


async def _billing(
    connection: AsyncConnection, day_offset: int, provider: str, units: int, multiplier: int
) -> None:
    service = await create_service(connection)
    template = await create_template(connection, service.id)
    await connection.execute(
        t.ft_billing.insert().values(
            bst_date=london_today().replace(day=1) + timedelta(days=day_offset),
            template_id=template.id,
            service_id=service.id,
            notification_type="sms",
            provider=provider,
            rate_multiplier=multiplier,
            international=False,
            rate=0.0158,
            postage="none",
            billable_units=units,
            notifications_sent=units,
            created_at=utc_now(),
        )
    )


async def test_list_shows_this_months_billable_sms(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    await _billing(connection, 0, "mmg", units=3, multiplier=2)
    await _billing(connection, -1, "mmg", units=100, multiplier=1)  # last month
    response = await client.get("/provider-details", headers=admin_headers(settings))
    assert response.status_code == 200
    providers = {p["identifier"]: p for p in response.json()["provider_details"]}
    assert providers["mmg"]["current_month_billable_sms"] == 6
    assert providers["firetext"]["current_month_billable_sms"] == 0
    assert set(providers["mmg"]) >= {"id", "display_name", "priority", "active", "created_by_name"}


async def test_update_writes_a_new_version(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    user = await create_user(connection, name="Platform Admin", platform_admin=True)
    before = (
        await client.get(f"/provider-details/{MMG_PROVIDER_ID}", headers=admin_headers(settings))
    ).json()
    response = await client.post(
        f"/provider-details/{MMG_PROVIDER_ID}",
        json={"priority": 42, "created_by": str(user.id)},
        headers=admin_headers(settings),
    )
    assert response.status_code == 200
    details = response.json()["provider_details"]
    assert details["priority"] == 42
    assert details["version"] == before["provider_details"]["version"] + 1
    assert details["created_by"]["name"] == "Platform Admin"
    versions = await client.get(
        f"/provider-details/{MMG_PROVIDER_ID}/versions", headers=admin_headers(settings)
    )
    assert [v["version"] for v in versions.json()["data"]][:2] == [details["version"], details["version"] - 1]
    history = await connection.execute(
        select(t.provider_details_history.c.priority).where(
            t.provider_details_history.c.id == MMG_PROVIDER_ID,
            t.provider_details_history.c.version == details["version"],
        )
    )
    assert history.scalar_one() == 42
    listed = await client.get("/provider-details", headers=admin_headers(settings))
    mmg = next(p for p in listed.json()["provider_details"] if p["identifier"] == "mmg")
    assert mmg["created_by_name"] == "Platform Admin"


async def test_only_priority_active_and_created_by_can_change(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    response = await client.post(
        f"/provider-details/{FIRETEXT_PROVIDER_ID}",
        json={"identifier": "other", "priority": 10},
        headers=admin_headers(settings),
    )
    assert response.status_code == 400
    assert response.json() == {"result": "error", "message": {"identifier": ["Not permitted to be updated"]}}
