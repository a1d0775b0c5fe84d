"""Page links are built from API_HOST_NAME: a forged Host header never reaches the links clients follow."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.settings import Settings
from tests.factories import create_inbound_sms
from tests.public_v2.read.read_support import ReadingService

FORGED = {"host": "attacker.example"}


async def test_notification_list_links_use_the_configured_host(
    client: httpx.AsyncClient, reader: ReadingService, settings: Settings
) -> None:
    response = await client.get("/v2/notifications", headers={**reader.headers(), **FORGED})

    assert response.status_code == 200
    assert response.json()["links"]["current"] == f"{settings.api_host_name}/v2/notifications"


async def test_received_text_links_use_the_configured_host(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService, settings: Settings
) -> None:
    await create_inbound_sms(connection, reader.service.id, content="hello")

    response = await client.get("/v2/received-text-messages", headers={**reader.headers(), **FORGED})

    links = response.json()["links"]
    assert links["current"] == f"{settings.api_host_name}/v2/received-text-messages"
    assert links["next"].startswith(f"{settings.api_host_name}/v2/received-text-messages?older_than=")
