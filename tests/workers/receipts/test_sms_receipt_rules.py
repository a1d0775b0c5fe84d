"""process-sms-client-response: status rules applied to real rows (rolled back after each test)."""

from __future__ import annotations

import uuid

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables import notifications
from notify_api.receipts.types import ReceiptOutcome
from notify_api.rendering.sms import sms_fragment_count, sms_text
from notify_api.runtime import Runtime
from notify_workers.actors.receipts import process_sms_receipt
from tests.factories import (
    CreatedTemplate,
    create_callback_api,
    create_notification,
    create_service,
    create_template,
)
from tests.task_queue import RecordingTaskQueue


async def _sms_template(connection: AsyncConnection, content: str | None = None) -> CreatedTemplate:
    service = await create_service(connection)
    template = await create_template(connection, service.id, content=content)
    await create_callback_api(connection, service.id)
    return template


async def _row(connection: AsyncConnection, notification_id: uuid.UUID) -> tuple[str, str | None, int]:
    row = (
        await connection.execute(
            select(
                notifications.c.notification_status, notifications.c.sent_by, notifications.c.billable_units
            ).where(notifications.c.id == notification_id)
        )
    ).one()
    return row.notification_status, row.sent_by, row.billable_units


def _callbacks(task_queue: RecordingTaskQueue) -> list[tuple[str, ...]]:
    return [args for actor, _, args in task_queue.messages if actor == "send-delivery-status"]


async def test_mmg_delivered_receipt_updates_status_and_queues_the_callback(
    runtime: Runtime, connection: AsyncConnection, task_queue: RecordingTaskQueue
) -> None:
    template = await _sms_template(connection)
    notification_id = await create_notification(connection, template, status="sending", sent_by="mmg")

    result = await process_sms_receipt(runtime, "3", str(notification_id), "MMG", "2")

    assert result.outcome is ReceiptOutcome.UPDATED
    assert await _row(connection, notification_id) == ("delivered", "mmg", 1)
    assert task_queue.messages == [("send-delivery-status", "service-callbacks", (str(notification_id),))]


async def test_no_callback_is_queued_when_the_service_has_none(
    runtime: Runtime, connection: AsyncConnection, task_queue: RecordingTaskQueue
) -> None:
    service = await create_service(connection)
    template = await create_template(connection, service.id)
    notification_id = await create_notification(connection, template, status="sending", sent_by="firetext")

    await process_sms_receipt(runtime, "0", str(notification_id), "Firetext")

    assert (await _row(connection, notification_id))[0] == "delivered"
    assert task_queue.messages == []


async def test_pending_updates_the_status_but_queues_no_callback(
    runtime: Runtime, connection: AsyncConnection, task_queue: RecordingTaskQueue
) -> None:
    template = await _sms_template(connection)
    notification_id = await create_notification(connection, template, status="sending", sent_by="firetext")

    await process_sms_receipt(runtime, "2", str(notification_id), "Firetext")

    assert (await _row(connection, notification_id))[0] == "pending"
    assert _callbacks(task_queue) == []


async def test_firetext_failure_without_code_after_pending_is_temporary(
    runtime: Runtime, connection: AsyncConnection
) -> None:
    template = await _sms_template(connection)
    after_pending = await create_notification(connection, template, status="pending", sent_by="firetext")
    after_sending = await create_notification(connection, template, status="sending", sent_by="firetext")

    await process_sms_receipt(runtime, "1", str(after_pending), "Firetext")
    await process_sms_receipt(runtime, "1", str(after_sending), "Firetext")

    assert (await _row(connection, after_pending))[0] == "temporary-failure"
    assert (await _row(connection, after_sending))[0] == "permanent-failure"


async def test_firetext_code_decides_even_after_pending(
    runtime: Runtime, connection: AsyncConnection
) -> None:
    template = await _sms_template(connection)
    notification_id = await create_notification(connection, template, status="pending", sent_by="firetext")

    await process_sms_receipt(runtime, "1", str(notification_id), "Firetext", "101")

    assert (await _row(connection, notification_id))[0] == "permanent-failure"


