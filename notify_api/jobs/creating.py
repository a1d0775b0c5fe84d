"""Creating a job from a file the admin site has put in S3 (its metadata says what to send and how)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any, Final

from notify_api.contact_lists.queries import is_contact_list_of
from notify_api.enums import LETTER
from notify_api.errors import InvalidRequest, NotFoundError
from notify_api.jobs import queries
from notify_api.jobs.csv_file import MAX_ROWS
from notify_api.jobs.files import read_job_file
from notify_api.jobs.processing import PROCESS_JOB
from notify_api.jobs.types import PENDING, SCHEDULED, JobRecord, NewJob
from notify_api.runtime import Runtime
from notify_api.services.queries.reads import get_service_summary
from notify_api.tasks import queues
from notify_api.templates.queries.records import get_template
from notify_api.timeutils import utc_now
from notify_api.validation.iso_datetime import InvalidDatetime, parse_naive_datetime

MAX_SCHEDULE_AHEAD: Final = timedelta(hours=96)
_MISSING: Final = ["Missing data for required field."]


def _uuid(value: Any, field: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError as error:
        raise InvalidRequest({field: ["Not a valid UUID."]}, 400) from error


def _optional_uuid(value: Any, field: str) -> uuid.UUID | None:
    return _uuid(value, field) if value not in (None, "", "None") else None


def scheduled_time(value: Any, now: datetime) -> datetime | None:
    """When a scheduled job runs: not in the past, at most 96 hours ahead."""
    if value in (None, ""):
        return None
    try:
        when = parse_naive_datetime(str(value))
    except InvalidDatetime as error:
        raise InvalidRequest({"scheduled_for": ["Not a valid datetime."]}, 400) from error
    if when < now:
        raise InvalidRequest({"scheduled_for": ["Date cannot be in the past"]}, 400)
    if when > now + MAX_SCHEDULE_AHEAD:
        raise InvalidRequest({"scheduled_for": ["Date cannot be more than 96hrs in the future"]}, 400)
    return when


async def create_job(runtime: Runtime, service_id: uuid.UUID, body: dict[str, Any]) -> JobRecord:
    """Store the job, `scheduled` or `pending`; a pending job's `process-job` is enqueued after commit."""
    async with runtime.database.read() as connection:
        service = await get_service_summary(connection, service_id)
    if service is None:
        raise NotFoundError()
    if not service.active:
        raise InvalidRequest("Create job is not allowed: service is inactive ", 403)
    if "id" not in body:
        raise InvalidRequest({"id": _MISSING}, 400)
    job_id = _uuid(body["id"], "id")
    file = await read_job_file(runtime.settings, service_id, job_id)
    if file is None:
        raise InvalidRequest({"id": ["No file was uploaded for this job."]}, 400)
    data = {**file.metadata, **body}
    if "template_id" not in data:
        raise InvalidRequest({"template": _MISSING}, 400)
    async with runtime.database.read() as connection:
        template = await get_template(connection, service_id, _uuid(data["template_id"], "template"))
    if template is None:
        raise NotFoundError()
    if template.template_type == LETTER and service.restricted:
        raise InvalidRequest("Create letter job is not allowed for service in trial mode ", 403)
    if data.get("valid") != "True":
        raise InvalidRequest("File is not valid, can't create job", 400)
    if template.archived:
        raise InvalidRequest({"template": ["Template has been deleted"]}, 400)
    if "created_by" not in data:
        raise InvalidRequest({"created_by": _MISSING}, 400)
    now = utc_now()
    scheduled_for = scheduled_time(data.get("scheduled_for"), now)
    try:
        notification_count = int(data.get("notification_count", 0))
    except (TypeError, ValueError) as error:
        raise InvalidRequest({"notification_count": ["Not a valid integer."]}, 400) from error
    if not 0 <= notification_count <= MAX_ROWS:
        raise InvalidRequest({"notification_count": [f"Must be between 0 and {MAX_ROWS}."]}, 400)
    new = NewJob(
        id=job_id,
        service_id=service_id,
        template_id=template.id,
        template_version=template.version,
        original_file_name=str(data.get("original_file_name") or ""),
        notification_count=notification_count,
        created_by_id=_uuid(data["created_by"], "created_by"),
        scheduled_for=scheduled_for,
        job_status=SCHEDULED if scheduled_for else PENDING,
        contact_list_id=_optional_uuid(data.get("contact_list_id"), "contact_list_id"),
        created_at=now,
    )
    sender_id = _optional_uuid(data.get("sender_id"), "sender_id")
    async with runtime.database.unit_of_work() as work:
        if new.contact_list_id is not None and not await is_contact_list_of(
            work.connection, service_id, new.contact_list_id
        ):
            raise InvalidRequest({"contact_list_id": ["Contact list not found for this service"]}, 400)
        await queries.insert_job(work.connection, new)
        job = await queries.get_job(work.connection, service_id, job_id, with_statistics=False)
        if new.job_status == PENDING:
            work.after_commit(lambda: enqueue_process_job(runtime, job_id, sender_id))
    assert job is not None
    return job


async def enqueue_process_job(
    runtime: Runtime, job_id: uuid.UUID, sender_id: uuid.UUID | None = None
) -> None:
    args = (str(job_id), str(sender_id)) if sender_id else (str(job_id),)
    # The job's id is the message's: cancelling the job aborts the message by it (notify_api.tasks.abort).
    await runtime.tasks.enqueue(PROCESS_JOB, queues.JOBS, *args, message_id=str(job_id))
