"""The data-repair operator commands: what each changes or queues, and the command line around them."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from cli import cli
from notify_api.db.tables.inbound import inbound_numbers
from notify_api.db.tables.jobs import jobs
from notify_api.db.tables.notifications import notifications
from notify_api.db.tables.providers import provider_details, provider_rates
from notify_api.operator.commands import COMMANDS
from notify_api.operator.operations import (
    CommandError,
    add_inbound_numbers,
    add_provider_rate,
    archive_jobs_between,
    fix_billable_units,
    replay_letter_pdf,
    replay_service_callbacks,
)
from notify_api.runtime import Runtime
from tests.conftest import test_environment as environment_for_tests
from tests.factories import (
    create_callback_api,
    create_job,
    create_notification,
    create_service,
    create_template,
)
from tests.task_queue import RecordingTaskQueue


def test_every_operator_command_is_listed_and_has_help() -> None:
    listing = CliRunner().invoke(cli, ["--help"]).output
    for command in COMMANDS:
        assert str(command.name) in listing
        result = CliRunner().invoke(cli, [str(command.name), "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output


async def test_inbound_numbers_are_added_once(connection: AsyncConnection, runtime: Runtime) -> None:
    numbers = [f"07{uuid.uuid4().int % 10**9:09d}" for _ in range(2)]
    assert await add_inbound_numbers(runtime.database, numbers) == 2
    assert await add_inbound_numbers(runtime.database, [*numbers, numbers[0]]) == 0
    rows = await connection.execute(
        select(inbound_numbers.c.provider, inbound_numbers.c.active, inbound_numbers.c.service_id).where(
            inbound_numbers.c.number.in_(numbers)
        )
    )
    assert rows.all() == [("mmg", True, None)] * 2


async def test_insert_inbound_numbers_reads_one_number_per_line_from_the_file(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    numbers = [f"07{uuid.uuid4().int % 10**9:09d}" for _ in range(3)]
    listing = tmp_path / "numbers.txt"
    listing.write_text(f"{numbers[0]}\n\n  {numbers[1]}  \n{numbers[2]}\n")
    try:
        result = await asyncio.to_thread(
            CliRunner().invoke,
            cli,
            ["insert-inbound-numbers", "-f", str(listing)],
            env=environment_for_tests(),
        )
        assert result.exit_code == 0, result.output
        assert "added 3 of 3 numbers" in result.output
    finally:
        async with engine.begin() as connection:
            await connection.execute(delete(inbound_numbers).where(inbound_numbers.c.number.in_(numbers)))


async def test_a_provider_rate_is_recorded_for_a_known_provider_only(
    connection: AsyncConnection, runtime: Runtime
) -> None:
    valid_from = datetime(2031, 4, 1)
    await add_provider_rate(runtime.database, "mmg", Decimal("0.0227"), valid_from)
    rate = await connection.execute(
        select(provider_rates.c.rate)
        .join(provider_details, provider_details.c.id == provider_rates.c.provider_id)
        .where(provider_details.c.identifier == "mmg", provider_rates.c.valid_from == valid_from)
    )
    assert rate.scalar_one() == Decimal("0.0227")
    with pytest.raises(CommandError, match="No provider named 'nobody'"):
        await add_provider_rate(runtime.database, "nobody", Decimal(1), valid_from)


async def test_callbacks_are_replayed_only_when_every_reference_is_known(
    connection: AsyncConnection, runtime: Runtime
) -> None:
    service = await create_service(connection)
    template = await create_template(connection, service.id)
    first = await create_notification(connection, template, client_reference="ref-1", status="delivered")
    second = await create_notification(connection, template, client_reference="ref-2", status="delivered")
    tasks = RecordingTaskQueue()
    with pytest.raises(CommandError, match="Callback api was not found"):
        await replay_service_callbacks(runtime.database, tasks, service.id, ["ref-1"], dry_run=False)
    await create_callback_api(connection, service.id)

    refused = await replay_service_callbacks(
        runtime.database, tasks, service.id, ["ref-1", "unknown"], dry_run=False
    )
    assert refused.missing == ["unknown"] and tasks.messages == []
    dry = await replay_service_callbacks(
        runtime.database, tasks, service.id, ["ref-1", "ref-2"], dry_run=True
    )
    assert dry.queued == [first, second] and tasks.messages == []

    await replay_service_callbacks(runtime.database, tasks, service.id, ["ref-1", "ref-2"], dry_run=False)
    assert tasks.messages == [
        ("send-delivery-status", "service-callbacks", (str(first),)),
        ("send-delivery-status", "service-callbacks", (str(second),)),
    ]


async def test_a_letters_pdf_task_is_queued_again(connection: AsyncConnection, runtime: Runtime) -> None:
    service = await create_service(connection)
    letter = await create_notification(
        connection, await create_template(connection, service.id, template_type="letter", postage="second")
    )
    tasks = RecordingTaskQueue()
    await replay_letter_pdf(runtime.database, tasks, letter)
    assert tasks.messages == [("get-pdf-for-templated-letter", "create-letters-pdf-tasks", (str(letter),))]
    with pytest.raises(CommandError):
        await replay_letter_pdf(runtime.database, tasks, uuid.uuid4())


async def test_jobs_created_on_the_london_days_given_are_archived(
    connection: AsyncConnection, runtime: Runtime
) -> None:
    service = await create_service(connection)
    template = await create_template(connection, service.id)
    # 23:30 UTC on 1 July is 00:30 BST on the 2nd
    on_the_second = await create_job(connection, template, created_at=datetime(2031, 7, 1, 23, 30))
    on_the_first = await create_job(connection, template, created_at=datetime(2031, 7, 1, 22, 30))
    lines: list[str] = []

    assert (
        await archive_jobs_between(
            runtime.database, date(2031, 7, 2), date(2031, 7, 3), dry_run=True, echo=lines.append
        )
        == 1
    )
    assert len(lines) == 2
    assert (
        await archive_jobs_between(
            runtime.database, date(2031, 7, 2), date(2031, 7, 3), dry_run=False, echo=lines.append
        )
        == 1
    )
    archived = await connection.execute(
        select(jobs.c.id).where(jobs.c.service_id == service.id, jobs.c.archived)
    )
    assert set(archived.scalars()) == {on_the_second}
    assert on_the_first != on_the_second


def test_archiving_jobs_asks_first_and_stops_on_no() -> None:
    result = CliRunner().invoke(
        cli, ["update-jobs-archived-flag", "-s", "2031-07-02", "-e", "2031-07-03"], input="n\n"
    )
    assert result.exit_code == 1
    assert "Archive every job created from 2031-07-02 to 2031-07-03?" in result.output
    assert "Aborted" in result.output


async def test_unsent_texts_get_the_billable_units_a_send_would_have_counted(
    connection: AsyncConnection, runtime: Runtime
) -> None:
    service = await create_service(connection, name=f"Service {uuid.uuid4().hex[:6]}")
    template = await create_template(connection, service.id, content="x" * 300)
    never_sent = await create_notification(connection, template, status="technical-failure", billable_units=0)
    test_key = await create_notification(
        connection, template, status="technical-failure", billable_units=0, key_type="test"
    )
    lines: list[str] = []

    assert (
        await fix_billable_units(runtime.database, runtime.encryption, dry_run=False, echo=lines.append) >= 1
    )

    units = await connection.execute(
        select(notifications.c.id, notifications.c.billable_units).where(
            notifications.c.id.in_([never_sent, test_key])
        )
    )
    # 300 characters plus the service-name prefix: 3 fragments of 153
    assert dict(units.all()) == {never_sent: 3, test_key: 0}
