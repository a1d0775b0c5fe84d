"""Fixtures for the admin letter routes: a service that sends letters, and its letter template."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.settings import Settings
from tests.factories import CreatedService, CreatedTemplate, create_service, create_template
from tests.helpers import admin_headers


@dataclass(frozen=True)
class LetterService:
    service: CreatedService
    letter: CreatedTemplate


@pytest.fixture
def headers(settings: Settings) -> dict[str, str]:
    return admin_headers(settings)


@pytest.fixture
async def letter_service(connection: AsyncConnection) -> LetterService:
    service = await create_service(connection, name="Letters admin service")
    letter = await create_template(
        connection,
        service.id,
        template_type="letter",
        name="Renewal letter",
        subject="Your ((thing)) renewal",
        content="Dear ((name)),\n\nYour renewal is due.",
    )
    return LetterService(service, letter)
