"""Optional HTTP Basic auth on the MMG and Firetext receipt callbacks (MMG_RECEIPT_AUTH etc.)."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator

import httpx
import pytest
import redis.asyncio as aioredis
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.database import BoundDatabase
from notify_api.runtime import Runtime
from notify_api.settings import Settings
from notify_api.web.app import create_app
from tests.task_queue import RecordingTaskQueue
from tests.workers.receipts.stored_receipts import queued_payloads

REFERENCE = "0c9a1b54-43b7-4ad5-a61b-f2a06b1dae5b"
MMG_BODY = {"status": "3", "CID": REFERENCE}
FIRETEXT_FORM = {"status": "0", "reference": REFERENCE}


class _Runtime(Runtime):
    async def close(self) -> None:
        """The fixtures own the connection and the Redis client."""


@pytest.fixture
async def guarded_client(
    settings: Settings, db: BoundDatabase, redis_client: aioredis.Redis, task_queue: RecordingTaskQueue
) -> AsyncIterator[httpx.AsyncClient]:
    guarded = dataclasses.replace(
        settings,
        mmg_receipt_username=["mmg-user"],
        mmg_receipt_auth=["old-mmg-password", "mmg-password"],
        firetext_receipt_auth=["firetext-password"],
    )
    runtime = _Runtime(settings=guarded, database=db, redis=redis_client, tasks=task_queue)
    app = create_app(guarded, runtime_factory=lambda _: runtime)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://localhost:6011") as http:
            yield http


def test_receipt_credentials_are_off_by_default() -> None:
    settings = Settings.from_env({})
    assert (settings.mmg_receipt_auth, settings.firetext_receipt_auth) == ([], [])


def test_receipt_credentials_are_read_as_json_lists() -> None:
    settings = Settings.from_env(
        {
            "MMG_RECEIPT_USERNAME": '["u"]',
            "MMG_RECEIPT_AUTH": '["p1", "p2"]',
            "FIRETEXT_RECEIPT_AUTH": '["f"]',
        }
    )
    assert settings.mmg_receipt_username == ["u"]
    assert settings.mmg_receipt_auth == ["p1", "p2"]
    assert settings.firetext_receipt_auth == ["f"]


async def test_without_credentials_a_receipt_is_unauthorised(
    guarded_client: httpx.AsyncClient, task_queue: RecordingTaskQueue
) -> None:
    mmg = await guarded_client.post("/notifications/sms/mmg", json=MMG_BODY)
    firetext = await guarded_client.post("/notifications/sms/firetext", data=FIRETEXT_FORM)

    assert mmg.status_code == 401
    assert mmg.json() == {"result": "error", "message": ["MMG callback failed: credentials missing"]}
    assert mmg.headers["www-authenticate"].startswith("Basic")
    assert firetext.status_code == 401
    assert firetext.json()["result"] == "error"
    assert task_queue.messages == []


@pytest.mark.parametrize(
    ("user", "password"),
    [("mmg-user", "wrong"), ("someone", "mmg-password"), ("notify", "firetext-password")],
)
async def test_wrong_mmg_credentials_are_forbidden(
    guarded_client: httpx.AsyncClient, task_queue: RecordingTaskQueue, user: str, password: str
) -> None:
    response = await guarded_client.post("/notifications/sms/mmg", json=MMG_BODY, auth=(user, password))

    assert response.status_code == 403
    assert response.json() == {"result": "error", "message": ["MMG callback failed: wrong credentials"]}
    assert task_queue.messages == []


async def test_right_credentials_are_accepted(
    guarded_client: httpx.AsyncClient, task_queue: RecordingTaskQueue, connection: AsyncConnection
) -> None:
    old = await guarded_client.post(
        "/notifications/sms/mmg", json=MMG_BODY, auth=("mmg-user", "old-mmg-password")
    )
    new = await guarded_client.post(
        "/notifications/sms/mmg", json=MMG_BODY, auth=("mmg-user", "mmg-password")
    )
    firetext = await guarded_client.post(
        "/notifications/sms/firetext", data=FIRETEXT_FORM, auth=("notify", "firetext-password")
    )
    wrong_firetext = await guarded_client.post(
        "/notifications/sms/firetext", data=FIRETEXT_FORM, auth=("notify", "mmg-password")
    )

    assert [old.status_code, new.status_code, firetext.status_code] == [200, 200, 200]
    assert wrong_firetext.status_code == 403
    clients = [payload["client_name"] for payload in await queued_payloads(connection, task_queue)]
    assert clients == ["MMG", "MMG", "Firetext"]
