"""Per-channel daily limits (sms_message_limit, email_message_limit, letter_message_limit), as the current
Notify has them; a channel without its own limit counts against the total message_limit."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db import tables as t
from notify_api.settings import Settings
from tests.factories import create_api_key, create_service, create_template
from tests.helpers import admin_headers, service_headers


async def limited_service(connection: AsyncConnection, *, message_limit: int, **channel: int) -> Any:
    service = await create_service(connection, message_limit=message_limit)
    if channel:
        for table in (t.services, t.services_history):
            await connection.execute(update(table).where(table.c.id == service.id).values(**channel))
    sms = await create_template(connection, service.id, content="Code ((code))")
    email = await create_template(connection, service.id, template_type="email", subject="Hi", content="Hi")
    key = await create_api_key(connection, service.id)
    return service, sms, email, service_headers(service.id, key.secret)


def sms_body(template: Any) -> dict[str, Any]:
    return {"phone_number": "07700900123", "template_id": str(template.id), "personalisation": {"code": "1"}}


def email_body(template: Any) -> dict[str, Any]:
    return {"email_address": "someone@example.gov.uk", "template_id": str(template.id)}


async def test_a_channel_limit_stops_its_channel_with_the_current_notify_message(
    client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    _, sms, email, auth = await limited_service(connection, message_limit=10, sms_message_limit=1)
    first = await client.post("/v2/notifications/sms", json=sms_body(sms), headers=auth)
    second = await client.post("/v2/notifications/sms", json=sms_body(sms), headers=auth)
    # Email has no limit of its own: it counts against the total of 10, of which one text used one.
    emails = [
        await client.post("/v2/notifications/email", json=email_body(email), headers=auth) for _ in range(3)
    ]

    assert first.status_code == 201
    assert second.status_code == 429
    assert second.json()["errors"] == [
        {"error": "TooManyRequestsError", "message": "Exceeded send limits (sms: 1) for today"}
    ]
    assert [response.status_code for response in emails] == [201, 201, 201]


async def test_without_channel_limits_the_total_limit_keeps_its_original_message(
    client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    _, sms, email, auth = await limited_service(connection, message_limit=1)
    first = await client.post("/v2/notifications/sms", json=sms_body(sms), headers=auth)
    other = await client.post("/v2/notifications/email", json=email_body(email), headers=auth)
    assert first.status_code == 201
    assert other.status_code == 429
    assert other.json()["errors"][0]["message"] == "Exceeded send limits (1) for today"


async def test_a_refused_send_is_given_back_to_its_channel(
    client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    _, sms, _, auth = await limited_service(connection, message_limit=10, sms_message_limit=1)
    bad = await client.post(
        "/v2/notifications/sms", json={**sms_body(sms), "phone_number": "not a number"}, headers=auth
    )
    good = await client.post("/v2/notifications/sms", json=sms_body(sms), headers=auth)
    assert bad.status_code == 400 and good.status_code == 201


async def test_a_bulk_job_over_its_channel_limit_is_refused(
    client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    _, sms, _, auth = await limited_service(connection, message_limit=100, sms_message_limit=2)
    rows = [["phone number", "code"], *(["07700900123", str(n)] for n in range(3))]
    response = await client.post(
        "/v2/notifications/bulk", json={"name": "n", "template_id": str(sms.id), "rows": rows}, headers=auth
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == (
        "You only have 2 remaining messages before you reach your daily limit. "
        "You've tried to send 3 messages."
    )


async def test_the_admin_api_reads_updates_and_versions_channel_limits(
    client: httpx.AsyncClient, connection: AsyncConnection, settings: Settings
) -> None:
    service = await create_service(connection)
    headers = admin_headers(settings)
    before = (await client.get(f"/service/{service.id}", headers=headers)).json()["data"]
    assert (before["sms_message_limit"], before["email_message_limit"], before["letter_message_limit"]) == (
        None,
        None,
        None,
    )

    updated = await client.post(
        f"/service/{service.id}", json={"sms_message_limit": 500, "letter_message_limit": 20}, headers=headers
    )
    assert updated.status_code == 200
    data = updated.json()["data"]
    assert (data["sms_message_limit"], data["email_message_limit"], data["letter_message_limit"]) == (
        500,
        None,
        20,
    )
    history = select(t.services_history.c.version, t.services_history.c.sms_message_limit).where(
        t.services_history.c.id == service.id
    )
    assert [tuple(row) for row in await connection.execute(history.order_by("version"))] == [
        (1, None),
        (2, 500),
    ]

    for bad in ({"sms_message_limit": -1}, {"email_message_limit": "lots"}, {"letter_message_limit": True}):
        refused = await client.post(f"/service/{service.id}", json=bad, headers=headers)
        assert refused.status_code == 400, bad

    cleared = await client.post(f"/service/{service.id}", json={"sms_message_limit": None}, headers=headers)
    assert cleared.json()["data"]["sms_message_limit"] is None
    assert uuid.UUID(cleared.json()["data"]["id"]) == service.id
