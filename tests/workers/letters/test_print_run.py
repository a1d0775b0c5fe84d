"""collate-letter-pdfs-to-be-sent: letters waiting at the cut-off go to the print bucket in DVLA's zips."""

from __future__ import annotations

import dataclasses
import io
import json
import uuid
import zipfile
from datetime import datetime, timedelta

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables import notifications
from notify_api.db.tables.seed_ids import LETTERS_VOLUME_EMAIL_TEMPLATE_ID, NOTIFY_SERVICE_ID
from notify_api.letters import processing
from notify_api.letters.stored import letter_pdf_key
from notify_api.metrics.alerts import read_alert_state
from notify_api.printing.collation import COLLATE_LETTER_PDFS, collate_letter_pdfs_to_be_sent
from notify_api.printing.rules import print_run_for
from notify_api.runtime import Runtime
from notify_api.settings import Settings
from notify_api.storage import ObjectStore
from notify_api.timeutils import utc_now
from tests.factories import (
    CreatedTemplate,
    create_notification,
    create_organisation,
    create_service,
    create_template,
)
from tests.task_queue import RecordingTaskQueue
from tests.workers.letters.letter_support import LetterSender, letter_row, pdf_pages

# A day after now: that run's cut-off is after every letter these tests make "now".
NEXT_RUN = utc_now() + timedelta(days=1, minutes=1)


def with_settings(runtime: Runtime, **changes: object) -> Runtime:
    return dataclasses.replace(runtime, settings=dataclasses.replace(runtime.settings, **changes))


async def stored_letter(
    connection: AsyncConnection, settings: Settings, template: CreatedTemplate, **fields: object
) -> uuid.UUID:
    """A letter row whose PDF is in the letters PDF bucket (a small stand-in: its reference as content)."""
    reference = uuid.uuid4().hex[:16].upper()
    letter_id = await create_notification(connection, template, reference=reference, **fields)  # type: ignore[arg-type]
    row = (await connection.execute(select(notifications).where(notifications.c.id == letter_id))).one()
    await ObjectStore(settings).put(
        settings.letters_pdf_bucket, letter_pdf_key(row), f"%PDF {reference}".encode()
    )
    return letter_id


async def zip_members(settings: Settings, name: str) -> dict[str, bytes]:
    data = await ObjectStore(settings).get(settings.letters_print_bucket, name)
    assert data is not None, name
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {member: archive.read(member) for member in archive.namelist()}


async def test_letters_sent_before_the_cut_off_are_zipped_and_become_sending(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    runtime: Runtime,
    settings: Settings,
    letters: LetterSender,
    task_queue: RecordingTaskQueue,
) -> None:
    first = await letters.send_templated(client)
    second = await letters.send_templated(client)
    test_key_letter = await letters.send_templated(client, letters.test)
    for letter_id in (first, second, test_key_letter):
        await processing.create_templated_letter_pdf(runtime, letter_id)
    task_queue.messages.clear()
    dvla = with_settings(runtime, dvla_email_addresses=["dvla-volumes@example.gov.uk"])

    report = await collate_letter_pdfs_to_be_sent(dvla, now=NEXT_RUN)

    run = print_run_for(NEXT_RUN)
    assert report.letters_sent == 2 and report.failed_zips == [] and report.missing_pdfs == 0
    [name] = report.zips
    assert name.startswith(f"NOTIFY.{run.day:%Y-%m-%d}.2.001.") and name.endswith(
        f".{letters.service_id}.None.ZIP"
    )
    rows = [await letter_row(connection, letter_id) for letter_id in (first, second)]
    members = await zip_members(settings, name)
    assert sorted(members) == sorted(letter_pdf_key(row).split("/")[1] for row in rows)
    for row in rows:
        assert (row.notification_status, row.sent_by, row.sent_at) == ("sending", "dvla", NEXT_RUN)
        stored = await ObjectStore(settings).get(settings.letters_pdf_bucket, letter_pdf_key(row))
        assert members[letter_pdf_key(row).split("/")[1]] == stored
        assert row.billable_units * 2 >= pdf_pages(stored or b"") > 0
    assert (
        await letter_row(connection, test_key_letter)
    ).sent_by is None  # test-key letters are never printed

    record = await ObjectStore(settings).get(
        settings.letters_pdf_bucket, f"{NEXT_RUN:%Y-%m-%d}/zips_sent/{name}.TXT"
    )
    assert record is not None and sorted(json.loads(record)) == sorted(letter_pdf_key(row) for row in rows)

    # DVLA's volumes email: a Notify email, persisted and queued like any other of Notify's own messages
    email = (
        await connection.execute(
            select(notifications).where(
                notifications.c.service_id == NOTIFY_SERVICE_ID,
                notifications.c.template_id == LETTERS_VOLUME_EMAIL_TEMPLATE_ID,
            )
        )
    ).one()
    assert (email.to, email.notification_type, email.notification_status) == (
        "dvla-volumes@example.gov.uk", "email", "created"
    )  # fmt: skip
    personalisation = runtime.encryption.decrypt_json(email._personalisation)
    sheets = sum(row.billable_units for row in rows)
    assert personalisation == {
        "total_volume": 2, "first_class_volume": 0, "second_class_volume": 2, "international_volume": 0,
        "total_sheets": sheets, "first_class_sheets": 0, "second_class_sheets": sheets,
        "international_sheets": 0,
        "date": run.day.strftime("%d %B %Y"),
    }  # fmt: skip
    assert task_queue.messages == [("deliver_email", "notify-internal-tasks", (str(email.id),))]


