"""/user: create, read, look up by email, search, and the admin auth that guards it all."""

from __future__ import annotations

import time
import uuid
from datetime import datetime

import bcrypt
import httpx
import jwt
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db import tables as t
from notify_api.settings import Settings
from notify_api.timeutils import utc_now
from tests.admin.users.user_helpers import parse_password_changed_at, user_row
from tests.factories import add_user_to_service, create_organisation, create_service, create_user
from tests.helpers import admin_headers

NEW_USER = {
    "name": "Jo Bloggs",
    "email_address": "jo.bloggs@digital.cabinet-office.gov.uk",
    "mobile_number": "+447700900986",
    "password": "correct horse battery staple",
}


async def test_create_user_returns_201_with_the_serialized_user(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    before = utc_now()
    response = await client.post("/user", json=NEW_USER, headers=admin_headers(settings))

    assert response.status_code == 201
    data = response.json()["data"]
    assert set(data) == {
        "id", "name", "email_address", "auth_type", "current_session_id", "failed_login_count",
        "email_access_validated_at", "logged_in_at", "mobile_number", "organisations", "password_changed_at",
        "permissions", "platform_admin", "services", "can_use_webauthn", "state",
    }  # fmt: skip
    assert data["name"] == "Jo Bloggs"
    assert data["email_address"] == NEW_USER["email_address"]
    assert data["mobile_number"] == "+447700900986"
    assert data["auth_type"] == "sms_auth"
    assert data["state"] == "pending"
    assert data["failed_login_count"] == 0
    assert data["logged_in_at"] is None
    assert data["current_session_id"] is None
    assert (data["services"], data["organisations"], data["permissions"]) == ([], [], {})
    assert data["platform_admin"] is False
    assert data["can_use_webauthn"] is False
    validated = datetime.strptime(data["email_access_validated_at"], "%Y-%m-%dT%H:%M:%S.%fZ")
    assert validated >= before
    assert parse_password_changed_at(data["password_changed_at"]) >= before


async def test_create_user_stores_a_bcrypt_hash_not_the_password(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    response = await client.post("/user", json=NEW_USER, headers=admin_headers(settings))

    row = await user_row(connection, uuid.UUID(response.json()["data"]["id"]))
    assert row._password != NEW_USER["password"]
    assert row._password.startswith("$2b$10$")
    assert bcrypt.checkpw(NEW_USER["password"].encode(), row._password.encode())


async def test_create_user_with_email_auth_needs_no_mobile(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    body = {**NEW_USER, "auth_type": "email_auth"}
    del body["mobile_number"]

    response = await client.post("/user", json=body, headers=admin_headers(settings))

    assert response.status_code == 201
    assert response.json()["data"]["auth_type"] == "email_auth"
    assert response.json()["data"]["mobile_number"] is None


async def test_create_sms_auth_user_without_mobile_is_refused(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    body = {key: value for key, value in NEW_USER.items() if key != "mobile_number"}

    response = await client.post("/user", json=body, headers=admin_headers(settings))

    assert response.status_code == 400
    assert response.json() == {
        "result": "error",
        "message": "Mobile number must be set if auth_type is set to sms_auth",
    }


async def test_create_user_with_an_email_already_in_use_is_refused(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    await create_user(connection, email_address=NEW_USER["email_address"].upper())

    response = await client.post("/user", json=NEW_USER, headers=admin_headers(settings))

    assert response.status_code == 400
    assert response.json() == {
        "result": "error",
        "message": {"email_address": ["Email address is already in use"]},
    }


async def test_create_user_reports_every_missing_field(client: httpx.AsyncClient, settings: Settings) -> None:
    response = await client.post(
        "/user", json={"mobile_number": "+447700900986"}, headers=admin_headers(settings)
    )

    assert response.status_code == 400
    assert response.json()["message"] == {
        "name": ["Missing data for required field."],
        "email_address": ["Missing data for required field."],
        "password": ["Missing data for required field."],
    }


async def test_create_user_checks_the_values(client: httpx.AsyncClient, settings: Settings) -> None:
    body = {**NEW_USER, "name": "", "email_address": "not an email", "mobile_number": "+44 7700 9009"}

    response = await client.post(
        "/user", json={**body, "auth_type": "carrier_pigeon"}, headers=admin_headers(settings)
    )

    assert response.status_code == 400
    assert response.json()["message"] == {
        "name": ["Invalid name"],
        "email_address": ["Not a valid email address"],
        "mobile_number": ["Invalid phone number: Not enough digits"],
        "auth_type": ["Must be one of: sms_auth, email_auth, webauthn_auth."],
    }


async def test_get_user_shows_active_services_organisations_and_permissions(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    user = await create_user(connection)
    active = await create_service(connection, user_id=user.id)
    inactive = await create_service(connection, active=False)
    await add_user_to_service(connection, user.id, inactive.id, permissions=["view_activity"])
    organisation_id = await create_organisation(connection)
    closed_organisation_id = await create_organisation(connection, active=False)
    for org_id in (organisation_id, closed_organisation_id):
        await connection.execute(
            t.user_to_organisation.insert().values(user_id=user.id, organisation_id=org_id)
        )
    session_id = uuid.uuid4()
    logged_in_at = datetime(2022, 1, 20, 9, 30, 15, 123456)
    await connection.execute(
        update(t.users)
        .where(t.users.c.id == user.id)
        .values(
            current_session_id=session_id,
            logged_in_at=logged_in_at,
            password_changed_at=datetime(2021, 12, 1, 8, 0, 0, 5),
        )
    )

    response = await client.get(f"/user/{user.id}", headers=admin_headers(settings))

    assert response.status_code == 200
    data = response.json()["data"]
    assert data["id"] == str(user.id)
    assert data["services"] == [str(active.id)]
    assert data["organisations"] == [str(organisation_id)]
    assert data["permissions"] == {
        str(active.id): [
            "manage_users", "manage_templates", "manage_settings", "send_texts", "send_emails",
            "send_letters", "manage_api_keys", "view_activity",
        ]
    }  # fmt: skip
    assert data["current_session_id"] == str(session_id)
    assert data["logged_in_at"] == "2022-01-20T09:30:15.123456Z"
    assert data["password_changed_at"] == "2021-12-01 08:00:00.000005"


async def test_members_of_the_notify_service_and_platform_admins_can_use_webauthn(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    from notify_api.db.tables.seed_ids import NOTIFY_SERVICE_ID

    team_member = await create_user(connection)
    await add_user_to_service(connection, team_member.id, NOTIFY_SERVICE_ID, permissions=[])
    admin = await create_user(connection, platform_admin=True)
    ordinary = await create_user(connection)

    results = {}
    for user in (team_member, admin, ordinary):
        response = await client.get(f"/user/{user.id}", headers=admin_headers(settings))
        results[user.id] = response.json()["data"]["can_use_webauthn"]

    assert results == {team_member.id: True, admin.id: True, ordinary.id: False}


async def test_get_unknown_user_is_404(client: httpx.AsyncClient, settings: Settings) -> None:
    response = await client.get(f"/user/{uuid.uuid4()}", headers=admin_headers(settings))

    assert response.status_code == 404
    assert response.json() == {"result": "error", "message": "No result found"}


async def test_list_users_returns_every_user(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    first = await create_user(connection)
    second = await create_user(connection)

    response = await client.get("/user", headers=admin_headers(settings))

    assert response.status_code == 200
    listed = {user["id"]: user for user in response.json()["data"]}
    assert {str(first.id), str(second.id)} <= set(listed)
    assert listed[str(second.id)]["email_address"] == second.email_address


async def test_fetch_user_by_email_ignores_case(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    user = await create_user(connection, email_address="Someone.Else@Example.gov.uk")

    posted = await client.post(
        "/user/email", json={"email": "someone.else@example.GOV.uk"}, headers=admin_headers(settings)
    )
    queried = await client.get(
        "/user/email", params={"email": "SOMEONE.ELSE@example.gov.uk"}, headers=admin_headers(settings)
    )

    assert posted.status_code == 200
    assert posted.json()["data"]["id"] == str(user.id)
    assert queried.status_code == 200
    assert queried.json()["data"]["id"] == str(user.id)


async def test_fetch_user_by_email_is_404_when_nobody_has_it(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    posted = await client.post(
        "/user/email", json={"email": "nobody@example.gov.uk"}, headers=admin_headers(settings)
    )
    queried = await client.get(
        "/user/email", params={"email": "nobody@example.gov.uk"}, headers=admin_headers(settings)
    )

    assert (posted.status_code, queried.status_code) == (404, 404)
    assert queried.json() == {"result": "error", "message": "No result found"}


async def test_fetch_user_by_email_needs_an_email(client: httpx.AsyncClient, settings: Settings) -> None:
    posted = await client.post("/user/email", json={}, headers=admin_headers(settings))
    queried = await client.get("/user/email", headers=admin_headers(settings))

    assert posted.status_code == 400
    assert posted.json()["message"] == {"email": ["Missing data for required field."]}
    assert queried.status_code == 400
    assert queried.json()["message"] == "Invalid request. Email query string param required"


async def test_find_users_by_partial_email(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    match = await create_user(connection, email_address="findme.please@example.gov.uk", name="Found")
    await create_user(connection, email_address="other@example.gov.uk")
    await create_user(connection, email_address="find_me@example.gov.uk")  # "_" must not be a wildcard

    response = await client.post(
        "/user/find-users-by-email", json={"email": "ME.PL"}, headers=admin_headers(settings)
    )
    wildcard = await client.post(
        "/user/find-users-by-email", json={"email": "d_m"}, headers=admin_headers(settings)
    )

    assert response.status_code == 200
    assert response.json() == {
        "data": [
            {
                "id": str(match.id),
                "name": "Found",
                "email_address": "findme.please@example.gov.uk",
                "mobile_number": match.mobile_number,
            }
        ]
    }
    assert [user["email_address"] for user in wildcard.json()["data"]] == ["find_me@example.gov.uk"]


async def test_non_uuid_user_id_is_not_a_route(client: httpx.AsyncClient, settings: Settings) -> None:
    response = await client.get("/user/not-a-uuid", headers=admin_headers(settings))

    assert response.status_code == 404


async def test_admin_auth_rejects_a_token_signed_with_another_secret(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    token = jwt.encode(
        {"iss": settings.admin_client_id, "iat": int(time.time())},
        "a-different-secret-of-a-sensible-length",
        "HS256",
    )

    response = await client.get("/user", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 403
    assert response.json() == {"result": "error", "message": {"token": ["Invalid token: API key not found"]}}


async def test_admin_auth_rejects_another_issuer(client: httpx.AsyncClient, settings: Settings) -> None:
    token = jwt.encode({"iss": "someone-else", "iat": int(time.time())}, settings.admin_secrets[0], "HS256")

    response = await client.post("/user", json=NEW_USER, headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 401
    assert response.json() == {
        "result": "error",
        "message": {"token": ["Unauthorized: not allowed to perform this action"]},
    }
