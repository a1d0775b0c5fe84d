"""sanitise-letter: a precompiled PDF sent through the API is scanned, validated, stored and addressed."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.errors import BadRequestError
from notify_api.letters import processing
from notify_api.letters.operations import letter_pdf
from notify_api.letters.stored import letter_pdf_key
from notify_api.notifications.sending.letters import precompiled_pdf_key
from notify_api.runtime import Runtime
from notify_api.settings import Settings
from notify_api.storage import ObjectStore
from tests.workers.letters.letter_support import EICAR, LetterSender, letter_file, letter_row

ADDRESS_LINES = ["Ms A Person", "1 High Street", "London", "sw1a 1aa"]


async def test_a_valid_pdf_is_accepted_with_the_address_it_shows(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    runtime: Runtime,
    settings: Settings,
    letters: LetterSender,
) -> None:
    pdf = letter_file(ADDRESS_LINES, pages=3)
    notification_id = await letters.send_precompiled(client, pdf)

    assert await processing.sanitise_letter(runtime, notification_id) == processing.ACCEPTED

    row = await letter_row(connection, notification_id)
    assert row.notification_status == "created"
    assert row.to == "Ms A Person\n1 High Street\nLondon\nSW1A 1AA"
    assert row.normalised_to == "msaperson1highstreetlondonsw1a1aa"
    assert row.billable_units == 2  # three pages, printed double-sided
    assert row.updated_at is not None
    store = ObjectStore(settings)
    assert await store.get(settings.letters_pdf_bucket, letter_pdf_key(row)) == pdf
    assert await store.get(settings.letters_scan_bucket, precompiled_pdf_key(row.id, row.reference)) is None
    # and the read side now gives the stored PDF
    given = await letter_pdf(
        connection,
        runtime.encryption,
        service_id=letters.service_id,
        notification_id=row.id,
        settings=settings,
    )
    assert given == pdf


async def test_without_a_readable_address_the_letter_keeps_provided_as_pdf(
    client: httpx.AsyncClient, connection: AsyncConnection, runtime: Runtime, letters: LetterSender
) -> None:
    notification_id = await letters.send_precompiled(client, letter_file(None))

    assert await processing.sanitise_letter(runtime, notification_id) == processing.ACCEPTED
    row = await letter_row(connection, notification_id)
    assert (row.notification_status, row.to, row.normalised_to, row.billable_units) == (
        "created",
        "Provided as PDF",
        None,
        1,
    )


async def test_a_test_key_letter_is_delivered(
    client: httpx.AsyncClient, connection: AsyncConnection, runtime: Runtime, letters: LetterSender
) -> None:
    notification_id = await letters.send_precompiled(client, letter_file(ADDRESS_LINES), key=letters.test)

    assert await processing.sanitise_letter(runtime, notification_id) == processing.ACCEPTED
    row = await letter_row(connection, notification_id)
    assert (row.notification_status, row.to) == ("delivered", "Ms A Person\n1 High Street\nLondon\nSW1A 1AA")


@pytest.mark.parametrize(
    "upload", [EICAR, letter_file(ADDRESS_LINES) + b"\n" + EICAR], ids=["eicar-file", "pdf-carrying-eicar"]
)
async def test_a_file_with_a_virus_fails_the_scan(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    runtime: Runtime,
    settings: Settings,
    letters: LetterSender,
    upload: bytes,
) -> None:
    notification_id = await letters.send_precompiled(client, upload)

    assert await processing.sanitise_letter(runtime, notification_id) == processing.VIRUS_FOUND
    row = await letter_row(connection, notification_id)
    assert (row.notification_status, row.to, row.billable_units) == (
        "virus-scan-failed",
        "Provided as PDF",
        0,
    )
    assert await ObjectStore(settings).get(settings.letters_pdf_bucket, letter_pdf_key(row)) is None
    with pytest.raises(BadRequestError, match="File did not pass the virus scan"):
        await letter_pdf(
            connection,
            runtime.encryption,
            service_id=letters.service_id,
            notification_id=row.id,
            settings=settings,
        )


@pytest.mark.parametrize(
    "upload",
    [b"%PDF-1.4 a tiny letter", b"just some words", letter_file(ADDRESS_LINES, pages=11)],
    ids=["truncated-pdf", "not-a-pdf", "eleven-pages"],
)
async def test_a_file_that_is_not_a_printable_letter_fails_validation(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    runtime: Runtime,
    settings: Settings,
    letters: LetterSender,
    upload: bytes,
) -> None:
    notification_id = await letters.send_precompiled(client, upload)

    assert await processing.sanitise_letter(runtime, notification_id) == processing.INVALID_PDF
    row = await letter_row(connection, notification_id)
    assert (row.notification_status, row.billable_units) == ("validation-failed", 0)
    assert await ObjectStore(settings).get(settings.letters_pdf_bucket, letter_pdf_key(row)) is None


async def test_running_twice_is_harmless(
    client: httpx.AsyncClient, connection: AsyncConnection, runtime: Runtime, letters: LetterSender
) -> None:
    notification_id = await letters.send_precompiled(client, letter_file(ADDRESS_LINES))
    assert await processing.sanitise_letter(runtime, notification_id) == processing.ACCEPTED
    first = await letter_row(connection, notification_id)

    assert await processing.sanitise_letter(runtime, notification_id) == processing.NOT_WAITING
    second = await letter_row(connection, notification_id)
    assert (second.notification_status, second.to, second.updated_at) == (
        first.notification_status,
        first.to,
        first.updated_at,
    )


async def test_a_refused_letter_never_moves_back(
    client: httpx.AsyncClient, connection: AsyncConnection, runtime: Runtime, letters: LetterSender
) -> None:
    notification_id = await letters.send_precompiled(client, b"not a pdf")
    assert await processing.sanitise_letter(runtime, notification_id) == processing.INVALID_PDF

    assert await processing.sanitise_letter(runtime, notification_id) == processing.NOT_WAITING
    assert await processing.give_up_letter(runtime, notification_id) is False
    assert (await letter_row(connection, notification_id)).notification_status == "validation-failed"


async def test_a_missing_upload_is_retried_then_given_up(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    runtime: Runtime,
    settings: Settings,
    letters: LetterSender,
) -> None:
    notification_id = await letters.send_precompiled(client, letter_file(ADDRESS_LINES))
    row = await letter_row(connection, notification_id)
    await ObjectStore(settings).delete(
        settings.letters_scan_bucket, precompiled_pdf_key(row.id, row.reference)
    )

    with pytest.raises(processing.TryAgainLater):
        await processing.sanitise_letter(runtime, notification_id)
    assert (await letter_row(connection, notification_id)).notification_status == "pending-virus-check"

    assert await processing.give_up_letter(runtime, notification_id) is True
    assert (await letter_row(connection, notification_id)).notification_status == "technical-failure"
