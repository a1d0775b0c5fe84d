"""SES receipts: the SNS HTTP endpoint (with signature checks) and process-ses-result."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import orjson
import pytest
import redis.asyncio as aioredis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.database import BoundDatabase
from notify_api.db.tables import complaints, notifications
from notify_api.receipts.sns import SnsSignatureError, SnsVerifier
from notify_api.receipts.types import ReceiptOutcome
from notify_api.runtime import Runtime
from notify_api.settings import Settings
from notify_api.web.app import create_app
from notify_workers.actors.receipts import process_ses_receipt, process_stored_receipt
from notify_workers.retry import RetryLater
from tests.factories import create_callback_api, create_notification, create_service, create_template
from tests.task_queue import RecordingTaskQueue
from tests.workers.receipts.sns_signing import CERT_URL, FakeSnsSigner
from tests.workers.receipts.stored_receipts import queued_payloads, stored_payload


def ses_event(
    notification_type: str, message_id: str, *, age: timedelta = timedelta(minutes=10), **extra: Any
) -> dict[str, Any]:
    timestamp = (datetime.now(UTC) - age).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    return {
        "notificationType": notification_type,
        "mail": {
            "timestamp": timestamp,
            "messageId": message_id,
            "source": "service@notify.tools",
            "destination": ["someone@example.com"],
        },
        **extra,
    }


TOPIC_ARN = "arn:aws:sns:eu-west-1:123456789012:ses-receipts"


def sns_timestamp(age: timedelta = timedelta(seconds=5)) -> str:
    return (datetime.now(UTC) - age).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def sns_notification(event: dict[str, Any]) -> dict[str, Any]:
    return {
        "Type": "Notification",
        "MessageId": str(uuid.uuid4()),
        "TopicArn": TOPIC_ARN,
        "Message": orjson.dumps(event).decode(),
        "Timestamp": sns_timestamp(),
    }


async def _email(
    connection: AsyncConnection, status: str = "sending", callback: bool = True
) -> tuple[uuid.UUID, str]:
    service = await create_service(connection)
    template = await create_template(connection, service.id, template_type="email")
    reference = f"ses-{uuid.uuid4()}"
    notification_id = await create_notification(
        connection, template, status=status, reference=reference, sent_by="ses"
    )
    if callback:
        await create_callback_api(connection, service.id)
        await create_callback_api(connection, service.id, callback_type="complaint")
    return notification_id, reference


async def _status(connection: AsyncConnection, notification_id: uuid.UUID) -> str | None:
    return await connection.scalar(
        select(notifications.c.notification_status).where(notifications.c.id == notification_id)
    )


# --- the HTTP endpoint ----------------------------------------------------------------------------------


async def test_sns_notification_stores_and_queues_the_event_without_email_addresses(
    client: httpx.AsyncClient, task_queue: RecordingTaskQueue, connection: AsyncConnection
) -> None:
    event = ses_event(
        "Bounce",
        "ses-id-1",
        bounce={"bounceType": "Permanent", "bouncedRecipients": [{"emailAddress": "someone@example.com"}]},
    )

    response = await client.post("/notifications/email/ses", content=orjson.dumps(sns_notification(event)))

    assert response.status_code == 200
    [(actor, queue, (receipt_id,))] = task_queue.messages
    assert (actor, queue) == ("process-ses-result", "ses-callbacks")
    queued = await stored_payload(connection, receipt_id)
    assert queued["notificationType"] == "Bounce"
    assert queued["mail"]["messageId"] == "ses-id-1"
    assert queued["bounce"]["bounceType"] == "Permanent"
    assert "example.com" not in orjson.dumps(queued).decode()


async def test_subscription_confirmation_is_acknowledged(
    client: httpx.AsyncClient, task_queue: RecordingTaskQueue
) -> None:
    message = {
        "Type": "SubscriptionConfirmation",
        "MessageId": str(uuid.uuid4()),
        "Token": "token",
        "TopicArn": TOPIC_ARN,
        "Message": "You have chosen to subscribe",
        "SubscribeURL": "https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=token",
        "Timestamp": sns_timestamp(),
    }

    response = await client.post("/notifications/email/ses", content=orjson.dumps(message))

    assert response.status_code == 200
    assert task_queue.messages == []


async def test_body_that_is_not_json_is_rejected(client: httpx.AsyncClient) -> None:
    response = await client.post("/notifications/email/ses", content=b"not json")
    assert response.status_code == 400


class _VerifyingRuntime(Runtime):
    async def close(self) -> None:
        """The fixtures own the connection and the Redis client."""


@pytest.fixture
def signer() -> FakeSnsSigner:
    return FakeSnsSigner.create()


@pytest.fixture
async def verifying_client(
    settings: Settings,
    db: BoundDatabase,
    redis_client: aioredis.Redis,
    task_queue: RecordingTaskQueue,
    signer: FakeSnsSigner,
) -> AsyncIterator[httpx.AsyncClient]:
    verifying = dataclasses.replace(settings, verify_sns_signatures=True)
    runtime = _VerifyingRuntime(settings=verifying, database=db, redis=redis_client, tasks=task_queue)
    app = create_app(verifying, runtime_factory=lambda _: runtime)
    app.state.sns_verifier = SnsVerifier(fetch=signer.fetch)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://localhost:6011") as http:
            yield http


@pytest.mark.parametrize("version", ["1", "2"])
async def test_signed_messages_are_accepted_and_the_certificate_is_cached(
    verifying_client: httpx.AsyncClient,
    task_queue: RecordingTaskQueue,
    signer: FakeSnsSigner,
    version: str,
    connection: AsyncConnection,
) -> None:
    for message_id in ("ses-id-1", "ses-id-2"):
        message = signer.sign(sns_notification(ses_event("Delivery", message_id)), version=version)
        response = await verifying_client.post("/notifications/email/ses", content=orjson.dumps(message))
        assert response.status_code == 200

    queued = await queued_payloads(connection, task_queue)
    assert [event["mail"]["messageId"] for event in queued] == ["ses-id-1", "ses-id-2"]
    assert signer.fetched == [CERT_URL]


async def test_tampered_messages_are_refused(
    verifying_client: httpx.AsyncClient, task_queue: RecordingTaskQueue, signer: FakeSnsSigner
) -> None:
    message = signer.sign(sns_notification(ses_event("Delivery", "ses-id-1")))
    message["Message"] = orjson.dumps(
        ses_event("Bounce", "ses-id-1", bounce={"bounceType": "Permanent"})
    ).decode()

    response = await verifying_client.post("/notifications/email/ses", content=orjson.dumps(message))

    assert response.status_code == 403
    assert task_queue.messages == []


@pytest.mark.parametrize(
    "cert_url",
    [
        "https://attacker.example.com/cert.pem",
        "http://sns.eu-west-1.amazonaws.com/cert.pem",
        "https://sns.eu-west-1.amazonaws.com.attacker.example/cert.pem",
    ],
)
async def test_certificates_from_other_hosts_are_never_fetched(
    verifying_client: httpx.AsyncClient, task_queue: RecordingTaskQueue, signer: FakeSnsSigner, cert_url: str
) -> None:
    message = signer.sign(sns_notification(ses_event("Delivery", "ses-id-1")), cert_url=cert_url)

    response = await verifying_client.post("/notifications/email/ses", content=orjson.dumps(message))

    assert response.status_code == 403
    assert signer.fetched == []
    assert task_queue.messages == []


async def test_unsigned_messages_are_refused(verifying_client: httpx.AsyncClient) -> None:
    message = sns_notification(ses_event("Delivery", "ses-id-1"))
    response = await verifying_client.post("/notifications/email/ses", content=orjson.dumps(message))
    assert response.status_code == 403


async def test_a_signature_from_another_key_is_refused(signer: FakeSnsSigner) -> None:
    impostor = FakeSnsSigner.create()
    verifier = SnsVerifier(fetch=signer.fetch)
    with pytest.raises(SnsSignatureError, match="signature does not match"):
        await verifier.verify(impostor.sign(sns_notification(ses_event("Delivery", "x"))))


# --- process-ses-result ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("notification_type", "extra", "expected"),
    [
        ("Delivery", {}, "delivered"),
        ("Bounce", {"bounce": {"bounceType": "Permanent"}}, "permanent-failure"),
        ("Bounce", {"bounce": {"bounceType": "Transient"}}, "temporary-failure"),
    ],
)
async def test_ses_events_move_the_status_on_and_queue_the_callback(
    runtime: Runtime,
    connection: AsyncConnection,
    task_queue: RecordingTaskQueue,
    notification_type: str,
    extra: dict[str, Any],
    expected: str,
) -> None:
    notification_id, reference = await _email(connection)

    result = await process_ses_receipt(
        runtime, sns_notification(ses_event(notification_type, reference, **extra))
    )

    assert result.outcome is ReceiptOutcome.UPDATED
    assert await _status(connection, notification_id) == expected
    assert task_queue.messages == [("send-delivery-status", "service-callbacks", (str(notification_id),))]


async def test_the_slim_event_queued_by_the_route_is_applied(
    client: httpx.AsyncClient, runtime: Runtime, connection: AsyncConnection, task_queue: RecordingTaskQueue
) -> None:
    notification_id, reference = await _email(connection, callback=False)

    await client.post(
        "/notifications/email/ses", content=orjson.dumps(sns_notification(ses_event("Delivery", reference)))
    )
    [(_, _, (receipt_id,))] = task_queue.messages
    await process_stored_receipt(runtime, receipt_id)

    assert await _status(connection, notification_id) == "delivered"


async def test_only_sending_or_pending_emails_are_updated(
    runtime: Runtime, connection: AsyncConnection
) -> None:
    notification_id, reference = await _email(connection, status="delivered")

    result = await process_ses_receipt(
        runtime, ses_event("Bounce", reference, bounce={"bounceType": "Permanent"})
    )

    assert result.outcome is ReceiptOutcome.DUPLICATE
    assert await _status(connection, notification_id) == "delivered"


async def test_unknown_message_is_retried_while_the_event_is_recent(runtime: Runtime) -> None:
    with pytest.raises(RetryLater):
        await process_ses_receipt(runtime, ses_event("Delivery", "not-ours", age=timedelta(seconds=30)))

    old = await process_ses_receipt(runtime, ses_event("Delivery", "not-ours", age=timedelta(minutes=6)))
    assert old.outcome is ReceiptOutcome.NOT_FOUND


async def test_complaint_is_stored_and_forwarded_without_changing_the_status(
    runtime: Runtime, connection: AsyncConnection, task_queue: RecordingTaskQueue
) -> None:
    notification_id, reference = await _email(connection, status="delivered")
    complaint = {
        "feedbackId": "feedback-1",
        "complaintFeedbackType": "abuse",
        "timestamp": "2022-01-21T09:30:00.000Z",
    }

    result = await process_ses_receipt(runtime, ses_event("Complaint", reference, complaint=complaint))

    assert result.outcome is ReceiptOutcome.UPDATED
    assert await _status(connection, notification_id) == "delivered"
    row = (
        await connection.execute(select(complaints).where(complaints.c.notification_id == notification_id))
    ).one()
    assert (row.ses_feedback_id, row.complaint_type) == ("feedback-1", "abuse")
    assert row.complaint_date == datetime(2022, 1, 21, 9, 30)
    assert task_queue.messages == [("send-complaint", "service-callbacks", (str(row.id),))]
