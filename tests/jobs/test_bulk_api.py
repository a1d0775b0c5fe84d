"""POST /v2/notifications/bulk: a job from rows or a CSV, refused whole (with the rows at fault) when it
cannot be sent."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables import jobs
from notify_api.jobs.files import read_job_file
from notify_api.settings import Settings
from notify_api.timeutils import utc_now
from tests.factories import create_api_key, create_service, create_template
from tests.helpers import service_headers
from tests.jobs.conftest import JobService, sms_rows
from tests.task_queue import RecordingTaskQueue

_secrets: dict[Any, str] = {}


async def _post(
    client: httpx.AsyncClient, connection: AsyncConnection, service_id: Any, body: dict[str, Any]
) -> httpx.Response:
    # One key per service: a service's keys are cached for a moment, so a second new key would not be seen.
    if service_id not in _secrets:
        _secrets[service_id] = (await create_api_key(connection, service_id)).secret
    headers = service_headers(service_id, _secrets[service_id])
    return await client.post("/v2/notifications/bulk", json=body, headers=headers)


async def test_rows_become_a_job_processed_like_an_upload(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    settings: Settings,
    job_service: JobService,
    task_queue: RecordingTaskQueue,
) -> None:
    rows = [["phone number", "name"], ["07700900123", "Ada"], ["07700900456", "Grace"]]
    body = {"name": "Reminders", "template_id": str(job_service.sms.id), "rows": rows}
    response = await _post(client, connection, job_service.service.id, body)
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    assert (data["original_file_name"], data["notification_count"], data["job_status"]) == (
        "Reminders",
        2,
        "pending",
    )
    assert task_queue.messages == [("process-job", "job-tasks", (data["id"],))]
    stored = await read_job_file(settings, job_service.service.id, uuid.UUID(data["id"]))
    assert stored is not None and stored.content.decode().splitlines()[1] == "07700900123,Ada"


async def test_a_csv_can_be_scheduled(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    job_service: JobService,
    task_queue: RecordingTaskQueue,
) -> None:
    when = (utc_now() + timedelta(hours=1)).isoformat()
    body = {
        "name": "Later",
        "template_id": str(job_service.sms.id),
        "csv": sms_rows(3),
        "scheduled_for": when,
    }
    response = await _post(client, connection, job_service.service.id, body)
    assert response.status_code == 201, response.text
    assert response.json()["data"]["job_status"] == "scheduled"
    assert task_queue.messages == []


async def test_requests_that_cannot_be_sent_are_refused_whole_with_clear_messages(
    client: httpx.AsyncClient, connection: AsyncConnection, job_service: JobService
) -> None:
    template_id = str(job_service.sms.id)
    service_id = job_service.service.id

    async def refused(body: dict[str, Any]) -> str:
        response = await _post(client, connection, service_id, body)
        assert response.status_code == 400, response.text
        assert response.json()["errors"][0]["error"] == "BadRequestError"
        return str(response.json()["errors"][0]["message"])

    too_many = [["phone number", "name"]] + [["07700900123", "x"]] * 50_001
    assert await refused({"name": "n", "template_id": template_id, "rows": too_many}) == (
        "Too many rows. Maximum number of rows allowed is 50000"
    )
    assert await refused({"name": "n", "template_id": template_id, "rows": [["name"], ["Ada"]]}) == (
        "Missing column headers: phone number"
    )
    bad = [["phone number", "name"], ["07700900123", "A"], ["12", "B"], ["07700900456", "C"], ["nope", "D"]]
    message = await refused({"name": "n", "template_id": template_id, "rows": bad})
    assert message.startswith("Some rows have errors. Row 3 - ")
    assert "Row 5 - " in message
    assert await refused({"name": "n", "template_id": template_id}) == "You should specify either rows or csv"

    trial = await create_service(connection, restricted=True)
    trial_template = await create_template(connection, trial.id, content="Hi ((name))")
    strangers = [["phone number", "name"], ["07700900123", "A"]]
    response = await _post(
        client, connection, trial.id, {"name": "n", "template_id": str(trial_template.id), "rows": strangers}
    )
    assert response.json()["errors"][0]["message"].startswith(
        "You cannot send to these recipients because your service is in trial mode"
    )

    small = await create_service(connection, message_limit=2)
    small_template = await create_template(connection, small.id, content="Hi ((name))")
    three = [["phone number", "name"]] + [["07700900123", "A"]] * 3
    response = await _post(
        client, connection, small.id, {"name": "n", "template_id": str(small_template.id), "rows": three}
    )
    assert response.json()["errors"][0]["message"] == (
        "You only have 2 remaining messages before you reach your daily limit. "
        "You've tried to send 3 messages."
    )
    found = await connection.execute(
        select(jobs.c.id).where(jobs.c.service_id.in_([service_id, trial.id, small.id]))
    )
    assert found.all() == []


async def test_a_retried_bulk_request_with_its_idempotency_key_creates_one_job(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    job_service: JobService,
    task_queue: RecordingTaskQueue,
) -> None:
    service_id = job_service.service.id
    if service_id not in _secrets:
        _secrets[service_id] = (await create_api_key(connection, service_id)).secret
    headers = {**service_headers(service_id, _secrets[service_id]), "Idempotency-Key": "bulk-1"}
    body = {
        "name": "Once",
        "template_id": str(job_service.sms.id),
        "rows": [["phone number", "name"], ["07700900123", "Ada"]],
    }

    first = await client.post("/v2/notifications/bulk", json=body, headers=headers)
    again = await client.post("/v2/notifications/bulk", json=body, headers=headers)
    other = await client.post("/v2/notifications/bulk", json={**body, "name": "Twice"}, headers=headers)

    assert first.status_code == 201 and "idempotent-replayed" not in first.headers
    assert again.status_code == 201 and again.headers["idempotent-replayed"] == "true"
    assert again.content == first.content
    assert other.status_code == 422
    assert [message[0] for message in task_queue.messages] == ["process-job"]
    stored = select(jobs.c.id).where(jobs.c.service_id == service_id)
    assert [row.id for row in await connection.execute(stored)] == [uuid.UUID(first.json()["data"]["id"])]
