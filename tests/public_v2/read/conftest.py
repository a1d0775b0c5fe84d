"""Fixtures for the read side of the public API."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncConnection

from tests.factories import create_api_key, create_service, create_user
from tests.public_v2.read.read_support import ReadingService


@pytest.fixture
async def reader(connection: AsyncConnection) -> ReadingService:
    user = await create_user(connection, name="Ada Lovelace")
    service = await create_service(connection, user_id=user.id)
    keys = {
        key_type: await create_api_key(connection, service.id, key_type)
        for key_type in ("normal", "team", "test")
    }
    return ReadingService(service, keys, user.name)
