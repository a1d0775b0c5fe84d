"""/service/{id}/email-reply-to, /sms-sender and /letter-contact."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db import tables as t
from notify_api.db.tables.seed_ids import REPLY_TO_EMAIL_ADDRESS_VERIFICATION_TEMPLATE_ID
from tests.factories import (
    create_inbound_number,
    create_letter_contact,
    create_reply_to,
    create_service,
    create_sms_sender,
    create_template,
)


async def test_reply_to_add_list_and_default_handling(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    service = await create_service(connection)
    base = f"/service/{service.id}/email-reply-to"
    no_default = await client.post(
        base, json={"email_address": "a@example.com", "is_default": False}, headers=headers
    )
    assert no_default.status_code == 400
    assert no_default.json()["message"] == "You must have at least one reply to email address as the default."

    first = await client.post(
        base, json={"email_address": "a@example.com", "is_default": True}, headers=headers
    )
    assert first.status_code == 201
    assert first.json()["data"]["email_address"] == "a@example.com"
    second = await client.post(
        base, json={"email_address": "b@example.com", "is_default": True}, headers=headers
    )
    listing = (await client.get(base, headers=headers)).json()
    assert [(item["email_address"], item["is_default"]) for item in listing] == [
        ("b@example.com", True),
        ("a@example.com", False),
    ]

    duplicate = await client.post(
        base, json={"email_address": "a@example.com", "is_default": False}, headers=headers
    )
    assert duplicate.status_code == 409
    assert (
        duplicate.json()["message"]
        == "Your service already uses ‘a@example.com’ as an email reply-to address."
    )

    second_id = second.json()["data"]["id"]
    unset = await client.post(
        f"{base}/{second_id}", json={"email_address": "b@example.com", "is_default": False}, headers=headers
    )
    assert unset.status_code == 400
    refused = await client.post(f"{base}/{second_id}/archive", headers=headers)
    assert refused.status_code == 400
    assert refused.json()["message"] == ("You cannot delete a default email reply to address")
    first_id = first.json()["data"]["id"]
    archived = await client.post(f"{base}/{first_id}/archive", headers=headers)
    assert archived.status_code == 200
    assert archived.json()["data"]["archived"] is True
    assert (await client.get(f"{base}/{first_id}", headers=headers)).status_code == 404


async def test_reply_to_validation_message(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    service = await create_service(connection)
    response = await client.post(
        f"/service/{service.id}/email-reply-to",
        json={"email_address": "nope", "is_default": True},
        headers=headers,
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == "email_address Not a valid email address"


async def test_verify_reply_to_sends_a_notify_email(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str], task_queue: Any
) -> None:
    service = await create_service(connection)
    response = await client.post(
        f"/service/{service.id}/email-reply-to/verify", json={"email": "check@example.com"}, headers=headers
    )
    assert response.status_code == 201
    notification_id = response.json()["data"]["id"]
    row = (
        await connection.execute(
            select(t.notifications).where(t.notifications.c.id == uuid.UUID(notification_id))
        )
    ).one()
    assert row.to == "check@example.com"
    assert row.template_id == REPLY_TO_EMAIL_ADDRESS_VERIFICATION_TEMPLATE_ID
    assert ("deliver_email", "notify-internal-tasks", (notification_id,)) in task_queue.messages

    await create_reply_to(connection, service.id, email_address="used@example.com")
    used = await client.post(
        f"/service/{service.id}/email-reply-to/verify", json={"email": "used@example.com"}, headers=headers
    )
    assert used.status_code == 409


async def test_sms_sender_rules(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    service = await create_service(connection, sms_sender="first")
    base = f"/service/{service.id}/sms-sender"
    (default,) = (await client.get(base, headers=headers)).json()
    assert default["sms_sender"] == "first" and default["is_default"] is True

    added = await client.post(base, json={"sms_sender": "second", "is_default": False}, headers=headers)
    assert added.status_code == 201
    assert added.json()["sms_sender"] == "second"  # not wrapped in "data"

    cannot = await client.post(f"{base}/{default['id']}/archive", headers=headers)
    assert cannot.status_code == 400
    assert cannot.json()["message"] == "You cannot delete a default sms sender"
    unset = await client.post(
        f"{base}/{default['id']}", json={"sms_sender": "first", "is_default": False}, headers=headers
    )
    assert unset.status_code == 400

    promoted = await client.post(
        f"{base}/{added.json()['id']}", json={"sms_sender": "renamed", "is_default": True}, headers=headers
    )
    assert promoted.status_code == 200
    assert promoted.json()["sms_sender"] == "renamed" and promoted.json()["is_default"] is True
    archived = await client.post(f"{base}/{default['id']}/archive", headers=headers)
    assert archived.status_code == 200
    assert [item["sms_sender"] for item in (await client.get(base, headers=headers)).json()] == ["renamed"]


async def test_allocating_an_inbound_number_to_a_one_sender_service_replaces_its_sender(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    service = await create_service(connection, sms_sender="words")
    number_id = await create_inbound_number(connection, number="07700900111")
    base = f"/service/{service.id}/sms-sender"
    response = await client.post(
        base,
        json={"sms_sender": "ignored", "is_default": True, "inbound_number_id": str(number_id)},
        headers=headers,
    )
    assert response.status_code == 201
    assert response.json()["sms_sender"] == "07700900111"
    assert response.json()["inbound_number_id"] == str(number_id)
    senders = (await client.get(base, headers=headers)).json()
    assert len(senders) == 1

    sender_id = senders[0]["id"]
    change = await client.post(
        f"{base}/{sender_id}", json={"sms_sender": "other", "is_default": True}, headers=headers
    )
    assert change.status_code == 400
    assert change.json()["message"] == f"You can not change the inbound number for service {service.id}"
    await create_sms_sender(connection, service.id, sms_sender="extra", is_default=True)
    archive = await client.post(f"{base}/{sender_id}/archive", headers=headers)
    assert archive.status_code == 400
    assert archive.json()["message"] == "You cannot delete an inbound number"

    other = await create_service(connection)
    taken = await client.post(
        f"/service/{other.id}/sms-sender",
        json={"sms_sender": "x", "is_default": True, "inbound_number_id": str(number_id)},
        headers=headers,
    )
    assert taken.status_code == 400
    assert taken.json()["message"] == f"Inbound number: {number_id} is not available"


async def test_letter_contacts_and_archiving_detaches_templates(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    service = await create_service(connection)
    base = f"/service/{service.id}/letter-contact"
    added = await client.post(
        base, json={"contact_block": "Dept of Tests\nLondon", "is_default": True}, headers=headers
    )
    assert added.status_code == 201
    contact_id = added.json()["data"]["id"]
    assert (await client.get(f"{base}/{contact_id}", headers=headers)).json()[
        "contact_block"
    ] == "Dept of Tests\nLondon"

    existing = await create_letter_contact(connection, service.id, contact_block="Old", is_default=False)
    template = await create_template(
        connection, service.id, template_type="letter", service_letter_contact_id=existing
    )
    archived = await client.post(f"{base}/{existing}/archive", headers=headers)
    assert archived.status_code == 200
    contact = (
        await connection.execute(
            select(t.templates.c.service_letter_contact_id).where(t.templates.c.id == template.id)
        )
    ).scalar_one()
    assert contact is None
    assert [item["id"] for item in (await client.get(base, headers=headers)).json()] == [contact_id]
