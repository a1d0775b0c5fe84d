"""The ``uri`` links of a created notification come from API_HOST_NAME, never from the Host header."""

from __future__ import annotations

import httpx

from notify_api.settings import Settings
from tests.helpers import service_headers

from .conftest import SendingService


async def test_uris_use_the_configured_host(
    client: httpx.AsyncClient, sending: SendingService, settings: Settings
) -> None:
    key = sending.normal
    body = {
        "phone_number": "07700 900 123",
        "template_id": str(sending.sms.id),
        "personalisation": {"Name": "A"},
    }

    response = await client.post(
        "/v2/notifications/sms",
        headers={**service_headers(key.service_id, key.secret), "host": "attacker.example"},
        json=body,
    )

    assert response.status_code == 201, response.text
    created = response.json()
    assert created["uri"] == f"{settings.api_host_name}/v2/notifications/{created['id']}"
    assert created["template"]["uri"].startswith(f"{settings.api_host_name}/services/")
