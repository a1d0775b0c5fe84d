"""``python cli.py run-task collate-letter-pdfs-to-be-sent`` runs the print run at once (operators re-run a
failed one this way), in its own process, against committed rows."""

from __future__ import annotations

import asyncio
import sys
import uuid
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from notify_api.db.tables import notifications
from notify_api.letters.stored import letter_pdf_key
from notify_api.settings import Settings
from notify_api.storage import ObjectStore
from notify_api.timeutils import utc_now
from tests.conftest import TEST_REDIS_URL
from tests.factories import create_notification, create_service, create_template
from tests.faults.own_database import own_database
from tests.workers.delivery.worker_processes import REPO_ROOT, free_port, worker_environment


async def test_run_task_sends_the_waiting_letters_to_the_printer(settings: Settings) -> None:
    own = await own_database(settings, "_print_run_command")
    engine = create_async_engine(own.database_url, poolclass=NullPool)
    async with engine.begin() as connection:
        service = await create_service(connection)
        template = await create_template(
            connection, service.id, template_type="letter", subject="S", content="C"
        )
        letter_id = await create_notification(
            connection,
            template,
            reference=uuid.uuid4().hex[:16].upper(),
            created_at=utc_now() - timedelta(days=2),
        )
        row = (await connection.execute(select(notifications).where(notifications.c.id == letter_id))).one()
    await ObjectStore(own).put(own.letters_pdf_bucket, letter_pdf_key(row), b"%PDF-1.4 stand-in")
    environment = worker_environment(
        database_url=own.database_url, redis_url=TEST_REDIS_URL, prefix=f"run-task-{uuid.uuid4().hex[:8]}-",
        simulator_port=free_port(), aws_endpoint_url=own.aws_endpoint_url,
    )  # fmt: skip
    process = await asyncio.create_subprocess_exec(
        sys.executable, "cli.py", "run-task", "collate-letter-pdfs-to-be-sent",
        cwd=REPO_ROOT, env=environment, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    output, _ = await asyncio.wait_for(process.communicate(), timeout=120)
    assert process.returncode == 0, output.decode()

    async with engine.connect() as connection:
        after = (await connection.execute(select(notifications).where(notifications.c.id == letter_id))).one()
    await engine.dispose()
    assert (after.notification_status, after.sent_by) == ("sending", "dvla")
