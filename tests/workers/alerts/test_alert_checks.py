"""The periodic checks raise an alert (log event, metrics, webhook) exactly when something is wrong."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import date, datetime, timedelta

import httpx
from sqlalchemy import func, insert, literal, select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.alerts.ack_files import check_letter_ack_files
from notify_api.alerts.checks import (
    HIGH_FAILURE_RATES_OR_TV_NUMBERS,
    LETTERS_PENDING_VIRUS_CHECK,
    LETTERS_STILL_CREATED,
    LETTERS_STILL_SENDING,
    check_failure_rates_and_tv_numbers,
    check_letters_pending_virus_check,
    check_letters_still_created,
    check_letters_still_sending,
    expected_letter_sent_date,
)
from notify_api.db.tables.notifications import notifications
from notify_api.metrics.alerts import read_alert_state
from notify_api.runtime import Runtime
from notify_api.settings import Settings
from notify_api.storage import ObjectStore
from notify_api.timeutils import utc_now
from tests.factories import CreatedTemplate, create_notification, create_service, create_template
from tests.workers.callbacks.callback_receiver import CallbackReceiver, callback_receiver, closed_port_url

__all__ = ["callback_receiver"]

# Wednesday 15 July 2026, 10:30 BST
NOW = datetime(2026, 7, 15, 9, 30)


async def copy_notification(connection: AsyncConnection, notification_id: uuid.UUID, copies: int) -> None:
    columns = [column for column in notifications.c if column.name != "id"]
    await connection.execute(
        insert(notifications).from_select(
            ["id", *(column.name for column in columns)],
            select(func.gen_random_uuid(), *columns)
            .select_from(notifications.join(func.generate_series(1, copies).table_valued("n"), literal(True)))
            .where(notifications.c.id == notification_id),
        )
    )


async def items(runtime: Runtime, name: str) -> int | None:
    return (await read_alert_state(runtime.redis)).items.get(name)


async def raised(runtime: Runtime, name: str) -> int:
    return (await read_alert_state(runtime.redis)).raised.get(name, 0)


async def letter_template(connection: AsyncConnection) -> CreatedTemplate:
    service = await create_service(connection)
    return await create_template(connection, service.id, template_type="letter", postage="second")


async def test_letters_still_created_after_yesterdays_print_run_raise_an_alert_to_the_webhook(
    connection: AsyncConnection, runtime: Runtime, settings: Settings, callback_receiver: CallbackReceiver
) -> None:
    template = await letter_template(connection)
    # yesterday's deadline: 17:30 BST on the 14th = 16:30 UTC
    await create_notification(
        connection, template, status="created", reference="LATE0001", created_at=datetime(2026, 7, 14, 16, 29)
    )
    await create_notification(
        connection, template, status="created", reference="INTIME01", created_at=datetime(2026, 7, 14, 16, 31)
    )
    await create_notification(
        connection, template, status="sending", reference="SENT0001", created_at=datetime(2026, 7, 13, 9, 0)
    )
    with_webhook = dataclasses.replace(settings, alert_webhook_url=callback_receiver.url("/alerts"))
    before = await raised(runtime, LETTERS_STILL_CREATED)

    alert = await check_letters_still_created(runtime.database, with_webhook, runtime.redis, now=NOW)

    assert alert is not None and alert.details["references"] == ["LATE0001"]
    assert await items(runtime, LETTERS_STILL_CREATED) == 1
    assert await raised(runtime, LETTERS_STILL_CREATED) == before + 1
    [posted] = callback_receiver.received
    assert posted.path == "/alerts"
    assert posted.json() == {
        "alert": "check-if-letters-still-in-created",
        "message": "1 letters were created before 17.30 yesterday and still have 'created' status.",
        "count": 1,
        "details": {"references": ["LATE0001"]},
    }


async def test_a_check_that_finds_nothing_clears_its_gauge_and_posts_nothing(
    connection: AsyncConnection, runtime: Runtime, settings: Settings, callback_receiver: CallbackReceiver
) -> None:
    template = await letter_template(connection)
    await create_notification(
        connection, template, status="pending-virus-check", created_at=NOW - timedelta(minutes=89)
    )
    with_webhook = dataclasses.replace(settings, alert_webhook_url=callback_receiver.url("/alerts"))

    assert (
        await check_letters_pending_virus_check(runtime.database, with_webhook, runtime.redis, now=NOW)
        is None
    )
    assert await items(runtime, LETTERS_PENDING_VIRUS_CHECK) == 0
    assert callback_receiver.received == []

    await create_notification(
        connection,
        template,
        status="pending-virus-check",
        reference="SLOWSCAN",
        created_at=NOW - timedelta(minutes=91),
    )
    alert = await check_letters_pending_virus_check(runtime.database, with_webhook, runtime.redis, now=NOW)
    assert alert is not None and alert.details["references"] == ["SLOWSCAN"]
    assert await items(runtime, LETTERS_PENDING_VIRUS_CHECK) == 1


async def test_an_unreachable_webhook_does_not_stop_the_alert(
    connection: AsyncConnection, runtime: Runtime, settings: Settings
) -> None:
    template = await letter_template(connection)
    await create_notification(
        connection, template, status="pending-virus-check", created_at=NOW - timedelta(hours=3)
    )
    before = await raised(runtime, LETTERS_PENDING_VIRUS_CHECK)

    unreachable = dataclasses.replace(settings, alert_webhook_url=closed_port_url())
    assert (
        await check_letters_pending_virus_check(runtime.database, unreachable, runtime.redis, now=NOW)
        is not None
    )
    assert await raised(runtime, LETTERS_PENDING_VIRUS_CHECK) == before + 1


async def test_services_with_many_permanent_failures_or_texts_to_tv_numbers_are_reported(
    connection: AsyncConnection, runtime: Runtime, settings: Settings
) -> None:
    failing, tv, healthy = [await create_service(connection) for _ in range(3)]
    recent = NOW - timedelta(hours=2)
    for service, statuses, to in (
        (failing, {"permanent-failure": 260, "delivered": 740}, "+447900900855"),
        (tv, {"delivered": 501}, "+447700900123"),
        (healthy, {"permanent-failure": 100, "delivered": 900}, "+447900900123"),
    ):
        template = await create_template(connection, service.id)
        for status, count in statuses.items():
            first = await create_notification(connection, template, status=status, to=to, created_at=recent)
            await copy_notification(connection, first, count - 1)

    alert = await check_failure_rates_and_tv_numbers(runtime.database, settings, runtime.redis, now=NOW)

    assert alert is not None
    assert alert.details == {"high_failure_rates": {str(failing.id): 0.26}, "tv_numbers": {str(tv.id): 501}}
    assert await items(runtime, HIGH_FAILURE_RATES_OR_TV_NUMBERS) == 2


def test_letters_are_expected_back_two_working_days_after_they_were_sent() -> None:
    assert expected_letter_sent_date(date(2026, 7, 15)) == date(2026, 7, 13)  # Wednesday: Monday
    assert expected_letter_sent_date(date(2026, 7, 13)) == date(2026, 7, 9)  # Monday: the Thursday before
    assert expected_letter_sent_date(date(2026, 7, 18)) is None  # Saturday: no check


async def test_letters_still_sending_two_working_days_on_are_reported(
    connection: AsyncConnection, runtime: Runtime, settings: Settings
) -> None:
    template = await letter_template(connection)
    await create_notification(connection, template, status="sending", sent_at=datetime(2026, 7, 13, 17, 0))
    await create_notification(connection, template, status="sending", sent_at=datetime(2026, 7, 14, 17, 0))
    await create_notification(
        connection, template, status="sending", key_type="test", sent_at=datetime(2026, 7, 10)
    )

    alert = await check_letters_still_sending(runtime.database, settings, runtime.redis, now=NOW)

    assert alert is not None
    assert alert.message == "There are 1 letters in the 'sending' state from Monday 13 July"
    assert await items(runtime, LETTERS_STILL_SENDING) == 1


async def test_a_zip_sent_today_without_an_ack_file_raises_an_alert(
    settings: Settings, runtime: Runtime
) -> None:
    store = ObjectStore(settings)
    now = utc_now()
    tag = uuid.uuid4().hex[:6].upper()
    # the zip NOTIFY.x.ZIP is recorded as NOTIFY.x.ZIP.TXT and acknowledged as NOTIFY.x.ACK.txt
    acknowledged, unacknowledged = f"NOTIFY.{tag}.001", f"NOTIFY.{tag}.002"
    for name in (acknowledged, unacknowledged):
        await store.put(
            settings.letters_pdf_bucket, f"{now:%Y-%m-%d}/zips_sent/{name}.ZIP.TXT", b"", "text/plain"
        )
    await store.put(settings.dvla_response_bucket, f"root/dispatch/{acknowledged}.ACK.txt", b"", "text/plain")

    alert = await check_letter_ack_files(settings, runtime.redis, now=now)

    assert alert is not None
    assert unacknowledged in alert.details["missing"] and acknowledged not in alert.details["missing"]
    await store.put(
        settings.dvla_response_bucket, f"root/dispatch/{unacknowledged}.ACK.txt", b"", "text/plain"
    )
    # other tests may leave zips of their own in today's folder: only ours must be settled
    again = await check_letter_ack_files(settings, runtime.redis, now=now)
    assert again is None or not {acknowledged, unacknowledged} & set(again.details["missing"])


async def test_the_apis_metrics_report_the_checks_results(
    connection: AsyncConnection, runtime: Runtime, settings: Settings, client: httpx.AsyncClient
) -> None:
    template = await letter_template(connection)
    await create_notification(
        connection, template, status="pending-virus-check", created_at=NOW - timedelta(hours=2)
    )
    await check_letters_pending_virus_check(runtime.database, settings, runtime.redis, now=NOW)

    scraped = (await client.get("/metrics")).text

    assert 'notify_alert_items{alert="check-if-letters-still-pending-virus-check"} 1.0' in scraped
    assert 'notify_alerts_raised_total{alert="check-if-letters-still-pending-virus-check"}' in scraped
