"""Every auth failure of the public API, with its exact status and message (spec §1.3)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
from datetime import timedelta

import httpx
import jwt
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.timeutils import utc_now
from tests.factories import create_api_key, create_service

from .conftest import SendingService

GENERAL = (
    "Invalid token: make sure your API token matches the example at "
    "https://docs.notifications.service.gov.uk/rest-api.html#authorisation-header"
)


def token(claims: dict[str, object], secret: str, algorithm: str = "HS256") -> str:
    return jwt.encode(claims, secret, algorithm=algorithm)


def handmade_token(claims: dict[str, object], secret: str) -> str:
    """A token PyJWT refuses to build (e.g. a numeric iss), signed like any HS256 token."""

    def part(value: bytes) -> str:
        return base64.urlsafe_b64encode(value).rstrip(b"=").decode()

    signing_input = (
        part(json.dumps({"typ": "JWT", "alg": "HS256"}).encode()) + "." + part(json.dumps(claims).encode())
    )
    signature = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + part(signature)


async def auth_error(client: httpx.AsyncClient, authorization: str | None) -> tuple[int, str]:
    headers = {"Authorization": authorization} if authorization is not None else {}
    response = await client.post("/v2/notifications/sms", headers=headers, json={})
    body = response.json()
    assert body["status_code"] == response.status_code
    [error] = body["errors"]
    assert error["error"] == "AuthError"
    return response.status_code, error["message"]


async def test_missing_and_malformed_headers(client: httpx.AsyncClient) -> None:
    assert await auth_error(client, None) == (401, "Unauthorized: authentication token must be provided")
    assert await auth_error(client, "") == (401, "Unauthorized: authentication token must be provided")
    assert await auth_error(client, "Basic abc") == (
        401,
        "Unauthorized: authentication bearer scheme must be used",
    )
    assert await auth_error(client, "Bearer not-a-jwt") == (403, GENERAL)


async def test_issuer_checks(client: httpx.AsyncClient, connection: AsyncConnection) -> None:
    now = int(time.time())
    assert await auth_error(client, "Bearer " + token({"iat": now}, "x" * 32)) == (
        403,
        "Invalid token: iss field not provided",
    )
    assert await auth_error(client, "Bearer " + token({"iss": "not-a-uuid", "iat": now}, "x" * 32)) == (
        403,
        "Invalid token: service id is not the right data type",
    )
    assert await auth_error(client, "Bearer " + handmade_token({"iss": 12, "iat": now}, "x" * 32)) == (
        403,
        "Invalid token: service id is not the right data type",
    )
    assert await auth_error(client, "Bearer " + token({"iss": str(uuid.uuid4()), "iat": now}, "x" * 32)) == (
        403,
        "Invalid token: service not found",
    )
    service = await create_service(connection)
    assert await auth_error(client, "Bearer " + token({"iss": str(service.id), "iat": now}, "x" * 32)) == (
        403,
        "Invalid token: service has no API keys",
    )


async def test_archived_service(
    client: httpx.AsyncClient, connection: AsyncConnection, sending: SendingService
) -> None:
    await connection.execute(
        text("UPDATE services SET active = false WHERE id = :id"), {"id": sending.service.id}
    )
    claims = {"iss": str(sending.service.id), "iat": int(time.time())}
    assert await auth_error(client, "Bearer " + token(claims, sending.normal.secret)) == (
        403,
        "Invalid token: service is archived",
    )


@pytest.mark.parametrize(
    ("iat_offset", "message"),
    [
        (-31, "Error: Your system clock must be accurate to within 30 seconds"),
        # Not 31: a second can tick between making the token and checking it.
        (35, "Error: Your system clock must be accurate to within 30 seconds"),
    ],
)
async def test_clock_skew(
    client: httpx.AsyncClient, sending: SendingService, iat_offset: int, message: str
) -> None:
    claims = {"iss": str(sending.service.id), "iat": int(time.time()) + iat_offset}
    assert await auth_error(client, "Bearer " + token(claims, sending.normal.secret)) == (403, message)


async def test_signature_algorithm_and_key_checks(client: httpx.AsyncClient, sending: SendingService) -> None:
    claims = {"iss": str(sending.service.id), "iat": int(time.time())}
    assert await auth_error(client, "Bearer " + token(claims, "a-different-secret-of-decent-length")) == (
        403,
        "Invalid token: API key not found",
    )
    assert await auth_error(client, "Bearer " + token(claims, sending.normal.secret, "HS512")) == (
        403,
        "Invalid token: algorithm used is not HS256",
    )
    assert await auth_error(client, "Bearer " + token({**claims, "aud": "x"}, sending.normal.secret)) == (
        403,
        GENERAL,
    )
    no_iat = {"iss": str(sending.service.id)}
    assert await auth_error(client, "Bearer " + token(no_iat, sending.normal.secret)) == (
        403,
        "Invalid token: API key not found",
    )


async def test_revoked_keys_are_recognised_for_seven_days(
    client: httpx.AsyncClient, connection: AsyncConnection, sending: SendingService
) -> None:
    recent = await create_api_key(connection, sending.service.id, expiry_date=utc_now() - timedelta(days=1))
    old = await create_api_key(connection, sending.service.id, expiry_date=utc_now() - timedelta(days=9))
    claims = {"iss": str(sending.service.id), "iat": int(time.time())}
    assert await auth_error(client, "Bearer " + token(claims, recent.secret)) == (
        403,
        "Invalid token: API key revoked",
    )
    assert await auth_error(client, "Bearer " + token(claims, old.secret)) == (
        403,
        "Invalid token: API key not found",
    )


async def test_bearer_scheme_is_case_insensitive(client: httpx.AsyncClient, sending: SendingService) -> None:
    claims = {"iss": str(sending.service.id), "iat": int(time.time())}
    response = await client.post(
        "/v2/notifications/sms",
        headers={"Authorization": "bEaReR " + token(claims, sending.normal.secret)},
        json={},
    )
    assert response.status_code == 400  # authenticated; the empty body then fails validation
