"""The platform admin's reports: /platform-stats, live counts, /service/find-services-by-name, /complaint."""

from __future__ import annotations

import uuid
from datetime import timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.events import complaints
from notify_api.db.tables.services import services
from notify_api.reporting import facts
from notify_api.timeutils import london_midnight_utc, london_today, utc_now
from tests.factories import create_notification, create_organisation, create_service, create_template


async def _totals(client: httpx.AsyncClient, headers: dict[str, str], **params: str) -> dict[str, object]:
    response = await client.get("/platform-stats", params=params, headers=headers)
    assert response.status_code == 200
    body: dict[str, object] = response.json()
    return body


async def test_platform_stats_add_facts_and_today_and_count_test_keys_apart(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    today = london_today()
    yesterday = today - timedelta(days=1)
    before = await _totals(client, headers, start_date=str(yesterday), end_date=str(today))
    service = await create_service(connection)
    sms = await create_template(connection, service.id)
    at_noon = london_midnight_utc(yesterday) + timedelta(hours=12)
    await create_notification(connection, sms, status="permanent-failure", created_at=at_noon)
    await create_notification(connection, sms, status="delivered", created_at=at_noon)
    await facts.build_status_day(connection, yesterday)
    await create_notification(connection, sms, status="delivered")
    await create_notification(connection, sms, status="technical-failure", key_type="test")

    after = await _totals(client, headers, start_date=str(yesterday), end_date=str(today))

    assert set(after) == {"sms", "email", "letter", "broadcast"}
    sms_before, sms_after = before["sms"], after["sms"]
    assert isinstance(sms_before, dict) and isinstance(sms_after, dict)
    assert sms_after["total"] - sms_before["total"] == 3
    assert sms_after["test-key"] - sms_before["test-key"] == 1
    assert sms_after["failures"]["permanent-failure"] - sms_before["failures"]["permanent-failure"] == 1
    assert sms_after["failures"]["technical-failure"] == sms_before["failures"]["technical-failure"]
    assert set(sms_after["failures"]) == {"technical-failure", "permanent-failure", "temporary-failure",
                                          "virus-scan-failed"}  # fmt: skip


async def test_live_counts_and_service_search(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    before = (await client.get("/_status/live-service-and-organisation-counts")).json()
    organisation = await create_organisation(connection)
    tag = uuid.uuid4().hex[:8]
    live = await create_service(connection, name=f"Parking {tag} permits")
    await create_service(connection, name=f"Parking {tag} trial", restricted=True)
    await connection.execute(
        services.update().where(services.c.id == live.id).values(organisation_id=organisation)
    )

    after = (await client.get("/_status/live-service-and-organisation-counts")).json()
    assert (after["services"] - before["services"], after["organisations"] - before["organisations"]) == (
        1,
        1,
    )

    found = await client.get(
        "/service/find-services-by-name", params={"service_name": f"KING {tag}"}, headers=headers
    )
    assert [item["name"] for item in found.json()["data"]] == [
        f"Parking {tag} permits",
        f"Parking {tag} trial",
    ]
    assert set(found.json()["data"][0]) == {"id", "name", "active", "restricted", "research_mode"}
    missing = await client.get("/service/find-services-by-name", headers=headers)
    assert missing.status_code == 400
    assert missing.json()["message"] == {"service_name": ["Missing data for required field."]}


async def test_complaints_listed_newest_first_and_counted_by_day(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    before = (await client.get("/complaint/count-by-date-range", headers=headers)).json()
    service = await create_service(connection)
    email = await create_template(connection, service.id, template_type="email")
    ids = []
    for age in (2, 1):
        notification_id = await create_notification(connection, email)
        complaint_id = uuid.uuid4()
        await connection.execute(complaints.insert().values(
            id=complaint_id, notification_id=notification_id, service_id=service.id, ses_feedback_id="f",
            complaint_type="abuse", complaint_date=None, created_at=utc_now() - timedelta(seconds=age),
        ))  # fmt: skip
        ids.append(complaint_id)

    listed = await client.get("/complaint", headers=headers)
    newest = listed.json()["complaints"][:2]
    assert [item["id"] for item in newest] == [str(ids[1]), str(ids[0])]
    assert newest[0]["service_name"] == service.name
    assert newest[0]["complaint_type"] == "abuse"
    counted = await client.get("/complaint/count-by-date-range", headers=headers)
    assert counted.json() == before + 2


async def test_performance_dashboard_from_the_facts(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    day = london_today() - timedelta(days=2)
    params = {"start_date": str(day), "end_date": str(day)}
    before = (await client.get("/performance-dashboard", params=params, headers=headers)).json()
    service = await create_service(connection)
    sms = await create_template(connection, service.id)
    email = await create_template(connection, service.id, template_type="email")
    at_noon = london_midnight_utc(day) + timedelta(hours=12)
    for template, count in ((sms, 2), (email, 1)):
        for _ in range(count):
            await create_notification(connection, template, status="delivered", created_at=at_noon)
    await create_notification(connection, sms, status="delivered", created_at=at_noon, key_type="test")
    await facts.build_status_day(connection, day)
    await facts.build_processing_time_day(connection, day)

    after = (await client.get("/performance-dashboard", params=params, headers=headers)).json()

    assert after["total_notifications"] - before["total_notifications"] == 3
    assert after["sms_notifications"] - before["sms_notifications"] == 2
    [on_day] = after["notifications_by_type"]
    assert on_day["date"] == day.strftime("%a, %d %b %Y 00:00:00 GMT")
    assert (on_day["emails"], on_day["sms"]) == (
        before["notifications_by_type"][0]["emails"] + 1 if before["notifications_by_type"] else 1,
        before["notifications_by_type"][0]["sms"] + 2 if before["notifications_by_type"] else 2,
    )
    assert after["processing_time"] == [{"date": day.isoformat(), "percentage_under_10_seconds": 100.0}]
    assert after["live_service_count"] == before["live_service_count"] + 1
    assert {"service_id": str(service.id), "service_name": service.name, "organisation_id": None,
            "organisation_name": None} in after["services_using_notify"]  # fmt: skip
