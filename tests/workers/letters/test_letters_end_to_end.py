"""End to end: letters sent through the public API with a live key are rendered by a real worker, collected
by the print run at a faked 17:50, printed by the simulated printer, whose SNS announcement reaches
POST /notifications/letter/dvla, and a real worker applies the response file: ``delivered``. One letter is
cancelled before the print run and never printed; one delivered letter comes back (POST /letters/returned),
and the admin's returned-letter and usage pages show both as the admin reads them.

The DVLA volumes email goes through the real send pipeline too (a worker sends it to SES, moto here).
Rows live in a database of the test's own, since a worker only sees committed data.
"""

from __future__ import annotations

import asyncio
import dataclasses
import random
import sys
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from notifications_python_client import NotificationsAPIClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from notify_api.db.tables import daily_sorted_letter, notifications
from notify_api.db.tables.seed_ids import LETTERS_VOLUME_EMAIL_TEMPLATE_ID
from notify_api.printing.collation import collate_letter_pdfs_to_be_sent
from notify_api.runtime import Runtime, build_runtime
from notify_api.settings import Settings
from notify_api.storage import ObjectStore
from notify_api.tasks import queues
from notify_api.tasks.queues import prefixed
from notify_api.timeutils import LONDON, utc_now
from notify_api.web.app import create_app
from notify_dev.moto_server import prepare_aws
from notify_dev.printer import Printer, ack_key
from tests.conftest import TEST_REDIS_URL
from tests.factories import create_api_key, create_service, create_template
from tests.faults.own_database import own_database
from tests.helpers import admin_headers
from tests.jobs.test_jobs_end_to_end import eventually
from tests.live_server import live_server
from tests.workers.delivery.worker_processes import (
    REPO_ROOT,
    delete_queue_keys,
    free_port,
    stop_process,
    wait_until_consuming,
    worker_environment,
)

WORKER_QUEUES = (
    queues.CREATE_LETTERS_PDF, queues.NOTIFY_INTERNAL, queues.PERIODIC, queues.RETRY, queues.DATABASE,
)  # fmt: skip
DVLA_ADDRESS = "dvla-volumes@example.gov.uk"
ADDRESS = {"address_line_1": "Ms A Person", "address_line_2": "1 High Street", "postcode": "SW1A 1AA"}


def next_print_run_time(after: datetime) -> datetime:
    """17:50 London on the day whose 17:30 cut-off comes after ``after`` (naive UTC), as naive UTC."""
    london = after.replace(tzinfo=UTC).astimezone(LONDON)
    day = london.date() if london.time() < time(17, 30) else london.date() + timedelta(days=1)
    return datetime.combine(day, time(17, 50), tzinfo=LONDON).astimezone(UTC).replace(tzinfo=None)


@pytest.fixture
async def world(
    settings: Settings, tmp_path: Path
) -> AsyncIterator[tuple[Settings, Runtime, httpx.AsyncClient]]:
    prefix = f"letters-e2e-{uuid.uuid4().hex[:8]}-"
    own = dataclasses.replace(
        await own_database(settings, "_letters_e2e"),
        redis_url=TEST_REDIS_URL,
        queue_prefix=prefix,
        dvla_email_addresses=[DVLA_ADDRESS],
        letters_print_bucket=f"letters-print-{uuid.uuid4().hex[:8]}",  # the printer takes every zip in it
    )
    await asyncio.to_thread(prepare_aws, own, own.aws_endpoint_url)
    environment = worker_environment(
        database_url=own.database_url, redis_url=TEST_REDIS_URL, prefix=prefix, simulator_port=free_port(),
        aws_endpoint_url=own.aws_endpoint_url, DVLA_EMAIL_ADDRESSES=f'["{DVLA_ADDRESS}"]',
        LETTERS_PRINT_BUCKET_NAME=own.letters_print_bucket,
    )  # fmt: skip
    log = open(tmp_path / "worker.log", "ab")  # noqa: SIM115, ASYNC230
    worker = await asyncio.create_subprocess_exec(
        sys.executable, "worker_main.py", "--processes", "1", "--threads", "4",
        "--queues", *(prefixed(queue, prefix) for queue in WORKER_QUEUES),
        cwd=REPO_ROOT, env=environment, stdout=log, stderr=log,
    )  # fmt: skip
    runtime = build_runtime(own, pool_size=2)
    app = create_app(own, runtime_factory=lambda _: runtime)
    try:
        await wait_until_consuming(environment)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://localhost:6011") as http:
                yield own, runtime, http
    finally:
        await stop_process(worker)
        log.close()
        await delete_queue_keys(TEST_REDIS_URL, prefix)


