"""/service/{id}/guest-list and /service/{id}/data-retention."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy.ext.asyncio import AsyncConnection

from tests.factories import create_service


async def test_guest_list_put_replaces_and_get_reads_back(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    service = await create_service(connection)
    url = f"/service/{service.id}/guest-list"
    first = {"email_addresses": ["a@example.com"], "phone_numbers": ["07700900460"]}
    assert (await client.put(url, json=first, headers=headers)).status_code == 204
    assert (await client.get(url, headers=headers)).json() == first

    second = {"email_addresses": ["b@example.com", ""], "phone_numbers": []}
    assert (await client.put(url, json=second, headers=headers)).status_code == 204
    assert (await client.get(url, headers=headers)).json() == {
        "email_addresses": ["b@example.com"],
        "phone_numbers": [],
    }


async def test_a_bad_guest_list_entry_is_a_400_and_keeps_the_old_list(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    service = await create_service(connection)
    url = f"/service/{service.id}/guest-list"
    await client.put(url, json={"email_addresses": ["a@example.com"], "phone_numbers": []}, headers=headers)
    bad = await client.put(
        url, json={"email_addresses": ["b@example.com"], "phone_numbers": ["not a number"]}, headers=headers
    )
    assert bad.status_code == 400
    assert bad.json() == {
        "result": "error",
        "message": 'Invalid guest list: "not a number" is not a valid email address or phone number',
    }
    assert (await client.get(url, headers=headers)).json()["email_addresses"] == ["a@example.com"]
    assert (await client.get(f"/service/{uuid.uuid4()}/guest-list", headers=headers)).status_code == 404


async def test_data_retention_create_read_update(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    service = await create_service(connection)
    base = f"/service/{service.id}/data-retention"
    created = await client.post(
        base, json={"notification_type": "sms", "days_of_retention": 3}, headers=headers
    )
    assert created.status_code == 201
    result = created.json()["result"]
    assert result["notification_type"] == "sms"
    assert result["days_of_retention"] == 3
    assert result["service_name"] == service.name

    duplicate = await client.post(
        base, json={"notification_type": "sms", "days_of_retention": 5}, headers=headers
    )
    assert duplicate.status_code == 400
    assert duplicate.json()["message"] == "Service already has data retention for sms notification type"

    updated = await client.post(f"{base}/{result['id']}", json={"days_of_retention": 9}, headers=headers)
    assert updated.status_code == 204
    by_type = await client.get(f"{base}/notification-type/sms", headers=headers)
    assert by_type.json()["days_of_retention"] == 9
    assert (await client.get(f"{base}/notification-type/email", headers=headers)).json() == {}
    assert (await client.get(f"{base}/{result['id']}", headers=headers)).json()["id"] == result["id"]
    assert [item["id"] for item in (await client.get(base, headers=headers)).json()] == [result["id"]]

    missing_id = uuid.uuid4()
    missing = await client.post(f"{base}/{missing_id}", json={"days_of_retention": 1}, headers=headers)
    assert missing.status_code == 404
    assert missing.json()["message"] == (
        f"The service data retention for id: {missing_id} was not found for service: {service.id}"
    )


async def test_data_retention_validates_the_body(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    service = await create_service(connection)
    response = await client.post(
        f"/service/{service.id}/data-retention", json={"notification_type": "fax"}, headers=headers
    )
    assert response.status_code == 400
    messages = [error["message"] for error in response.json()["errors"]]
    assert "days_of_retention is a required property" in messages
