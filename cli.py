"""Operator CLI: ``python cli.py <command>``. Every command has ``--help``."""

from __future__ import annotations

import asyncio
import json
import sys
import uuid
from datetime import datetime

import click

from notify_api.settings import Settings


@click.group()
def cli() -> None:
    """GOV.UK Notify API: operator commands."""


@cli.group()
def db() -> None:
    """Database migrations."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True, help="Alembic revision to upgrade to.")
def db_upgrade(revision: str) -> None:
    """Apply migrations up to REVISION."""
    from notify_api.db.migrate import upgrade

    upgrade(Settings.from_env(), revision)


@db.command("downgrade")
@click.option("--revision", default="-1", show_default=True, help="Alembic revision to downgrade to.")
def db_downgrade(revision: str) -> None:
    """Revert migrations down to REVISION."""
    from notify_api.db.migrate import downgrade

    downgrade(Settings.from_env(), revision)


@cli.command("create-dev-service")
@click.option(
    "--reuse/--no-reuse", default=False, help="Print the existing development service if there is one."
)
def create_dev_service(reuse: bool) -> None:
    """Create a user and a live service with API keys, templates and senders; print them as JSON."""
    from notify_dev.dev_service import create_dev_service as create

    try:
        result = asyncio.run(create(Settings.from_env(), reuse=reuse))
    except RuntimeError as error:
        raise click.ClickException(str(error)) from error
    click.echo(json.dumps(result))


@cli.command("purge-functional-test-data")
@click.option(
    "-u",
    "--user-email-prefix",
    "--user_email_prefix",
    required=True,
    help="Delete users whose email address starts with this prefix (and contains +<uuid>).",
)
@click.option("--dry-run", is_flag=True, help="Print what would be deleted; delete nothing.")
@click.option("--yes-really", is_flag=True, help="Needed to run in production.")
def purge_functional_test_data(user_email_prefix: str, dry_run: bool, yes_really: bool) -> None:
    """Remove functional-test users, their services and everything that hangs off them."""
    from notify_api.commands.purge import purge_functional_test_data as purge

    settings = Settings.from_env()
    if settings.is_production and not yes_really:
        raise click.ClickException("refusing to purge in production without --yes-really")
    asyncio.run(purge(settings, user_email_prefix, dry_run=dry_run, echo=click.echo))


@cli.command("rotate-encryption-key")
@click.option("--batch-size", default=1000, show_default=True, type=click.IntRange(min=1))
@click.option("--dry-run", is_flag=True, help="Count what would be re-encrypted; write nothing.")
def rotate_encryption_key(batch_size: int, dry_run: bool) -> None:
    """Re-encrypt stored secrets with the newest SECRET_KEY; safe to stop and run again."""
    from notify_api.commands.rotate_keys import rotate_encryption_key as rotate

    reports = asyncio.run(
        rotate(
            Settings.from_env(),
            batch_size=batch_size,
            dry_run=dry_run,
            echo=click.echo,
            progress=lambda total, label: click.progressbar(length=total, label=label),
        )
    )
    unreadable = sum(report.unreadable for report in reports)
    if unreadable:
        raise click.ClickException(f"{unreadable} value(s) could not be decrypted with any SECRET_KEY")


@cli.command("rebuild-ft-billing-for-day")
@click.option("-d", "--day", required=True, type=click.DateTime(formats=["%Y-%m-%d"]), help="YYYY-MM-DD")
def rebuild_ft_billing_for_day(day: datetime) -> None:
    """Rebuild ft_billing for one London day, every service (running it again gives the same rows)."""
    from notify_api.commands.rebuild_facts import rebuild_billing_day

    rows = asyncio.run(rebuild_billing_day(Settings.from_env(), day.date()))
    click.echo(f"ft_billing for {day.date().isoformat()}: {rows} rows")


@cli.command("create-nightly-notification-status-for-day")
@click.option("-d", "--day", required=True, type=click.DateTime(formats=["%Y-%m-%d"]), help="YYYY-MM-DD")
def create_nightly_notification_status_for_day(day: datetime) -> None:
    """Rebuild ft_notification_status for one London day, every service and type."""
    from notify_api.commands.rebuild_facts import rebuild_status_day

    rows = asyncio.run(rebuild_status_day(Settings.from_env(), day.date()))
    click.echo(f"ft_notification_status for {day.date().isoformat()}: {rows} rows")


@cli.command("process-row-from-job")
@click.option("-j", "--job-id", "--job_id", "job_id", required=True, type=click.UUID, help="Job id")
@click.option(
    "-n", "--job-row-number", "--job_row_number", "row_number", required=True, type=click.IntRange(min=0),
    help="The row's number in the file, from 0 for the first row under the headings.",
)  # fmt: skip
def process_row_from_job(job_id: uuid.UUID, row_number: int) -> None:
    """Send one row of a job's file again if it was never stored (a row stored already is not sent twice)."""
    from notify_api.jobs.one_row import JobRowError
    from notify_api.jobs.one_row import process_row_from_job as process
    from notify_api.runtime import build_runtime

    async def run() -> None:
        runtime = build_runtime(Settings.from_env())
        try:
            outcome = await process(runtime, job_id, row_number)
        finally:
            await runtime.close()
        row = f"row {row_number} of job {job_id}"
        if outcome.notification_id is None:
            click.echo(f"Nothing sent: trial mode does not allow the recipient of {row}")
        elif outcome.stored_now:
            click.echo(f"Processed {row}: created notification_id: {outcome.notification_id}")
        else:
            click.echo(f"Nothing to do: {row} is stored already, as notification {outcome.notification_id}")

    try:
        asyncio.run(run())
    except JobRowError as error:
        raise click.ClickException(str(error)) from error


