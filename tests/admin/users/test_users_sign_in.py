"""Signing in: password checks with the failed-login count, and two-factor codes by text and email."""

from __future__ import annotations

import itertools
import re
import uuid
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.crypto import check_hashed_secret
from notify_api.db.tables.seed_ids import EMAIL_2FA_TEMPLATE_ID, SMS_CODE_TEMPLATE_ID
from notify_api.settings import Settings
from notify_api.signed_links import read_token
from notify_api.timeutils import utc_now
from tests.admin.users.user_helpers import (
    code_rows,
    expire_code,
    insert_code,
    notify_messages,
    set_user,
    user_row,
)
from tests.factories import create_user
from tests.helpers import admin_headers
from tests.task_queue import RecordingTaskQueue

# --- password -------------------------------------------------------------------------------------------


async def test_right_password_is_204_and_resets_the_failed_count(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    user = await create_user(connection, password="right one")
    await set_user(connection, user.id, failed_login_count=3)

    response = await client.post(
        f"/user/{user.id}/verify/password", json={"password": "right one"}, headers=admin_headers(settings)
    )

    assert response.status_code == 204
    assert (await user_row(connection, user.id)).failed_login_count == 0


async def test_wrong_password_is_400_and_counted(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    user = await create_user(connection, password="right one")

    for _ in range(2):
        response = await client.post(
            f"/user/{user.id}/verify/password", json={"password": "wrong"}, headers=admin_headers(settings)
        )

    assert response.status_code == 400
    assert response.json() == {"result": "error", "message": {"password": ["Incorrect password"]}}
    assert (await user_row(connection, user.id)).failed_login_count == 2


async def test_a_locked_account_fails_even_with_the_right_password(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    user = await create_user(connection, password="right one")
    await set_user(connection, user.id, failed_login_count=10)

    response = await client.post(
        f"/user/{user.id}/verify/password", json={"password": "right one"}, headers=admin_headers(settings)
    )

    assert response.status_code == 400
    assert response.json()["message"] == {"password": ["Incorrect password"]}
    assert (await user_row(connection, user.id)).failed_login_count == 11


async def test_verify_password_needs_a_password(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    user = await create_user(connection)

    response = await client.post(f"/user/{user.id}/verify/password", json={}, headers=admin_headers(settings))

    assert response.status_code == 400
    assert response.json()["message"] == {"password": ["Required field missing data"]}


# --- sending codes --------------------------------------------------------------------------------------


async def test_sms_code_creates_a_notify_text_and_queues_it_for_delivery(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection, task_queue: RecordingTaskQueue
) -> None:
    user = await create_user(connection, mobile_number="+447700900986")

    response = await client.post(f"/user/{user.id}/sms-code", json={}, headers=admin_headers(settings))

    assert response.status_code == 204
    sent = await notify_messages(connection, settings, SMS_CODE_TEMPLATE_ID)
    assert len(sent) == 1
    message = sent[0]
    assert (message.to, message.notification_type, message.key_type) == ("+447700900986", "sms", "normal")
    assert message.reply_to_text == "GOVUK"
    code = message.personalisation["verify_code"]
    assert re.fullmatch(r"[0-9]{5}", code)
    assert all(first != second for first, second in itertools.pairwise(code))
    assert task_queue.messages == [("deliver_sms", "notify-internal-tasks", (str(message.id),))]
    [stored] = await code_rows(connection, user.id)
    assert stored._code != code
    assert check_hashed_secret(code, stored._code)
    assert stored.code_type == "sms"
    assert stored.code_used is False
    lifetime = stored.expiry_datetime - utc_now()
    assert timedelta(minutes=29) < lifetime <= timedelta(minutes=30)


async def test_sms_code_to_another_number_abroad_uses_the_numeric_sender(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    user = await create_user(connection)

    await client.post(
        f"/user/{user.id}/sms-code", json={"to": "+33 6 12 34 56 78"}, headers=admin_headers(settings)
    )

    [message] = await notify_messages(connection, settings, SMS_CODE_TEMPLATE_ID)
    assert message.to == "+33 6 12 34 56 78"
    assert message.reply_to_text == "07984404008"


async def test_no_new_code_while_five_are_live_and_unused(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection, task_queue: RecordingTaskQueue
) -> None:
    user = await create_user(connection)
    for number in range(5):
        await insert_code(connection, user.id, f"1234{number}")
    # used and expired codes do not count towards the limit
    await insert_code(connection, user.id, "55555", used=True)

    response = await client.post(f"/user/{user.id}/sms-code", json={}, headers=admin_headers(settings))

    assert response.status_code == 204
    assert await notify_messages(connection, settings, SMS_CODE_TEMPLATE_ID) == []
    assert task_queue.messages == []
    assert len(await code_rows(connection, user.id)) == 6


async def test_expired_codes_do_not_block_a_new_one(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    user = await create_user(connection)
    for number in range(5):
        await expire_code(connection, await insert_code(connection, user.id, f"1234{number}"))

    await client.post(f"/user/{user.id}/sms-code", json={}, headers=admin_headers(settings))

    assert len(await notify_messages(connection, settings, SMS_CODE_TEMPLATE_ID)) == 1


async def test_sms_code_refuses_unexpected_fields(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    user = await create_user(connection)

    response = await client.post(
        f"/user/{user.id}/sms-code", json={"too": "x"}, headers=admin_headers(settings)
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["error"] == "ValidationError"


async def test_email_code_sends_a_signed_sign_in_link(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection, task_queue: RecordingTaskQueue
) -> None:
    user = await create_user(connection, name="Jo")

    response = await client.post(
        f"/user/{user.id}/email-code",
        json={"email_auth_link_host": "https://admin.example", "next": "/services/abc"},
        headers=admin_headers(settings),
    )

    assert response.status_code == 204
    [message] = await notify_messages(connection, settings, EMAIL_2FA_TEMPLATE_ID)
    assert message.to == user.email_address
    assert message.reply_to_text == "notify@gov.uk"
    assert message.personalisation["name"] == "Jo"
    url = urlsplit(message.personalisation["url"])
    assert (url.scheme, url.netloc) == ("https", "admin.example")
    assert url.path.startswith("/email-auth/")
    assert parse_qs(url.query) == {"next": ["/services/abc"]}
    payload = read_token(url.path.removeprefix("/email-auth/"), settings.secret_key, max_age_seconds=60)
    assert payload["user_id"] == str(user.id)
    [stored] = await code_rows(connection, user.id)
    assert stored.code_type == "email"
    assert check_hashed_secret(payload["secret_code"], stored._code)
    assert task_queue.messages == [("deliver_email", "notify-internal-tasks", (str(message.id),))]


async def test_email_code_link_defaults_to_the_admin_base_url(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    user = await create_user(connection)

    await client.post(f"/user/{user.id}/email-code", json={}, headers=admin_headers(settings))

    [message] = await notify_messages(connection, settings, EMAIL_2FA_TEMPLATE_ID)
    assert message.personalisation["url"].startswith(f"{settings.admin_base_url}/email-auth/")
    assert "?" not in message.personalisation["url"]


# --- verifying codes ------------------------------------------------------------------------------------


async def _verify(
    client: httpx.AsyncClient, settings: Settings, user_id: uuid.UUID, code: str, code_type: str = "sms"
) -> httpx.Response:
    return await client.post(
        f"/user/{user_id}/verify/code",
        json={"code": code, "code_type": code_type},
        headers=admin_headers(settings),
    )


async def test_right_sms_code_signs_the_user_in(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    user = await create_user(connection)
    await set_user(connection, user.id, failed_login_count=4)
    code_id = await insert_code(connection, user.id, "12345")
    before = utc_now()
    validated_before = (await user_row(connection, user.id)).email_access_validated_at

    response = await _verify(client, settings, user.id, "12345")

    assert response.status_code == 204
    row = await user_row(connection, user.id)
    assert row.failed_login_count == 0
    assert row.current_session_id is not None
    assert row.logged_in_at >= before
    assert row.email_access_validated_at == validated_before  # only an email code proves email access
    [stored] = await code_rows(connection, user.id)
    assert (stored.id, stored.code_used) == (code_id, True)


async def test_right_email_code_also_validates_email_access(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    user = await create_user(connection)
    await insert_code(connection, user.id, "secret-from-link", "email")
    before = utc_now()

    response = await _verify(client, settings, user.id, "secret-from-link", "email")

    assert response.status_code == 204
    assert (await user_row(connection, user.id)).email_access_validated_at >= before


async def test_a_code_works_only_once(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    user = await create_user(connection)
    await insert_code(connection, user.id, "12345")

    first = await _verify(client, settings, user.id, "12345")
    second = await _verify(client, settings, user.id, "12345")

    assert first.status_code == 204
    assert second.status_code == 400
    assert second.json() == {"result": "error", "message": "Code has expired"}
    assert (await user_row(connection, user.id)).failed_login_count == 1


async def test_wrong_code_is_not_found_and_counted(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    user = await create_user(connection)
    await insert_code(connection, user.id, "12345")

    response = await _verify(client, settings, user.id, "54321")

    assert response.status_code == 404
    assert response.json() == {"result": "error", "message": "Code not found"}
    assert (await user_row(connection, user.id)).failed_login_count == 1


async def test_a_code_of_the_other_type_does_not_match(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    user = await create_user(connection)
    await insert_code(connection, user.id, "12345", "email")

    response = await _verify(client, settings, user.id, "12345", "sms")

    assert response.status_code == 404


async def test_expired_code_is_400_and_counted(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    user = await create_user(connection)
    await expire_code(connection, await insert_code(connection, user.id, "12345"))

    response = await _verify(client, settings, user.id, "12345")

    assert response.status_code == 400
    assert response.json() == {"result": "error", "message": "Code has expired"}
    row = await user_row(connection, user.id)
    assert (row.failed_login_count, row.current_session_id) == (1, None)


async def test_after_ten_failures_even_the_right_code_is_not_found(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    user = await create_user(connection)
    await set_user(connection, user.id, failed_login_count=10)
    await insert_code(connection, user.id, "12345")

    response = await _verify(client, settings, user.id, "12345")

    assert response.status_code == 404
    assert response.json() == {"result": "error", "message": "Code not found"}
    row = await user_row(connection, user.id)
    assert (row.failed_login_count, row.current_session_id) == (10, None)
    [stored] = await code_rows(connection, user.id)
    assert stored.code_used is False


async def test_verify_code_needs_code_and_type(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    user = await create_user(connection)

    response = await client.post(
        f"/user/{user.id}/verify/code", json={"code": "1"}, headers=admin_headers(settings)
    )

    assert response.status_code == 400
    assert response.json() == {
        "status_code": 400,
        "errors": [{"error": "ValidationError", "message": "code_type is a required property"}],
    }
