"""``process-row-from-job``: one row of a job's file stored and queued again, unless it was stored already."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from click.testing import CliRunner
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from cli import cli
from notify_api.commands.purge import service_row_filters, user_row_filters
from notify_api.db.tables import notifications, services, users
from notify_api.jobs.files import write_job_file
from notify_api.jobs.one_row import JobRowError, process_row_from_job
from notify_api.runtime import Runtime
from notify_api.settings import Settings
from tests.conftest import test_environment as environment_for_tests
from tests.factories import CreatedTemplate, create_job, create_notification, create_service, create_template
from tests.task_queue import RecordingTaskQueue

FILE = "phone number,name\n07700900001,Ann\n07700900002,Bob\n07700900003,Cat\n"


async def _template(connection: AsyncConnection, **service: object) -> CreatedTemplate:
    created = await create_service(connection, **service)  # type: ignore[arg-type]
    return await create_template(connection, created.id, content="Hello ((name))")


async def _job(connection: AsyncConnection, settings: Settings, template: CreatedTemplate) -> uuid.UUID:
    job_id = await create_job(connection, template, notification_count=3, job_status="finished")
    await write_job_file(settings, template.service_id, job_id, FILE.encode(), {"valid": "True"})
    return job_id


async def test_a_row_never_stored_is_stored_and_queued(
    connection: AsyncConnection, runtime: Runtime, settings: Settings, task_queue: RecordingTaskQueue
) -> None:
    template = await _template(connection)
    job_id = await _job(connection, settings, template)
    for row in (0, 2):  # the job lost row 1
        await create_notification(connection, template, job_id=job_id, job_row_number=row)

    outcome = await process_row_from_job(runtime, job_id, 1)

    assert outcome.stored_now and outcome.notification_id is not None
    stored = (
        await connection.execute(
            select(notifications.c.id, notifications.c.to, notifications.c.notification_status).where(
                notifications.c.job_id == job_id, notifications.c.job_row_number == 1
            )
        )
    ).one()
    assert tuple(stored) == (outcome.notification_id, "07700900002", "created")
    assert task_queue.messages == [("deliver_sms", "send-sms-tasks", (str(outcome.notification_id),))]


async def test_a_row_stored_already_is_not_sent_twice(
    connection: AsyncConnection, runtime: Runtime, settings: Settings, task_queue: RecordingTaskQueue
) -> None:
    template = await _template(connection)
    job_id = await _job(connection, settings, template)
    existing = await create_notification(connection, template, job_id=job_id, job_row_number=0)

    outcome = await process_row_from_job(runtime, job_id, 0)

    assert (outcome.notification_id, outcome.stored_now) == (existing, False)
    assert task_queue.messages == []


async def test_a_row_trial_mode_drops_stays_dropped(
    connection: AsyncConnection, runtime: Runtime, settings: Settings, task_queue: RecordingTaskQueue
) -> None:
    template = await _template(connection, restricted=True)
    job_id = await _job(connection, settings, template)

    outcome = await process_row_from_job(runtime, job_id, 2)

    assert (outcome.notification_id, outcome.stored_now) == (None, False)
    assert task_queue.messages == []


async def test_rows_that_cannot_be_processed_say_why(
    connection: AsyncConnection, runtime: Runtime, settings: Settings
) -> None:
    template = await _template(connection)
    job_id = await _job(connection, settings, template)
    without_file = await create_job(connection, template)
    unknown = uuid.uuid4()

    with pytest.raises(JobRowError, match=rf"Job {job_id} has no row 3 \(its rows are 0 to 2\)"):
        await process_row_from_job(runtime, job_id, 3)
    with pytest.raises(JobRowError, match=f"No job with id {unknown}"):
        await process_row_from_job(runtime, unknown, 0)
    with pytest.raises(JobRowError, match=f"The file of job {without_file} is no longer in S3"):
        await process_row_from_job(runtime, without_file, 0)


@dataclass(frozen=True)
class CommittedJob:
    template: CreatedTemplate
    job_id: uuid.UUID


@pytest.fixture
async def committed_job(engine: AsyncEngine, settings: Settings) -> AsyncIterator[CommittedJob]:
    """A job committed for the command's own process to read; its service and user removed afterwards."""
    async with engine.begin() as connection:
        template = await _template(connection)
        job_id = await _job(connection, settings, template)
        creator = (
            await connection.execute(
                select(services.c.created_by_id).where(services.c.id == template.service_id)
            )
        ).scalar_one()
    yield CommittedJob(template, job_id)
    async with engine.begin() as connection:
        for table, clause in [*service_row_filters(template.service_id), *user_row_filters(creator)]:
            await connection.execute(delete(table).where(clause))
        await connection.execute(delete(users).where(users.c.id == creator))


async def test_the_command_stores_the_row_then_reports_it_stored(
    committed_job: CommittedJob, settings: Settings, engine: AsyncEngine
) -> None:
    environment = {
        **environment_for_tests(),
        "AWS_ENDPOINT_URL": settings.aws_endpoint_url,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }
    arguments = ["process-row-from-job", "-j", str(committed_job.job_id), "-n", "1"]

    first = await asyncio.to_thread(CliRunner().invoke, cli, arguments, env=environment)
    again = await asyncio.to_thread(CliRunner().invoke, cli, arguments, env=environment)

    assert first.exit_code == 0, first.output
    async with engine.connect() as connection:
        stored = (
            await connection.execute(
                select(notifications.c.id).where(notifications.c.job_id == committed_job.job_id)
            )
        ).scalar_one()
    assert first.output.endswith(
        f"Processed row 1 of job {committed_job.job_id}: created notification_id: {stored}\n"
    )
    assert again.exit_code == 0, again.output
    assert again.output.endswith(
        f"Nothing to do: row 1 of job {committed_job.job_id} is stored already, as notification {stored}\n"
    )


def test_the_command_refuses_an_unknown_job_and_a_negative_row() -> None:
    unknown = uuid.uuid4()
    result = CliRunner().invoke(
        cli, ["process-row-from-job", "-j", str(unknown), "-n", "0"], env=environment_for_tests()
    )
    assert result.exit_code == 1
    assert f"Error: No job with id {unknown}" in result.output
    negative = CliRunner().invoke(cli, ["process-row-from-job", "-j", str(unknown), "-n", "-1"])
    assert negative.exit_code == 2
    assert "process-row-from-job" in CliRunner().invoke(cli, ["--help"]).output