async def test_duplicate_receipts_are_ignored_and_statuses_only_move_forward(
    runtime: Runtime, connection: AsyncConnection, task_queue: RecordingTaskQueue
) -> None:
    template = await _sms_template(connection)
    notification_id = await create_notification(connection, template, status="sending", sent_by="mmg")

    first = await process_sms_receipt(runtime, "3", str(notification_id), "MMG")
    late_pending = await process_sms_receipt(runtime, "4", str(notification_id), "MMG")
    late_failure = await process_sms_receipt(runtime, "2", str(notification_id), "MMG")

    assert first.outcome is ReceiptOutcome.UPDATED
    assert late_pending.outcome is ReceiptOutcome.DUPLICATE
    assert late_failure.outcome is ReceiptOutcome.DUPLICATE
    assert (await _row(connection, notification_id))[0] == "delivered"
    assert len(_callbacks(task_queue)) == 1


async def test_international_receipts_from_countries_without_real_receipts_are_ignored(
    runtime: Runtime, connection: AsyncConnection, task_queue: RecordingTaskQueue
) -> None:
    template = await _sms_template(connection)
    to_us = await create_notification(
        connection, template, to="+12025550104", status="sent", international=True, sent_by="mmg"
    )
    to_france = await create_notification(
        connection, template, to="+33612345678", status="sent", international=True, sent_by="mmg"
    )
    await connection.execute(
        update(notifications).where(notifications.c.id == to_us).values(phone_prefix="1")
    )
    await connection.execute(
        update(notifications).where(notifications.c.id == to_france).values(phone_prefix="33")
    )

    ignored = await process_sms_receipt(runtime, "3", str(to_us), "MMG")
    applied = await process_sms_receipt(runtime, "3", str(to_france), "MMG")

    assert ignored.outcome is ReceiptOutcome.IGNORED
    assert (await _row(connection, to_us))[0] == "sent"
    assert applied.outcome is ReceiptOutcome.UPDATED
    assert (await _row(connection, to_france))[0] == "delivered"


async def test_billable_units_still_zero_are_counted_from_the_template(
    runtime: Runtime, connection: AsyncConnection
) -> None:
    content = "Hello ((name)), " + "this message is long enough to need more than one fragment. " * 3
    service = await create_service(connection, prefix_sms=True)
    template = await create_template(connection, service.id, content=content)
    notification_id = await create_notification(
        connection,
        template,
        status="sending",
        billable_units=0,
        personalisation={"name": "Jo"},
        sent_by="mmg",
    )
    expected = sms_fragment_count(sms_text(content, {"name": "Jo"}, prefix=service.name))

    await process_sms_receipt(runtime, "3", str(notification_id), "MMG")

    assert expected == 2
    assert await _row(connection, notification_id) == ("delivered", "mmg", expected)


async def test_an_unknown_status_is_a_technical_failure(
    runtime: Runtime, connection: AsyncConnection
) -> None:
    template = await _sms_template(connection)
    notification_id = await create_notification(connection, template, status="sending", sent_by="mmg")

    await process_sms_receipt(runtime, "99", str(notification_id), "MMG")

    assert (await _row(connection, notification_id))[0] == "technical-failure"


async def test_references_that_are_not_uuids_or_unknown_are_ignored(
    runtime: Runtime, task_queue: RecordingTaskQueue
) -> None:
    invalid = await process_sms_receipt(runtime, "3", "not-a-uuid", "MMG")
    missing = await process_sms_receipt(runtime, "3", str(uuid.uuid4()), "MMG")

    assert invalid.outcome is ReceiptOutcome.INVALID_REFERENCE
    assert missing.outcome is ReceiptOutcome.NOT_FOUND
    assert task_queue.messages == []
