"""Processing a job in the worker's code: rows stored in batches through the send pipeline's checks, their
deliveries enqueued, and the job's status; bad files, limits, trial mode, cancelling and crash recovery."""

from __future__ import annotations

import contextlib
import uuid
from collections import Counter
from datetime import timedelta

import redis.asyncio as aioredis
from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables import jobs, notifications
from notify_api.jobs import recovery
from notify_api.jobs.processing import process_incomplete_job, process_job
from notify_api.notifications.sending.limits import daily_count_key
from notify_api.runtime import Runtime
from notify_api.timeutils import utc_now
from tests.factories import CreatedTemplate, create_job, create_service, create_template
from tests.jobs.conftest import JobService, Upload, sms_rows
from tests.task_queue import RecordingTaskQueue


async def _job_from_file(
    connection: AsyncConnection, upload: Upload, template: CreatedTemplate, csv: str
) -> uuid.UUID:
    job_id = await upload(template, csv)
    await connection.execute(
        jobs.insert().values(
            id=job_id,
            original_file_name="people.csv",
            service_id=template.service_id,
            template_id=template.id,
            template_version=template.version,
            created_at=utc_now(),
            notification_count=max(0, len(csv.strip().splitlines()) - 1),
            notifications_sent=0,
            notifications_delivered=0,
            notifications_failed=0,
            job_status="pending",
            archived=False,
        )
    )
    return job_id


async def _status(connection: AsyncConnection, job_id: uuid.UUID) -> str:
    return (await connection.execute(select(jobs.c.job_status).where(jobs.c.id == job_id))).scalar_one()


async def _rows(connection: AsyncConnection, job_id: uuid.UUID) -> list[int]:
    found = await connection.execute(
        select(notifications.c.job_row_number)
        .where(notifications.c.job_id == job_id)
        .order_by("job_row_number")
    )
    return list(found.scalars())


async def test_every_row_is_stored_with_its_row_number_and_its_delivery_enqueued(
    connection: AsyncConnection,
    runtime: Runtime,
    job_service: JobService,
    upload: Upload,
    task_queue: RecordingTaskQueue,
    redis_client: aioredis.Redis,
) -> None:
    job_id = await _job_from_file(connection, upload, job_service.sms, sms_rows(5))
    assert await process_job(runtime, job_id, batch_size=2) == "finished"

    stored = (
        await connection.execute(
            select(notifications)
            .where(notifications.c.job_id == job_id)
            .order_by(notifications.c.job_row_number)
        )
    ).all()
    assert [row.job_row_number for row in stored] == [0, 1, 2, 3, 4]
    assert [row.normalised_to for row in stored] == [f"44770090000{n}" for n in range(5)]
    assert {row.notification_status for row in stored} == {"created"}
    assert {row.template_id for row in stored} == {job_service.sms.id}
    assert sorted(args[0] for _, _, args in task_queue.messages) == sorted(str(row.id) for row in stored)
    assert {(actor, queue) for actor, queue, _ in task_queue.messages} == {("deliver_sms", "send-sms-tasks")}
    job = (await connection.execute(select(jobs).where(jobs.c.id == job_id))).one()
    assert job.processing_started is not None and job.processing_finished is not None
    assert int(await redis_client.get(daily_count_key(job_service.service.id)) or 0) == 5
    assert await process_job(runtime, job_id) is None  # only a pending job is processed


async def test_one_bad_row_among_many_errors_the_job_and_sends_nothing(
    connection: AsyncConnection,
    runtime: Runtime,
    job_service: JobService,
    upload: Upload,
    task_queue: RecordingTaskQueue,
) -> None:
    csv = sms_rows(300) + "not a number,Someone\n" + sms_rows(10, start=500).split("\n", 1)[1]
    job_id = await _job_from_file(connection, upload, job_service.sms, csv)
    assert await process_job(runtime, job_id, batch_size=50) == "error"
    assert await _rows(connection, job_id) == []
    assert task_queue.messages == []


async def test_a_file_missing_a_placeholder_column_errors_the_job(
    connection: AsyncConnection, runtime: Runtime, job_service: JobService, upload: Upload
) -> None:
    job_id = await _job_from_file(connection, upload, job_service.sms, "phone number\n07700900123\n")
    assert await process_job(runtime, job_id) == "error"
    assert await _rows(connection, job_id) == []


async def test_a_job_over_the_daily_limit_sends_nothing(
    connection: AsyncConnection, runtime: Runtime, upload: Upload, task_queue: RecordingTaskQueue
) -> None:
    service = await create_service(connection, message_limit=4)
    template = await create_template(connection, service.id, content="Hello ((name))")
    job_id = await _job_from_file(connection, upload, template, sms_rows(5))
    assert await process_job(runtime, job_id) == "sending limits exceeded"
    assert await _rows(connection, job_id) == []
    assert task_queue.messages == []


