"""Job test fixtures: a service with templates, and files put in the CSV bucket as the admin site does."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import pytest
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.jobs.files import write_job_file
from notify_api.settings import Settings
from tests.factories import CreatedService, CreatedTemplate, create_service, create_template
from tests.helpers import admin_headers

Upload = Callable[..., Awaitable[uuid.UUID]]


@dataclass(frozen=True)
class JobService:
    service: CreatedService
    sms: CreatedTemplate
    email: CreatedTemplate


@pytest.fixture
def headers(settings: Settings) -> dict[str, str]:
    return admin_headers(settings)


@pytest.fixture
async def job_service(connection: AsyncConnection) -> JobService:
    service = await create_service(connection, message_limit=1000)
    sms = await create_template(connection, service.id, content="Hello ((name))")
    email = await create_template(
        connection, service.id, template_type="email", subject="Hi", content="Hello ((name))"
    )
    return JobService(service, sms, email)


@pytest.fixture
def upload(settings: Settings) -> Upload:
    async def put(
        template: CreatedTemplate, content: str | bytes, *, valid: str = "True", **metadata: str
    ) -> uuid.UUID:
        job_id = uuid.uuid4()
        body = content.encode() if isinstance(content, str) else content
        rows = max(0, len(body.splitlines()) - 1)
        await write_job_file(
            settings,
            template.service_id,
            job_id,
            body,
            {
                "template_id": str(template.id),
                "original_file_name": "people.csv",
                "notification_count": str(rows),
                "valid": valid,
                **metadata,
            },
        )
        return job_id

    return put


def sms_rows(count: int, start: int = 0) -> str:
    lines = ["phone number,name"] + [
        f"07700{900000 + start + n:06d},Person {start + n}" for n in range(count)
    ]
    return "\n".join(lines) + "\n"
