"""replay-created-notifications (the outbox sweeper) and timeout-sending-notifications."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.notifications import notifications
from notify_api.db.tables.seed_ids import NOTIFY_SERVICE_ID, SMS_CODE_TEMPLATE_ID
from notify_api.runtime import Runtime
from notify_api.timeutils import utc_now
from notify_workers.delivery import send, sweeping
from tests.factories import (
    CreatedTemplate,
    create_callback_api,
    create_notification,
    create_service,
    create_template,
)
from tests.task_queue import RecordingTaskQueue
from tests.workers.delivery.delivery_fakes import notification_row


@pytest.fixture(autouse=True)
async def only_this_tests_notifications(connection: AsyncConnection) -> None:
    """The sweep looks at every row: rows other tests committed (through a live server) are removed inside
    this test's transaction, which is rolled back afterwards, so only the test's own rows are swept."""
    await connection.execute(delete(notifications))


async def test_texts_and_emails_still_created_after_five_minutes_are_queued_again(
    connection: AsyncConnection, delivery_runtime: Runtime, task_queue: RecordingTaskQueue
) -> None:
    service = await create_service(connection)
    sms = await create_template(connection, service.id)
    email = await create_template(connection, service.id, template_type="email")
    old = utc_now() - timedelta(minutes=6)
    stale_sms = await create_notification(connection, sms, created_at=old)
    stale_email = await create_notification(connection, email, created_at=old)
    await create_notification(connection, sms, created_at=utc_now() - timedelta(minutes=4))
    await create_notification(connection, sms, created_at=old, status="sending", sent_at=old)

    assert await sweeping.replay_created_notifications(delivery_runtime) == 2

    assert sorted(task_queue.messages) == sorted(
        [
            ("deliver_sms", "send-sms-tasks", (str(stale_sms),)),
            ("deliver_email", "send-email-tasks", (str(stale_email),)),
        ]
    )


async def test_replays_go_to_the_queue_the_notification_was_first_routed_to(
    connection: AsyncConnection, delivery_runtime: Runtime, task_queue: RecordingTaskQueue
) -> None:
    service = await create_service(connection)
    research_service = await create_service(connection, research_mode=True)
    priority = await create_template(connection, service.id, process_type="priority")
    normal = await create_template(connection, service.id)
    research = await create_template(connection, research_service.id)
    notify_template = CreatedTemplate(SMS_CODE_TEMPLATE_ID, 1, "sms", NOTIFY_SERVICE_ID, "code")
    old = utc_now() - timedelta(minutes=10)
    ids = {
        "priority": await create_notification(connection, priority, created_at=old),
        "test key": await create_notification(connection, normal, created_at=old, key_type="test"),
        "research": await create_notification(connection, research, created_at=old),
        "internal": await create_notification(connection, notify_template, created_at=old),
    }

    await sweeping.replay_created_notifications(delivery_runtime)

    queue_of = {args[0]: queue for _, queue, args in task_queue.messages}
    assert {name: queue_of[str(nid)] for name, nid in ids.items()} == {
        "priority": "priority-tasks",
        "test key": "research-mode-tasks",
        "research": "research-mode-tasks",
        "internal": "notify-internal-tasks",
    }


async def test_a_row_waiting_for_its_retry_is_left_to_it_and_an_abandoned_claim_fails_with_a_callback(
    connection: AsyncConnection, delivery_runtime: Runtime, task_queue: RecordingTaskQueue
) -> None:
    service = await create_service(connection)
    await create_callback_api(connection, service.id)
    template = await create_template(connection, service.id)
    now = utc_now()
    old = now - timedelta(hours=1)
    retry_soon = await create_notification(connection, template, created_at=old, updated_at=now)
    lease = send.claim_lease(delivery_runtime)
    abandoned = await create_notification(
        connection, template, created_at=old, status="sending", updated_at=now - lease - timedelta(seconds=5)
    )
    in_flight = await create_notification(
        connection, template, created_at=old, status="sending", updated_at=now
    )

    await sweeping.replay_created_notifications(delivery_runtime, now=now)

    # the dead worker may have reached the provider: never sent again, failed and reported instead
    assert task_queue.messages == [("send-delivery-status", "service-callbacks", (str(abandoned),))]
    statuses = {
        row.id: row.notification_status
        for row in await connection.execute(
            select(notifications.c.id, notifications.c.notification_status).where(
                notifications.c.id.in_([abandoned, in_flight])
            )
        )
    }
    assert statuses == {abandoned: "technical-failure", in_flight: "sending"}
    retry_lost_at = now + timedelta(seconds=delivery_runtime.settings.delivery_retry_delay_seconds + 301)
    task_queue.messages.clear()
    await sweeping.replay_created_notifications(delivery_runtime, now=retry_lost_at)
    assert (str(retry_soon),) in [args for _, _, args in task_queue.messages]


async def test_texts_and_emails_sending_for_three_days_time_out_with_a_callback(
    connection: AsyncConnection, delivery_runtime: Runtime, task_queue: RecordingTaskQueue
) -> None:
    with_callback = await create_service(connection)
    await create_callback_api(connection, with_callback.id)
    without_callback = await create_service(connection)
    sms = await create_template(connection, with_callback.id)
    email = await create_template(connection, without_callback.id, template_type="email")
    four_days_ago = utc_now() - timedelta(days=4)
    sending = await create_notification(connection, sms, status="sending", created_at=four_days_ago)
    pending = await create_notification(connection, email, status="pending", created_at=four_days_ago)
    recent = await create_notification(
        connection, sms, status="sending", created_at=utc_now() - timedelta(days=2)
    )
    delivered = await create_notification(connection, sms, status="delivered", created_at=four_days_ago)

    assert await sweeping.timeout_sending_notifications(delivery_runtime) == 2

    statuses = {
        nid: (await notification_row(connection, nid)).status for nid in (sending, pending, recent, delivered)
    }
    assert statuses == {
        sending: "temporary-failure",
        pending: "temporary-failure",
        recent: "sending",
        delivered: "delivered",
    }
    assert task_queue.messages == [("send-delivery-status", "service-callbacks", (str(sending),))]