async def test_letters_go_from_the_api_to_the_printer_and_back_to_delivered(
    world: tuple[Settings, Runtime, httpx.AsyncClient],
) -> None:
    own, runtime, http = world
    engine = create_async_engine(own.database_url, poolclass=NullPool)
    async with engine.begin() as connection:
        service = await create_service(connection)
        key = await create_api_key(connection, service.id, "normal")
        template = await create_template(
            connection,
            service.id,
            template_type="letter",
            subject="Your licence",
            content="Dear ((name)), " * 40,
        )

    # Sent with the official Python client, over real HTTP.
    def send_letters(base_url: str) -> list[str]:
        client = NotificationsAPIClient(f"letters_key-{service.id}-{key.secret}", base_url=base_url)
        return [
            client.send_letter_notification(str(template.id), {**ADDRESS, "name": name})["id"]
            for name in ("Ada", "Grace", "Alan", "Cancelled")
        ]

    with live_server(own) as base_url:
        sent = await asyncio.to_thread(send_letters, base_url)

    async def rows() -> list[Any]:
        async with engine.connect() as connection:
            query = select(notifications).where(notifications.c.service_id == service.id)
            return list((await connection.execute(query)).all())

    async def every_pdf_made() -> bool:
        found = await rows()
        return len(found) == 4 and all(row.billable_units > 0 for row in found)

    await eventually(every_pdf_made, seconds=60)
    assert {row.notification_status for row in await rows()} == {"created"}

    # The admin cancels the fourth letter before the print run takes it.
    admin = admin_headers(own)
    cancelled_id = sent.pop()
    cancelled = await http.post(f"/service/{service.id}/notifications/{cancelled_id}/cancel", headers=admin)
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled"

    # what the scheduler's 17:50 message runs, at a faked 17:50 (run-task calls the same function)
    faked = next_print_run_time(utc_now())
    report = await collate_letter_pdfs_to_be_sent(runtime, now=faked)
    assert report.letters_sent == 3 and len(report.zips) == 1 and report.failed_zips == []
    by_status = {
        (row.notification_status, row.sent_by) for row in await rows() if str(row.id) != cancelled_id
    }
    assert by_status == {("sending", "dvla")}

    printer = Printer(own, http, failure_rate=0.0, rng=random.Random(1))
    printed = await printer.print_waiting_zips()
    assert printed.zips == report.zips and printed.announced and len(printed.lines) == 3
    assert await ObjectStore(own).get(own.dvla_response_bucket, ack_key(report.zips[0])) is not None

    async def all_delivered() -> bool:
        statuses = {str(row.id): row.notification_status for row in await rows()}
        return statuses.pop(cancelled_id) == "cancelled" and set(statuses.values()) == {"delivered"}

    await eventually(all_delivered, seconds=60)
    by_id = {str(row.id): row for row in await rows() if str(row.id) != cancelled_id}
    for line in printed.lines:
        reference, status, sheets, _ = line.split("|")
        [row] = [row for row in by_id.values() if row.reference == reference]
        assert (status, int(sheets)) == ("Sent", row.billable_units)
    assert set(by_id) == set(sent)

    async def sorted_counts() -> Any:
        async with engine.connect() as connection:
            query = select(daily_sorted_letter).where(
                daily_sorted_letter.c.file_name == printed.response_file
            )
            return (await connection.execute(query)).one_or_none()

    counted = await eventually(sorted_counts)
    assert (counted.sorted_count, counted.unsorted_count) == (3, 0)

    async def volumes_email_sent() -> bool:
        async with engine.connect() as connection:
            query = select(notifications.c.notification_status).where(
                notifications.c.template_id == LETTERS_VOLUME_EMAIL_TEMPLATE_ID
            )
            statuses = list((await connection.execute(query)).scalars())
        return statuses == ["sending"] or statuses == ["delivered"]

    await eventually(volumes_email_sent)

    # The post office sends the first letter back: the admin's returned-letter pages show it.
    returned_reference = by_id[sent[0]].reference
    answer = await http.post("/letters/returned", json={"references": [returned_reference]}, headers=admin)
    assert answer.status_code == 200

    async def returned() -> bool:
        return by_id[sent[0]].id in {
            row.id for row in await rows() if row.notification_status == "returned-letter"
        }

    await eventually(returned, seconds=60)
    base = f"/service/{service.id}"
    statistics = (await http.get(f"{base}/returned-letter-statistics", headers=admin)).json()
    assert statistics["returned_letter_count"] == 1
    [summary] = (await http.get(f"{base}/returned-letter-summary", headers=admin)).json()
    assert summary["returned_letter_count"] == 1
    listed = await http.get(
        f"{base}/returned-letters", params={"reported_at": summary["reported_at"]}, headers=admin
    )
    assert [letter["notification_id"] for letter in listed.json()] == [sent[0]]

    # Usage: the three printed letters are billed today, the cancelled one is not.
    year = utc_now().year if utc_now().month >= 4 else utc_now().year - 1
    usage = await http.get(f"{base}/billing/monthly-usage", params={"year": year}, headers=admin)
    assert usage.status_code == 200, usage.text
    letters = [row for row in usage.json() if row["notification_type"] == "letter"]
    assert sum(row["billing_units"] for row in letters) == 3
    await engine.dispose()
