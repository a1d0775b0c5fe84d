"""Once the provider has a message, recording it survives a database blip: the record step is retried on the
spot, and the message is never sent again."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.runtime import Runtime
from notify_api.settings import Settings
from notify_workers.delivery import send
from notify_workers.delivery.clients import build_delivery_clients
from notify_workers.providers.ses import SesClient
from tests.factories import create_notification, create_service, create_template
from tests.workers.delivery.delivery_fakes import RecordingAsgi, notification_row, set_sms_providers

REFUSALS = 3


class DatabaseBlipAfterTheProviderCall:
    """The provider accepts the message, and the database then refuses the next few notification updates."""

    def __init__(self, provider: RecordingAsgi, connection: AsyncConnection) -> None:
        self.provider = provider
        self.connection = connection

    async def __call__(self, scope: Any, receive: Any, send_: Any) -> None:
        await self.provider(scope, receive, send_)
        if scope["type"] == "http":
            await refuse_notification_updates(self.connection, REFUSALS)


async def refuse_notification_updates(connection: AsyncConnection, times: int) -> None:
    # A sequence, not a table: nextval is not undone when the failed statement's savepoint rolls back.
    for statement in (
        "CREATE SEQUENCE refused_updates",
        f"""CREATE FUNCTION refuse_update() RETURNS trigger AS $$
            BEGIN
                IF nextval('refused_updates') <= {times} THEN
                    RAISE EXCEPTION 'the database is unavailable';
                END IF;
                RETURN NEW;
            END $$ LANGUAGE plpgsql""",
        "CREATE TRIGGER refuse_update BEFORE UPDATE ON notifications "
        "FOR EACH ROW EXECUTE FUNCTION refuse_update()",
    ):
        await connection.execute(text(statement))


async def test_a_send_is_recorded_despite_a_database_blip_and_never_sent_twice(
    connection: AsyncConnection,
    delivery_runtime: Runtime,
    delivery_settings: Settings,
    provider_requests: RecordingAsgi,
) -> None:
    await set_sms_providers(connection, mmg=100, firetext=0)
    service = await create_service(connection)
    template = await create_template(connection, service.id, content="Your code is 12345")
    notification_id = await create_notification(connection, template)
    provider = DatabaseBlipAfterTheProviderCall(provider_requests, connection)
    http = httpx.AsyncClient(transport=httpx.ASGITransport(app=provider), timeout=5.0)
    clients = build_delivery_clients(delivery_settings, http=http, email=SesClient(delivery_settings))
    try:
        outcome = await send.deliver_sms(delivery_runtime, clients, str(notification_id))
    finally:
        await clients.aclose()

    assert outcome == send.SENT_TO_PROVIDER
    assert len(provider_requests.requests) == 1
    row = await notification_row(connection, notification_id)
    assert row.status == "sending" and row.sent_by == "mmg"
    assert row.sent_at is not None and row.reference is not None
    refused = (await connection.execute(text("SELECT last_value FROM refused_updates"))).scalar_one()
    assert refused > REFUSALS  # the blip really happened, and the record went in after it
