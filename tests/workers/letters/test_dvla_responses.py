"""DVLA's answers: POST /notifications/letter/dvla (SNS) queues the response-file tasks, which move letters
from sending to delivered or temporary-failure and count sorted letters per day and file."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import AsyncIterator
from datetime import date, timedelta
from typing import Any

import httpx
import orjson
import pytest
import redis.asyncio as aioredis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.database import BoundDatabase
from notify_api.db.tables import daily_sorted_letter
from notify_api.metrics.alerts import read_alert_state
from notify_api.printing import responses
from notify_api.receipts.sns import SnsVerifier
from notify_api.runtime import Runtime
from notify_api.settings import Settings
from notify_api.storage import ObjectStore
from notify_api.timeutils import utc_now
from notify_api.web.app import create_app
from notify_workers.delivery.sweeping import replay_created_notifications
from tests.factories import CreatedTemplate, create_notification, create_service, create_template
from tests.task_queue import RecordingTaskQueue
from tests.workers.letters.letter_support import letter_row
from tests.workers.receipts.sns_signing import FakeSnsSigner
from tests.workers.receipts.test_ses_receipts import sns_timestamp

TOPIC = "arn:aws:sns:eu-west-1:123456789012:dvla-letter-responses"
SUBSCRIBE_URL = "https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=t"


def announcement(key: str, **extra: Any) -> dict[str, Any]:
    """What SNS posts when DVLA's file lands in the bucket (the S3 event, as a JSON string)."""
    return {
        "Type": "Notification",
        "MessageId": str(uuid.uuid4()),
        "TopicArn": TOPIC,
        "Message": orjson.dumps({"Records": [{"s3": {"object": {"key": key}}}]}).decode(),
        "Timestamp": sns_timestamp(),
        **extra,
    }


async def letter_template(connection: AsyncConnection) -> CreatedTemplate:
    service = await create_service(connection)
    return await create_template(connection, service.id, template_type="letter", subject="S", content="C")


async def put_response_file(settings: Settings, name: str, lines: list[str]) -> None:
    body = "\n".join(lines).encode()
    await ObjectStore(settings).put(settings.dvla_response_bucket, name, body, "text/plain")


def unique_file_name() -> str:
    # the seconds digits are ignored when the day is read; a random tail keeps files of other tests apart
    return f"NOTIFY-20220121173{uuid.uuid4().int % 10}{uuid.uuid4().int % 10}-{uuid.uuid4().hex[:6]}-RSP.TXT"


async def test_an_announced_response_file_queues_both_tasks(
    client: httpx.AsyncClient, task_queue: RecordingTaskQueue
) -> None:
    key = "NOTIFY-20220121173512-RSP.TXT"
    response = await client.post("/notifications/letter/dvla", content=orjson.dumps(announcement(key)))
    assert response.status_code == 200
    assert response.json() == {"result": "success", "message": "DVLA callback succeeded"}
    assert task_queue.messages == [
        ("update-letter-notifications-statuses", "notify-internal-tasks", (key,)),
        ("record-daily-sorted-counts", "notify-internal-tasks", (key,)),
    ]


async def test_other_files_are_acknowledged_and_ignored(
    client: httpx.AsyncClient, task_queue: RecordingTaskQueue
) -> None:
    message = announcement("root/dispatch/NOTIFY.2022-01-21.2.001.X.ZIP.ACK.txt")
    response = await client.post("/notifications/letter/dvla", content=orjson.dumps(message))
    assert response.status_code == 200 and task_queue.messages == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"Type": "Notification", "MessageId": "1"}, "Message is a required property"),
        ({"Type": "Other", "MessageId": "1", "Message": "{}"},
         "Type Other is not one of [Notification, SubscriptionConfirmation]"),
    ],
)  # fmt: skip
async def test_a_message_that_is_not_an_sns_message_is_a_400(
    client: httpx.AsyncClient, task_queue: RecordingTaskQueue, body: dict[str, Any], message: str
) -> None:
    response = await client.post("/notifications/letter/dvla", content=orjson.dumps(body))
    assert response.status_code == 400
    assert message in response.text
    assert task_queue.messages == []