@cli.command("populate-annual-billing-with-defaults")
@click.option(
    "-y", "--year", required=True, type=click.IntRange(1900, 9000), help="financial year, e.g. 2022"
)
@click.option(
    "-m",
    "--missing-services-only",
    default=True,
    type=bool,
    show_default=True,
    help="only services without an allowance for that year (false: reset every active service's)",
)
def populate_annual_billing_with_defaults(year: int, missing_services_only: bool) -> None:
    """Give active services their organisation type's default free SMS allowance for a financial year."""
    from notify_api.commands.rebuild_facts import populate_annual_billing

    rows = asyncio.run(populate_annual_billing(Settings.from_env(), year, missing_only=missing_services_only))
    click.echo(f"annual_billing for {year}: {rows} services")


@cli.command("queue-depth")
@click.option("--json", "as_json", is_flag=True, help="JSON: waiting messages and oldest age per queue")
def queue_depth(as_json: bool) -> None:
    """Print how many messages wait on each queue (for a platform autoscaler, or a person)."""
    import redis.asyncio as aioredis

    from notify_api.tasks.depth import QueueStats, queue_stats

    settings = Settings.from_env()

    async def read() -> dict[str, QueueStats]:
        redis = aioredis.Redis.from_url(settings.task_broker_url)
        try:
            return await queue_stats(redis, settings.queue_prefix)
        finally:
            await redis.aclose()

    stats = sorted(asyncio.run(read()).items())
    if as_json:
        report = {
            queue: {"waiting": each.waiting, "oldest_message_age_seconds": round(each.oldest_age_seconds, 3)}
            for queue, each in stats
        }
        click.echo(json.dumps(report, indent=2))
        return
    for queue, each in stats:
        click.echo(f"{queue}\t{each.waiting}")


@cli.command("scheduler")
def scheduler() -> None:
    """Run the periodic-task scheduler (one is active even when several run)."""
    Settings.from_env().check_production_secrets()
    from notify_workers.scheduler import main

    main()


@cli.command("run-task")
@click.argument("name")
def run_task(name: str) -> None:
    """Run the scheduled task NAME now, in this process (e.g. delete-notifications-older-than-retention)."""
    from notify_workers.run_task import UnknownTask, run_scheduled_task

    try:
        run_scheduled_task(name)
    except UnknownTask as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{name}: done")


@cli.command("serve")
@click.option("--workers", default=2, show_default=True)
@click.option("--port", default=6011, show_default=True)
def serve(workers: int, port: int) -> None:
    """Serve the API with N processes and a bounded metrics directory."""
    from notify_api.serve import main

    sys.exit(main(["--workers", str(workers), "--port", str(port)]))


@cli.command("local-run")
def local_run() -> None:
    """Start everything for local development (what `make run` does)."""
    from notify_dev.launcher import main

    sys.exit(main())


def _add_operator_commands() -> None:
    from notify_api.operator.commands import COMMANDS

    for command in COMMANDS:
        cli.add_command(command)


_add_operator_commands()

if __name__ == "__main__":
    cli()
