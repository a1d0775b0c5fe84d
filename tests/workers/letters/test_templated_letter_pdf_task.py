"""get-pdf-for-templated-letter: a templated letter sent through the API gets its PDF stored and billed."""

from __future__ import annotations

import math
import uuid

import httpx
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.letters import processing
from notify_api.letters.stored import letter_pdf_key
from notify_api.runtime import Runtime
from notify_api.settings import Settings
from notify_api.storage import ObjectStore
from tests.factories import create_api_key, create_notification, create_service, create_template
from tests.task_queue import RecordingTaskQueue
from tests.workers.letters.letter_support import LetterSender, letter_row, pdf_pages, pdf_text


async def test_templated_letter_pdf_is_stored_and_its_sheets_billed(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    runtime: Runtime,
    settings: Settings,
    letters: LetterSender,
    task_queue: RecordingTaskQueue,
) -> None:
    notification_id = await letters.send_templated(client)
    assert task_queue.messages == [
        ("get-pdf-for-templated-letter", "create-letters-pdf-tasks", (notification_id,))
    ]
    assert (await letter_row(connection, notification_id)).billable_units == 0

    outcome = await processing.create_templated_letter_pdf(runtime, notification_id)

    assert outcome == processing.PDF_STORED
    row = await letter_row(connection, notification_id)
    pdf = await ObjectStore(settings).get(settings.letters_pdf_bucket, letter_pdf_key(row))
    assert pdf is not None
    pages = pdf_pages(pdf)
    assert pages >= 3  # long enough that sheets (pages / 2, rounded up) differ from pages
    assert (row.notification_status, row.billable_units) == ("created", math.ceil(pages / 2))
    text = pdf_text(pdf)
    for expected in ("Ms A Person", "SW1A 1AA", "About your licence", "Dear Ms Person,"):
        assert expected in text


async def test_running_twice_stores_once(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    runtime: Runtime,
    settings: Settings,
    letters: LetterSender,
) -> None:
    notification_id = await letters.send_templated(client)
    assert await processing.create_templated_letter_pdf(runtime, notification_id) == processing.PDF_STORED
    first = await letter_row(connection, notification_id)

    assert await processing.create_templated_letter_pdf(runtime, notification_id) == processing.ALREADY_STORED
    second = await letter_row(connection, notification_id)
    assert (second.notification_status, second.billable_units, second.updated_at) == (
        first.notification_status,
        first.billable_units,
        first.updated_at,
    )


async def test_a_lost_pdf_is_made_again(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    runtime: Runtime,
    settings: Settings,
    letters: LetterSender,
) -> None:
    notification_id = await letters.send_templated(client)
    await processing.create_templated_letter_pdf(runtime, notification_id)
    store = ObjectStore(settings)
    key = letter_pdf_key(await letter_row(connection, notification_id))
    await store.delete(settings.letters_pdf_bucket, key)

    assert await processing.create_templated_letter_pdf(runtime, notification_id) == processing.PDF_STORED
    assert await store.get(settings.letters_pdf_bucket, key) is not None


async def test_letters_not_waiting_for_a_pdf_are_left_alone(
    connection: AsyncConnection, runtime: Runtime, settings: Settings, letters: LetterSender
) -> None:
    sending = await create_notification(
        connection, letters.template, status="sending", reference="SENDINGREF000001", billable_units=0
    )
    sms_template = await create_template(connection, letters.service_id, template_type="sms")
    text_message = await create_notification(connection, sms_template)

    for notification_id in (sending, text_message, uuid.uuid4()):
        outcome = await processing.create_templated_letter_pdf(runtime, str(notification_id))
        assert outcome == processing.NOT_WAITING

    row = await letter_row(connection, str(sending))
    assert (row.notification_status, row.billable_units) == ("sending", 0)
    assert await ObjectStore(settings).get(settings.letters_pdf_bucket, letter_pdf_key(row)) is None


async def test_research_mode_letters_are_finished_once_their_pdf_is_stored(
    client: httpx.AsyncClient, connection: AsyncConnection, runtime: Runtime, task_queue: RecordingTaskQueue
) -> None:
    service = await create_service(connection, research_mode=True)
    template = await create_template(connection, service.id, template_type="letter")
    research = LetterSender(
        service.id,
        await create_api_key(connection, service.id, "normal"),
        await create_api_key(connection, service.id, "test"),
        template,
    )
    notification_id = await research.send_templated(client)
    assert task_queue.messages[0][:2] == ("get-pdf-for-templated-letter", "research-mode-tasks")

    assert await processing.create_templated_letter_pdf(runtime, notification_id) == processing.PDF_STORED
    row = await letter_row(connection, notification_id)
    # not production: left `sending`, as the API leaves test-key letters
    assert (row.notification_status, row.billable_units) == ("sending", 1)
