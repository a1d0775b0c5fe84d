"""The data-repair operator commands (the original's ``app/commands.py``), added to ``cli.py``'s group.

Each runs its own event loop and runtime; destructive ones take ``--dry-run`` and ask before writing.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

import click

from notify_api.operator.invites import bulk_invite
from notify_api.operator.operations import (
    CommandError,
    add_inbound_numbers,
    add_provider_rate,
    archive_jobs_between,
    fix_billable_units,
    read_lines,
    replay_letter_pdf,
    replay_service_callbacks,
)
from notify_api.operator.organisations import (
    associate_services_to_organisations,
    populate_go_live,
    populate_organisations,
)
from notify_api.runtime import Runtime, build_runtime
from notify_api.settings import Settings

T = TypeVar("T")
PROVIDERS = ("mmg", "firetext", "ses")


def with_runtime(work: Callable[[Runtime], Awaitable[T]]) -> T:
    async def run() -> T:
        runtime = build_runtime(Settings.from_env())
        try:
            return await work(runtime)
        finally:
            await runtime.close()

    try:
        return asyncio.run(run())
    except CommandError as error:
        raise click.ClickException(str(error)) from error


def confirm_unless(dry_run: bool, yes: bool, question: str) -> None:
    if not dry_run and not yes:
        click.confirm(question, abort=True)


_file = click.option(
    "-f",
    "--file-name",
    "--file_name",
    "file_name",
    required=True,
    type=click.Path(exists=True, dir_okay=False),
)
_dry_run = click.option("--dry-run", is_flag=True, help="Report what would change; change nothing.")
_yes = click.option("--yes", is_flag=True, help="Do not ask for confirmation.")


@click.command("insert-inbound-numbers")
@_file
def insert_inbound_numbers(file_name: str) -> None:
    """Add inbound numbers (one per line, e.g. 07700900123) as active MMG numbers with no service."""
    numbers = read_lines(Path(file_name).read_text().splitlines())
    added = with_runtime(lambda runtime: add_inbound_numbers(runtime.database, numbers))
    click.echo(f"added {added} of {len(numbers)} numbers ({len(numbers) - added} were already known)")


@click.command("create-provider-rates")
@click.option(
    "-p", "--provider-name", "--provider_name", "provider", required=True, type=click.Choice(PROVIDERS)
)
@click.option("-c", "--cost", required=True, type=Decimal, help="Cost per message in pounds, e.g. 0.0227.")
@click.option(
    "-d",
    "--valid-from",
    "--valid_from",
    "valid_from",
    required=True,
    type=click.DateTime(["%Y-%m-%dT%H:%M:%S"]),
    help="UTC, e.g. 2022-04-01T00:00:00.",
)
def create_provider_rates(provider: str, cost: Decimal, valid_from: datetime) -> None:
    """Record a provider's rate per message from a moment on."""
    with_runtime(lambda runtime: add_provider_rate(runtime.database, provider, cost, valid_from))
    click.echo(f"{provider}: {cost} from {valid_from:%Y-%m-%dT%H:%M:%S}")


@click.command("replay-service-callbacks")
@_file
@click.option("-s", "--service-id", "--service_id", "service_id", required=True, type=click.UUID)
@_dry_run
def replay_service_callbacks_command(file_name: str, service_id: uuid.UUID, dry_run: bool) -> None:
    """Send the delivery-status callback again for the service's notifications whose client references are
    listed in the file (one per line). Queues nothing if any reference is unknown."""
    references = read_lines(Path(file_name).read_text().splitlines())
    replay = with_runtime(
        lambda runtime: replay_service_callbacks(
            runtime.database, runtime.tasks, service_id, references, dry_run=dry_run
        )
    )
    for reference in replay.missing:
        click.echo(f"Reference: {reference} was not found in notifications.")
    if replay.missing:
        raise click.ClickException("Some notifications for the given references were not found")
    verb = "would queue" if dry_run else "queued"
    click.echo(f"Replay service status for service: {service_id}. {verb} {len(replay.queued)} status updates")


@click.command("replay-create-pdf-for-templated-letter")
@click.option(
    "-n", "--notification-id", "--notification_id", "notification_id", required=True, type=click.UUID
)
def replay_create_pdf_for_templated_letter(notification_id: uuid.UUID) -> None:
    """Queue the PDF task again for a templated letter."""
    with_runtime(lambda runtime: replay_letter_pdf(runtime.database, runtime.tasks, notification_id))
    click.echo(f"Create task to get_pdf_for_templated_letter for notification: {notification_id}")


def _archive_jobs(start: datetime, end: datetime, dry_run: bool, yes: bool) -> None:
    if end < start:
        raise click.BadParameter("the end date is before the start date", param_hint="--end-date")
    confirm_unless(dry_run, yes, f"Archive every job created from {start:%Y-%m-%d} to {end:%Y-%m-%d}?")
    total = with_runtime(
        lambda runtime: archive_jobs_between(
            runtime.database, start.date(), end.date(), dry_run=dry_run, echo=click.echo
        )
    )
    click.echo(f"{'would archive' if dry_run else 'archived'} {total} jobs")


