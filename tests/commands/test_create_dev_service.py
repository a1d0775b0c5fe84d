from __future__ import annotations

import httpx
import pytest

from notify_api.db.database import BoundDatabase
from notify_api.settings import Settings
from notify_dev.dev_service import create_dev_service_with
from tests.helpers import service_headers


async def test_prints_a_service_whose_keys_and_templates_work(
    db: BoundDatabase, settings: Settings, client: httpx.AsyncClient
) -> None:
    created = await create_dev_service_with(db, settings, reuse=False)

    assert set(created) == {
        "service_id",
        "api_keys",
        "templates",
        "email_reply_to_id",
        "sms_sender_id",
        "user_id",
    }
    assert set(created["api_keys"]) == {"normal", "team", "test"}
    assert set(created["templates"]) == {"sms", "email", "letter"}
    live_key = created["api_keys"]["normal"]
    assert live_key[-73:-37] == created["service_id"]  # where the official clients look for it

    headers = service_headers(live_key[-73:-37], live_key[-36:])
    body = {
        "phone_number": "07700900123",
        "template_id": created["templates"]["sms"],
        "personalisation": {"name": "A"},
    }
    response = await client.post("/v2/notifications/sms", headers=headers, json=body)
    assert response.status_code == 201, response.text
    assert response.json()["content"]["body"].startswith("Hello A")

    again = await create_dev_service_with(db, settings, reuse=True)
    assert again == created
    with pytest.raises(RuntimeError):
        await create_dev_service_with(db, settings, reuse=False)
