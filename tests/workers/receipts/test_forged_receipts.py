"""Receipts act only on notifications of their own type that their provider was given and has not finished.

Anything else is refused, logged and counted, while the provider still gets its usual 200 answer.
"""

from __future__ import annotations

import uuid

import httpx
import pytest
from prometheus_client import REGISTRY
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables import notifications
from notify_api.receipts.types import ReceiptOutcome, RejectReason
from notify_api.runtime import Runtime
from notify_workers.actors.receipts import process_ses_receipt, process_sms_receipt, process_stored_receipt
from tests.factories import CreatedTemplate, create_notification, create_service, create_template
from tests.task_queue import RecordingTaskQueue
from tests.workers.receipts.test_ses_receipts import ses_event


def _rejected_count(provider: str, reason: str) -> float:
    value = REGISTRY.get_sample_value("receipts_rejected_total", {"provider": provider, "reason": reason})
    return value or 0.0


async def _template(connection: AsyncConnection, template_type: str = "sms") -> CreatedTemplate:
    service = await create_service(connection)
    return await create_template(connection, service.id, template_type=template_type)


async def _row(connection: AsyncConnection, notification_id: uuid.UUID) -> tuple[str, str | None]:
    row = (
        await connection.execute(
            select(notifications.c.notification_status, notifications.c.sent_by).where(
                notifications.c.id == notification_id
            )
        )
    ).one()
    return row.notification_status, row.sent_by


async def test_an_unauthenticated_mmg_receipt_cannot_deliver_a_text_never_sent(
    client: httpx.AsyncClient, runtime: Runtime, connection: AsyncConnection, task_queue: RecordingTaskQueue
) -> None:
    notification_id = await create_notification(connection, await _template(connection), status="created")
    before = _rejected_count("mmg", "not_sent")

    response = await client.post("/notifications/sms/mmg", json={"status": "3", "CID": str(notification_id)})
    [(_, _, (receipt_id,))] = task_queue.messages
    result = await process_stored_receipt(runtime, receipt_id)

    assert response.status_code == 200
    assert response.json() == {"result": "success"}
    assert (result.outcome, result.reason) == (ReceiptOutcome.REJECTED, RejectReason.NOT_SENT)
    assert await _row(connection, notification_id) == ("created", None)
    assert _rejected_count("mmg", "not_sent") == before + 1


async def test_a_pending_virus_check_notification_is_never_moved(
    runtime: Runtime, connection: AsyncConnection
) -> None:
    notification_id = await create_notification(
        connection, await _template(connection), status="pending-virus-check", sent_by="mmg"
    )

    result = await process_sms_receipt(runtime, "3", str(notification_id), "MMG")

    assert result.reason is RejectReason.NOT_SENT
    assert await _row(connection, notification_id) == ("pending-virus-check", "mmg")


async def test_an_sms_receipt_never_touches_an_email(runtime: Runtime, connection: AsyncConnection) -> None:
    template = await _template(connection, "email")
    notification_id = await create_notification(connection, template, status="sending", sent_by="ses")
    before = _rejected_count("firetext", "wrong_type")

    result = await process_sms_receipt(runtime, "1", str(notification_id), "Firetext", "101")

    assert (result.outcome, result.reason) == (ReceiptOutcome.REJECTED, RejectReason.WRONG_TYPE)
    assert await _row(connection, notification_id) == ("sending", "ses")
    assert _rejected_count("firetext", "wrong_type") == before + 1


async def test_a_receipt_from_another_provider_is_refused_and_sent_by_is_kept(
    runtime: Runtime, connection: AsyncConnection, task_queue: RecordingTaskQueue
) -> None:
    notification_id = await create_notification(
        connection, await _template(connection), status="sending", sent_by="mmg"
    )

    result = await process_sms_receipt(runtime, "0", str(notification_id), "Firetext")

    assert (result.outcome, result.reason) == (ReceiptOutcome.REJECTED, RejectReason.WRONG_PROVIDER)
    assert await _row(connection, notification_id) == ("sending", "mmg")
    assert task_queue.messages == []


async def test_a_sent_text_is_still_moved_on_by_its_own_provider(
    runtime: Runtime, connection: AsyncConnection
) -> None:
    notification_id = await create_notification(
        connection, await _template(connection), status="sent", sent_by="firetext"
    )

    result = await process_sms_receipt(runtime, "0", str(notification_id), "Firetext")

    assert result.outcome is ReceiptOutcome.UPDATED
    assert await _row(connection, notification_id) == ("delivered", "firetext")


async def test_an_ses_event_never_touches_a_text(runtime: Runtime, connection: AsyncConnection) -> None:
    reference = f"ses-{uuid.uuid4()}"
    notification_id = await create_notification(
        connection, await _template(connection), status="sending", sent_by="mmg", reference=reference
    )
    before = _rejected_count("ses", "wrong_type")

    result = await process_ses_receipt(
        runtime, ses_event("Bounce", reference, bounce={"bounceType": "Permanent"})
    )

    assert (result.outcome, result.reason) == (ReceiptOutcome.REJECTED, RejectReason.WRONG_TYPE)
    assert await _row(connection, notification_id) == ("sending", "mmg")
    assert _rejected_count("ses", "wrong_type") == before + 1


async def test_an_ses_event_for_an_email_not_sent_through_ses_is_refused(
    runtime: Runtime, connection: AsyncConnection
) -> None:
    template = await _template(connection, "email")
    reference = f"ses-{uuid.uuid4()}"
    never_sent = await create_notification(connection, template, status="created", reference=reference)
    other = f"ses-{uuid.uuid4()}"
    elsewhere = await create_notification(
        connection, template, status="sending", sent_by="other", reference=other
    )

    not_sent = await process_ses_receipt(runtime, ses_event("Delivery", reference))
    wrong_provider = await process_ses_receipt(runtime, ses_event("Complaint", other, complaint={}))

    assert not_sent.reason is RejectReason.NOT_SENT
    assert wrong_provider.reason is RejectReason.WRONG_PROVIDER
    assert await _row(connection, never_sent) == ("created", None)
    assert await _row(connection, elsewhere) == ("sending", "other")


async def test_a_receipt_that_beats_the_record_of_its_send_is_tried_again_not_refused(
    runtime: Runtime, connection: AsyncConnection
) -> None:
    from notify_workers.retry import RetryLater

    # Claimed by a delivery worker (sending, no sent_by yet); the provider's receipt arrives first.
    notification_id = await create_notification(connection, await _template(connection), status="sending")
    before = _rejected_count("mmg", "wrong_provider")

    with pytest.raises(RetryLater):
        await process_sms_receipt(runtime, "3", str(notification_id), "MMG")

    assert await _row(connection, notification_id) == ("sending", None)
    assert _rejected_count("mmg", "wrong_provider") == before
