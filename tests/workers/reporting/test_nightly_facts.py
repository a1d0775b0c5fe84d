"""The nightly facts: one London day of status counts, billing and processing time, built from both tables."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.billing import ft_billing, ft_notification_status, ft_processing_time, rates
from notify_api.db.tables.notifications import notification_history, notifications
from notify_api.reporting import facts
from notify_api.runtime import Runtime
from notify_api.timeutils import london_midnight_utc, london_today
from notify_workers.actors.reporting import (
    create_nightly_billing_facts,
    create_nightly_notification_status_facts,
    save_processing_time_facts,
)
from tests.factories import (
    CreatedTemplate,
    create_api_key,
    create_job,
    create_notification,
    create_service,
    create_template,
)

ZERO_UUID = uuid.UUID(int=0)


def _at(day: date, hours: float) -> datetime:
    return london_midnight_utc(day) + timedelta(hours=hours)


async def _move_to_history(connection: AsyncConnection, notification_id: uuid.UUID) -> None:
    """What retention does: the row leaves ``notifications`` for ``notification_history``."""
    row = (await connection.execute(select(notifications).where(notifications.c.id == notification_id))).one()
    kept = {column.name: row._mapping[column.name] for column in notification_history.columns}
    await connection.execute(notification_history.insert().values(**kept))
    await connection.execute(notifications.delete().where(notifications.c.id == notification_id))


async def _status_rows(connection: AsyncConnection, service_id: uuid.UUID) -> list[tuple[Any, ...]]:
    table = ft_notification_status.c
    query = (
        select(
            table.bst_date,
            table.template_id,
            table.job_id,
            table.notification_type,
            table.key_type,
            table.notification_status,
            table.notification_count,
        )
        .where(table.service_id == service_id)
        .order_by(table.bst_date, table.notification_type, table.notification_status, table.key_type)
    )
    return [tuple(row) for row in (await connection.execute(query)).all()]


async def _billing_rows(connection: AsyncConnection, service_id: uuid.UUID) -> list[tuple[Any, ...]]:
    table = ft_billing.c
    query = (
        select(
            table.bst_date,
            table.notification_type,
            table.provider,
            table.rate_multiplier,
            table.international,
            table.rate,
            table.postage,
            table.billable_units,
            table.notifications_sent,
        )
        .where(table.service_id == service_id)
        .order_by(table.bst_date, table.notification_type, table.provider, table.rate_multiplier)
    )
    return [tuple(row) for row in (await connection.execute(query)).all()]


async def _sends(
    connection: AsyncConnection, day: date
) -> tuple[uuid.UUID, CreatedTemplate, CreatedTemplate]:
    service = await create_service(connection)
    sms = await create_template(connection, service.id, template_type="sms")
    email = await create_template(connection, service.id, template_type="email")
    job_id = await create_job(connection, sms)
    for status in ("delivered", "delivered", "permanent-failure", "created"):
        await create_notification(
            connection, sms, status=status, created_at=_at(day, 1), sent_by="mmg", billable_units=2
        )
    await create_notification(
        connection,
        sms,
        status="delivered",
        job_id=job_id,
        job_row_number=0,
        created_at=_at(day, 23.5),
        sent_by="firetext",
        rate_multiplier=2,
    )
    await create_notification(connection, sms, status="delivered", key_type="test", created_at=_at(day, 2))
    old = await create_notification(connection, email, status="delivered", created_at=_at(day, 3))
    await _move_to_history(connection, old)
    await create_notification(connection, email, status="sending", created_at=_at(day, 4))
    # the days either side are not this day's
    await create_notification(connection, sms, status="delivered", created_at=_at(day, -0.01))
    await create_notification(connection, sms, status="delivered", created_at=_at(day, 24))
    return service.id, sms, email


async def test_a_day_of_status_counts_from_both_tables_without_test_keys(connection: AsyncConnection) -> None:
    day = london_today() - timedelta(days=2)
    service_id, sms, email = await _sends(connection, day)

    await facts.build_status_day(connection, day)

    job_id = (
        await connection.execute(
            select(notifications.c.job_id).where(
                notifications.c.job_id.isnot(None), notifications.c.service_id == service_id
            )
        )
    ).scalar_one()
    assert sorted(await _status_rows(connection, service_id), key=str) == sorted(
        [
            (day, email.id, ZERO_UUID, "email", "normal", "delivered", 1),
            (day, email.id, ZERO_UUID, "email", "normal", "sending", 1),
            (day, sms.id, ZERO_UUID, "sms", "normal", "created", 1),
            (day, sms.id, ZERO_UUID, "sms", "normal", "delivered", 2),
            (day, sms.id, job_id, "sms", "normal", "delivered", 1),
            (day, sms.id, ZERO_UUID, "sms", "normal", "permanent-failure", 1),
        ],
        key=str,
    )


async def test_rebuilding_a_day_gives_the_same_rows_and_follows_changes(connection: AsyncConnection) -> None:
    day = london_today() - timedelta(days=3)
    service_id, _, _ = await _sends(connection, day)
    await facts.build_status_day(connection, day)
    await facts.build_billing_day(connection, day)
    first = (await _status_rows(connection, service_id), await _billing_rows(connection, service_id))

    await facts.build_status_day(connection, day)
    await facts.build_billing_day(connection, day)
    assert (await _status_rows(connection, service_id), await _billing_rows(connection, service_id)) == first

    await connection.execute(
        notifications.update()
        .where(notifications.c.service_id == service_id, notifications.c.notification_status == "created")
        .values(notification_status="delivered")
    )
    await facts.build_status_day(connection, day, ["sms"])
    sms_counts: dict[str, int] = {}
    for row in await _status_rows(connection, service_id):
        if row[3] == "sms":
            sms_counts[row[5]] = sms_counts.get(row[5], 0) + row[6]
    assert sms_counts == {"delivered": 4, "permanent-failure": 1}


async def test_a_day_of_billing_priced_at_the_rate_of_that_day(connection: AsyncConnection) -> None:
    day = london_today() - timedelta(days=2)
    start = london_midnight_utc(day)
    for valid_from, rate in ((start - timedelta(minutes=1), 0.0197), (start + timedelta(hours=1), 0.5)):
        await connection.execute(
            rates.insert().values(id=uuid.uuid4(), valid_from=valid_from, rate=rate, notification_type="sms")
        )
    service_id, _, _ = await _sends(connection, day)

    await facts.build_billing_day(connection, day)

    rows = await _billing_rows(connection, service_id)
    assert [(*row[:5], float(row[5]), *row[6:]) for row in rows] == [
        # emails: sent ones only (delivered, from history; sending), free
        (day, "email", "ses", 1, False, 0.0, "none", 0, 2),
        # texts: billable statuses only ("created" is not), units summed, by provider and multiplier
        (day, "sms", "firetext", 2, False, 0.0197, "none", 1, 1),
        (day, "sms", "mmg", 1, False, 0.0197, "none", 6, 3),
    ]


async def test_processing_time_counts_api_sends_within_ten_seconds(connection: AsyncConnection) -> None:
    day = london_today() - timedelta(days=1)
    service = await create_service(connection)
    sms = await create_template(connection, service.id)
    created = _at(day, 5)
    key = await create_api_key(connection, service.id)
    for delay in (1, 9, 11):
        await create_notification(
            connection, sms, api_key_id=key.id, created_at=created, sent_at=created + timedelta(seconds=delay)
        )
    await create_notification(connection, sms, created_at=created, sent_at=created)  # one-off: no API key

    await facts.build_processing_time_day(connection, day)

    row = (
        await connection.execute(select(ft_processing_time).where(ft_processing_time.c.bst_date == day))
    ).one()
    assert (row.messages_total, row.messages_within_10_secs) == (3, 2)


def test_nightly_windows_are_the_originals() -> None:
    today = date(2022, 1, 20)
    status_days = facts.nightly_status_days(today)
    assert [day for day, _ in status_days] == [date(2022, 1, d) for d in range(10, 20)]
    assert [sorted(types) for _, types in status_days[-4:]] == [["email", "letter", "sms"]] * 4
    assert all(types == ["letter"] for _, types in status_days[:-4])
    assert facts.nightly_billing_days(today) == [date(2022, 1, d) for d in (16, 17, 18, 19)]


async def test_the_scheduled_tasks_build_recent_days(connection: AsyncConnection, runtime: Runtime) -> None:
    yesterday = london_today() - timedelta(days=1)
    service_id, _, _ = await _sends(connection, yesterday)

    await create_nightly_notification_status_facts(runtime)
    await create_nightly_billing_facts(runtime)
    await save_processing_time_facts(runtime)

    per_day: dict[date, int] = {}
    for row in await _status_rows(connection, service_id):
        per_day[row[0]] = per_day.get(row[0], 0) + row[6]
    # the message sent just before that day's midnight counts on the day before
    assert per_day == {yesterday: 7, yesterday - timedelta(days=1): 1}
    assert sum(row[8] for row in await _billing_rows(connection, service_id) if row[0] == yesterday) == 6
