"""One flow through HTTP only, as the admin frontend and a service's developer would drive it:
create a user, sign them in with an SMS code, create a service, a template and an API key over the admin API,
then send a text message with that key through /v2 using the official Python client."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from notifications_python_client import NotificationsAPIClient
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncEngine

from notify_api.commands.purge import purge_with
from notify_api.crypto import Encryption
from notify_api.db.database import Database
from notify_api.db.tables.notifications import notifications
from notify_api.db.tables.seed_ids import NOTIFY_SERVICE_ID, SMS_CODE_TEMPLATE_ID
from notify_api.settings import Settings
from tests.helpers import admin_headers
from tests.live_server import in_thread, live_server
from tests.task_queue import RecordingTaskQueue


async def code_sent_to_phone(engine: AsyncEngine, settings: Settings, mobile: str) -> str:
    """Read the 2FA text Notify sent (what the user's phone would show)."""
    async with engine.connect() as connection:
        query = (
            select(notifications.c._personalisation)
            .where(notifications.c.template_id == SMS_CODE_TEMPLATE_ID, notifications.c.to == mobile)
            .order_by(notifications.c.created_at.desc())
        )
        encrypted = (await connection.execute(query)).scalars().first()
    assert encrypted is not None
    return str(Encryption(settings.secret_key).decrypt_json(encrypted)["verify_code"])


async def test_from_new_user_to_a_sent_text_message(engine: AsyncEngine, settings: Settings) -> None:
    queue = RecordingTaskQueue()
    # A functional-test address, so the purge command can clean up after the test.
    email = f"flow.test+{uuid.uuid4()}@example.gov.uk"
    mobile = "07700900" + str(uuid.uuid4().int % 900 + 100)
    with live_server(settings, queue) as base_url:
        async with httpx.AsyncClient(base_url=base_url) as admin:

            async def call(method: str, path: str, body: dict[str, Any] | None = None) -> Any:
                response = await admin.request(method, path, json=body, headers=admin_headers(settings))
                assert response.status_code < 300, (path, response.status_code, response.text)
                return response.json() if response.content else None

            user = (
                await call(
                    "POST",
                    "/user",
                    {
                        "name": "New User",
                        "email_address": email,
                        "mobile_number": mobile,
                        "password": "a long pass",
                    },
                )
            )["data"]
            await call("POST", f"/user/{user['id']}/verify/password", {"password": "a long pass"})
            await call("POST", f"/user/{user['id']}/sms-code", {})
            code = await code_sent_to_phone(engine, settings, mobile)
            await call("POST", f"/user/{user['id']}/verify/code", {"code": code, "code_type": "sms"})
            signed_in = (await call("GET", f"/user/{user['id']}"))["data"]
            assert signed_in["logged_in_at"] is not None

            service = (
                await call(
                    "POST",
                    "/service",
                    {
                        "name": f"Flow service {uuid.uuid4().hex[:6]}",
                        "user_id": user["id"],
                        "message_limit": 1000,
                        "restricted": False,
                        "email_from": f"flow.{uuid.uuid4().hex[:6]}",
                        "created_by": user["id"],
                    },
                )
            )["data"]
            template = (
                await call(
                    "POST",
                    f"/service/{service['id']}/template",
                    {
                        "name": "Reminder",
                        "template_type": "sms",
                        "content": "Hello ((name)), see you soon",
                        "service": service["id"],
                        "created_by": user["id"],
                    },
                )
            )["data"]
            secret = (
                await call(
                    "POST",
                    f"/service/{service['id']}/api-key",
                    {"name": "my key", "key_type": "normal", "created_by": user["id"]},
                )
            )["data"]

        client = NotificationsAPIClient(f"my_key-{service['id']}-{secret}", base_url=base_url)
        sent = await in_thread(
            lambda: client.send_sms_notification(
                phone_number="07700900123", template_id=template["id"], personalisation={"name": "Ada"}
            )
        )
        assert isinstance(sent, dict)
        assert sent["content"]["body"] == "Hello Ada, see you soon"
        fetched = await in_thread(lambda: client.get_notification_by_id(sent["id"]))
        assert isinstance(fetched, dict)
        assert fetched["status"] == "created"
    # the 2FA text went on Notify's own queue; the service's text on the normal one
    assert ("deliver_sms", "notify-internal-tasks") in {(actor, q) for actor, q, _ in queue.messages}
    assert ("deliver_sms", "send-sms-tasks", (sent["id"],)) in queue.messages
    await remove_committed_data(engine, email, mobile)


async def remove_committed_data(engine: AsyncEngine, email: str, mobile: str) -> None:
    """The server needed committed rows; take them away again so other tests see a clean database."""
    database = Database(engine)
    report = await purge_with(database, email, dry_run=False, echo=lambda _: None)
    assert (report.services, report.users) == (1, 1)
    async with database.transaction() as connection:
        await connection.execute(
            delete(notifications).where(
                notifications.c.service_id == NOTIFY_SERVICE_ID, notifications.c.to == mobile
            )
        )
