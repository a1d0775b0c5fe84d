"""The dashboard's calls for a service that sent on several days, some of them past retention: after the
nightly facts are built, every number equals what was sent, per day, status group and template."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.commands.rebuild_facts import rebuild_billing_day_with, rebuild_status_day_with
from notify_api.db.database import BoundDatabase
from notify_api.db.tables.notifications import notification_history, notifications
from notify_api.runtime import Runtime
from notify_api.timeutils import london_midnight_utc, london_today
from notify_workers.actors.reporting import create_nightly_notification_status_facts
from tests.factories import CreatedTemplate, create_notification, create_service, create_template


def _at(day: date, hours: float) -> datetime:
    return london_midnight_utc(day) + timedelta(hours=hours)


async def _past_retention(connection: AsyncConnection, service_id: uuid.UUID, before: datetime) -> None:
    """What the retention task does: older rows leave ``notifications`` for ``notification_history``."""
    old = notifications.c.created_at < before
    rows = (
        await connection.execute(select(notifications).where(notifications.c.service_id == service_id, old))
    ).all()
    for row in rows:
        values = {column.name: row._mapping[column.name] for column in notification_history.columns}
        await connection.execute(notification_history.insert().values(**values))
    await connection.execute(notifications.delete().where(notifications.c.service_id == service_id, old))


async def _send(
    connection: AsyncConnection, template: CreatedTemplate, day: date, statuses: dict[str, int]
) -> None:
    for status, count in statuses.items():
        for n in range(count):
            await create_notification(connection, template, status=status, created_at=_at(day, 10 + n / 60))


async def test_the_dashboard_shows_what_was_sent(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    db: BoundDatabase,
    runtime: Runtime,
    headers: dict[str, str],
) -> None:
    today = london_today()
    service = await create_service(connection)
    reminder = await create_template(connection, service.id, name="Reminder")
    welcome = await create_template(connection, service.id, template_type="email", name="Welcome")
    days = {back: today - timedelta(days=back) for back in (0, 1, 3, 9)}
    await _send(connection, reminder, days[9], {"delivered": 4, "permanent-failure": 1})
    await _send(connection, reminder, days[3], {"delivered": 2, "technical-failure": 1})
    await _send(connection, welcome, days[3], {"delivered": 1})
    await _send(connection, reminder, days[1], {"sending": 1, "temporary-failure": 2})
    await _send(connection, welcome, days[0], {"delivered": 3, "created": 1})
    await create_notification(
        connection, reminder, status="delivered", key_type="test", created_at=_at(days[1], 9)
    )
    await _past_retention(connection, service.id, london_midnight_utc(today - timedelta(days=7)))
    # the nightly task covers the last days; an operator rebuilds an older one
    await create_nightly_notification_status_facts(runtime)
    await rebuild_status_day_with(db, days[9])
    await rebuild_billing_day_with(db, days[9])

    statistics = await client.get(f"/service/{service.id}/statistics", headers=headers)
    assert statistics.json() == {
        "data": {
            "sms": {"requested": 6, "delivered": 2, "failed": 3},  # day 9 is outside the 7 days
            "email": {"requested": 5, "delivered": 4, "failed": 0},
            "letter": {"requested": 0, "delivered": 0, "failed": 0},
        }
    }
    today_only = await client.get(
        f"/service/{service.id}/statistics", params={"today_only": "True"}, headers=headers
    )
    assert today_only.json()["data"]["email"] == {"requested": 4, "delivered": 3, "failed": 0}
    assert today_only.json()["data"]["sms"] == {"requested": 0, "delivered": 0, "failed": 0}

    detailed = await client.get(f"/service/{service.id}", params={"detailed": "True"}, headers=headers)
    assert detailed.json()["data"]["statistics"] == statistics.json()["data"]

    year = today.year if today.month >= 4 else today.year - 1
    monthly = (await client.get(f"/service/{service.id}/notifications/monthly", params={"year": year},
                                headers=headers)).json()["data"]  # fmt: skip
    assert len(monthly) == 12
    expected_sms: dict[str, dict[str, int]] = {}
    expected_email: dict[str, dict[str, int]] = {}
    sent = [
        (days[9], "sms", {"delivered": 4, "permanent-failure": 1}),
        (days[3], "sms", {"delivered": 2, "technical-failure": 1}),
        (days[3], "email", {"delivered": 1}),
        (days[1], "sms", {"sending": 1, "temporary-failure": 2}),
        (days[0], "email", {"delivered": 3, "created": 1}),
    ]
    for day, kind, statuses in sent:
        if day < date(year, 4, 1):
            continue
        month = (expected_sms if kind == "sms" else expected_email).setdefault(day.strftime("%Y-%m"), {})
        for status, count in statuses.items():
            month[status] = month.get(status, 0) + count
    for month, counts in monthly.items():
        assert set(counts) == {"sms", "email", "letter", "broadcast"}
        assert counts["sms"] == expected_sms.get(month, {}), month
        assert counts["email"] == expected_email.get(month, {}), month

    usage_url = f"/service/{service.id}/notifications/templates_usage/monthly"
    usage = (await client.get(usage_url, params={"year": year}, headers=headers)).json()["stats"]
    totals: dict[str, int] = {}
    for row in usage:
        totals[row["name"]] = totals.get(row["name"], 0) + row["count"]
        assert row["is_precompiled_letter"] is False
    in_year = [(day, kind, statuses) for day, kind, statuses in sent if day >= date(year, 4, 1)]
    assert totals == {
        name: sum(sum(statuses.values()) for _, kind, statuses in in_year if kind == template_kind)
        for name, template_kind in (("Reminder", "sms"), ("Welcome", "email"))
        if any(kind == template_kind for _, kind, _ in in_year)
    }

    week = (await client.get(f"/service/{service.id}/template-statistics", params={"whole_days": 7},
                             headers=headers)).json()["data"]  # fmt: skip
    by_template_status = {(row["template_name"], row["status"]): row["count"] for row in week}
    assert by_template_status == {
        ("Reminder", "delivered"): 2, ("Reminder", "technical-failure"): 1, ("Reminder", "sending"): 1,
        ("Reminder", "temporary-failure"): 2, ("Welcome", "delivered"): 4, ("Welcome", "created"): 1,
    }  # fmt: skip

    activity = await client.get(
        f"/service/{service.id}/notifications", params={"limit_days": 7}, headers=headers
    )
    assert len(activity.json()["notifications"]) == 6 + 5  # the last 7 days, in retention, no test key


async def test_monthly_views_need_a_year(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    service = await create_service(connection)
    for path in ("monthly", "templates_usage/monthly"):
        response = await client.get(
            f"/service/{service.id}/notifications/{path}", params={"year": "x"}, headers=headers
        )
        assert response.status_code == 400
        assert response.json() == {"result": "error", "message": "Year must be a number"}
