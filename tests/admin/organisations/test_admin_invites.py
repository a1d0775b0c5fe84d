from __future__ import annotations

import time
import uuid

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db import tables as t
from notify_api.db.tables.seed_ids import (
    INVITATION_EMAIL_TEMPLATE_ID,
    ORGANISATION_INVITATION_EMAIL_TEMPLATE_ID,
)
from notify_api.invites.operations import ORGANISATION_PURPOSE, SERVICE_PURPOSE
from notify_api.settings import Settings
from notify_api.signed_links import sign_token
from tests.factories import create_organisation, create_service, create_user, default_encryption
from tests.helpers import admin_headers
from tests.task_queue import RecordingTaskQueue

EXPIRED = {
    "invitation": "Your invitation to GOV.UK Notify has expired. "
    "Please ask the person that invited you to send you another one"
}
BROKEN = {"invitation": "Something’s wrong with this link. Make sure you’ve copied the whole thing."}
THREE_DAYS = 3 * 24 * 60 * 60


async def _notify_emails(
    connection: AsyncConnection, template_id: uuid.UUID
) -> list[tuple[str, str, dict[str, str]]]:
    rows = await connection.execute(
        select(
            t.notifications.c.to, t.notifications.c.reply_to_text, t.notifications.c._personalisation
        ).where(t.notifications.c.template_id == template_id)
    )
    return [
        (row.to, row.reply_to_text, default_encryption().decrypt_json(row._personalisation)) for row in rows
    ]


async def test_service_invite_saves_and_emails_a_link(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings, task_queue: RecordingTaskQueue
) -> None:
    inviter = await create_user(connection, name="Inviter")
    service = await create_service(connection, user_id=inviter.id, name="Invited Service")
    response = await client.post(
        f"/service/{service.id}/invite",
        json={
            "service": str(service.id),
            "email_address": "new.person@example.gov.uk",
            "from_user": str(inviter.id),
            "permissions": "send_messages,manage_service",
            "auth_type": "email_auth",
            "folder_permissions": [],
            "invite_link_host": "https://admin.example",
        },
        headers=admin_headers(settings),
    )
    assert response.status_code == 201
    invite = response.json()["data"]
    assert invite["status"] == "pending"
    assert invite["permissions"] == "send_messages,manage_service"
    assert invite["from_user"] == str(inviter.id)

    [(to, reply_to, personalisation)] = await _notify_emails(connection, INVITATION_EMAIL_TEMPLATE_ID)
    assert to == "new.person@example.gov.uk"
    assert reply_to == inviter.email_address
    assert personalisation["user_name"] == "Inviter"
    assert personalisation["service_name"] == "Invited Service"
    prefix = "https://admin.example/invitation/"
    assert personalisation["url"].startswith(prefix)
    assert len(task_queue.messages) == 1

    token = personalisation["url"][len(prefix) :]
    for path in (
        f"/invite/service/{token}",
        f"/invite/service/check/{token}",
        f"/invite/service/{invite['id']}",
    ):
        checked = await client.get(path, headers=admin_headers(settings))
        assert checked.status_code == 200
        assert checked.json()["data"]["id"] == invite["id"]


async def test_service_invite_validates_the_email_address(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    service = await create_service(connection)
    response = await client.post(
        f"/service/{service.id}/invite",
        json={"email_address": "not an email", "from_user": str(service.created_by_id)},
        headers=admin_headers(settings),
    )
    assert response.status_code == 400
    assert response.json()["message"] == {"email_address": ["Not a valid email address"]}


async def test_expired_and_broken_invitation_links(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    invite_id = str(uuid.uuid4())
    old = sign_token(invite_id, settings.secret_key, salt=SERVICE_PURPOSE, now=time.time() - THREE_DAYS)
    expired = await client.get(f"/invite/service/{old}", headers=admin_headers(settings))
    assert expired.status_code == 400
    assert expired.json() == {"result": "error", "message": EXPIRED}

    fresh = sign_token(invite_id, settings.secret_key, salt=SERVICE_PURPOSE)
    for broken in (fresh[:-3], "rubbish", sign_token(invite_id, "another key", salt=SERVICE_PURPOSE)):
        response = await client.get(f"/invite/service/check/{broken}", headers=admin_headers(settings))
        assert response.status_code == 400
        assert response.json()["message"] == BROKEN
    org_token_for_service = sign_token(invite_id, settings.secret_key, salt=ORGANISATION_PURPOSE)
    wrong_kind = await client.get(f"/invite/service/{org_token_for_service}", headers=admin_headers(settings))
    assert wrong_kind.json()["message"] == BROKEN


async def test_update_service_invite_status(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    service = await create_service(connection)
    created = await client.post(
        f"/service/{service.id}/invite",
        json={
            "email_address": "someone@example.gov.uk",
            "from_user": str(service.created_by_id),
            "permissions": "",
        },
        headers=admin_headers(settings),
    )
    invite_id = created.json()["data"]["id"]
    url = f"/service/{service.id}/invite/{invite_id}"
    updated = await client.post(url, json={"status": "cancelled"}, headers=admin_headers(settings))
    assert updated.json()["data"]["status"] == "cancelled"
    listed = await client.get(f"/service/{service.id}/invite", headers=admin_headers(settings))
    assert [(i["id"], i["status"]) for i in listed.json()["data"]] == [(invite_id, "cancelled")]
    bad = await client.post(url, json={"status": "lost"}, headers=admin_headers(settings))
    assert bad.status_code == 400


async def test_organisation_invite_from_a_platform_admin(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    admin = await create_user(connection, name="Admin Person", platform_admin=True)
    organisation_id = await create_organisation(connection, name="Invite Org")
    response = await client.post(
        f"/organisation/{organisation_id}/invite",
        json={"email_address": "member@example.gov.uk", "invited_by": str(admin.id)},
        headers=admin_headers(settings),
    )
    assert response.status_code == 201
    invite = response.json()["data"]
    assert invite["organisation"] == str(organisation_id)
    assert invite["invited_by"] == str(admin.id)

    [(to, reply_to, personalisation)] = await _notify_emails(
        connection, ORGANISATION_INVITATION_EMAIL_TEMPLATE_ID
    )
    assert to == "member@example.gov.uk"
    assert reply_to == admin.email_address
    assert personalisation["user_name"] == "The GOV.UK Notify team"
    assert personalisation["organisation_name"] == "Invite Org"
    prefix = f"{settings.admin_base_url}/organisation-invitation/"
    assert personalisation["url"].startswith(prefix)
    token = personalisation["url"][len(prefix) :]

    checked = await client.get(f"/invite/organisation/check/{token}", headers=admin_headers(settings))
    assert checked.json()["data"]["id"] == invite["id"]
    by_id = await client.get(f"/invite/organisation/{invite['id']}", headers=admin_headers(settings))
    assert by_id.json()["data"]["email_address"] == "member@example.gov.uk"
    updated = await client.post(
        f"/organisation/{organisation_id}/invite/{invite['id']}",
        json={"status": "accepted"},
        headers=admin_headers(settings),
    )
    assert updated.json()["data"]["status"] == "accepted"
    old = sign_token(
        invite["id"], settings.secret_key, salt=ORGANISATION_PURPOSE, now=time.time() - THREE_DAYS
    )
    expired = await client.get(f"/invite/organisation/{old}", headers=admin_headers(settings))
    assert expired.json()["message"] == EXPIRED
