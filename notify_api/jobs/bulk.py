"""``POST /v2/notifications/bulk``, as GC Notify defines it: a job made from rows (or a CSV) sent by API.

The rows are checked in the request with the same send-pipeline steps the worker then runs, so a request
is refused whole, with the rows at fault, rather than making a job that errors. A valid file is stored in
the CSV bucket like an upload from the admin site and processed the same way.
"""

from __future__ import annotations

import csv
import io
import uuid
from typing import Any, Final

from notify_api.errors import BadRequestError
from notify_api.jobs import queries
from notify_api.jobs.creating import enqueue_process_job, scheduled_time
from notify_api.jobs.csv_file import RECIPIENT_COLUMNS, CsvFileError, read_csv
from notify_api.jobs.files import write_job_file
from notify_api.jobs.types import PENDING, SCHEDULED, JobRecord, NewJob
from notify_api.notifications.sending.job_rows import RowError, check_row, prepare_job, with_row
from notify_api.notifications.sending.limits import sent_today
from notify_api.notifications.sending.request import Origin, SendRequest
from notify_api.runtime import Runtime
from notify_api.services.types import ServiceSummary
from notify_api.templates.queries.records import get_template
from notify_api.timeutils import utc_now

MAX_BULK_ROWS: Final = 50_000
MAX_ROW_ERRORS_SHOWN: Final = 10
TRIAL_MODE: Final = (
    "You cannot send to these recipients because your service is in trial mode. You can only send to "
    "members of your team and your safelist."
)


def _uuid(value: Any, field: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError as error:
        raise BadRequestError(f"{field} is not a valid UUID") from error


def _file_content(body: dict[str, Any]) -> str:
    rows, text = body.get("rows"), body.get("csv")
    if (rows is None) == (text is None):
        raise BadRequestError("You should specify either rows or csv")
    if text is not None:
        if not isinstance(text, str):
            raise BadRequestError("csv is not of type string")
        return text
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise BadRequestError("rows is not of type array of arrays")
    if len(rows) - 1 > MAX_BULK_ROWS:
        raise BadRequestError(f"Too many rows. Maximum number of rows allowed is {MAX_BULK_ROWS}")
    out = io.StringIO()
    csv.writer(out).writerows([["" if cell is None else str(cell) for cell in row] for row in rows])
    return out.getvalue()


async def create_bulk_job(
    runtime: Runtime, service: ServiceSummary, key_type: str, body: dict[str, Any]
) -> JobRecord:
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        raise BadRequestError("name is a required property")
    if "template_id" not in body:
        raise BadRequestError("template_id is a required property")
    template_id = _uuid(body["template_id"], "template_id")
    sender_id = _uuid(body["reply_to_id"], "reply_to_id") if body.get("reply_to_id") else None
    now = utc_now()
    try:
        scheduled_for = scheduled_time(body.get("scheduled_for"), now)
    except Exception as error:
        raise BadRequestError("scheduled_for must be in the future and at most 96 hours ahead") from error
    async with runtime.database.read() as connection:
        template = await get_template(connection, service.id, template_id)
    if template is None or template.archived:
        raise BadRequestError("Template not found")
    if not service.has_permission(template.template_type):
        raise BadRequestError(f"Service is not allowed to send {template.template_type} notifications")
    content = _file_content(body)
    try:
        csv_file = read_csv(content, template.template_type, max_rows=MAX_BULK_ROWS)
    except CsvFileError as error:
        message = str(error)
        if "needs a column" in message:
            message = f"Missing column headers: {RECIPIENT_COLUMNS[template.template_type][0]}"
        elif "more than" in message and "rows" in message:
            message = f"Too many rows. Maximum number of rows allowed is {MAX_BULK_ROWS}"
        raise BadRequestError(message) from error
    await _check_rows(runtime, service, template.template_type, template_id, key_type, sender_id, csv_file)
    job_id = uuid.uuid4()
    rows = len(csv_file.rows)
    await write_job_file(
        runtime.settings,
        service.id,
        job_id,
        content.encode(),
        {
            "template_id": str(template_id),
            "original_file_name": name,
            "notification_count": str(rows),
            "valid": "True",
            **({"sender_id": str(sender_id)} if sender_id else {}),
        },
    )
    new = NewJob(
        id=job_id,
        service_id=service.id,
        template_id=template.id,
        template_version=template.version,
        original_file_name=name,
        notification_count=rows,
        created_by_id=None,
        scheduled_for=scheduled_for,
        job_status=SCHEDULED if scheduled_for else PENDING,
        contact_list_id=None,
        created_at=now,
    )
    async with runtime.database.unit_of_work() as work:
        await queries.insert_job(work.connection, new)
        job = await queries.get_job(work.connection, service.id, job_id, with_statistics=False)
        if new.job_status == PENDING:
            work.after_commit(lambda: enqueue_process_job(runtime, job_id, sender_id))
    assert job is not None
    return job


async def _check_rows(
    runtime: Runtime,
    service: ServiceSummary,
    notification_type: str,
    template_id: uuid.UUID,
    key_type: str,
    sender_id: uuid.UUID | None,
    csv_file: Any,
) -> None:
    base = SendRequest(
        origin=Origin.JOB,
        service=service,
        notification_type=notification_type,
        template_id=template_id,
        personalisation={},
        key_type=key_type,
        sender_id=sender_id,
    )
    first = csv_file.rows[0]
    prepared = await prepare_job(runtime, with_row(base, first.index, first.recipient, first.personalisation))
    errors: list[str] = []
    dropped = 0
    for row in csv_file.rows:
        try:
            send = await check_row(
                prepared, with_row(base, row.index, row.recipient, row.personalisation), row.spreadsheet_row
            )
        except RowError as error:
            errors.append(f"Row {error.row_number} - {error.message}")
            continue
        dropped += send is None
    if errors:
        shown = ". ".join(errors[:MAX_ROW_ERRORS_SHOWN])
        more = (
            f" (and {len(errors) - MAX_ROW_ERRORS_SHOWN} more)" if len(errors) > MAX_ROW_ERRORS_SHOWN else ""
        )
        raise BadRequestError(f"Some rows have errors. {shown}{more}.")
    if dropped:
        raise BadRequestError(TRIAL_MODE)
    if runtime.settings.redis_enabled and key_type != "test":
        so_far, limit = await sent_today(runtime.redis, service, notification_type)
        remaining = max(0, limit - so_far)
        if len(csv_file.rows) > remaining:
            raise BadRequestError(
                f"You only have {remaining} remaining messages before you reach your daily limit. "
                f"You've tried to send {len(csv_file.rows)} messages."
            )
