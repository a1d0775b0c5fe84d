"""/user/{id}: update, archive, activate, password and failed-count resets, permissions, orgs and services."""

from __future__ import annotations

import uuid

import bcrypt
import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db import tables as t
from notify_api.db.tables.seed_ids import (
    TEAM_MEMBER_EDIT_EMAIL_TEMPLATE_ID,
    TEAM_MEMBER_EDIT_MOBILE_TEMPLATE_ID,
)
from notify_api.settings import Settings
from notify_api.timeutils import utc_now
from tests.admin.users.user_helpers import notify_messages, parse_password_changed_at, set_user, user_row
from tests.factories import add_user_to_service, create_organisation, create_service, create_user
from tests.helpers import admin_headers

CANNOT_ARCHIVE = (
    "User can’t be removed from a service - check all services have another team member with manage_settings"
)


async def test_update_user_sets_the_given_attributes(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    user = await create_user(connection)

    response = await client.post(
        f"/user/{user.id}",
        json={"name": "New Name", "auth_type": "email_auth", "mobile_number": None},
        headers=admin_headers(settings),
    )

    assert response.status_code == 200
    data = response.json()["data"]
    assert (data["name"], data["auth_type"], data["mobile_number"]) == ("New Name", "email_auth", None)
    row = await user_row(connection, user.id)
    assert (row.name, row.auth_type, row.mobile_number) == ("New Name", "email_auth", None)


async def test_update_user_refuses_unknown_attributes(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    user = await create_user(connection)

    response = await client.post(
        f"/user/{user.id}", json={"platform_admin": True, "name": "x"}, headers=admin_headers(settings)
    )

    assert response.status_code == 400
    assert response.json() == {
        "result": "error",
        "message": {"_schema": ["Unknown field name platform_admin"]},
    }
    assert (await user_row(connection, user.id)).platform_admin is False


async def test_update_removing_mobile_of_sms_auth_user_breaks_the_constraint(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    user = await create_user(connection, auth_type="sms_auth")

    response = await client.post(
        f"/user/{user.id}", json={"mobile_number": None}, headers=admin_headers(settings)
    )

    assert response.status_code == 400
    assert response.json() == {
        "result": "error",
        "message": "Mobile number must be set if auth_type is set to sms_auth",
    }
    assert (await user_row(connection, user.id)).mobile_number == user.mobile_number


async def test_update_email_by_a_team_manager_tells_the_user(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection, task_queue: object
) -> None:
    user = await create_user(connection, name="Member")
    manager = await create_user(connection, name="Manager")

    response = await client.post(
        f"/user/{user.id}",
        json={"email_address": "new.address@example.gov.uk", "updated_by": str(manager.id)},
        headers=admin_headers(settings),
    )

    assert response.status_code == 200
    sent = await notify_messages(connection, settings, TEAM_MEMBER_EDIT_EMAIL_TEMPLATE_ID)
    assert len(sent) == 1
    assert sent[0].to == "new.address@example.gov.uk"
    assert sent[0].reply_to_text == "notify@gov.uk"
    assert sent[0].personalisation == {
        "name": "Member",
        "servicemanagername": "Manager",
        "email address": "new.address@example.gov.uk",
    }
    assert await notify_messages(connection, settings, TEAM_MEMBER_EDIT_MOBILE_TEMPLATE_ID) == []


async def test_update_mobile_by_a_team_manager_texts_the_new_number(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    user = await create_user(connection, name="Member")
    manager = await create_user(connection, name="Manager")

    await client.post(
        f"/user/{user.id}",
        json={"mobile_number": "07700900111", "updated_by": str(manager.id)},
        headers=admin_headers(settings),
    )

    sent = await notify_messages(connection, settings, TEAM_MEMBER_EDIT_MOBILE_TEMPLATE_ID)
    assert [(message.to, message.reply_to_text) for message in sent] == [("07700900111", "GOVUK")]
    assert sent[0].personalisation["servicemanagername"] == "Manager"


async def test_update_without_updated_by_sends_nothing(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    user = await create_user(connection)

    await client.post(
        f"/user/{user.id}", json={"email_address": "quiet@example.gov.uk"}, headers=admin_headers(settings)
    )

    assert await notify_messages(connection, settings, TEAM_MEMBER_EDIT_EMAIL_TEMPLATE_ID) == []
    assert (await user_row(connection, user.id)).email_address == "quiet@example.gov.uk"


async def test_archive_is_refused_while_a_service_has_no_other_manager(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    user = await create_user(connection)
    service = await create_service(connection, user_id=user.id)
    other = await create_user(connection)
    await add_user_to_service(connection, other.id, service.id, permissions=["view_activity"])
    inactive_manager = await create_user(connection, state="inactive")
    await add_user_to_service(connection, inactive_manager.id, service.id)

    response = await client.post(f"/user/{user.id}/archive", headers=admin_headers(settings))

    assert response.status_code == 400
    assert response.json() == {"result": "error", "message": CANNOT_ARCHIVE}
    assert (await user_row(connection, user.id)).state == "active"


async def test_archive_removes_the_user_from_everything_and_locks_the_account(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    user = await create_user(connection, email_address="leaving@example.gov.uk")
    service = await create_service(connection, user_id=user.id)
    manager = await create_user(connection)
    await add_user_to_service(connection, manager.id, service.id, permissions=["manage_settings"])
    # an inactive service needs no other manager
    await create_service(connection, user_id=user.id, active=False)
    organisation_id = await create_organisation(connection)
    await connection.execute(
        t.user_to_organisation.insert().values(user_id=user.id, organisation_id=organisation_id)
    )

    response = await client.post(f"/user/{user.id}/archive", headers=admin_headers(settings))

    assert response.status_code == 204
    row = await user_row(connection, user.id)
    assert row.state == "inactive"
    assert row.email_address.startswith("_archived_")
    assert row.email_address.endswith("_leaving@example.gov.uk")
    assert row.mobile_number is None
    assert row.auth_type == "email_auth"
    assert row.current_session_id == uuid.UUID(int=0)
    assert not bcrypt.checkpw(user.password.encode(), row._password.encode())
    for table in (t.permissions, t.user_to_service, t.user_to_organisation):
        remaining = await connection.execute(select(table).where(table.c.user_id == user.id))
        assert remaining.all() == []


async def test_activate_user(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    user = await create_user(connection, state="pending")

    first = await client.post(f"/user/{user.id}/activate", headers=admin_headers(settings))
    second = await client.post(f"/user/{user.id}/activate", headers=admin_headers(settings))

    assert first.status_code == 200
    assert first.json()["data"]["state"] == "active"
    assert second.status_code == 400
    assert second.json() == {"result": "error", "message": "User already active"}


async def test_reset_failed_login_count(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    user = await create_user(connection)
    await set_user(connection, user.id, failed_login_count=7)

    response = await client.post(f"/user/{user.id}/reset-failed-login-count", headers=admin_headers(settings))

    assert response.status_code == 200
    assert response.json()["data"]["failed_login_count"] == 0
    assert (await user_row(connection, user.id)).failed_login_count == 0


async def test_update_password_hashes_it_and_records_when(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    user = await create_user(connection)
    before = utc_now()

    response = await client.post(
        f"/user/{user.id}/update-password",
        json={"_password": "a new password"},
        headers=admin_headers(settings),
    )

    assert response.status_code == 200
    assert parse_password_changed_at(response.json()["data"]["password_changed_at"]) >= before
    row = await user_row(connection, user.id)
    assert row._password != "a new password"
    assert bcrypt.checkpw(b"a new password", row._password.encode())


async def test_update_password_needs_the_password(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    user = await create_user(connection)

    response = await client.post(f"/user/{user.id}/update-password", json={}, headers=admin_headers(settings))

    assert response.status_code == 400
    assert response.json()["message"] == {"_password": ["Missing data for required field."]}


async def _folder(connection: AsyncConnection, service_id: uuid.UUID) -> uuid.UUID:
    folder_id = uuid.uuid4()
    await connection.execute(t.template_folder.insert().values(id=folder_id, service_id=service_id, name="f"))
    return folder_id


async def test_set_permissions_replaces_permissions_and_folders(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    user = await create_user(connection)
    service = await create_service(connection, user_id=user.id)
    kept_folder, old_folder = await _folder(connection, service.id), await _folder(connection, service.id)
    other_service_folder = await _folder(connection, (await create_service(connection)).id)
    await connection.execute(
        t.user_folder_permissions.insert().values(
            user_id=user.id, service_id=service.id, template_folder_id=old_folder
        )
    )

    response = await client.post(
        f"/user/{user.id}/service/{service.id}/permission",
        json={
            "permissions": [{"permission": "send_emails"}, {"permission": "view_activity"}],
            "folder_permissions": [str(kept_folder), str(other_service_folder)],
        },
        headers=admin_headers(settings),
    )

    assert response.status_code == 204
    read = await client.get(f"/user/{user.id}", headers=admin_headers(settings))
    assert read.json()["data"]["permissions"] == {str(service.id): ["send_emails", "view_activity"]}
    folders = await connection.execute(
        select(t.user_folder_permissions.c.template_folder_id).where(
            t.user_folder_permissions.c.user_id == user.id
        )
    )
    assert folders.scalars().all() == [kept_folder]


async def test_set_permissions_for_a_service_the_user_is_not_in_is_404(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    user = await create_user(connection)
    service = await create_service(connection)

    response = await client.post(
        f"/user/{user.id}/service/{service.id}/permission",
        json={"permissions": [{"permission": "send_emails"}]},
        headers=admin_headers(settings),
    )

    assert response.status_code == 404
    assert response.json() == {"result": "error", "message": "No result found"}


async def test_set_permissions_refuses_an_unknown_permission(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    user = await create_user(connection)
    service = await create_service(connection, user_id=user.id)

    response = await client.post(
        f"/user/{user.id}/service/{service.id}/permission",
        json={"permissions": [{"permission": "rule_the_world"}]},
        headers=admin_headers(settings),
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["error"] == "ValidationError"


async def test_organisations_and_services(
    client: httpx.AsyncClient, settings: Settings, connection: AsyncConnection
) -> None:
    user = await create_user(connection)
    organisation_id = await create_organisation(connection, name="Org A")
    closed_organisation_id = await create_organisation(connection, name="Org Closed", active=False)
    for org_id in (organisation_id, closed_organisation_id):
        await connection.execute(
            t.user_to_organisation.insert().values(user_id=user.id, organisation_id=org_id)
        )
    live = await create_service(connection, user_id=user.id, name="A live", organisation_id=organisation_id)
    trial = await create_service(connection, user_id=user.id, name="B trial", restricted=True)
    await create_service(
        connection, organisation_id=organisation_id, restricted=False
    )  # live, not the user's
    await create_service(connection, user_id=user.id, active=False)

    response = await client.get(
        f"/user/{user.id}/organisations-and-services", headers=admin_headers(settings)
    )

    assert response.status_code == 200
    assert response.json() == {
        "organisations": [{"name": "Org A", "id": str(organisation_id), "count_of_live_services": 2}],
        "services": [
            {"id": str(live.id), "name": "A live", "restricted": False, "organisation": str(organisation_id)},
            {"id": str(trial.id), "name": "B trial", "restricted": True, "organisation": None},
        ],
    }
