"""/service/{id}/inbound-sms: search by sender, newest per sender, the dashboard summary, one text."""

from __future__ import annotations

import uuid
from datetime import timedelta

import httpx
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.timeutils import utc_now
from tests.factories import create_inbound_sms, create_service


async def test_the_inbox_views(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    service = await create_service(connection)
    base = f"/service/{service.id}/inbound-sms"
    now = utc_now()
    first = await create_inbound_sms(connection, service.id, user_number="447700900111", content="one",
                                     created_at=now - timedelta(hours=3))  # fmt: skip
    second = await create_inbound_sms(connection, service.id, user_number="447700900111", content="two",
                                      created_at=now - timedelta(hours=1))  # fmt: skip
    other = await create_inbound_sms(connection, service.id, user_number="447700900222", content="three",
                                     created_at=now - timedelta(hours=2))  # fmt: skip
    await create_inbound_sms(
        connection, service.id, user_number="447700900333", created_at=now - timedelta(days=9)
    )

    by_sender = await client.post(base, json={"phone_number": "07700 900111"}, headers=headers)
    assert [text["id"] for text in by_sender.json()["data"]] == [str(second), str(first)]
    assert by_sender.json()["data"][0] == {
        "id": str(second), "created_at": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "service_id": str(service.id), "notify_number": "07900900123", "user_number": "447700900111",
        "content": "two",
    }  # fmt: skip
    everyone = await client.post(base, json={}, headers=headers)
    assert len(everyone.json()["data"]) == 3  # the 9-day-old text is past the 7-day retention

    recent = await client.get(base + "/most-recent", headers=headers)
    assert [text["id"] for text in recent.json()["data"]] == [str(second), str(other)]
    assert recent.json()["has_next"] is False

    summary = await client.get(base + "/summary", headers=headers)
    assert summary.json() == {"count": 3, "most_recent": (now - timedelta(hours=1)).isoformat()}

    one = await client.get(f"{base}/{other}", headers=headers)
    assert one.json()["content"] == "three"
    missing = await client.get(f"{base}/{uuid.uuid4()}", headers=headers)
    assert missing.status_code == 404
