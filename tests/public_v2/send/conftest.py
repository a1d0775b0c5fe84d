"""Fixtures for the send endpoints: a live service with keys of each type and templates."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy.ext.asyncio import AsyncConnection

from tests.factories import (
    CreatedApiKey,
    CreatedService,
    CreatedTemplate,
    CreatedUser,
    create_api_key,
    create_service,
    create_template,
    create_user,
)


@dataclass
class SendingService:
    user: CreatedUser
    service: CreatedService
    normal: CreatedApiKey
    team: CreatedApiKey
    test: CreatedApiKey
    sms: CreatedTemplate
    email: CreatedTemplate
    letter: CreatedTemplate


@pytest.fixture
async def sending(connection: AsyncConnection) -> SendingService:
    user = await create_user(
        connection, mobile_number="07700900986", email_address="team.member@example.gov.uk"
    )
    service = await create_service(
        connection, user_id=user.id, name="Sending service", email_from="sending.service"
    )
    sms = await create_template(connection, service.id, template_type="sms", content="Hello ((name))")
    email = await create_template(
        connection,
        service.id,
        template_type="email",
        content="Dear ((name)),\n\nthanks",
        subject="Hi ((name))",
    )
    letter = await create_template(
        connection, service.id, template_type="letter", content="Dear ((name))", subject="About ((name))"
    )
    return SendingService(
        user=user,
        service=service,
        normal=await create_api_key(connection, service.id, "normal"),
        team=await create_api_key(connection, service.id, "team"),
        test=await create_api_key(connection, service.id, "test"),
        sms=sms,
        email=email,
        letter=letter,
    )
