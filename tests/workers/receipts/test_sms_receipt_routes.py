"""POST /notifications/sms/mmg and /notifications/sms/firetext: validate, store, enqueue its id, reply."""

from __future__ import annotations

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables import notifications
from notify_api.runtime import Runtime
from notify_workers.actors.receipts import process_stored_receipt
from tests.factories import create_notification, create_service, create_template
from tests.task_queue import RecordingTaskQueue
from tests.workers.receipts.stored_receipts import stored_payload

REFERENCE = "0c9a1b54-43b7-4ad5-a61b-f2a06b1dae5b"


async def test_mmg_receipt_is_stored_and_queued_for_the_worker(
    client: httpx.AsyncClient, task_queue: RecordingTaskQueue, connection: AsyncConnection
) -> None:
    body = {"status": "3", "CID": REFERENCE, "MSISDN": "447700900855", "substatus": "2", "trackingId": "x"}

    response = await client.post("/notifications/sms/mmg", json=body)

    assert response.status_code == 200
    assert response.json() == {"result": "success"}
    [(actor, queue, (receipt_id,))] = task_queue.messages
    assert (actor, queue) == ("process-sms-client-response", "sms-callbacks")
    assert await stored_payload(connection, receipt_id) == {
        "status": "3",
        "reference": REFERENCE,
        "client_name": "MMG",
        "code": "2",
    }


async def test_mmg_receipt_without_status_or_cid_is_rejected(
    client: httpx.AsyncClient, task_queue: RecordingTaskQueue
) -> None:
    missing_status = await client.post(
        "/notifications/sms/mmg", json={"CID": REFERENCE, "MSISDN": "447700900855"}
    )
    missing_both = await client.post("/notifications/sms/mmg", json={"MSISDN": "447700900855"})

    assert missing_status.status_code == 400
    assert missing_status.json() == {"result": "error", "message": ["MMG callback failed: status missing"]}
    assert missing_both.json()["message"] == [
        "MMG callback failed: status missing",
        "MMG callback failed: CID missing",
    ]
    assert task_queue.messages == []


async def test_firetext_receipt_is_stored_and_queued_for_the_worker(
    client: httpx.AsyncClient, task_queue: RecordingTaskQueue, connection: AsyncConnection
) -> None:
    form = {
        "mobile": "447700900855",
        "status": "1",
        "time": "2022-01-20 10:00:00",
        "reference": REFERENCE,
        "code": "101",
    }

    response = await client.post("/notifications/sms/firetext", data=form)

    assert response.status_code == 200
    assert response.json() == {"result": "success"}
    [(actor, queue, (receipt_id,))] = task_queue.messages
    assert (actor, queue) == ("process-sms-client-response", "sms-callbacks")
    assert await stored_payload(connection, receipt_id) == {
        "status": "1",
        "reference": REFERENCE,
        "client_name": "Firetext",
        "code": "101",
    }


async def test_firetext_receipt_without_reference_is_rejected(
    client: httpx.AsyncClient, task_queue: RecordingTaskQueue
) -> None:
    response = await client.post(
        "/notifications/sms/firetext", data={"status": "0", "mobile": "447700900855"}
    )

    assert response.status_code == 400
    assert response.json() == {"result": "error", "message": ["Firetext callback failed: reference missing"]}
    assert task_queue.messages == []


async def test_a_receipt_posted_to_the_api_is_applied_by_the_worker(
    client: httpx.AsyncClient, runtime: Runtime, connection: AsyncConnection, task_queue: RecordingTaskQueue
) -> None:
    service = await create_service(connection)
    template = await create_template(connection, service.id)
    notification_id = await create_notification(connection, template, status="sending", sent_by="firetext")

    await client.post("/notifications/sms/firetext", data={"status": "0", "reference": str(notification_id)})
    [(_, _, (receipt_id,))] = task_queue.messages
    await process_stored_receipt(runtime, receipt_id)

    status = await connection.scalar(
        select(notifications.c.notification_status).where(notifications.c.id == notification_id)
    )
    assert status == "delivered"
