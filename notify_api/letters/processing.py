"""The letter tasks: make and store a templated letter's PDF; check and store a precompiled letter's PDF.

``create_templated_letter_pdf`` (``get-pdf-for-templated-letter``): a ``created`` templated letter is
rendered as the read side renders it, stored under :func:`letter_pdf_key`, and its sheets become its
billable units. It stays ``created`` for the printing run (research-mode services' letters are finished
at once, as the API finishes test-key letters).

``sanitise_letter`` (``sanitise-letter``): a ``pending-virus-check`` letter's PDF is fetched from the scan
bucket, scanned (virus -> ``virus-scan-failed``) and validated (-> ``validation-failed``); a good one is
moved to the letters PDF bucket and becomes ``created`` (test key: ``delivered``) with the address read
from its first page.

Both are safe to run twice: each update is conditional on the status found, and a stored PDF is not
made again. A temporary problem (S3 unreachable, the upload not there yet) raises :class:`TryAgainLater`
or lets the error out, and the actor retries; :func:`give_up_letter` ends it when retries run out.
"""

from __future__ import annotations

import asyncio
import re
import uuid
from typing import Final

from notify_api.enums import (
    CREATED,
    DELIVERED,
    KEY_TYPE_TEST,
    PENDING_VIRUS_CHECK,
    SENDING,
    VALIDATION_FAILED,
    VIRUS_SCAN_FAILED,
)
from notify_api.letters import queries
from notify_api.letters.checks import EicarScanner, VirusScanner, check_pdf, page_count, sheets_for
from notify_api.letters.operations import letter_pdf
from notify_api.letters.queries import LetterRecord
from notify_api.letters.stored import letter_pdf_key
from notify_api.logging import get_logger
from notify_api.notifications.sending.letters import precompiled_pdf_key
from notify_api.runtime import Runtime
from notify_api.storage import ObjectStore
from notify_api.timeutils import utc_now

log = get_logger(__name__)

GET_PDF_FOR_TEMPLATED_LETTER: Final = "get-pdf-for-templated-letter"
SANITISE_LETTER: Final = "sanitise-letter"

# Outcomes, returned for tests and logs.
PDF_STORED: Final = "pdf-stored"
ALREADY_STORED: Final = "already-stored"
NOT_WAITING: Final = "not-waiting"  # no such letter, or it is not in the status this task handles
MOVED_ON: Final = "moved-on"  # another run changed the letter while this one worked
ACCEPTED: Final = "accepted"
VIRUS_FOUND: Final = "virus-found"
INVALID_PDF: Final = "invalid-pdf"

DEFAULT_SCANNER: Final = EicarScanner()


class TryAgainLater(Exception):
    """A temporary problem: the task should run again later."""


async def create_templated_letter_pdf(runtime: Runtime, notification_id: str) -> str:
    letter_id = uuid.UUID(notification_id)
    settings = runtime.settings
    store = ObjectStore(settings)
    async with runtime.database.read() as connection:
        letter = await queries.get_letter(connection, letter_id)
        if letter is None or letter.precompiled or letter.status != CREATED:
            log.info("letter.pdf_not_needed", notification_id=notification_id)
            return NOT_WAITING
        key = letter_pdf_key(letter)
        if letter.billable_units > 0 and await store.get(settings.letters_pdf_bucket, key) is not None:
            return ALREADY_STORED
        pdf = await letter_pdf(
            connection,
            runtime.encryption,
            service_id=letter.service_id,
            notification_id=letter.id,
            settings=settings,  # for the service's letter logo
        )
    pages = await asyncio.to_thread(page_count, pdf)
    await store.put(settings.letters_pdf_bucket, key, pdf)
    async with runtime.database.unit_of_work() as work:
        recorded = await queries.record_templated_pdf(
            work.connection,
            letter.id,
            billable_units=sheets_for(pages),
            status=_templated_status(runtime, letter),
            now=utc_now(),
        )
    if not recorded:
        return MOVED_ON
    log.info("letter.pdf_stored", notification_id=notification_id, pages=pages)
    return PDF_STORED


def _templated_status(runtime: Runtime, letter: LetterRecord) -> str:
    if letter.research_mode or letter.key_type == KEY_TYPE_TEST:
        # never printed: finished at once in production, left `sending` elsewhere (as the API does)
        return DELIVERED if runtime.settings.is_production else SENDING
    return CREATED


async def sanitise_letter(
    runtime: Runtime, notification_id: str, scanner: VirusScanner = DEFAULT_SCANNER
) -> str:
    letter_id = uuid.UUID(notification_id)
    settings = runtime.settings
    async with runtime.database.read() as connection:
        letter = await queries.get_letter(connection, letter_id)
    if letter is None or letter.status != PENDING_VIRUS_CHECK:
        log.info("letter.scan_not_needed", notification_id=notification_id)
        return NOT_WAITING
    if letter.reference is None:
        raise TryAgainLater("letter has no reference, so its upload cannot be found")
    store = ObjectStore(settings)
    upload_key = precompiled_pdf_key(letter.id, letter.reference)
    pdf = await store.get(settings.letters_scan_bucket, upload_key)
    if pdf is None:
        raise TryAgainLater("precompiled PDF not in the scan bucket")

    if await scanner.finds_virus(pdf):
        return await _refuse(runtime, letter, VIRUS_SCAN_FAILED, VIRUS_FOUND)
    checked = await asyncio.to_thread(check_pdf, pdf)
    if checked is None:
        return await _refuse(runtime, letter, VALIDATION_FAILED, INVALID_PDF)

    await store.put(settings.letters_pdf_bucket, letter_pdf_key(letter), pdf)
    async with runtime.database.unit_of_work() as work:
        recorded = await queries.record_sanitised_pdf(
            work.connection,
            letter.id,
            to=checked.address,
            normalised_to=None if checked.address is None else re.sub(r"\s", "", checked.address).lower(),
            billable_units=checked.sheets,
            status=DELIVERED if letter.key_type == KEY_TYPE_TEST else CREATED,
            now=utc_now(),
        )
    if not recorded:
        return MOVED_ON
    log.info(
        "letter.sanitised",
        notification_id=notification_id,
        pages=checked.pages,
        address_found=checked.address is not None,
    )
    await _remove_upload(store, settings.letters_scan_bucket, upload_key, notification_id)
    return ACCEPTED


async def _refuse(runtime: Runtime, letter: LetterRecord, status: str, outcome: str) -> str:
    async with runtime.database.unit_of_work() as work:
        refused = await queries.refuse_precompiled(work.connection, letter.id, status=status, now=utc_now())
    if not refused:
        return MOVED_ON
    # The upload stays in the scan bucket, where it can be looked at; nothing serves it from there.
    log.warning("letter.refused", notification_id=str(letter.id), status=status)
    return outcome


async def _remove_upload(store: ObjectStore, bucket: str, key: str, notification_id: str) -> None:
    try:
        await store.delete(bucket, key)
    except Exception as error:
        # The letter is already accepted; a leftover upload only costs storage, so do not retry the task.
        log.warning("letter.upload_not_removed", notification_id=notification_id, error=type(error).__name__)


async def give_up_letter(runtime: Runtime, notification_id: str) -> bool:
    """Retries ran out: a letter still waiting for its PDF becomes a technical failure."""
    async with runtime.database.unit_of_work() as work:
        failed = await queries.fail_unfinished_letter(work.connection, uuid.UUID(notification_id), utc_now())
    if failed:
        log.warning("letter.technical_failure", notification_id=notification_id, reason="retries-exhausted")
    return failed
