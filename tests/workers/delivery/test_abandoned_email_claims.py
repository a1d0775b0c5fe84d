"""An email whose worker died during the SES call is not reported as failed: it waits for SES's event, which
finds it by the notification id the email was tagged with."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.receipts.ses_events import parse_ses_event, slim_ses_event
from notify_api.runtime import Runtime
from notify_api.timeutils import utc_now
from notify_workers.actors.receipts import process_ses_receipt
from notify_workers.delivery import send
from notify_workers.delivery.clients import DeliveryClients
from notify_workers.retry import RetryLater
from tests.factories import create_notification, create_service, create_template
from tests.workers.delivery.delivery_fakes import notification_row


def ses_event(message_id: str, tags: dict[str, list[str]] | None = None) -> dict[str, object]:
    mail: dict[str, object] = {"messageId": message_id, "timestamp": utc_now().isoformat() + "Z"}
    if tags is not None:
        mail["tags"] = tags
    return {"notificationType": "Delivery", "mail": mail}


async def test_an_email_whose_worker_died_during_the_call_is_settled_by_ses_through_its_tag(
    connection: AsyncConnection, delivery_runtime: Runtime, clients: DeliveryClients
) -> None:
    service = await create_service(connection)
    template = await create_template(connection, service.id, template_type="email")
    claimed_at = utc_now() - send.claim_lease(delivery_runtime) - timedelta(seconds=1)
    notification_id = await create_notification(
        connection, template, status="sending", updated_at=claimed_at, sent_by="ses"
    )

    assert await send.deliver_email(delivery_runtime, clients, str(notification_id)) == send.AWAITING_RECEIPT
    row = await notification_row(connection, notification_id)
    assert (row.status, row.sent_at, row.sent_by, row.reference) == ("sending", claimed_at, "ses", None)

    # An event without our tag cannot be matched; the tagged one settles it and records SES's message id.
    with pytest.raises(RetryLater):  # not found (yet): looked for again later
        await process_ses_receipt(delivery_runtime, ses_event("ses-id-untagged"))
    await process_ses_receipt(
        delivery_runtime, ses_event("ses-id-1", {"notification_id": [str(notification_id)]})
    )
    row = await notification_row(connection, notification_id)
    assert (row.status, row.reference) == ("delivered", "ses-id-1")


async def test_a_tag_never_moves_an_email_that_already_has_its_reference(
    connection: AsyncConnection, delivery_runtime: Runtime
) -> None:
    service = await create_service(connection)
    template = await create_template(connection, service.id, template_type="email")
    notification_id = await create_notification(
        connection, template, status="sending", sent_at=utc_now(), sent_by="ses", reference="ses-id-real"
    )

    with pytest.raises(RetryLater):
        await process_ses_receipt(
            delivery_runtime, ses_event("ses-id-other", {"notification_id": [str(notification_id)]})
        )
    row = await notification_row(connection, notification_id)
    assert (row.status, row.reference) == ("sending", "ses-id-real")


def test_the_tag_survives_the_slimming_the_receipt_route_does() -> None:
    full = ses_event("ses-id-1", {"notification_id": ["n-1"], "other": ["x"]})
    full["mail"]["destination"] = ["person@example.com"]  # type: ignore[index]
    slim = slim_ses_event(full)
    assert parse_ses_event(slim).notification_id == "n-1"
    assert "person@example.com" not in str(slim) and "other" not in str(slim)
