"""``python cli.py run-task delete-notifications-older-than-retention`` killed half-way (SIGKILL): the next
run finishes the job, and no row is lost or left in both tables."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from datetime import timedelta
from pathlib import Path

import asyncpg
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from notify_api.settings import Settings
from notify_api.timeutils import utc_now
from tests.conftest import test_environment as environment_for_tests
from tests.factories import create_service, create_template
from tests.faults.own_database import own_database

ROOT = Path(__file__).resolve().parents[3]
OLD_ROWS = 30_000
RECENT_ROWS = 100
BATCH = 300


def plain_url(settings: Settings) -> str:
    return settings.database_url.replace("postgresql+asyncpg://", "postgresql://")


async def run_task(settings: Settings) -> asyncio.subprocess.Process:
    environment = {
        **os.environ,
        **environment_for_tests(),
        "SQLALCHEMY_DATABASE_URI": settings.database_url,
        "AWS_ENDPOINT_URL": settings.aws_endpoint_url or "",
        "RETENTION_BATCH_SIZE": str(BATCH),
    }
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "cli.py",
        "run-task",
        "delete-notifications-older-than-retention",
        cwd=ROOT,
        env=environment,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )


async def seed(settings: Settings) -> None:
    engine = create_async_engine(settings.database_url)
    try:
        async with engine.begin() as connection:
            service = await create_service(connection)
            template = await create_template(connection, service.id)
            for count, age in ((OLD_ROWS, timedelta(days=30)), (RECENT_ROWS, timedelta(hours=1))):
                await connection.execute(
                    text(
                        'INSERT INTO notifications (id, "to", normalised_to, service_id, template_id,'
                        " template_version, key_type, billable_units, notification_type, created_at,"
                        " notification_status, international)"
                        " SELECT gen_random_uuid(), '+447700900855', '447700900855', :service, :template, 1,"
                        " 'normal', 1, 'sms', :created_at, 'delivered', false FROM generate_series(1, :count)"
                    ),
                    {
                        "service": service.id,
                        "template": template.id,
                        "created_at": utc_now() - age,
                        "count": count,
                    },
                )
    finally:
        await engine.dispose()


async def counts(connection: asyncpg.Connection) -> tuple[int, int, int]:
    live = await connection.fetchval("SELECT count(*) FROM notifications")
    history = await connection.fetchval("SELECT count(*) FROM notification_history")
    both = await connection.fetchval(
        "SELECT count(*) FROM notifications n JOIN notification_history h ON h.id = n.id"
    )
    return live, history, both


async def test_a_run_killed_half_way_is_finished_by_the_next_run(settings: Settings) -> None:
    own = await own_database(settings, "_retention_kill")
    await seed(own)
    watcher = await asyncpg.connect(plain_url(own))
    try:
        first = await run_task(own)
        moved_when_killed = 0
        for _ in range(2000):
            moved_when_killed = await watcher.fetchval("SELECT count(*) FROM notification_history")
            if moved_when_killed >= BATCH:
                break
            await asyncio.sleep(0.01)
        first.send_signal(signal.SIGKILL)
        await first.wait()

        live, history, both = await counts(watcher)
        assert BATCH <= history < OLD_ROWS, "the kill came after the first batch and before the last"
        assert live + history == OLD_ROWS + RECENT_ROWS
        assert both == 0

        second = await run_task(own)
        output, _ = await asyncio.wait_for(second.communicate(), timeout=120)
        assert second.returncode == 0, output.decode()

        assert await counts(watcher) == (RECENT_ROWS, OLD_ROWS, 0)
    finally:
        await watcher.close()
