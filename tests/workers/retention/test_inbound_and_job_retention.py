"""Received texts and CSV jobs past retention: texts move to history without content, jobs lose their file."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.inbound import inbound_sms, inbound_sms_history
from notify_api.db.tables.jobs import jobs
from notify_api.db.tables.services import service_data_retention
from notify_api.retention.inbound import delete_inbound_sms_older_than_retention
from notify_api.retention.jobs import LETTERS, SMS_AND_EMAIL, job_csv_key, remove_jobs_past_retention
from notify_api.retention.notifications import retention_cutoff
from notify_api.runtime import Runtime
from notify_api.settings import Settings
from notify_api.storage import ObjectStore
from tests.factories import create_inbound_sms, create_job, create_service, create_template

NOW = datetime(2026, 6, 15, 9, 0)
MINUTE = timedelta(minutes=1)


async def test_received_texts_past_the_sms_retention_move_to_history(
    connection: AsyncConnection, runtime: Runtime
) -> None:
    short = await create_service(connection)
    default = await create_service(connection)
    await connection.execute(
        service_data_retention.insert().values(
            id=uuid.uuid4(), service_id=short.id, notification_type="sms", days_of_retention=3
        )
    )
    moved, kept = set(), set()
    for service_id, days in ((short.id, 3), (default.id, 7)):
        cutoff = retention_cutoff(days, NOW)
        moved.add(await create_inbound_sms(connection, service_id, created_at=cutoff - MINUTE))
        kept.add(await create_inbound_sms(connection, service_id, created_at=cutoff + MINUTE))

    assert await delete_inbound_sms_older_than_retention(runtime.database, now=NOW) >= 2

    services = (short.id, default.id)
    left = await connection.execute(select(inbound_sms.c.id).where(inbound_sms.c.service_id.in_(services)))
    history = await connection.execute(
        select(inbound_sms_history.c.id, inbound_sms_history.c.provider_reference).where(
            inbound_sms_history.c.service_id.in_(services)
        )
    )
    assert set(left.scalars()) == kept
    rows = history.all()
    assert {row.id for row in rows} == moved
    assert {row.provider_reference for row in rows} == {"SOME-MMG-SPECIFIC-ID"}


async def test_jobs_past_retention_lose_their_csv_and_are_archived(
    connection: AsyncConnection, runtime: Runtime, settings: Settings
) -> None:
    service = await create_service(connection)
    await connection.execute(
        service_data_retention.insert().values(
            id=uuid.uuid4(), service_id=service.id, notification_type="email", days_of_retention=30
        )
    )
    sms = await create_template(connection, service.id, template_type="sms")
    email = await create_template(connection, service.id, template_type="email")
    letter = await create_template(connection, service.id, template_type="letter", postage="second")
    seven, thirty = retention_cutoff(7, NOW), retention_cutoff(30, NOW)
    old_sms = await create_job(connection, sms, created_at=seven - MINUTE)
    # a job scheduled for later counts from the day it was due to send
    scheduled_sms = await create_job(
        connection, sms, created_at=seven - timedelta(days=2), scheduled_for=seven + MINUTE
    )
    email_in_retention = await create_job(connection, email, created_at=seven - MINUTE)
    old_email = await create_job(connection, email, created_at=thirty - MINUTE)
    old_letter = await create_job(connection, letter, created_at=seven - MINUTE)
    store = ObjectStore(settings)
    all_jobs = (old_sms, scheduled_sms, email_in_retention, old_email, old_letter)
    for job_id in all_jobs:
        await store.put(
            settings.csv_upload_bucket, job_csv_key(service.id, job_id), b"phone number\n07700900001"
        )

    assert await remove_jobs_past_retention(runtime.database, settings, SMS_AND_EMAIL, now=NOW) == 2
    assert await remove_jobs_past_retention(runtime.database, settings, LETTERS, now=NOW) == 1

    archived = await connection.execute(
        select(jobs.c.id).where(jobs.c.service_id == service.id, jobs.c.archived)
    )
    assert set(archived.scalars()) == {old_sms, old_email, old_letter}
    for job_id in all_jobs:
        csv = await store.get(settings.csv_upload_bucket, job_csv_key(service.id, job_id))
        assert (csv is None) == (job_id in {old_sms, old_email, old_letter})
