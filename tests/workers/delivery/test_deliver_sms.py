"""deliver_sms: claim, send to MMG or Firetext (the simulator), record; failures, retries and failover."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs

import pytest
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.seed_ids import NOTIFY_USER_ID
from notify_api.runtime import Runtime
from notify_api.timeutils import utc_now
from notify_dev.simulator import ProviderSimulator
from notify_workers.actors.receipts import process_sms_receipt
from notify_workers.delivery import send
from notify_workers.delivery.clients import DeliveryClients
from notify_workers.retry import RetryLater
from tests.factories import (
    CreatedService,
    create_callback_api,
    create_notification,
    create_service,
    create_template,
)
from tests.task_queue import RecordingTaskQueue
from tests.workers.delivery.delivery_fakes import (
    RecordingAsgi,
    notification_row,
    provider_history,
    set_sms_providers,
    sms_priorities,
)


async def _sms(
    connection: AsyncConnection, *, service_name: str | None = None, prefix_sms: bool = True, **kwargs: Any
) -> tuple[CreatedService, uuid.UUID]:
    service = await create_service(connection, name=service_name, prefix_sms=prefix_sms)
    template = await create_template(connection, service.id, content="Hello ((name)), your code is 12345")
    notification_id = await create_notification(
        connection, template, personalisation={"name": "Jo"}, **kwargs
    )
    return service, notification_id


async def test_a_text_goes_to_a_provider_and_the_row_records_it(
    connection: AsyncConnection,
    delivery_runtime: Runtime,
    clients: DeliveryClients,
    simulator: ProviderSimulator,
) -> None:
    await set_sms_providers(connection, mmg=100, firetext=0)
    _, notification_id = await _sms(connection, reply_to_text="Tax")

    outcome = await send.deliver_sms(delivery_runtime, clients, str(notification_id))

    assert outcome == send.SENT_TO_PROVIDER
    row = await notification_row(connection, notification_id)
    assert (row.status, row.sent_by, row.reference) == ("sending", "mmg", str(notification_id))
    assert row.sent_at is not None and row.billable_units == 1
    assert simulator.state.reference_stats(str(notification_id))["accepted"] == {"mmg": 1, "firetext": 0}


async def test_the_message_is_prefixed_with_the_service_name_and_sent_from_the_default_sender(
    connection: AsyncConnection,
    delivery_runtime: Runtime,
    clients: DeliveryClients,
    provider_requests: RecordingAsgi,
) -> None:
    await set_sms_providers(connection, mmg=0, firetext=100)
    _, notification_id = await _sms(connection, service_name="Tax Office")

    await send.deliver_sms(delivery_runtime, clients, str(notification_id))

    [request] = provider_requests.requests
    form = {key: values[0] for key, values in parse_qs(request.body.decode()).items()}
    assert request.path == "/firetext"
    assert form == {
        "apiKey": delivery_runtime.settings.firetext_api_key,
        "from": "testing",
        "to": "447700900855",
        "message": "Tax Office: Hello Jo, your code is 12345",
        "reference": str(notification_id),
    }


async def test_the_reply_to_text_is_the_sender_and_mmg_gets_its_json(
    connection: AsyncConnection,
    delivery_runtime: Runtime,
    clients: DeliveryClients,
    provider_requests: RecordingAsgi,
) -> None:
    await set_sms_providers(connection, mmg=100, firetext=0)
    _, notification_id = await _sms(connection, prefix_sms=False, reply_to_text="TaxOffice")

    await send.deliver_sms(delivery_runtime, clients, str(notification_id))

    [request] = provider_requests.requests
    assert request.headers["authorization"] == f"Basic {delivery_runtime.settings.mmg_api_key}"
    assert json.loads(request.body) == {
        "reqType": "BULK",
        "MSISDN": "447700900855",
        "msg": "Hello Jo, your code is 12345",
        "sender": "TaxOffice",
        "cid": str(notification_id),
        "multi": True,
    }


async def test_a_second_message_for_the_same_notification_sends_nothing(
    connection: AsyncConnection,
    delivery_runtime: Runtime,
    clients: DeliveryClients,
    simulator: ProviderSimulator,
) -> None:
    _, notification_id = await _sms(connection)

    first = await send.deliver_sms(delivery_runtime, clients, str(notification_id))
    second = await send.deliver_sms(delivery_runtime, clients, str(notification_id))

    assert (first, second) == (send.SENT_TO_PROVIDER, send.NOT_CLAIMED)
    assert simulator.state.reference_stats(str(notification_id))["total"] == 1


async def test_international_texts_go_only_to_providers_that_support_them_and_are_billed_by_rate(
    connection: AsyncConnection,
    delivery_runtime: Runtime,
    clients: DeliveryClients,
) -> None:
    await set_sms_providers(connection, mmg=0, firetext=100)  # firetext does not support international
    _, notification_id = await _sms(
        connection, to="+12025550104", international=True, rate_multiplier=2.0, prefix_sms=False
    )

    await send.deliver_sms(delivery_runtime, clients, str(notification_id))

    row = await notification_row(connection, notification_id)
    assert (row.status, row.sent_by, row.billable_units) == ("sent", "mmg", 2)


async def test_a_long_prefixed_message_is_billed_by_fragment(
    connection: AsyncConnection, delivery_runtime: Runtime, clients: DeliveryClients
) -> None:
    service = await create_service(connection, name="A" * 20, prefix_sms=True)
    template = await create_template(connection, service.id, content="x" * 150)
    notification_id = await create_notification(connection, template)

    await send.deliver_sms(delivery_runtime, clients, str(notification_id))

    # 20 + 2 characters of prefix make 172: two fragments of 153
    assert (await notification_row(connection, notification_id)).billable_units == 2


async def test_an_inactive_service_fails_technically_without_calling_a_provider(
    connection: AsyncConnection,
    delivery_runtime: Runtime,
    clients: DeliveryClients,
    simulator: ProviderSimulator,
    task_queue: RecordingTaskQueue,
) -> None:
    service = await create_service(connection, active=False)
    await create_callback_api(connection, service.id)
    template = await create_template(connection, service.id)
    notification_id = await create_notification(connection, template)

    assert await send.deliver_sms(delivery_runtime, clients, str(notification_id)) == send.FAILED

    assert (await notification_row(connection, notification_id)).status == "technical-failure"
    assert simulator.state.stats()["mmg"]["requests"] + simulator.state.stats()["firetext"]["requests"] == 0
    assert task_queue.messages == [("send-delivery-status", "service-callbacks", (str(notification_id),))]


async def test_a_temporary_failure_releases_the_row_for_a_retry_and_lowers_the_provider(
    connection: AsyncConnection,
    delivery_runtime: Runtime,
    clients: DeliveryClients,
    simulator: ProviderSimulator,
) -> None:
    await set_sms_providers(connection, mmg=100, firetext=0)
    simulator.state.injections["mmg"].fail_next = 1
    _, notification_id = await _sms(connection)

    with pytest.raises(RetryLater) as raised:
        await send.deliver_sms(delivery_runtime, clients, str(notification_id))

    assert raised.value.delay is None  # the retry policy chooses the delay
    row = await notification_row(connection, notification_id)
    assert (row.status, row.sent_at, row.sent_by) == ("created", None, None)
    assert row.updated_at is not None  # the mark of a scheduled retry
    assert await sms_priorities(connection) == {"mmg": 90, "firetext": 10}
    history = await provider_history(connection, "mmg")
    assert history[-1] == (2, 90, NOTIFY_USER_ID)

    # the retry takes the row again and sends it (through the provider now preferred, or the same one)
    assert await send.deliver_sms(delivery_runtime, clients, str(notification_id)) == send.SENT_TO_PROVIDER
    assert (await notification_row(connection, notification_id)).status == "sending"


async def test_a_request_the_provider_refuses_for_good_is_a_technical_failure_at_once(
    connection: AsyncConnection,
    delivery_runtime: Runtime,
    clients: DeliveryClients,
    simulator: ProviderSimulator,
) -> None:
    await set_sms_providers(connection, mmg=100, firetext=0)
    injection = simulator.state.injections["mmg"]
    injection.fail_next, injection.status = 1, 400
    _, notification_id = await _sms(connection)

    assert await send.deliver_sms(delivery_runtime, clients, str(notification_id)) == send.FAILED

    assert (await notification_row(connection, notification_id)).status == "technical-failure"
    assert await sms_priorities(connection) == {"mmg": 100, "firetext": 0}


async def test_a_row_another_worker_is_sending_is_looked_at_again_after_its_lease(
    connection: AsyncConnection,
    delivery_runtime: Runtime,
    clients: DeliveryClients,
    simulator: ProviderSimulator,
) -> None:
    _, notification_id = await _sms(connection, status="sending", updated_at=utc_now())

    with pytest.raises(RetryLater) as raised:
        await send.deliver_sms(delivery_runtime, clients, str(notification_id))

    lease_ms = send.claim_lease(delivery_runtime).total_seconds() * 1000
    assert raised.value.delay is not None and 0 < raised.value.delay <= lease_ms + 1000
    assert simulator.state.reference_stats(str(notification_id))["total"] == 0


async def test_a_row_claimed_by_a_worker_that_died_before_choosing_a_provider_fails_technically(
    connection: AsyncConnection,
    delivery_runtime: Runtime,
    clients: DeliveryClients,
    simulator: ProviderSimulator,
) -> None:
    """No provider was noted, so none was called: a technical failure tells the truth."""
    claimed_at = utc_now() - send.claim_lease(delivery_runtime) - timedelta(seconds=1)
    _, notification_id = await _sms(connection, status="sending", updated_at=claimed_at)

    assert await send.deliver_sms(delivery_runtime, clients, str(notification_id)) == send.FAILED
    row = await notification_row(connection, notification_id)
    assert (row.status, row.sent_at) == ("technical-failure", None)
    assert simulator.state.reference_stats(str(notification_id))["total"] == 0


async def test_a_row_whose_worker_died_during_the_provider_call_waits_for_the_receipt_and_is_not_resent(
    connection: AsyncConnection,
    delivery_runtime: Runtime,
    clients: DeliveryClients,
    simulator: ProviderSimulator,
) -> None:
    """The provider may have the text: it counts as sent at the claim's time, under the reference the
    provider knows (the notification id), and the provider's receipt settles it."""
    claimed_at = utc_now() - send.claim_lease(delivery_runtime) - timedelta(seconds=1)
    _, notification_id = await _sms(connection, status="sending", updated_at=claimed_at, sent_by="mmg")

    assert await send.deliver_sms(delivery_runtime, clients, str(notification_id)) == send.AWAITING_RECEIPT
    row = await notification_row(connection, notification_id)
    assert (row.status, row.sent_at, row.sent_by, row.reference) == (
        "sending",
        claimed_at,
        "mmg",
        str(notification_id),
    )
    assert simulator.state.reference_stats(str(notification_id))["total"] == 0

    await process_sms_receipt(delivery_runtime, "3", str(notification_id), "MMG")  # MMG's "delivered"
    assert (await notification_row(connection, notification_id)).status == "delivered"