async def test_a_notification_without_an_s3_event_is_a_400(client: httpx.AsyncClient) -> None:
    message = {**announcement("x"), "Message": "not json"}
    response = await client.post("/notifications/letter/dvla", content=orjson.dumps(message))
    assert response.status_code == 400
    assert "Message is not an S3 event" in response.text


@pytest.fixture
async def verifying_client(
    settings: Settings, db: BoundDatabase, redis_client: aioredis.Redis, task_queue: RecordingTaskQueue
) -> AsyncIterator[tuple[httpx.AsyncClient, FakeSnsSigner]]:
    """The production set-up: signatures verified, only our DVLA topic accepted."""
    signer = FakeSnsSigner.create()
    ours = dataclasses.replace(settings, verify_sns_signatures=True, dvla_sns_topic_arns=[TOPIC])

    class _Runtime(Runtime):
        async def close(self) -> None:
            """The fixtures own the connection and the Redis client."""

    runtime = _Runtime(settings=ours, database=db, redis=redis_client, tasks=task_queue)
    app = create_app(ours, runtime_factory=lambda _: runtime)
    app.state.sns_verifier = SnsVerifier(fetch=signer.fetch)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://localhost:6011") as http:
            yield http, signer


async def test_in_production_only_signed_messages_of_our_topic_are_acted_on(
    verifying_client: tuple[httpx.AsyncClient, FakeSnsSigner], task_queue: RecordingTaskQueue
) -> None:
    http, signer = verifying_client
    key = "NOTIFY-20220121173512-RSP.TXT"
    unsigned = await http.post("/notifications/letter/dvla", content=orjson.dumps(announcement(key)))
    assert unsigned.status_code == 403
    forged = {**signer.sign(announcement(key)), "Message": orjson.dumps({"Records": []}).decode()}
    assert (await http.post("/notifications/letter/dvla", content=orjson.dumps(forged))).status_code == 403
    other_topic = signer.sign(announcement(key, TopicArn="arn:aws:sns:eu-west-1:999999999999:other"))
    assert (
        await http.post("/notifications/letter/dvla", content=orjson.dumps(other_topic))
    ).status_code == 403
    stale = signer.sign(announcement(key, Timestamp=sns_timestamp(timedelta(hours=2))))
    assert (await http.post("/notifications/letter/dvla", content=orjson.dumps(stale))).status_code == 403
    assert task_queue.messages == []

    signed = await http.post(
        "/notifications/letter/dvla", content=orjson.dumps(signer.sign(announcement(key)))
    )
    assert signed.status_code == 200 and len(task_queue.messages) == 2


async def test_a_subscription_of_our_topic_is_confirmed(
    verifying_client: tuple[httpx.AsyncClient, FakeSnsSigner], task_queue: RecordingTaskQueue
) -> None:
    http, signer = verifying_client
    subscription = {
        "Type": "SubscriptionConfirmation", "MessageId": str(uuid.uuid4()), "Token": "t", "TopicArn": TOPIC,
        "Message": "You have chosen to subscribe", "SubscribeURL": SUBSCRIBE_URL,
        "Timestamp": sns_timestamp(),
    }  # fmt: skip
    response = await http.post("/notifications/letter/dvla", content=orjson.dumps(signer.sign(subscription)))
    assert response.status_code == 200
    assert SUBSCRIBE_URL in signer.fetched
    assert task_queue.messages == []


