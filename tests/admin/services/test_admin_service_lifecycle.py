"""/service: create, read, list, update, archive, suspend, resume, unique, organisation."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db import tables as t
from notify_api.db.tables.seed_ids import NHS_EMAIL_BRANDING_ID, SERVICE_NOW_LIVE_TEMPLATE_ID
from notify_api.settings import Settings
from tests.factories import (
    create_api_key,
    create_notification,
    create_organisation,
    create_service,
    create_template,
    create_user,
)

DEFAULT_USER_PERMISSIONS = {
    "manage_users", "manage_templates", "manage_settings", "send_texts", "send_emails", "send_letters",
    "manage_api_keys", "view_activity",
}  # fmt: skip


def _body(user_id: uuid.UUID, **overrides: Any) -> dict[str, Any]:
    name = f"My service {uuid.uuid4().hex[:8]}"
    body: dict[str, Any] = {
        "user_id": str(user_id),
        "name": name,
        "message_limit": 1000,
        "restricted": True,
        "email_from": name.lower().replace(" ", "."),
        "created_by": str(user_id),
    }
    body.update(overrides)
    return body


async def _history_versions(connection: AsyncConnection, table: Any, row_id: uuid.UUID) -> list[int]:
    query = select(table.c.version).where(table.c.id == row_id).order_by(table.c.version)
    return list((await connection.execute(query)).scalars())


async def test_create_service_sets_up_everything_a_new_service_needs(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str], settings: Settings
) -> None:
    organisation_id = await create_organisation(
        connection, organisation_type="local", crown=False, domains=["example-council.gov.uk"]
    )
    user = await create_user(connection, email_address="someone@team.example-council.gov.uk")
    response = await client.post("/service", json=_body(user.id), headers=headers)

    assert response.status_code == 201
    data = response.json()["data"]
    service_id = uuid.UUID(data["id"])
    assert data["organisation"] == str(organisation_id)
    assert data["organisation_type"] == "local"
    assert data["crown"] is False
    assert data["active"] is True and data["research_mode"] is False
    assert sorted(data["permissions"]) == sorted(
        ["sms", "email", "letter", "international_sms", "upload_letters", "international_letters"]
    )
    assert data["created_by"] == str(user.id)
    assert await _history_versions(connection, t.services_history, service_id) == [1]
    senders = (
        await connection.execute(
            select(t.service_sms_senders.c.sms_sender, t.service_sms_senders.c.is_default).where(
                t.service_sms_senders.c.service_id == service_id
            )
        )
    ).all()
    assert [tuple(row) for row in senders] == [(settings.from_number, True)]
    granted = (
        await connection.execute(
            select(t.permissions.c.permission).where(
                t.permissions.c.service_id == service_id, t.permissions.c.user_id == user.id
            )
        )
    ).scalars()
    assert set(granted) == DEFAULT_USER_PERMISSIONS
    allowance = (
        await connection.execute(
            select(t.annual_billing.c.free_sms_fragment_limit).where(
                t.annual_billing.c.service_id == service_id
            )
        )
    ).scalar_one()
    assert allowance == 25_000


async def test_create_service_for_an_nhs_user_without_organisation_gets_nhs_branding(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    user = await create_user(connection, email_address=f"someone-{uuid.uuid4().hex[:6]}@nhs.net")
    response = await client.post("/service", json=_body(user.id), headers=headers)
    assert response.status_code == 201
    assert response.json()["data"]["email_branding"] == str(NHS_EMAIL_BRANDING_ID)


async def test_create_service_with_a_taken_name_is_a_400(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    existing = await create_service(connection)
    user = await create_user(connection)
    response = await client.post("/service", json=_body(user.id, name=existing.name), headers=headers)
    assert response.status_code == 400
    assert response.json() == {
        "result": "error",
        "message": {"name": [f"Duplicate service name '{existing.name}'"]},
    }


async def test_create_service_reports_missing_fields(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    missing_user = await client.post("/service", json={"name": "x"}, headers=headers)
    assert missing_user.json()["message"] == {"user_id": ["Missing data for required field."]}
    user = await create_user(connection)
    body = _body(user.id)
    del body["message_limit"]
    response = await client.post("/service", json=body, headers=headers)
    assert response.status_code == 400
    assert response.json()["message"] == {"message_limit": ["Missing data for required field."]}


async def test_get_and_list_services(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    user = await create_user(connection)
    mine = await create_service(connection, user_id=user.id)
    inactive = await create_service(connection, user_id=user.id, active=False)
    await create_service(connection)

    one = await client.get(f"/service/{mine.id}", headers=headers)
    assert one.status_code == 200
    assert one.json()["data"]["name"] == mine.name
    assert one.json()["data"]["email_from"] == mine.email_from

    by_user = await client.get("/service", params={"user_id": str(user.id)}, headers=headers)
    assert [item["id"] for item in by_user.json()["data"]] == [str(mine.id), str(inactive.id)]
    active_only = await client.get(
        "/service", params={"user_id": str(user.id), "only_active": "True"}, headers=headers
    )
    assert [item["id"] for item in active_only.json()["data"]] == [str(mine.id)]

    missing = await client.get(f"/service/{uuid.uuid4()}", headers=headers)
    assert missing.status_code == 404
    assert missing.json() == {"result": "error", "message": "No result found"}


async def test_detailed_service_counts_todays_notifications(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    service = await create_service(connection)
    template = await create_template(connection, service.id)
    await create_notification(connection, template, status="delivered")
    await create_notification(connection, template, status="permanent-failure")
    await create_notification(connection, template, status="created", key_type="test")

    detailed = await client.get(f"/service/{service.id}", params={"detailed": "True"}, headers=headers)
    assert detailed.json()["data"]["statistics"]["sms"] == {"requested": 2, "delivered": 1, "failed": 1}
    assert detailed.json()["data"]["statistics"]["email"] == {"requested": 0, "delivered": 0, "failed": 0}

    listing = await client.get("/service", params={"detailed": "True"}, headers=headers)
    row = next(item for item in listing.json()["data"] if item["id"] == str(service.id))
    assert row["statistics"]["sms"] == {"requested": 3, "delivered": 1, "failed": 1}  # test keys included


async def test_update_merges_and_writes_a_new_history_version(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    service = await create_service(connection)
    response = await client.post(
        f"/service/{service.id}",
        json={"message_limit": 50, "permissions": ["email", "sms"], "created_by": str(service.created_by_id)},
        headers=headers,
    )
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["message_limit"] == 50
    assert data["name"] == service.name
    assert sorted(data["permissions"]) == ["email", "sms"]
    assert await _history_versions(connection, t.services_history, service.id) == [1, 2]


async def test_update_rejects_unknown_permissions_and_taken_names(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    service = await create_service(connection)
    other = await create_service(connection)
    bad = await client.post(f"/service/{service.id}", json={"permissions": ["nope"]}, headers=headers)
    assert bad.status_code == 400
    assert bad.json()["message"] == {"permissions": ["Invalid Service Permission: 'nope'"]}
    taken = await client.post(f"/service/{service.id}", json={"name": other.name}, headers=headers)
    assert taken.status_code == 400
    assert taken.json()["message"] == {"name": [f"Duplicate service name '{other.name}'"]}


async def test_going_live_emails_the_team(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str], task_queue: Any
) -> None:
    user = await create_user(connection, name="Ada")
    service = await create_service(connection, user_id=user.id, restricted=True, message_limit=250000)
    response = await client.post(f"/service/{service.id}", json={"restricted": False}, headers=headers)
    assert response.status_code == 200
    assert response.json()["data"]["restricted"] is False

    sent = (
        await connection.execute(
            select(t.notifications.c.to, t.notifications.c.id).where(
                t.notifications.c.template_id == SERVICE_NOW_LIVE_TEMPLATE_ID
            )
        )
    ).all()
    assert [row.to for row in sent] == [user.email_address]
    assert ("deliver_email", "notify-internal-tasks", (str(sent[0].id),)) in task_queue.messages


async def test_archive_renames_deactivates_and_revokes_everything_with_history(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    service = await create_service(connection)
    template = await create_template(connection, service.id)
    key = await create_api_key(connection, service.id)

    response = await client.post(f"/service/{service.id}/archive", headers=headers)
    assert response.status_code == 204

    row = (await connection.execute(select(t.services).where(t.services.c.id == service.id))).one()
    assert row.active is False
    assert row.name.startswith("_archived_") and row.name.endswith(f"_{service.name}")
    assert row.email_from.startswith("_archived_") and row.email_from.endswith(f"_{service.email_from}")
    assert await _history_versions(connection, t.services_history, service.id) == [1, 2]
    archived = (
        await connection.execute(select(t.templates.c.archived).where(t.templates.c.id == template.id))
    ).scalar_one()
    assert archived is True
    assert await _history_versions(connection, t.templates_history, template.id) == [1, 2]
    expiry = (
        await connection.execute(select(t.api_keys.c.expiry_date).where(t.api_keys.c.id == key.id))
    ).scalar_one()
    assert expiry is not None
    assert await _history_versions(connection, t.api_keys_history, key.id) == [1, 2]

    again = await client.post(f"/service/{service.id}/archive", headers=headers)
    assert again.status_code == 204
    assert await _history_versions(connection, t.services_history, service.id) == [1, 2]


async def test_suspend_revokes_keys_and_resume_reactivates(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str], runtime: Any
) -> None:
    service = await create_service(connection)
    key = await create_api_key(connection, service.id)
    assert (await client.post(f"/service/{service.id}/suspend", headers=headers)).status_code == 204
    cached, keys = await runtime.auth_cache.get(service.id)
    assert cached.active is False
    assert [loaded.revoked for loaded in keys if loaded.id == key.id] == [True]

    assert (await client.post(f"/service/{service.id}/resume", headers=headers)).status_code == 204
    cached, _ = await runtime.auth_cache.get(service.id)
    assert cached.active is True
    assert await _history_versions(connection, t.services_history, service.id) == [1, 2, 3]


async def test_unique_checks_name_and_email_from(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    service = await create_service(connection)
    other_id = str(uuid.uuid4())
    taken = await client.get(
        "/service/unique",
        params={"service_id": other_id, "name": service.name, "email_from": "fresh.address"},
        headers=headers,
    )
    assert taken.json() == {"result": False}
    free = await client.get(
        "/service/unique",
        params={"service_id": other_id, "name": "A brand new name", "email_from": "fresh.address"},
        headers=headers,
    )
    assert free.json() == {"result": True}
    own = await client.get(
        "/service/unique",
        params={"service_id": str(service.id), "name": service.name, "email_from": service.email_from},
        headers=headers,
    )
    assert own.json() == {"result": True}
    empty = await client.get("/service/unique", params={"name": "x"}, headers=headers)
    assert empty.status_code == 400
    assert empty.json()["message"] == {"service_id": ["Can't be empty"], "email_from": ["Can't be empty"]}


async def test_service_organisation_is_the_organisation_or_empty(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    organisation_id = await create_organisation(connection, name="Org of tests", domains=["tests.gov.uk"])
    linked = await create_service(connection, organisation_id=organisation_id)
    alone = await create_service(connection)
    found = await client.get(f"/service/{linked.id}/organisation", headers=headers)
    assert found.json()["id"] == str(organisation_id)
    assert found.json()["name"] == "Org of tests"
    assert found.json()["domains"] == ["tests.gov.uk"]
    assert found.json()["count_of_live_services"] == 1
    assert (await client.get(f"/service/{alone.id}/organisation", headers=headers)).json() == {}


async def test_limits_and_volumes_must_be_counts_the_database_can_hold(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    service = await create_service(connection)
    for field, value in (
        ("rate_limit", -1),
        ("message_limit", -5),
        ("volume_sms", 2**31),
        ("rate_limit", 2**40),
    ):
        response = await client.post(f"/service/{service.id}", json={field: value}, headers=headers)
        assert response.status_code == 400, (field, value)
        assert field in response.json()["message"]
    unchanged = await client.get(f"/service/{service.id}", headers=headers)
    assert unchanged.json()["data"]["rate_limit"] == 3000
    assert (
        await client.post(f"/service/{service.id}", json={"rate_limit": 0}, headers=headers)
    ).status_code == 200
