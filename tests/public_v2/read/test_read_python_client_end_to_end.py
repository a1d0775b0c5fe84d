# mypy: allow-untyped-calls
"""The official Python client reads through a real HTTP server: getters, previews, PDFs and both
iterators across several pages. The server has its own connections, so the data is committed and
removed again at the end."""

from __future__ import annotations

import io
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest
from notifications_python_client.errors import HTTPError
from notifications_python_client.notifications import NotificationsAPIClient
from sqlalchemy.ext.asyncio import AsyncEngine

from notify_api.settings import Settings
from tests.factories import (
    create_api_key,
    create_inbound_sms,
    create_notification,
    create_service,
    create_template,
    create_user,
)
from tests.live_server import committed, in_thread, live_server, remove_service
from tests.public_v2.read.openapi_check import assert_body_documented
from tests.task_queue import RecordingTaskQueue

NOTIFICATION_COUNT = 260  # more than one page of 250
RECEIVED_COUNT = 255
START = datetime(2022, 3, 1, 9, 0)
ADDRESS = {"address_line_1": "A Person", "address_line_2": "1 Street", "postcode": "SW1A 1AA"}


@dataclass
class LiveReader:
    client: NotificationsAPIClient
    sms_template: uuid.UUID
    email_template: uuid.UUID
    newest_sms: str
    letter: str


@pytest.fixture
async def live(engine: AsyncEngine, settings: Settings) -> AsyncIterator[LiveReader]:
    async with committed(engine) as connection:
        user = await create_user(connection)
        service = await create_service(connection, user_id=user.id)
    try:
        async with committed(engine) as connection:
            key = await create_api_key(connection, service.id, name="reader key")
            sms = await create_template(connection, service.id, content="Hi ((name))")
            email = await create_template(
                connection,
                service.id,
                template_type="email",
                subject="About ((name))",
                content="Dear ((name))",
            )
            letter_template = await create_template(connection, service.id, template_type="letter")
            for n in range(NOTIFICATION_COUNT):
                newest = await create_notification(
                    connection,
                    sms,
                    status="delivered" if n % 2 else "sending",
                    personalisation={"name": f"person {n}"},
                    created_at=START + timedelta(seconds=n),
                )
            letter = await create_notification(
                connection,
                letter_template,
                personalisation={**ADDRESS, "name": "A Person"},
                created_at=START - timedelta(days=1),
            )
            await create_notification(connection, sms, key_type="test", created_at=START)
            for n in range(RECEIVED_COUNT):
                await create_inbound_sms(
                    connection, service.id, content=f"reply {n}", created_at=START + timedelta(seconds=n)
                )
        with live_server(settings, RecordingTaskQueue()) as base_url:
            client = NotificationsAPIClient(f"reader_key-{service.id}-{key.secret}", base_url=base_url)
            yield LiveReader(client, sms.id, email.id, str(newest), str(letter))
    finally:
        await remove_service(engine, service.id, user.id)


async def _call(function: Any) -> Any:
    return await in_thread(function)


async def test_getters(live: LiveReader) -> None:
    notification = await _call(lambda: live.client.get_notification_by_id(live.newest_sms))
    assert notification["body"] == f"Hi person {NOTIFICATION_COUNT - 1}"
    assert_body_documented(notification, "/v2/notifications/{notification_id}", "GET", 200)

    first_page = await _call(lambda: live.client.get_all_notifications())
    assert len(first_page["notifications"]) == 250
    assert f"older_than={first_page['notifications'][-1]['id']}" in first_page["links"]["next"]
    assert_body_documented(first_page, "/v2/notifications", "GET", 200)

    delivered = await _call(
        lambda: live.client.get_all_notifications(status="delivered", template_type="sms")
    )
    assert {item["status"] for item in delivered["notifications"]} == {"delivered"}
    assert len(delivered["notifications"]) == NOTIFICATION_COUNT // 2

    template = await _call(lambda: live.client.get_template(str(live.email_template)))
    assert template["personalisation"] == {"name": {"required": True}}
    assert_body_documented(template, "/v2/template/{template_id}", "GET", 200)
    version = await _call(lambda: live.client.get_template_version(str(live.email_template), 1))
    assert version["version"] == 1
    templates = await _call(lambda: live.client.get_all_templates(template_type="email"))
    assert [item["id"] for item in templates["templates"]] == [str(live.email_template)]
    preview = await _call(lambda: live.client.post_template_preview(str(live.email_template), {"name": "Jo"}))
    assert (preview["subject"], preview["body"]) == ("About Jo", "Dear Jo")
    assert_body_documented(preview, "/v2/template/{template_id}/preview", "POST", 200)

    pdf = await _call(lambda: live.client.get_pdf_for_letter(live.letter))
    assert isinstance(pdf, io.BytesIO) and pdf.read(5) == b"%PDF-"


async def test_notifications_iterator_walks_every_page(live: LiveReader) -> None:
    items = await _call(lambda: list(live.client.get_all_notifications_iterator()))
    sms = [item for item in items if item["type"] == "sms"]
    assert [item["body"] for item in sms] == [f"Hi person {n}" for n in range(NOTIFICATION_COUNT - 1, -1, -1)]
    assert len(items) == NOTIFICATION_COUNT + 1  # and the letter; never the test-key notification
    assert len({item["id"] for item in items}) == len(items)


async def test_received_texts_iterator_walks_every_page(live: LiveReader) -> None:
    texts = await _call(lambda: list(live.client.get_received_texts_iterator()))
    assert [text["content"] for text in texts] == [f"reply {n}" for n in range(RECEIVED_COUNT - 1, -1, -1)]
    page = await _call(lambda: live.client.get_received_texts())
    assert_body_documented(page, "/v2/received-text-messages", "GET", 200)


async def test_client_sees_read_errors(live: LiveReader) -> None:
    with pytest.raises(HTTPError) as raised:
        await _call(lambda: live.client.get_notification_by_id(str(uuid.uuid4())))
    assert raised.value.status_code == 404
    assert raised.value.message == [{"error": "NoResultFound", "message": "No result found"}]
    with pytest.raises(HTTPError) as raised:
        await _call(lambda: live.client.get_pdf_for_letter(live.newest_sms))
    assert raised.value.message == [{"error": "BadRequestError", "message": "Notification is not a letter"}]
