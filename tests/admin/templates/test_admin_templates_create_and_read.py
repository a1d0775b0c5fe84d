from __future__ import annotations

import uuid

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db import tables as t
from notify_api.settings import Settings
from tests.factories import create_letter_contact, create_service, create_template
from tests.helpers import admin_headers


def _create_body(service_id: uuid.UUID, user_id: uuid.UUID, **overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "name": "my template",
        "template_type": "sms",
        "content": "Hello ((name))",
        "service": str(service_id),
        "created_by": str(user_id),
    }
    body.update(overrides)
    return body


async def test_create_sms_template_saves_version_one_with_history(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    service = await create_service(connection)
    response = await client.post(
        f"/service/{service.id}/template",
        json=_create_body(service.id, service.created_by_id),
        headers=admin_headers(settings),
    )
    assert response.status_code == 201
    data = response.json()["data"]
    assert data["name"] == "my template"
    assert data["version"] == 1
    assert data["created_by"] == str(service.created_by_id)
    assert data["redact_personalisation"] is False
    assert data["folder"] is None
    assert data["postage"] is None
    assert data["reply_to_text"] == "testing"
    history = (
        (
            await connection.execute(
                select(t.templates_history.c.version).where(t.templates_history.c.id == uuid.UUID(data["id"]))
            )
        )
        .scalars()
        .all()
    )
    assert history == [1]


async def test_create_without_the_type_permission_is_forbidden(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    service = await create_service(connection, permissions=["email"])
    response = await client.post(
        f"/service/{service.id}/template",
        json=_create_body(service.id, service.created_by_id),
        headers=admin_headers(settings),
    )
    assert response.status_code == 403
    assert response.json() == {
        "result": "error",
        "message": {"template_type": ["Creating text message templates is not allowed"]},
    }


async def test_create_too_long_sms_is_refused(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    service = await create_service(connection)
    response = await client.post(
        f"/service/{service.id}/template",
        json=_create_body(service.id, service.created_by_id, content="a" * 919),
        headers=admin_headers(settings),
    )
    assert response.status_code == 400
    assert response.json()["message"] == {
        "content": ["Content has a character count greater than the limit of 918"]
    }


async def test_create_letter_defaults_to_second_class_and_uses_reply_to(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    service = await create_service(connection)
    contact_id = await create_letter_contact(connection, service.id, contact_block="1 High Street")
    response = await client.post(
        f"/service/{service.id}/template",
        json=_create_body(
            service.id,
            service.created_by_id,
            template_type="letter",
            subject="A letter",
            reply_to=str(contact_id),
        ),
        headers=admin_headers(settings),
    )
    assert response.status_code == 201
    data = response.json()["data"]
    assert data["postage"] == "second"
    assert data["reply_to"] == str(contact_id)
    assert data["reply_to_text"] == "1 High Street"


async def test_create_email_needs_a_subject(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    service = await create_service(connection)
    response = await client.post(
        f"/service/{service.id}/template",
        json=_create_body(service.id, service.created_by_id, template_type="email"),
        headers=admin_headers(settings),
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"error": "ValidationError", "message": "subject is a required property"}
    ]


async def test_create_in_a_folder_and_unknown_folder(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    service = await create_service(connection)
    folder = await client.post(
        f"/service/{service.id}/template-folder",
        json={"name": "folder", "parent_id": None},
        headers=admin_headers(settings),
    )
    folder_id = folder.json()["data"]["id"]
    created = await client.post(
        f"/service/{service.id}/template",
        json=_create_body(service.id, service.created_by_id, parent_folder_id=folder_id),
        headers=admin_headers(settings),
    )
    assert created.json()["data"]["folder"] == folder_id
    unknown = await client.post(
        f"/service/{service.id}/template",
        json=_create_body(service.id, service.created_by_id, parent_folder_id=str(uuid.uuid4())),
        headers=admin_headers(settings),
    )
    assert unknown.status_code == 400
    assert unknown.json()["message"] == "parent_folder_id not found"


async def test_list_templates_excludes_archived_and_has_a_slim_form(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    service = await create_service(connection)
    live = await create_template(connection, service.id, name="b live")
    await create_template(connection, service.id, name="a archived", archived=True)
    detailed = await client.get(f"/service/{service.id}/template", headers=admin_headers(settings))
    assert [item["id"] for item in detailed.json()["data"]] == [str(live.id)]
    assert detailed.json()["data"][0]["content"]
    slim = await client.get(
        f"/service/{service.id}/template", params={"detailed": "False"}, headers=admin_headers(settings)
    )
    assert slim.json()["data"] == [
        {
            "id": str(live.id),
            "name": "b live",
            "template_type": "sms",
            "folder": None,
            "is_precompiled_letter": False,
        }
    ]


async def test_get_template_and_a_missing_one(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    service = await create_service(connection)
    template = await create_template(connection, service.id)
    found = await client.get(f"/service/{service.id}/template/{template.id}", headers=admin_headers(settings))
    assert found.status_code == 200
    assert found.json()["data"]["id"] == str(template.id)
    other_service = await create_service(connection)
    missing = await client.get(
        f"/service/{other_service.id}/template/{template.id}", headers=admin_headers(settings)
    )
    assert missing.status_code == 404
    assert missing.json() == {"result": "error", "message": "No result found"}


async def test_preview_fills_values_and_reports_missing_ones(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    service = await create_service(connection)
    template = await create_template(
        connection, service.id, template_type="email", subject="Hi ((name))", content="((greeting)) ((place))"
    )
    url = f"/service/{service.id}/template/{template.id}/preview"
    missing = await client.get(url, params={"place": "here"}, headers=admin_headers(settings))
    assert missing.status_code == 400
    assert missing.json()["message"] == {"template": ["Missing personalisation: name, greeting"]}
    ok = await client.get(
        url, params={"name": "Jo", "greeting": "Hello", "place": "there"}, headers=admin_headers(settings)
    )
    assert ok.status_code == 200
    assert ok.json()["subject"] == "Hi Jo"
    assert "Hello there" in ok.json()["content"]


async def test_created_by_must_be_a_user(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    service = await create_service(connection)
    response = await client.post(
        f"/service/{service.id}/template",
        json=_create_body(service.id, uuid.uuid4()),
        headers=admin_headers(settings),
    )
    assert response.status_code == 400
