"""Fixtures for files sent by email: a service with a contact link, templates with a ((file)) placeholder."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.services import services
from tests.factories import (
    CreatedApiKey,
    CreatedTemplate,
    create_api_key,
    create_service,
    create_template,
    create_user,
)

CONTACT_LINK = "https://example.gov.uk/contact"


@dataclass
class FileService:
    service_id: uuid.UUID
    key: CreatedApiKey
    email: CreatedTemplate
    sms: CreatedTemplate


async def create_file_service(connection: AsyncConnection) -> FileService:
    user = await create_user(connection)
    service = await create_service(connection, user_id=user.id)
    await connection.execute(
        update(services).where(services.c.id == service.id).values(contact_link=CONTACT_LINK)
    )
    email = await create_template(
        connection, service.id, template_type="email", content="Your file: ((file))", subject="A file"
    )
    sms = await create_template(connection, service.id, template_type="sms", content="Get it: ((file))")
    key = await create_api_key(connection, service.id, "normal")
    return FileService(service.id, key, email, sms)


@pytest.fixture
async def file_service(connection: AsyncConnection) -> FileService:
    return await create_file_service(connection)