_start = click.option(
    "-s", "--start-date", "--start_date", "start", required=True, type=click.DateTime(["%Y-%m-%d"]),
    help="First London day, inclusive.",
)  # fmt: skip
_end = click.option(
    "-e", "--end-date", "--end_date", "end", required=True, type=click.DateTime(["%Y-%m-%d"]),
    help="Last London day, inclusive.",
)  # fmt: skip


@click.command("update-jobs-archived-flag")
@_start
@_end
@_dry_run
@_yes
def update_jobs_archived_flag(start: datetime, end: datetime, dry_run: bool, yes: bool) -> None:
    """Mark as archived the jobs created between two London days (one transaction per day)."""
    _archive_jobs(start, end, dry_run, yes)


@click.command("archive-jobs-created-between-dates")
@_start
@_end
@_dry_run
@_yes
def archive_jobs_created_between_dates(start: datetime, end: datetime, dry_run: bool, yes: bool) -> None:
    """The original's other name for update-jobs-archived-flag."""
    _archive_jobs(start, end, dry_run, yes)


@click.command("fix-billable-units")
@_dry_run
@_yes
def fix_billable_units_command(dry_run: bool, yes: bool) -> None:
    """Count the billable units of live text messages that were never sent and have none."""
    confirm_unless(dry_run, yes, "Set billable units on every unsent live text message that has none?")
    with_runtime(
        lambda runtime: fix_billable_units(
            runtime.database, runtime.encryption, dry_run=dry_run, echo=click.echo
        )
    )


@click.command("populate-organisations-from-file")
@_file
def populate_organisations_from_file(file_name: str) -> None:
    """Add organisations and their domains from a pipe-separated file with a header row (name|sector|crown|
    agreement signed|domains|email branding|letter branding); those that exist already are skipped."""
    lines = Path(file_name).read_text().splitlines()
    loaded = with_runtime(lambda runtime: populate_organisations(runtime.database, lines, click.echo))
    click.echo(f"added {loaded.organisations} organisations and {loaded.domains} domains")


@click.command("associate-services-to-organisations")
@_dry_run
@_yes
def associate_services_to_organisations_command(dry_run: bool, yes: bool) -> None:
    """Link every service without an organisation to the organisation of its creator's email domain."""
    confirm_unless(dry_run, yes, "Link every service without an organisation to its creator's organisation?")
    linked = with_runtime(
        lambda runtime: associate_services_to_organisations(
            runtime.database, dry_run=dry_run, echo=click.echo
        )
    )
    click.echo(f"{'would link' if dry_run else 'linked'} {linked} services")


@click.command("populate-go-live")
@_file
def populate_go_live_command(file_name: str) -> None:
    """Record who took services live and when, from the go-live spreadsheet saved as CSV (service id in
    column 3, the user's email address in column 7, the date as dd/mm/yyyy in column 9)."""
    lines = Path(file_name).read_text().splitlines()
    updated = with_runtime(lambda runtime: populate_go_live(runtime.database, lines, click.echo))
    click.echo(f"updated {updated} services")


@click.command("bulk-invite-user-to-service")
@_file
@click.option("-s", "--service-id", "--service_id", "service_id", required=True, type=click.UUID)
@click.option("-u", "--user-id", "--user_id", "user_id", required=True, type=click.UUID, help="Who invites.")
@click.option(
    "-a", "--auth-type", "--auth_type", "auth_type",
    default="sms_auth", show_default=True, type=click.Choice(["sms_auth", "email_auth"]),
)  # fmt: skip
@click.option(
    "-p", "--permissions", required=True, help="Comma-separated, e.g. send_texts,send_emails,view_activity."
)
def bulk_invite_user_to_service(
    file_name: str, service_id: uuid.UUID, user_id: uuid.UUID, auth_type: str, permissions: str
) -> None:
    """Invite everyone whose email address is in the file (one per line) to the service."""
    addresses = read_lines(Path(file_name).read_text().splitlines())
    invited = with_runtime(
        lambda runtime: bulk_invite(
            runtime,
            service_id=service_id,
            from_user_id=user_id,
            email_addresses=addresses,
            permissions=permissions,
            auth_type=auth_type,
            echo=click.echo,
        )
    )
    click.echo(f"invited {invited} of {len(addresses)}")


COMMANDS = (
    insert_inbound_numbers,
    create_provider_rates,
    replay_service_callbacks_command,
    replay_create_pdf_for_templated_letter,
    update_jobs_archived_flag,
    archive_jobs_created_between_dates,
    fix_billable_units_command,
    populate_organisations_from_file,
    associate_services_to_organisations_command,
    populate_go_live_command,
    bulk_invite_user_to_service,
)
