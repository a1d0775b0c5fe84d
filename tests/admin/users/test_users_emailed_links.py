"""The emails with signed links: confirm a new address, verify a new account, already registered, reset."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import parse_qs, urlsplit

import httpx
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.seed_ids import (
    ALREADY_REGISTERED_EMAIL_TEMPLATE_ID,
    CHANGE_EMAIL_CONFIRMATION_TEMPLATE_ID,
    NEW_USER_EMAIL_VERIFICATION_TEMPLATE_ID,
    PASSWORD_RESET_TEMPLATE_ID,
)
from notify_api.settings import Settings
from notify_api.signed_links import read_token
from tests.admin.users.user_helpers import notify_messages
from tests.factories import create_user
from tests.helpers import admin_headers
from tests.task_queue import RecordingTaskQueue


def _token_payload(url: str, prefix: str, settings: Settings) -> dict[str, str]:
    path = urlsplit(url).path
    assert path.startswith(prefix)
    payload: dict[str, str] = read_token(path.removeprefix(prefix), settings.secret_key, max_age_seconds=60)
    return payload


async def test_change_email_verification_sends_a_confirmation_link_to_the_new_address(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection, task_queue: RecordingTaskQueue
) -> None:
    user = await create_user(connection, name="Jo")

    response = await client.post(
        f"/user/{user.id}/change-email-verification",
        json={"email": "jo.new@example.gov.uk"},
        headers=admin_headers(settings),
    )

    assert response.status_code == 204
    [message] = await notify_messages(connection, settings, CHANGE_EMAIL_CONFIRMATION_TEMPLATE_ID)
    assert message.to == "jo.new@example.gov.uk"
    assert message.personalisation["name"] == "Jo"
    assert message.personalisation["feedback_url"] == f"{settings.admin_base_url}/support"
    url = message.personalisation["url"]
    assert url.startswith(f"{settings.admin_base_url}/user-profile/email/confirm/")
    payload = _token_payload(url, "/user-profile/email/confirm/", settings)
    assert payload == {"user_id": str(user.id), "email": "jo.new@example.gov.uk"}
    assert task_queue.messages == [("deliver_email", "notify-internal-tasks", (str(message.id),))]


async def test_change_email_verification_needs_a_valid_email(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    user = await create_user(connection)

    response = await client.post(
        f"/user/{user.id}/change-email-verification", json={"email": "nope"}, headers=admin_headers(settings)
    )

    assert response.status_code == 400
    assert response.json() == {"result": "error", "message": {"email": ["Not a valid email address"]}}


async def test_new_user_email_verification_link(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    user = await create_user(connection, name="Jo", state="pending")

    response = await client.post(
        f"/user/{user.id}/email-verification",
        json={"admin_base_url": "https://admin.example"},
        headers=admin_headers(settings),
    )

    assert response.status_code == 204
    [message] = await notify_messages(connection, settings, NEW_USER_EMAIL_VERIFICATION_TEMPLATE_ID)
    assert message.to == user.email_address
    assert message.personalisation["name"] == "Jo"
    assert message.personalisation["url"].startswith("https://admin.example/verify-email/")
    payload = _token_payload(message.personalisation["url"], "/verify-email/", settings)
    assert payload == {"user_id": str(user.id), "email": user.email_address}


async def test_already_registered_email(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    user = await create_user(connection)

    response = await client.post(
        f"/user/{user.id}/email-already-registered",
        json={"email": user.email_address},
        headers=admin_headers(settings),
    )

    assert response.status_code == 204
    [message] = await notify_messages(connection, settings, ALREADY_REGISTERED_EMAIL_TEMPLATE_ID)
    assert message.to == user.email_address
    base = settings.admin_base_url
    assert message.personalisation == {
        "signin_url": f"{base}/sign-in",
        "forgot_password_url": f"{base}/forgot-password",
        "feedback_url": f"{base}/support",
    }


async def test_reset_password_sends_a_timed_link(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    await create_user(connection, name="Jo", email_address="jo.reset@example.gov.uk")

    response = await client.post(
        "/user/reset-password",
        json={"email": "JO.RESET@example.gov.uk", "next": "/services/123"},
        headers=admin_headers(settings),
    )

    assert response.status_code == 204
    [message] = await notify_messages(connection, settings, PASSWORD_RESET_TEMPLATE_ID)
    assert message.to == "JO.RESET@example.gov.uk"
    assert message.personalisation["user_name"] == "Jo"
    url = message.personalisation["url"]
    assert url.startswith(f"{settings.admin_base_url}/new-password/")
    assert parse_qs(urlsplit(url).query) == {"next": ["/services/123"]}
    payload = _token_payload(url, "/new-password/", settings)
    assert payload["email"] == "jo.reset@example.gov.uk"
    datetime.fromisoformat(payload["created_at"])  # a timestamp the admin compares with password_changed_at


async def test_reset_password_for_an_unknown_email_is_404(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    response = await client.post(
        "/user/reset-password", json={"email": "nobody@example.gov.uk"}, headers=admin_headers(settings)
    )

    assert response.status_code == 404
    assert response.json() == {"result": "error", "message": "No result found"}
    assert await notify_messages(connection, settings, PASSWORD_RESET_TEMPLATE_ID) == []
