"""Bodies nested far deeper than any request Notify takes are a client's mistake: a 400, never a 500."""

from __future__ import annotations

import httpx

from notify_api.settings import Settings
from tests.helpers import admin_headers, service_headers
from tests.public_v2.send.conftest import SendingService

DEEP_LIST = b"[" * 1000 + b"]" * 1000
DEEP_OBJECT = b'{"a":' * 1000 + b"1" + b"}" * 1000


async def test_deeply_nested_bodies_are_invalid_json_on_the_public_api(
    client: httpx.AsyncClient, sending: SendingService
) -> None:
    for body in (DEEP_LIST, DEEP_OBJECT):
        headers = service_headers(sending.service.id, sending.normal.secret)
        response = await client.post("/v2/notifications/sms", content=body, headers=headers)
        assert response.status_code == 400
        assert response.json()["errors"] == [
            {"error": "BadRequestError", "message": "Invalid JSON supplied in POST data"}
        ]


async def test_deeply_nested_bodies_are_invalid_json_on_the_admin_api(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    for body in (DEEP_LIST, DEEP_OBJECT):
        response = await client.post("/service", content=body, headers=admin_headers(settings))
        assert response.status_code == 400
        assert response.json() == {"result": "error", "message": "Invalid JSON supplied in POST data"}


async def test_ordinary_nesting_is_still_accepted(client: httpx.AsyncClient, sending: SendingService) -> None:
    body = {
        "phone_number": "07700900123",
        "template_id": str(sending.sms.id),
        "personalisation": {"name": [[[[["x"]]]]]},
    }
    headers = service_headers(sending.service.id, sending.normal.secret)
    response = await client.post("/v2/notifications/sms", json=body, headers=headers)
    assert response.status_code == 201
