"""Research mode and test keys: no provider is called; fake receipts decide the outcome."""

from __future__ import annotations

import json
from datetime import datetime
from urllib.parse import parse_qs

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.runtime import Runtime
from notify_workers.delivery import research, send
from notify_workers.delivery.clients import DeliveryClients
from notify_workers.retry import RetryLater
from tests.factories import create_notification, create_service, create_template
from tests.task_queue import RecordingTaskQueue
from tests.workers.delivery.delivery_fakes import RecordingAsgi, notification_row, ses_sent_count

NOW = datetime(2022, 1, 21, 11, 1, 39)


async def test_a_test_key_text_is_marked_sent_by_the_chosen_provider_and_gets_a_fake_receipt(
    connection: AsyncConnection,
    delivery_runtime: Runtime,
    clients: DeliveryClients,
    provider_requests: RecordingAsgi,
    task_queue: RecordingTaskQueue,
) -> None:
    service = await create_service(connection)
    template = await create_template(connection, service.id)
    notification_id = await create_notification(connection, template, key_type="test")

    assert await send.deliver_sms(delivery_runtime, clients, str(notification_id)) == send.RESEARCH_MODE

    row = await notification_row(connection, notification_id)
    assert row.status == "sending" and row.sent_by in ("mmg", "firetext") and row.sent_at is not None
    assert provider_requests.requests == []
    assert task_queue.messages == [
        ("research-mode-sms-receipt", "research-mode-tasks", (row.sent_by, str(notification_id)))
    ]


async def test_a_research_mode_email_gets_a_uuid_reference_and_a_fake_ses_event(
    connection: AsyncConnection,
    delivery_runtime: Runtime,
    clients: DeliveryClients,
    task_queue: RecordingTaskQueue,
) -> None:
    service = await create_service(connection, research_mode=True)
    template = await create_template(connection, service.id, template_type="email")
    notification_id = await create_notification(connection, template, to="perm-fail@simulator.notify")
    sent_before = ses_sent_count(delivery_runtime.settings.aws_endpoint_url)

    assert await send.deliver_email(delivery_runtime, clients, str(notification_id)) == send.RESEARCH_MODE

    row = await notification_row(connection, notification_id)
    assert (row.status, row.sent_by) == ("sending", "ses")
    [(actor, queue, (event,))] = task_queue.messages
    assert (actor, queue) == ("process-ses-result", "ses-callbacks")
    assert event["notificationType"] == "Bounce" and event["bounce"]["bounceType"] == "Permanent"
    assert event["mail"]["messageId"] == row.reference
    assert "perm-fail" not in json.dumps(event)  # no recipient travels through the queue
    assert ses_sent_count(delivery_runtime.settings.aws_endpoint_url) == sent_before


@pytest.mark.parametrize(
    ("recipient", "event_type", "bounce_type"),
    [
        ("temp-fail@simulator.notify", "Bounce", "Transient"),
        ("perm-fail@simulator.notify", "Bounce", "Permanent"),
        ("anyone@example.com", "Delivery", None),
    ],
)
def test_fake_ses_events_by_recipient(recipient: str, event_type: str, bounce_type: str | None) -> None:
    event = research.fake_ses_event("ref-1", recipient, NOW)

    assert event["notificationType"] == event_type
    assert event["mail"]["messageId"] == "ref-1"
    assert event.get("bounce", {}).get("bounceType") == bounce_type


@pytest.mark.parametrize(
    ("number", "mmg_status", "firetext_statuses"),
    [
        ("447700900003", "4", ["2", "1"]),
        ("447700900002", "5", ["1"]),
        ("447700900123", "3", ["0"]),
    ],
)
def test_fake_sms_receipts_by_number(number: str, mmg_status: str, firetext_statuses: list[str]) -> None:
    [mmg] = research.fake_sms_receipts("mmg", "ref-1", number, NOW)
    firetext = research.fake_sms_receipts("firetext", "ref-1", number, NOW)

    assert mmg.json_body is not None and mmg.json_body["status"] == mmg_status
    assert mmg.json_body["CID"] == "ref-1" and mmg.json_body["MSISDN"] == number
    assert [receipt.form_body["status"] for receipt in firetext if receipt.form_body] == firetext_statuses
    assert all(receipt.form_body and receipt.form_body["reference"] == "ref-1" for receipt in firetext)


async def test_the_receipt_actor_posts_to_our_own_receipt_endpoint(
    connection: AsyncConnection, delivery_runtime: Runtime
) -> None:
    service = await create_service(connection)
    template = await create_template(connection, service.id)
    notification_id = await create_notification(connection, template, to="07700900003", key_type="test")
    posted: list[httpx.Request] = []

    def endpoint(request: httpx.Request) -> httpx.Response:
        posted.append(request)
        return httpx.Response(200, json={"result": "success"})

    async with httpx.AsyncClient(transport=httpx.MockTransport(endpoint)) as http:
        sent = await research.send_fake_sms_receipts(
            connection, http, "http://api.test", "firetext", str(notification_id)
        )

    assert sent == 2
    assert [str(request.url) for request in posted] == ["http://api.test/notifications/sms/firetext"] * 2
    forms = [parse_qs(request.content.decode()) for request in posted]
    assert [form["status"] for form in forms] == [["2"], ["1"]]


async def test_a_receipt_our_api_cannot_take_is_retried(
    connection: AsyncConnection, delivery_runtime: Runtime
) -> None:
    service = await create_service(connection)
    template = await create_template(connection, service.id)
    notification_id = await create_notification(connection, template, key_type="test")

    async with httpx.AsyncClient(transport=httpx.MockTransport(lambda _: httpx.Response(503))) as http:
        with pytest.raises(RetryLater):
            await research.send_fake_sms_receipts(
                connection, http, "http://api.test", "mmg", str(notification_id)
            )


async def test_research_receipts_carry_the_credentials_our_receipt_routes_require(
    connection: AsyncConnection, delivery_runtime: Runtime
) -> None:
    service = await create_service(connection)
    template = await create_template(connection, service.id)
    notification_id = await create_notification(connection, template, key_type="test")
    posted: list[httpx.Request] = []

    def endpoint(request: httpx.Request) -> httpx.Response:
        posted.append(request)
        return httpx.Response(200, json={"result": "success"})

    async with httpx.AsyncClient(transport=httpx.MockTransport(endpoint)) as http:
        await research.send_fake_sms_receipts(
            connection, http, "http://api.test", "mmg", str(notification_id), credentials=("mmg", "s3cret")
        )

    assert posted
    expected = httpx.BasicAuth("mmg", "s3cret").auth_flow(httpx.Request("POST", "http://x")).__next__()
    assert {request.headers["authorization"] for request in posted} == {expected.headers["authorization"]}
