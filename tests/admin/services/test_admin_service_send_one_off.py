"""POST /service/{id}/send-notification: the admin's one-off send."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db import tables as t
from tests.factories import (
    add_user_to_service,
    create_reply_to,
    create_service,
    create_template,
    create_user,
)

TRIAL_MODE = (
    "Can’t send to this recipient when service is in trial mode – see "
    "https://www.notifications.service.gov.uk/trial-mode"
)


async def test_one_off_sms_is_persisted_and_queued_after_commit(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str], task_queue: Any
) -> None:
    service = await create_service(connection, sms_sender="07700900500")
    template = await create_template(connection, service.id, content="Hi ((name))")
    response = await client.post(
        f"/service/{service.id}/send-notification",
        json={
            "template_id": str(template.id),
            "to": "07700 900 123",
            "personalisation": {"name": "Jo"},
            "created_by": str(service.created_by_id),
        },
        headers=headers,
    )
    assert response.status_code == 201
    notification_id = response.json()["id"]
    row = (
        await connection.execute(
            select(t.notifications).where(t.notifications.c.id == uuid.UUID(notification_id))
        )
    ).one()
    assert row.normalised_to == "447700900123"
    assert row.key_type == "normal"
    assert row.api_key_id is None
    assert row.created_by_id == service.created_by_id
    assert row.reply_to_text == "447700900500"
    assert row.notification_status == "created"
    assert task_queue.messages == [("deliver_sms", "send-sms-tasks", (notification_id,))]


async def test_one_off_email_uses_the_chosen_reply_to(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    service = await create_service(connection)
    chosen = await create_reply_to(
        connection, service.id, email_address="chosen@example.com", is_default=False
    )
    template = await create_template(connection, service.id, template_type="email", content="Hello")
    response = await client.post(
        f"/service/{service.id}/send-notification",
        json={
            "template_id": str(template.id),
            "to": "Someone@Example.com",
            "created_by": str(service.created_by_id),
            "sender_id": str(chosen),
        },
        headers=headers,
    )
    assert response.status_code == 201
    row = (
        await connection.execute(
            select(t.notifications).where(t.notifications.c.id == uuid.UUID(response.json()["id"]))
        )
    ).one()
    assert row.reply_to_text == "chosen@example.com"
    assert row.normalised_to == "someone@example.com"


async def _send(
    client: httpx.AsyncClient, headers: dict[str, str], service_id: uuid.UUID, **body: Any
) -> httpx.Response:
    return await client.post(f"/service/{service_id}/send-notification", json=body, headers=headers)


async def test_one_off_checks(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    member = await create_user(connection, mobile_number="07700900111")
    service = await create_service(connection, user_id=member.id, restricted=True)
    template = await create_template(connection, service.id, content="Hi ((name)) ((day))")
    archived = await create_template(connection, service.id, archived=True)
    creator = str(member.id)

    missing = await _send(
        client, headers, service.id, template_id=str(template.id), to="07700900111", created_by=creator
    )
    assert missing.status_code == 400
    assert missing.json() == {"result": "error", "message": "Missing personalisation: name, day"}

    deleted = await _send(
        client, headers, service.id, template_id=str(archived.id), to="07700900111", created_by=creator
    )
    assert deleted.status_code == 400
    assert deleted.json()["message"] == "Template has been deleted"

    values = {"name": "a", "day": "b"}
    stranger = await _send(
        client, headers, service.id, template_id=str(template.id), to="07700900999", personalisation=values,
        created_by=creator,
    )  # fmt: skip
    assert stranger.status_code == 400
    assert stranger.json()["message"] == TRIAL_MODE

    outsider = await create_user(connection, name="Out Sider")
    not_member = await _send(
        client, headers, service.id, template_id=str(template.id), to="+447700900111", personalisation=values,
        created_by=str(outsider.id),
    )  # fmt: skip
    assert not_member.status_code == 400
    assert not_member.json()["message"] == (
        f'Can’t create notification - Out Sider is not part of the "{service.name}" service'
    )

    other_service = await create_service(connection)
    foreign = await create_template(connection, other_service.id)
    not_ours = await _send(
        client, headers, service.id, template_id=str(foreign.id), to="07700900111", created_by=creator
    )
    assert not_ours.status_code == 404

    teammate = await create_user(connection, mobile_number="07700900222")
    await add_user_to_service(connection, teammate.id, service.id)
    to_team = await _send(
        client, headers, service.id, template_id=str(template.id), to="07700900222", personalisation=values,
        created_by=creator,
    )  # fmt: skip
    assert to_team.status_code == 201


async def test_one_off_international_needs_permission(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    service = await create_service(connection, permissions=["sms", "email"])
    template = await create_template(connection, service.id)
    response = await _send(
        client, headers, service.id, template_id=str(template.id), to="+33 6 12 34 56 78",
        created_by=str(service.created_by_id),
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json()["message"] == "Cannot send to international mobile numbers"


async def test_one_off_sends_share_the_daily_limit_and_failures_do_not_use_it(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str], redis_client: Any
) -> None:
    from notify_api.notifications.sending.limits import daily_count_key

    service = await create_service(connection, message_limit=2)
    template = await create_template(connection, service.id, content="Hi")

    async def send(to: str) -> httpx.Response:
        body = {"template_id": str(template.id), "to": to, "created_by": str(service.created_by_id)}
        return await client.post(f"/service/{service.id}/send-notification", json=body, headers=headers)

    assert (await send("07700900123")).status_code == 201
    assert (await send("not a phone number")).status_code == 400  # given back: it was never stored
    assert int(await redis_client.get(daily_count_key(service.id))) == 1
    assert (await send("07700900124")).status_code == 201
    over = await send("07700900125")
    assert over.status_code == 429
    assert over.json() == {"result": "error", "message": "Exceeded send limits (2) for today"}
