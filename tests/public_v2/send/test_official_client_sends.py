"""The official Python client sends through a real HTTP server, unchanged."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from notifications_python_client import NotificationsAPIClient
from notifications_python_client.errors import HTTPError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from notify_api.commands.purge import purge_with
from notify_api.db.database import Database
from notify_api.db.tables.notifications import notifications
from notify_api.settings import Settings
from tests.factories import create_api_key, create_service, create_template, create_user
from tests.live_server import committed, in_thread, live_server
from tests.task_queue import RecordingTaskQueue


@dataclass
class LiveService:
    client: NotificationsAPIClient
    sms_template: uuid.UUID
    email_template: uuid.UUID
    letter_template: uuid.UUID
    queue: RecordingTaskQueue


@pytest.fixture
async def live(engine: AsyncEngine, settings: Settings) -> AsyncIterator[LiveService]:
    email = f"client.test+{uuid.uuid4()}@example.gov.uk"  # a functional-test address: purged afterwards
    async with committed(engine) as connection:
        user = await create_user(connection, email_address=email)
        service = await create_service(connection, user_id=user.id)
        key = await create_api_key(connection, service.id, name="client key")
        sms = await create_template(connection, service.id, template_type="sms", content="Hi ((name))")
        email_template = await create_template(
            connection, service.id, template_type="email", content="Hello ((name))"
        )
        letter = await create_template(
            connection, service.id, template_type="letter", content="Dear ((name))"
        )
    queue = RecordingTaskQueue()
    with live_server(settings, queue) as base_url:
        api_key = f"client_key-{service.id}-{key.secret}"
        yield LiveService(
            NotificationsAPIClient(api_key, base_url=base_url), sms.id, email_template.id, letter.id, queue
        )
    await purge_with(Database(engine), email, dry_run=False, echo=lambda _: None)


async def stored_status(engine: AsyncEngine, notification_id: str) -> str:
    async with engine.connect() as connection:
        query = select(notifications.c.notification_status).where(
            notifications.c.id == uuid.UUID(notification_id)
        )
        return str((await connection.execute(query)).scalar_one())


async def test_send_sms_email_and_letter(live: LiveService, engine: AsyncEngine) -> None:
    sms = await in_thread(
        lambda: live.client.send_sms_notification(
            phone_number="07700900123",
            template_id=str(live.sms_template),
            personalisation={"name": "Ada"},
            reference="a",
        )
    )
    assert isinstance(sms, dict)
    assert sms["content"]["body"] == "Hi Ada"
    assert sms["reference"] == "a"
    email = await in_thread(
        lambda: live.client.send_email_notification(
            email_address="ada@example.com",
            template_id=str(live.email_template),
            personalisation={"name": "Ada"},
        )
    )
    assert isinstance(email, dict)
    assert email["content"]["body"] == "Hello Ada"
    letter = await in_thread(
        lambda: live.client.send_letter_notification(
            template_id=str(live.letter_template),
            personalisation={
                "name": "Ada",
                "address_line_1": "Ada Lovelace",
                "address_line_2": "1 Street",
                "postcode": "SW1A 1AA",
            },
        )
    )
    assert isinstance(letter, dict)
    for created in (sms, email, letter):
        assert await stored_status(engine, created["id"]) == "created"
    assert [actor for actor, _, _ in live.queue.messages] == [
        "deliver_sms",
        "deliver_email",
        "get-pdf-for-templated-letter",
    ]


async def test_client_sees_notify_errors(live: LiveService) -> None:
    with pytest.raises(HTTPError) as raised:
        await in_thread(
            lambda: live.client.send_sms_notification(
                phone_number="07700900123", template_id=str(uuid.uuid4())
            )
        )
    assert raised.value.status_code == 400
    assert raised.value.message == [{"error": "BadRequestError", "message": "Template not found"}]
