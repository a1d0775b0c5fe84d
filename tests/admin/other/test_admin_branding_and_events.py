from __future__ import annotations

import uuid

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db import tables as t
from notify_api.settings import Settings
from tests.helpers import admin_headers


async def test_email_branding_create_read_update(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    name = f"Brand {uuid.uuid4().hex[:6]}"
    created = await client.post(
        "/email-branding", json={"name": name, "colour": "#ff0000"}, headers=admin_headers(settings)
    )
    assert created.status_code == 201
    branding = created.json()["data"]
    assert branding["text"] == name  # defaults to the name
    assert branding["brand_type"] == "org"
    updated = await client.post(
        f"/email-branding/{branding['id']}", json={"text": "Shown text"}, headers=admin_headers(settings)
    )
    assert updated.status_code == 200
    assert updated.json()["data"]["text"] == "Shown text"
    fetched = await client.get(f"/email-branding/{branding['id']}", headers=admin_headers(settings))
    assert fetched.json()["email_branding"]["colour"] == "#ff0000"
    listed = await client.get("/email-branding", headers=admin_headers(settings))
    assert branding["id"] in {item["id"] for item in listed.json()["email_branding"]}
    duplicate = await client.post("/email-branding", json={"name": name}, headers=admin_headers(settings))
    assert duplicate.status_code == 400


async def test_letter_branding_create_read_update(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    suffix = uuid.uuid4().hex[:6]
    created = await client.post(
        "/letter-branding",
        json={"name": f"Letter {suffix}", "filename": f"file-{suffix}"},
        headers=admin_headers(settings),
    )
    assert created.status_code == 201
    branding = created.json()
    updated = await client.post(
        f"/letter-branding/{branding['id']}",
        json={"name": f"Renamed {suffix}"},
        headers=admin_headers(settings),
    )
    assert updated.json()["name"] == f"Renamed {suffix}"
    fetched = await client.get(f"/letter-branding/{branding['id']}", headers=admin_headers(settings))
    assert fetched.json() == {"id": branding["id"], "name": f"Renamed {suffix}", "filename": f"file-{suffix}"}
    listed = await client.get("/letter-branding", headers=admin_headers(settings))
    assert branding["id"] in {item["id"] for item in listed.json()}
    clash = await client.post(
        "/letter-branding",
        json={"name": f"Other {suffix}", "filename": f"file-{suffix}"},
        headers=admin_headers(settings),
    )
    assert clash.status_code == 400
    assert clash.json()["message"] == {"name": ["Filename already in use"]}
    missing = await client.get(f"/letter-branding/{uuid.uuid4()}", headers=admin_headers(settings))
    assert missing.status_code == 404


async def test_create_event(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    response = await client.post(
        "/events",
        json={"event_type": "sucessful_login", "data": {"user_id": "1234"}},
        headers=admin_headers(settings),
    )
    assert response.status_code == 201
    event = response.json()["data"]
    assert event["event_type"] == "sucessful_login"
    stored = await connection.execute(select(t.events.c.data).where(t.events.c.id == uuid.UUID(event["id"])))
    assert stored.scalar_one() == {"user_id": "1234"}
    invalid = await client.post("/events", json={"event_type": "x"}, headers=admin_headers(settings))
    assert invalid.status_code == 400
    assert invalid.json()["errors"] == [
        {"error": "ValidationError", "message": "data is a required property"}
    ]