async def test_trial_mode_drops_rows_the_service_may_not_send_to(
    connection: AsyncConnection, runtime: Runtime, upload: Upload
) -> None:
    service = await create_service(connection, restricted=True)  # its member's number is 07700900986
    template = await create_template(connection, service.id, content="Hello ((name))")
    csv = "phone number,name\n07700900986,Member\n07700900123,Stranger\n"
    job_id = await _job_from_file(connection, upload, template, csv)
    assert await process_job(runtime, job_id) == "finished"
    assert await _rows(connection, job_id) == [0]


async def test_an_email_job_validates_addresses_and_enqueues_emails(
    connection: AsyncConnection,
    runtime: Runtime,
    job_service: JobService,
    upload: Upload,
    task_queue: RecordingTaskQueue,
) -> None:
    csv = "Email Address,name\nA@Example.gov.uk,A\nb@example.gov.uk,B\n"
    job_id = await _job_from_file(connection, upload, job_service.email, csv)
    assert await process_job(runtime, job_id) == "finished"
    stored = await connection.execute(
        select(notifications.c.normalised_to).where(notifications.c.job_id == job_id)
    )
    assert sorted(stored.scalars()) == ["a@example.gov.uk", "b@example.gov.uk"]
    assert Counter(actor for actor, _, _ in task_queue.messages) == {"deliver_email": 2}


async def test_a_cancelled_job_stops_between_batches_keeping_what_it_stored(
    connection: AsyncConnection,
    runtime: Runtime,
    job_service: JobService,
    upload: Upload,
    task_queue: RecordingTaskQueue,
) -> None:
    job_id = await _job_from_file(connection, upload, job_service.sms, sms_rows(10))
    asked = 0

    async def cancel_after_two_batches() -> bool:
        nonlocal asked
        asked += 1
        if asked == 3:  # as the cancel route does while the worker is storing
            await connection.execute(update(jobs).where(jobs.c.id == job_id).values(job_status="cancelled"))
        return False

    assert await process_job(runtime, job_id, stop=cancel_after_two_batches, batch_size=3) == "cancelled"
    assert await _rows(connection, job_id) == [0, 1, 2, 3, 4, 5]
    assert len(task_queue.messages) == 6
    assert await _status(connection, job_id) == "cancelled"


async def test_a_job_whose_worker_died_is_resumed_after_its_last_stored_row_storing_each_row_once(
    connection: AsyncConnection,
    runtime: Runtime,
    job_service: JobService,
    upload: Upload,
    task_queue: RecordingTaskQueue,
) -> None:
    job_id = await _job_from_file(connection, upload, job_service.sms, sms_rows(10))
    batches = 0

    async def die_after_two_batches() -> bool:
        nonlocal batches
        batches += 1
        if batches == 3:
            raise SystemExit  # the worker is killed between batches
        return False

    with contextlib.suppress(SystemExit):
        await process_job(runtime, job_id, stop=die_after_two_batches, batch_size=4)
    assert await _rows(connection, job_id) == list(range(8))
    assert await _status(connection, job_id) == "in progress"

    assert await recovery.check_job_status(runtime) == []  # still within its heartbeat
    later = utc_now() + recovery.STALLED_AFTER + timedelta(seconds=1)
    assert await recovery.check_job_status(runtime, now=later) == [job_id]
    assert task_queue.messages[-1] == ("process-incomplete-jobs", "job-tasks", ([str(job_id)],))

    assert await process_incomplete_job(runtime, job_id, batch_size=4) == "finished"
    assert await _rows(connection, job_id) == list(range(10))
    enqueued = [args[0] for actor, _, args in task_queue.messages if actor == "deliver_sms"]
    assert len(enqueued) == len(set(enqueued)) == 10


async def test_rows_missing_from_a_finished_job_are_stored_once(
    connection: AsyncConnection, runtime: Runtime, job_service: JobService, upload: Upload
) -> None:
    job_id = await _job_from_file(connection, upload, job_service.sms, sms_rows(6))
    assert await process_job(runtime, job_id) == "finished"
    await connection.execute(
        delete(notifications).where(
            notifications.c.job_id == job_id, notifications.c.job_row_number.in_([1, 4])
        )
    )
    finished_at = utc_now() - timedelta(minutes=30)
    await connection.execute(update(jobs).where(jobs.c.id == job_id).values(processing_finished=finished_at))
    assert await recovery.check_for_missing_rows(runtime) == 2
    assert await _rows(connection, job_id) == [0, 1, 2, 3, 4, 5]
    assert await recovery.check_for_missing_rows(runtime) == 0


async def test_scheduled_jobs_whose_time_has_come_are_queued(
    connection: AsyncConnection, runtime: Runtime, job_service: JobService, task_queue: RecordingTaskQueue
) -> None:
    now = utc_now()
    due = await create_job(
        connection, job_service.sms, job_status="scheduled", scheduled_for=now - timedelta(seconds=5)
    )
    await create_job(
        connection, job_service.sms, job_status="scheduled", scheduled_for=now + timedelta(minutes=5)
    )
    assert await recovery.run_scheduled_jobs(runtime, now=now) == [due]
    assert await _status(connection, due) == "pending"
    assert task_queue.messages == [("process-job", "job-tasks", (str(due),))]