async def test_the_provider_is_noted_with_the_claim_before_the_provider_is_called(
    connection: AsyncConnection,
    delivery_runtime: Runtime,
    clients: DeliveryClients,
    provider_requests: RecordingAsgi,
) -> None:
    await set_sms_providers(connection, mmg=100, firetext=0)
    _, notification_id = await _sms(connection)
    seen_during_the_call: list[tuple[str | None, object]] = []
    inner = provider_requests.app

    async def looking(scope: Any, receive: Any, send_: Any) -> None:
        if scope["type"] == "http":
            row = await notification_row(connection, notification_id)
            seen_during_the_call.append((row.sent_by, row.sent_at))
        await inner(scope, receive, send_)

    provider_requests.app = looking
    assert await send.deliver_sms(delivery_runtime, clients, str(notification_id)) == send.SENT_TO_PROVIDER
    assert seen_during_the_call == [("mmg", None)]


async def test_giving_up_after_the_last_retry_is_a_technical_failure_with_a_callback(
    connection: AsyncConnection, delivery_runtime: Runtime, task_queue: RecordingTaskQueue
) -> None:
    service, notification_id = await _sms(connection, updated_at=utc_now())
    await create_callback_api(connection, service.id)

    assert await send.give_up_delivery(delivery_runtime, str(notification_id)) is True

    assert (await notification_row(connection, notification_id)).status == "technical-failure"
    assert task_queue.messages == [("send-delivery-status", "service-callbacks", (str(notification_id),))]


async def test_giving_up_leaves_a_notification_that_was_sent_meanwhile_alone(
    connection: AsyncConnection, delivery_runtime: Runtime
) -> None:
    _, notification_id = await _sms(connection, status="delivered", sent_at=utc_now())

    assert await send.give_up_delivery(delivery_runtime, str(notification_id)) is False
    assert (await notification_row(connection, notification_id)).status == "delivered"


async def test_no_active_provider_leaves_the_row_created_and_retries(
    connection: AsyncConnection, delivery_runtime: Runtime, clients: DeliveryClients
) -> None:
    await set_sms_providers(connection, mmg=None, firetext=None)
    _, notification_id = await _sms(connection)

    with pytest.raises(RetryLater, match="No active sms providers"):
        await send.deliver_sms(delivery_runtime, clients, str(notification_id))

    assert (await notification_row(connection, notification_id)).status == "created"
