"""SNS messages on /notifications/email/ses must come from our topics and be fresh (SES_SNS_TOPIC_ARNS)."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

import httpx
import orjson
import pytest
import redis.asyncio as aioredis
from prometheus_client import REGISTRY
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.database import BoundDatabase
from notify_api.receipts.sns import SnsMessageRejected, SnsVerifier, check_fresh, check_topic
from notify_api.runtime import Runtime
from notify_api.settings import Settings
from notify_api.web.app import create_app
from tests.task_queue import RecordingTaskQueue
from tests.workers.receipts.sns_signing import CERT_URL, FakeSnsSigner
from tests.workers.receipts.stored_receipts import queued_payloads
from tests.workers.receipts.test_ses_receipts import TOPIC_ARN, ses_event, sns_notification, sns_timestamp

OTHER_TOPIC = "arn:aws:sns:eu-west-1:999999999999:someone-elses-topic"
SUBSCRIBE_URL = "https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=token"
NOW = datetime(2026, 1, 20, 10, 0, 0)


class _Runtime(Runtime):
    async def close(self) -> None:
        """The fixtures own the connection and the Redis client."""


def _rejected_count(reason: str) -> float:
    value = REGISTRY.get_sample_value("receipts_rejected_total", {"provider": "ses", "reason": reason})
    return value or 0.0


def _subscription(topic: str) -> dict[str, Any]:
    return {
        "Type": "SubscriptionConfirmation",
        "MessageId": str(uuid.uuid4()),
        "Token": "token",
        "TopicArn": topic,
        "Message": "You have chosen to subscribe",
        "SubscribeURL": SUBSCRIBE_URL,
        "Timestamp": sns_timestamp(),
    }


@pytest.fixture
def signer() -> FakeSnsSigner:
    return FakeSnsSigner.create()


@pytest.fixture
async def topic_client(
    settings: Settings,
    db: BoundDatabase,
    redis_client: aioredis.Redis,
    task_queue: RecordingTaskQueue,
    signer: FakeSnsSigner,
) -> AsyncIterator[httpx.AsyncClient]:
    ours = dataclasses.replace(settings, verify_sns_signatures=True, ses_sns_topic_arns=[TOPIC_ARN])
    runtime = _Runtime(settings=ours, database=db, redis=redis_client, tasks=task_queue)
    app = create_app(ours, runtime_factory=lambda _: runtime)
    app.state.sns_verifier = SnsVerifier(fetch=signer.fetch)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://localhost:6011") as http:
            yield http


def test_topics_are_read_as_a_json_list_and_empty_by_default() -> None:
    assert Settings.from_env({}).ses_sns_topic_arns == []
    assert Settings.from_env({"SES_SNS_TOPIC_ARNS": f'["{TOPIC_ARN}"]'}).ses_sns_topic_arns == [TOPIC_ARN]


def test_any_topic_is_accepted_while_none_is_configured() -> None:
    check_topic({"TopicArn": OTHER_TOPIC}, [])
    check_topic({"TopicArn": TOPIC_ARN}, [TOPIC_ARN])
    with pytest.raises(SnsMessageRejected) as refused:
        check_topic({"TopicArn": OTHER_TOPIC}, [TOPIC_ARN])
    assert refused.value.reason == "unknown_topic"


@pytest.mark.parametrize(
    ("timestamp", "reason"),
    [
        ("2026-01-20T08:59:59.000Z", "stale"),
        ("2026-01-20T11:00:00.000Z", "future"),
        ("yesterday", "bad_timestamp"),
        (None, "bad_timestamp"),
    ],
)
def test_old_future_or_undated_messages_are_refused(timestamp: str | None, reason: str) -> None:
    with pytest.raises(SnsMessageRejected) as refused:
        check_fresh({"Timestamp": timestamp}, NOW)
    assert refused.value.reason == reason


def test_messages_from_the_last_hour_and_slightly_fast_clocks_are_fresh() -> None:
    check_fresh({"Timestamp": "2026-01-20T09:00:01.000Z"}, NOW)
    check_fresh({"Timestamp": "2026-01-20T10:05:00+00:00"}, NOW)


async def test_a_signed_message_of_another_topic_is_refused(
    topic_client: httpx.AsyncClient, task_queue: RecordingTaskQueue, signer: FakeSnsSigner
) -> None:
    message = signer.sign({**sns_notification(ses_event("Delivery", "ses-id-1")), "TopicArn": OTHER_TOPIC})
    before = _rejected_count("unknown_topic")

    response = await topic_client.post("/notifications/email/ses", content=orjson.dumps(message))

    assert response.status_code == 403
    assert task_queue.messages == []
    assert _rejected_count("unknown_topic") == before + 1


async def test_a_replayed_signed_message_is_refused(
    topic_client: httpx.AsyncClient, task_queue: RecordingTaskQueue, signer: FakeSnsSigner
) -> None:
    old = {
        **sns_notification(ses_event("Delivery", "ses-id-1")),
        "Timestamp": sns_timestamp(timedelta(hours=2)),
    }
    before = _rejected_count("stale")

    response = await topic_client.post("/notifications/email/ses", content=orjson.dumps(signer.sign(old)))

    assert response.status_code == 403
    assert task_queue.messages == []
    assert _rejected_count("stale") == before + 1


async def test_a_fresh_signed_message_of_our_topic_is_queued(
    topic_client: httpx.AsyncClient,
    task_queue: RecordingTaskQueue,
    signer: FakeSnsSigner,
    connection: AsyncConnection,
) -> None:
    message = signer.sign(sns_notification(ses_event("Delivery", "ses-id-1")))

    response = await topic_client.post("/notifications/email/ses", content=orjson.dumps(message))

    assert response.status_code == 200
    [event] = await queued_payloads(connection, task_queue)
    assert event["mail"]["messageId"] == "ses-id-1"


async def test_subscriptions_are_confirmed_only_for_our_topics(
    topic_client: httpx.AsyncClient, signer: FakeSnsSigner
) -> None:
    theirs = await topic_client.post(
        "/notifications/email/ses", content=orjson.dumps(signer.sign(_subscription(OTHER_TOPIC)))
    )
    assert theirs.status_code == 403
    assert signer.fetched == []

    ours = await topic_client.post(
        "/notifications/email/ses", content=orjson.dumps(signer.sign(_subscription(TOPIC_ARN)))
    )
    assert ours.status_code == 200
    assert signer.fetched == [CERT_URL, SUBSCRIBE_URL]
