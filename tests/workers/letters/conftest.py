"""Fixtures for the letter tasks: a live service with normal and test keys and a letter template.

Letters are sent through the real API (so rows and S3 uploads are exactly what the API makes), then the
tasks run with the ``runtime`` fixture against the rolled-back database and the session's moto S3.
"""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncConnection

from tests.factories import create_api_key, create_service, create_template
from tests.workers.letters.letter_support import LetterSender


@pytest.fixture
async def letters(connection: AsyncConnection) -> LetterSender:
    service = await create_service(connection, name="Letter sending service")
    template = await create_template(
        connection,
        service.id,
        template_type="letter",
        subject="About your ((topic))",
        content="Dear ((name)),\n\n" + "We are writing about your application. " * 250,
    )
    return LetterSender(
        service_id=service.id,
        normal=await create_api_key(connection, service.id, "normal"),
        test=await create_api_key(connection, service.id, "test"),
        template=template,
    )
