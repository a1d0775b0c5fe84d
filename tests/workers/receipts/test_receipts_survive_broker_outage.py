"""A receipt acknowledged to its provider is never lost: stored first, applied once, replayed if need be."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import orjson
import pytest
from prometheus_client import REGISTRY
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables import notifications, provider_receipts
from notify_api.receipts.types import ReceiptOutcome
from notify_api.runtime import Runtime
from notify_api.settings import Settings
from notify_api.timeutils import utc_now
from notify_workers.actors.receipts import handle_ses_message, handle_sms_message, process_stored_receipt
from notify_workers.actors.sweeper import replay_receipts_and_forwards
from notify_workers.retry import RetryLater
from tests.broker_down import client_with_broker_down
from tests.factories import create_callback_api, create_notification, create_service, create_template
from tests.task_queue import RecordingTaskQueue
from tests.workers.receipts.test_ses_receipts import ses_event, sns_notification


@pytest.fixture
async def down_client(settings: Settings, runtime: Runtime) -> AsyncIterator[httpx.AsyncClient]:
    async with client_with_broker_down(settings, runtime) as http:
        yield http


async def _sent_text(connection: AsyncConnection, sent_by: str | None) -> uuid.UUID:
    service = await create_service(connection)
    await create_callback_api(connection, service.id)
    template = await create_template(connection, service.id)
    return await create_notification(connection, template, status="sending", sent_by=sent_by)


async def _sent_email(connection: AsyncConnection) -> tuple[uuid.UUID, str]:
    service = await create_service(connection)
    await create_callback_api(connection, service.id)
    template = await create_template(connection, service.id, template_type="email")
    reference = f"ses-{uuid.uuid4()}"
    notification_id = await create_notification(
        connection, template, status="sending", reference=reference, sent_by="ses"
    )
    return notification_id, reference


async def _status(connection: AsyncConnection, notification_id: uuid.UUID) -> str:
    query = select(notifications.c.notification_status).where(notifications.c.id == notification_id)
    status: str = (await connection.execute(query)).scalar_one()
    return status


async def _stored_count(connection: AsyncConnection) -> int:
    count: int = (await connection.execute(select(func.count()).select_from(provider_receipts))).scalar_one()
    return count


def _callbacks(task_queue: RecordingTaskQueue) -> list[tuple[str, ...]]:
    return [args for actor, _, args in task_queue.messages if actor == "send-delivery-status"]


def _receipt_messages(task_queue: RecordingTaskQueue) -> list[tuple[str, str]]:
    return [(actor, args[0]) for actor, _, args in task_queue.messages if actor.startswith("process-")]


async def _sweep(runtime: Runtime, *, minutes_from_now: float) -> None:
    """One run of replay-provider-receipts, as the scheduler would start it that much later."""
    now = utc_now() + timedelta(minutes=minutes_from_now)
    await replay_receipts_and_forwards(runtime, now=now)


def _sms_receipt(provider: str, notification_id: uuid.UUID) -> dict[str, dict[str, str]]:
    if provider == "mmg":
        return {"json": {"status": "3", "CID": str(notification_id), "MSISDN": "447700900855"}}
    return {"data": {"status": "0", "reference": str(notification_id), "mobile": "447700900855"}}


@pytest.mark.parametrize("provider", ["mmg", "firetext"])
async def test_a_receipt_is_acknowledged_with_the_broker_down_and_applied_after_the_sweep(
    down_client: httpx.AsyncClient,
    runtime: Runtime,
    connection: AsyncConnection,
    task_queue: RecordingTaskQueue,
    provider: str,
) -> None:
    notification_id = await _sent_text(connection, sent_by=provider)

    response = await down_client.post(
        f"/notifications/sms/{provider}", **_sms_receipt(provider, notification_id)
    )

    assert (response.status_code, response.json()) == (200, {"result": "success"})
    assert await _status(connection, notification_id) == "sending"
    await _sweep(runtime, minutes_from_now=2)
    [(actor, receipt_id)] = _receipt_messages(task_queue)
    assert actor == "process-sms-client-response"
    await process_stored_receipt(runtime, receipt_id)
    assert await _status(connection, notification_id) == "delivered"
    assert _callbacks(task_queue) == [(str(notification_id),)]
    assert await _stored_count(connection) == 0


async def test_an_ses_event_is_acknowledged_with_the_broker_down_and_applied_after_the_sweep(
    down_client: httpx.AsyncClient,
    runtime: Runtime,
    connection: AsyncConnection,
    task_queue: RecordingTaskQueue,
) -> None:
    notification_id, reference = await _sent_email(connection)
    body = orjson.dumps(sns_notification(ses_event("Delivery", reference)))

    response = await down_client.post("/notifications/email/ses", content=body)

    assert (response.status_code, response.json()) == (200, {"result": "success"})
    await _sweep(runtime, minutes_from_now=2)
    [(actor, receipt_id)] = _receipt_messages(task_queue)
    assert actor == "process-ses-result"
    await process_stored_receipt(runtime, receipt_id)
    assert await _status(connection, notification_id) == "delivered"
    assert _callbacks(task_queue) == [(str(notification_id),)]


async def test_a_receipt_whose_message_the_broker_lost_is_queued_again(
    client: httpx.AsyncClient, runtime: Runtime, connection: AsyncConnection, task_queue: RecordingTaskQueue
) -> None:
    notification_id = await _sent_text(connection, sent_by="mmg")
    await client.post("/notifications/sms/mmg", **_sms_receipt("mmg", notification_id))
    [(_, receipt_id)] = _receipt_messages(task_queue)
    task_queue.messages.clear()  # the broker lost its data: the message is gone

    await _sweep(runtime, minutes_from_now=1)
    assert task_queue.messages == []  # a young receipt's message may still be on its way
    await _sweep(runtime, minutes_from_now=2)
    await _sweep(runtime, minutes_from_now=3)  # the next copy waits 4 more minutes, not one
    assert _receipt_messages(task_queue) == [("process-sms-client-response", receipt_id)]
    await _sweep(runtime, minutes_from_now=6)
    assert len(_receipt_messages(task_queue)) == 2

    await process_stored_receipt(runtime, receipt_id)
    assert await _status(connection, notification_id) == "delivered"


async def test_a_receipt_delivered_twice_is_applied_once_with_one_callback(
    client: httpx.AsyncClient, runtime: Runtime, connection: AsyncConnection, task_queue: RecordingTaskQueue
) -> None:
    notification_id = await _sent_text(connection, sent_by="firetext")
    await client.post("/notifications/sms/firetext", **_sms_receipt("firetext", notification_id))
    await _sweep(runtime, minutes_from_now=2)  # the sweeper's copy of a message that was only slow
    [(_, first), (_, second)] = _receipt_messages(task_queue)
    assert first == second

    applied = await process_stored_receipt(runtime, first)
    again = await process_stored_receipt(runtime, second)

    assert applied.outcome is ReceiptOutcome.UPDATED
    assert again.outcome is ReceiptOutcome.ALREADY_APPLIED
    assert await _status(connection, notification_id) == "delivered"
    assert _callbacks(task_queue) == [(str(notification_id),)]


async def test_a_receipt_before_its_send_is_recorded_is_kept_and_applied_later(
    client: httpx.AsyncClient, runtime: Runtime, connection: AsyncConnection, task_queue: RecordingTaskQueue
) -> None:
    notification_id = await _sent_text(connection, sent_by=None)  # claimed; the provider answered first
    await client.post("/notifications/sms/mmg", **_sms_receipt("mmg", notification_id))
    [(_, receipt_id)] = _receipt_messages(task_queue)

    with pytest.raises(RetryLater):
        await process_stored_receipt(runtime, receipt_id)
    assert await _stored_count(connection) == 1
    await _sweep(runtime, minutes_from_now=2)  # a retry is already on its way: no copy yet
    assert len(_receipt_messages(task_queue)) == 1

    await connection.execute(
        update(notifications).where(notifications.c.id == notification_id).values(sent_by="mmg")
    )
    result = await process_stored_receipt(runtime, receipt_id)
    assert result.outcome is ReceiptOutcome.UPDATED
    assert await _status(connection, notification_id) == "delivered"
    assert await _stored_count(connection) == 0


def _given_up(kind: str) -> float:
    return REGISTRY.get_sample_value("receipts_given_up_total", {"kind": kind}) or 0.0


async def test_a_receipt_failing_for_a_day_is_given_up_and_counted(
    client: httpx.AsyncClient, runtime: Runtime, connection: AsyncConnection, task_queue: RecordingTaskQueue
) -> None:
    notification_id = await _sent_text(connection, sent_by=None)
    await client.post("/notifications/sms/mmg", **_sms_receipt("mmg", notification_id))
    task_queue.messages.clear()
    before = _given_up("sms")

    await _sweep(runtime, minutes_from_now=24 * 60 + 1)

    assert _given_up("sms") == before + 1
    assert await _stored_count(connection) == 0
    assert task_queue.messages == []
    assert await _status(connection, notification_id) == "sending"


async def test_messages_queued_before_receipts_were_stored_are_still_applied(
    runtime: Runtime, connection: AsyncConnection, task_queue: RecordingTaskQueue
) -> None:
    text_id = await _sent_text(connection, sent_by="mmg")
    email_id, reference = await _sent_email(connection)

    sms = await handle_sms_message(runtime, "3", str(text_id), "MMG", "2")
    ses = await handle_ses_message(runtime, ses_event("Delivery", reference))

    assert (sms.outcome, ses.outcome) == (ReceiptOutcome.UPDATED, ReceiptOutcome.UPDATED)
    assert await _status(connection, text_id) == "delivered"
    assert await _status(connection, email_id) == "delivered"
    assert _callbacks(task_queue) == [(str(text_id),), (str(email_id),)]


async def test_messages_naming_a_stored_receipt_are_applied_by_either_actor(
    client: httpx.AsyncClient, runtime: Runtime, connection: AsyncConnection, task_queue: RecordingTaskQueue
) -> None:
    text_id = await _sent_text(connection, sent_by="mmg")
    email_id, reference = await _sent_email(connection)
    await client.post("/notifications/sms/mmg", **_sms_receipt("mmg", text_id))
    await client.post(
        "/notifications/email/ses", content=orjson.dumps(sns_notification(ses_event("Delivery", reference)))
    )
    [(_, sms_receipt), (_, ses_receipt)] = _receipt_messages(task_queue)

    await handle_sms_message(runtime, sms_receipt)
    await handle_ses_message(runtime, ses_receipt)

    assert await _status(connection, text_id) == "delivered"
    assert await _status(connection, email_id) == "delivered"