async def test_a_second_run_sends_nothing_again(
    connection: AsyncConnection, runtime: Runtime, settings: Settings
) -> None:
    service = await create_service(connection)
    template = await create_template(connection, service.id, template_type="letter", subject="S", content="C")
    await stored_letter(connection, settings, template, billable_units=1)
    assert (await collate_letter_pdfs_to_be_sent(runtime, now=NEXT_RUN)).letters_sent == 1
    again = await collate_letter_pdfs_to_be_sent(runtime, now=NEXT_RUN)
    assert (again.zips, again.letters_sent) == ([], 0)


async def test_letters_after_the_cut_off_wait_for_the_next_run(
    connection: AsyncConnection, runtime: Runtime, settings: Settings
) -> None:
    service = await create_service(connection)
    template = await create_template(connection, service.id, template_type="letter", subject="S", content="C")
    now = datetime(2022, 1, 21, 17, 50)  # winter: London is UTC
    before = await stored_letter(connection, settings, template, created_at=datetime(2022, 1, 21, 17, 29, 59))
    after = await stored_letter(connection, settings, template, created_at=datetime(2022, 1, 21, 17, 30))
    report = await collate_letter_pdfs_to_be_sent(runtime, now=now)
    assert report.letters_sent == 1 and report.zips[0].startswith("NOTIFY.2022-01-21.2.001.")
    assert (await letter_row(connection, str(before))).notification_status == "sending"
    assert (await letter_row(connection, str(after))).notification_status == "created"
    # the next day's run takes it
    assert (await collate_letter_pdfs_to_be_sent(runtime, now=now + timedelta(days=1))).letters_sent == 1


async def test_zips_are_made_per_postage_class_and_service_and_numbered_per_postage_class(
    connection: AsyncConnection, runtime: Runtime, settings: Settings
) -> None:
    organisation = await create_organisation(connection)
    services = [
        await create_service(connection, organisation_id=organisation),
        await create_service(connection),
    ]
    expected: dict[tuple[str, uuid.UUID], set[uuid.UUID]] = {}
    for service in services:
        template = await create_template(
            connection, service.id, template_type="letter", subject="S", content="C"
        )
        for postage in ("first", "second", "europe", "rest-of-world"):
            made = {await stored_letter(connection, settings, template, postage=postage) for _ in range(2)}
            expected[(postage, service.id)] = made
    ignored = await create_template(
        connection, (await create_service(connection)).id, template_type="letter", subject="S", content="C"
    )
    waiting = await stored_letter(connection, settings, ignored, status="pending-virus-check")

    report = await collate_letter_pdfs_to_be_sent(runtime, now=NEXT_RUN)

    assert report.letters_sent == 16 and len(report.zips) == 8
    by_postage: dict[str, list[str]] = {}
    for name in report.zips:
        by_postage.setdefault(name.split(".")[2], []).append(name)
    assert sorted(by_postage) == ["1", "2", "E", "N"]
    for letter_class, names in by_postage.items():
        assert [name.split(".")[3] for name in names] == ["001", "002"], letter_class
    owners = {name.split(".")[5]: name.split(".")[6] for name in report.zips}
    assert owners == {str(services[0].id): str(organisation), str(services[1].id): "None"}
    assert (await letter_row(connection, str(waiting))).notification_status == "pending-virus-check"


async def test_a_letter_whose_pdf_is_missing_is_left_for_the_alert_of_the_next_morning(
    connection: AsyncConnection, runtime: Runtime, settings: Settings
) -> None:
    service = await create_service(connection)
    template = await create_template(connection, service.id, template_type="letter", subject="S", content="C")
    present = await stored_letter(connection, settings, template)
    missing = await create_notification(connection, template, reference="NOPDF0000000001")
    report = await collate_letter_pdfs_to_be_sent(runtime, now=NEXT_RUN)
    assert (report.letters_sent, report.missing_pdfs) == (1, 1)
    assert (await letter_row(connection, str(present))).notification_status == "sending"
    assert (await letter_row(connection, str(missing))).notification_status == "created"


async def test_a_failed_upload_leaves_the_letters_created_raises_an_alert_and_a_rerun_sends_them(
    connection: AsyncConnection, runtime: Runtime, settings: Settings
) -> None:
    service = await create_service(connection)
    template = await create_template(connection, service.id, template_type="letter", subject="S", content="C")
    letter_ids = [await stored_letter(connection, settings, template) for _ in range(3)]
    broken = with_settings(runtime, letters_print_bucket="no-such-print-bucket")

    report = await collate_letter_pdfs_to_be_sent(broken, now=NEXT_RUN)

    assert (report.zips, report.letters_sent, report.letters_not_sent, len(report.failed_zips)) == (
        [],
        0,
        3,
        1,
    )
    for letter_id in letter_ids:
        assert (await letter_row(connection, str(letter_id))).notification_status == "created"
    assert (await read_alert_state(runtime.redis)).raised.get(COLLATE_LETTER_PDFS) == 1

    rerun = await collate_letter_pdfs_to_be_sent(runtime, now=NEXT_RUN)  # what an operator's run-task does
    assert rerun.letters_sent == 3
    assert rerun.zips == report.failed_zips  # the same letters, so the same name
