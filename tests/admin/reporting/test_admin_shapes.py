"""Fields the admin frontend reads on a service, present even though broadcasts are out of scope."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncConnection

from tests.factories import create_service


async def test_a_service_has_no_broadcast_provider_or_channel(
    client: httpx.AsyncClient, connection: AsyncConnection, headers: dict[str, str]
) -> None:
    service = await create_service(connection)

    one = (await client.get(f"/service/{service.id}", headers=headers)).json()["data"]
    listed = (await client.get("/service", headers=headers)).json()["data"]

    assert (one["allowed_broadcast_provider"], one["broadcast_channel"]) == (None, None)
    mine = next(item for item in listed if item["id"] == str(service.id))
    assert (mine["allowed_broadcast_provider"], mine["broadcast_channel"]) == (None, None)