async def test_a_response_file_delivers_sent_letters_and_fails_the_others(
    connection: AsyncConnection, runtime: Runtime, settings: Settings
) -> None:
    template = await letter_template(connection)
    delivered = await create_notification(
        connection, template, status="sending", reference="DELIVER000000001", billable_units=2
    )
    failed = await create_notification(connection, template, status="sending", reference="FAILED0000000001")
    unbilled = await create_notification(connection, template, status="sending", reference="UNBILLED00000001",
                                         billable_units=0)  # fmt: skip
    already = await create_notification(
        connection, template, status="delivered", reference="ALREADY000000001"
    )
    name = unique_file_name()
    await put_response_file(settings, name, [
        "DELIVER000000001|Sent|2|Sorted", "FAILED0000000001|Failed|1|Unsorted",
        "UNBILLED00000001|Sent|3|Sorted", "ALREADY000000001|Failed|1|Sorted",
        "UNKNOWN000000001|Sent|1|Sorted",
    ])  # fmt: skip

    outcome = await responses.update_letter_notifications_statuses(runtime, name)

    assert outcome == {"delivered": 2, "temporary-failure": 1}
    assert (await letter_row(connection, str(delivered))).notification_status == "delivered"
    assert (await letter_row(connection, str(failed))).notification_status == "temporary-failure"
    row = await letter_row(connection, str(unbilled))
    assert (row.notification_status, row.billable_units) == ("delivered", 3)
    assert (
        await letter_row(connection, str(already))
    ).notification_status == "delivered"  # only from sending
    state = await read_alert_state(runtime.redis)
    assert state.raised.get(responses.UPDATE_LETTER_STATUSES) == 1  # someone must find out why one failed

    # announced twice: nothing moves again, no second alert for letters no longer sending
    assert await responses.update_letter_notifications_statuses(runtime, name) == {
        "delivered": 0, "temporary-failure": 0
    }  # fmt: skip
    assert (await read_alert_state(runtime.redis)).raised.get(responses.UPDATE_LETTER_STATUSES) == 1


async def test_sorted_counts_are_recorded_per_day_and_file_and_overwritten_by_a_second_reading(
    connection: AsyncConnection, runtime: Runtime, settings: Settings
) -> None:
    name = unique_file_name()
    await put_response_file(settings, name, ["A|Sent|1|Sorted", "B|Sent|1|Unsorted", "C|Sent|1|sorted"])

    await responses.record_daily_sorted_counts(runtime, name)
    await responses.record_daily_sorted_counts(runtime, name)

    rows = (
        await connection.execute(select(daily_sorted_letter).where(daily_sorted_letter.c.file_name == name))
    ).all()
    assert [(row.billing_day, row.sorted_count, row.unsorted_count) for row in rows] == [
        (date(2022, 1, 21), 2, 1)
    ]


async def test_an_unknown_sorted_status_or_a_broken_file_raises_an_alert_and_records_nothing(
    connection: AsyncConnection, runtime: Runtime, settings: Settings
) -> None:
    odd, broken = unique_file_name(), unique_file_name()
    await put_response_file(settings, odd, ["A|Sent|1|Sorted", "B|Sent|1|Sideways"])
    await put_response_file(settings, broken, ["A|Sent|1"])
    assert await responses.record_daily_sorted_counts(runtime, odd) is None
    assert await responses.update_letter_notifications_statuses(runtime, broken) == {}
    query = select(daily_sorted_letter).where(daily_sorted_letter.c.file_name.in_([odd, broken]))
    assert (await connection.execute(query)).all() == []
    raised = (await read_alert_state(runtime.redis)).raised
    assert raised.get(responses.RECORD_DAILY_SORTED_COUNTS) == 1
    assert raised.get(responses.UPDATE_LETTER_STATUSES) == 1


async def test_a_file_not_in_the_bucket_yet_is_tried_again(runtime: Runtime) -> None:
    with pytest.raises(responses.ResponseFileMissing):
        await responses.update_letter_notifications_statuses(runtime, unique_file_name())


async def test_letters_whose_pdf_was_never_made_are_queued_for_it_again(
    connection: AsyncConnection, runtime: Runtime, task_queue: RecordingTaskQueue
) -> None:
    template = await letter_template(connection)
    long_ago = utc_now() - timedelta(hours=2)
    never_made = await create_notification(connection, template, created_at=long_ago, billable_units=0)
    await create_notification(connection, template, created_at=long_ago, billable_units=2,
                              updated_at=long_ago)  # PDF made  # fmt: skip
    await create_notification(connection, template, created_at=utc_now(), billable_units=0)  # still in time
    await create_notification(connection, template, created_at=long_ago, billable_units=0, key_type="test")
    hidden = await create_template(connection, template.service_id, template_type="letter", hidden=True,
                                   subject="S", content="C")  # fmt: skip
    await create_notification(connection, hidden, created_at=long_ago, billable_units=0)  # precompiled

    await replay_created_notifications(runtime)

    letter_messages = [
        message for message in task_queue.messages if message[0] == "get-pdf-for-templated-letter"
    ]
    assert letter_messages == [
        ("get-pdf-for-templated-letter", "create-letters-pdf-tasks", (str(never_made),))
    ]
