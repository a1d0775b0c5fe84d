"""Request bodies are bounded before they are read: 10 MB on the v2 send routes, 1 MB everywhere else.

A declared Content-Length over the limit is refused before the body is touched; a chunked body is refused
at the chunk that crosses the limit. Each surface answers 413 in its own envelope.
"""

from __future__ import annotations

import asyncio
import json
import os
from base64 import b64encode
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bench.body_limits import ALLOWED_GROWTH_KB, MB, ServedApi, prove, report
from notify_api.settings import Settings
from notify_api.web.body_limits import DEFAULT_LIMIT, SEND_LIMIT
from tests.factories import create_api_key, create_service
from tests.helpers import admin_headers, service_headers

CHUNK = b"x" * 65_536
# Inbound SMS checks HTTP Basic first (the test settings' credentials); the receipts have no auth.
PROVIDER_CALLBACKS = {
    "/notifications/sms/mmg": {},
    "/notifications/sms/firetext": {},
    "/notifications/email/ses": {},
    "/notifications/sms/receive/mmg": {"Authorization": "Basic " + b64encode(b"username:password").decode()},
    "/notifications/sms/receive/firetext": {
        "Authorization": "Basic " + b64encode(b"notify:password").decode()
    },
}
SEND_ROUTES = ["/v2/notifications/sms", "/v2/notifications/email", "/v2/notifications/letter"]
ADMIN_ENVELOPE = {"result": "error", "message": f"Request body too large: the limit is {DEFAULT_LIMIT} bytes"}


class Body:
    """A streamed body that counts how much of it the server pulled."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.pulled = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while self.pulled < self.size:
            chunk = CHUNK[: self.size - self.pulled]
            self.pulled += len(chunk)
            yield chunk


def v2_envelope(limit: int) -> dict[str, object]:
    message = f"Request body too large: the limit is {limit} bytes"
    return {"status_code": 413, "errors": [{"error": "RequestEntityTooLarge", "message": message}]}


@pytest.mark.parametrize("path", PROVIDER_CALLBACKS)
async def test_a_declared_length_over_the_limit_is_refused_unread(
    client: httpx.AsyncClient, path: str
) -> None:
    body = Body(DEFAULT_LIMIT + 1)
    headers = {**PROVIDER_CALLBACKS[path], "Content-Length": str(body.size)}
    response = await client.post(path, content=body, headers=headers)
    assert response.status_code == 413
    assert response.json() == ADMIN_ENVELOPE
    assert response.headers["connection"] == "close"
    assert body.pulled == 0


@pytest.mark.parametrize("path", PROVIDER_CALLBACKS)
async def test_a_chunked_body_is_cut_off_at_the_limit(client: httpx.AsyncClient, path: str) -> None:
    body = Body(30 * DEFAULT_LIMIT)
    response = await client.post(path, content=body, headers=PROVIDER_CALLBACKS[path])  # sent chunked
    assert response.status_code == 413
    assert response.json() == ADMIN_ENVELOPE
    assert response.headers["connection"] == "close"
    assert body.pulled <= DEFAULT_LIMIT + len(CHUNK)


async def test_the_admin_api_answers_in_its_envelope(client: httpx.AsyncClient, settings: Settings) -> None:
    declared = Body(DEFAULT_LIMIT + 1)
    headers = {**admin_headers(settings), "Content-Length": str(declared.size)}
    response = await client.post("/service", content=declared, headers=headers)
    assert (response.status_code, response.json(), declared.pulled) == (413, ADMIN_ENVELOPE, 0)

    chunked = Body(5 * DEFAULT_LIMIT)
    response = await client.post("/service", content=chunked, headers=admin_headers(settings))
    assert (response.status_code, response.json()) == (413, ADMIN_ENVELOPE)
    assert chunked.pulled <= DEFAULT_LIMIT + len(CHUNK)


@pytest.mark.parametrize("path", SEND_ROUTES)
async def test_send_routes_refuse_a_declared_length_over_10_mb(client: httpx.AsyncClient, path: str) -> None:
    body = Body(SEND_LIMIT + 1)
    response = await client.post(path, content=body, headers={"Content-Length": str(body.size)})
    assert (response.status_code, response.json(), body.pulled) == (413, v2_envelope(SEND_LIMIT), 0)


async def test_send_routes_cut_off_a_chunked_body_over_10_mb(
    client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    service = await create_service(connection)
    key = await create_api_key(connection, service.id)
    body = Body(2 * SEND_LIMIT)
    response = await client.post(
        "/v2/notifications/letter", content=body, headers=service_headers(service.id, key.secret)
    )
    assert (response.status_code, response.json()) == (413, v2_envelope(SEND_LIMIT))
    assert body.pulled <= SEND_LIMIT + len(CHUNK)


async def test_send_routes_read_bodies_up_to_10_mb(
    client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    service = await create_service(connection)
    key = await create_api_key(connection, service.id)
    padding = "x" * (SEND_LIMIT - 1_000)  # a big body under the limit reaches the schema check
    body = json.dumps({"template_id": "not-a-uuid", "personalisation": {"padding": padding}}).encode()
    response = await client.post(
        "/v2/notifications/letter", content=body, headers=service_headers(service.id, key.secret)
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"error": "ValidationError", "message": "template_id is not a valid UUID"}
    ]


async def test_other_v2_routes_have_the_1_mb_limit(client: httpx.AsyncClient) -> None:
    body = Body(DEFAULT_LIMIT + 1)
    response = await client.post(
        "/v2/template/f47ac10b-58cc-4372-a567-0e02b2c3d479/preview",
        content=body,
        headers={"Content-Length": str(body.size)},
    )
    assert (response.status_code, response.json(), body.pulled) == (413, v2_envelope(DEFAULT_LIMIT), 0)


async def test_bodies_under_the_limit_are_untouched(client: httpx.AsyncClient) -> None:
    response = await client.post("/notifications/sms/firetext", content=b"status=0&reference=x&time=now")
    assert response.status_code != 413


async def test_the_real_server_stays_flat_under_30_mb_bodies(settings: Settings, engine: AsyncEngine) -> None:
    """The small version of ``bench/body_limits.py``: the real launcher, real sockets, one server process."""
    environment = {
        **os.environ,
        "NOTIFY_ENVIRONMENT": "test",
        "SQLALCHEMY_DATABASE_URI": settings.database_url,
        "REDIS_URL": settings.redis_url,
        "LOG_LEVEL": "WARNING",
    }
    api = await asyncio.to_thread(ServedApi, environment)
    try:
        before, posts = await asyncio.to_thread(prove, api, 30 * MB)
    finally:
        await asyncio.to_thread(api.close)
    assert report(30 * MB, before, posts) <= ALLOWED_GROWTH_KB
    assert all(each.sent < 10 * MB for each in posts)  # the server stopped reading long before the end
