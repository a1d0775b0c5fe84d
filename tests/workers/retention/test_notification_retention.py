"""Nightly retention over services keeping data 3, 7 (the default) and 90 days, with every key type."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.notifications import notification_history, notifications
from notify_api.db.tables.services import service_data_retention
from notify_api.letters.stored import letter_pdf_key
from notify_api.retention.notifications import delete_notifications_older_than_retention, retention_cutoff
from notify_api.runtime import Runtime
from notify_api.settings import Settings
from notify_api.storage import ObjectStore
from tests.factories import CreatedTemplate, create_notification, create_service, create_template

# 10:00 BST on a Monday: a London midnight is 23:00 UTC the day before.
NOW = datetime(2026, 6, 15, 9, 0)
MINUTE = timedelta(minutes=1)


async def set_retention(connection: AsyncConnection, service_id: uuid.UUID, kind: str, days: int) -> None:
    await connection.execute(
        service_data_retention.insert().values(
            id=uuid.uuid4(), service_id=service_id, notification_type=kind, days_of_retention=days
        )
    )


async def ids_in(connection: AsyncConnection, table: object, service_id: uuid.UUID) -> set[uuid.UUID]:
    rows = await connection.execute(select(table.c.id).where(table.c.service_id == service_id))  # type: ignore[attr-defined]
    return set(rows.scalars())


async def one_of_each_key_type(
    connection: AsyncConnection, template: CreatedTemplate, created_at: datetime, status: str = "delivered"
) -> dict[str, uuid.UUID]:
    return {
        key_type: await create_notification(
            connection, template, key_type=key_type, created_at=created_at, status=status
        )
        for key_type in ("normal", "team", "test")
    }


def test_the_cutoff_is_london_midnight_the_retention_days_ago() -> None:
    assert retention_cutoff(3, NOW) == datetime(2026, 6, 11, 23, 0)  # BST
    assert retention_cutoff(7, datetime(2026, 1, 15, 9, 0)) == datetime(2026, 1, 8, 0, 0)  # GMT
    # 00:30 BST on the 15th is still the 14th in UTC, but London's day is the 15th
    assert retention_cutoff(1, datetime(2026, 6, 14, 23, 30)) == datetime(2026, 6, 13, 23, 0)


async def test_rows_past_each_services_retention_move_to_history_and_test_keys_are_deleted(
    connection: AsyncConnection, runtime: Runtime
) -> None:
    retention_days = {"three": 3, "seven": 7, "ninety": 90}
    services = {name: await create_service(connection) for name in retention_days}
    await set_retention(connection, services["three"].id, "sms", 3)
    await set_retention(connection, services["ninety"].id, "sms", 90)
    await set_retention(connection, services["ninety"].id, "email", 90)
    # the 3-day service keeps emails the default 7 days: retention is per type
    expected_moved: set[uuid.UUID] = set()
    expected_deleted: set[uuid.UUID] = set()
    expected_kept: set[uuid.UUID] = set()
    for name, days in retention_days.items():
        service_id = services[name].id
        for kind in ("sms", "email"):
            template = await create_template(connection, service_id, template_type=kind)
            kind_days = days if kind == "sms" or name == "ninety" else 7
            cutoff = retention_cutoff(kind_days, NOW)
            old = await one_of_each_key_type(connection, template, cutoff - MINUTE)
            recent = await one_of_each_key_type(connection, template, cutoff + MINUTE)
            # an old message still sending leaves too: only letters wait for their status
            still_sending = await create_notification(
                connection, template, created_at=cutoff - timedelta(days=1), status="sending"
            )
            expected_moved |= {old["normal"], old["team"], still_sending}
            expected_deleted.add(old["test"])
            expected_kept |= set(recent.values())

    report = await delete_notifications_older_than_retention(runtime.database, runtime.settings, now=NOW)

    remaining: set[uuid.UUID] = set()
    history: set[uuid.UUID] = set()
    for service in services.values():
        remaining |= await ids_in(connection, notifications, service.id)
        history |= await ids_in(connection, notification_history, service.id)
    assert remaining == expected_kept
    assert history == expected_moved
    assert not expected_deleted & (remaining | history)
    assert report.moved >= len(expected_moved)
    assert report.deleted >= len(expected_deleted)

    moved_row = (
        await connection.execute(
            select(notification_history).where(notification_history.c.id == next(iter(expected_moved)))
        )
    ).one()
    assert moved_row.notification_status in {"delivered", "sending"}

    # a second run has nothing left to do for these services
    again = await delete_notifications_older_than_retention(runtime.database, runtime.settings, now=NOW)
    assert again.moved == 0 and again.deleted == 0


async def test_letters_on_their_way_to_print_stay_and_completed_ones_lose_their_pdf(
    connection: AsyncConnection, runtime: Runtime, settings: Settings
) -> None:
    service = await create_service(connection)
    template = await create_template(connection, service.id, template_type="letter", postage="second")
    old = retention_cutoff(7, NOW) - MINUTE
    store = ObjectStore(settings)

    async def letter(status: str, key_type: str = "normal", created_at: datetime = old) -> uuid.UUID:
        reference = uuid.uuid4().hex[:16].upper()
        letter_id = await create_notification(
            connection, template, status=status, key_type=key_type, created_at=created_at, reference=reference
        )
        row = (await connection.execute(select(notifications).where(notifications.c.id == letter_id))).one()
        await store.put(settings.letters_pdf_bucket, letter_pdf_key(row), b"%PDF-1.7 letter")
        return letter_id

    delivered = await letter("delivered")
    returned = await letter("returned-letter", key_type="team")
    failed_checks = await letter("validation-failed")
    waiting = {await letter(status) for status in ("pending-virus-check", "created", "sending")}
    test_key = await letter("delivered", key_type="test")
    recent = await letter("delivered", created_at=retention_cutoff(7, NOW) + MINUTE)
    keys = {
        letter_id: letter_pdf_key(
            (await connection.execute(select(notifications).where(notifications.c.id == letter_id))).one()
        )
        for letter_id in (delivered, returned, test_key, recent, *waiting)
    }

    await delete_notifications_older_than_retention(
        runtime.database, runtime.settings, now=NOW, notification_types=("letter",)
    )

    assert await ids_in(connection, notifications, service.id) == waiting | {recent}
    assert await ids_in(connection, notification_history, service.id) == {delivered, returned, failed_checks}
    for gone in (delivered, returned, test_key):
        assert await store.get(settings.letters_pdf_bucket, keys[gone]) is None
    for kept in (recent, *waiting):
        assert await store.get(settings.letters_pdf_bucket, keys[kept]) == b"%PDF-1.7 letter"
