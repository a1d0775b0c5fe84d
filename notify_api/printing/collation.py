"""``collate-letter-pdfs-to-be-sent`` (17:50 London): the day's letters, zipped, go to the printer.

For each postage class the letters waiting for the run (see :mod:`rules`) are read from the letters PDF bucket
a wave at a time, grouped into zips as they arrive (so one zip's worth of PDFs is held at once, not the whole
run), and each zip is put in the print bucket. Once a zip is there its letters become ``sending``
(``sent_by=dvla``) and its contents are recorded under ``{day}/zips_sent/`` for the 23:00 ACK check.

A zip that cannot be uploaded leaves its letters ``created`` and raises an alert once the run is over; running
the task again (``python cli.py run-task collate-letter-pdfs-to-be-sent``) sends them, and only them. A letter
whose PDF is missing is skipped and logged; ``check-if-letters-still-in-created`` reports it the next morning.
Before the zips, DVLA's volumes email (letters and sheets per postage class) is sent as a Notify email to
``DVLA_EMAIL_ADDRESSES``.
"""

from __future__ import annotations

import asyncio
import io
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Final

from notify_api.alerts.raising import Alert, raise_alert
from notify_api.db.tables.seed_ids import LETTERS_VOLUME_EMAIL_TEMPLATE_ID
from notify_api.letters.stored import letter_pdf_key
from notify_api.logging import get_logger
from notify_api.notifications.sending.internal import send_notify_message
from notify_api.printing import queries
from notify_api.printing.queries import LetterToPrint, PostageVolume
from notify_api.printing.rules import (
    DVLA,
    POSTAGE_ORDER,
    LetterFile,
    PrintRun,
    group_letters,
    print_run_for,
    zip_name,
    zips_sent_key,
)
from notify_api.runtime import Runtime
from notify_api.storage import ObjectStore
from notify_api.timeutils import utc_now
from notify_api.users.queries.notify_senders import notify_default_reply_to

log = get_logger(__name__)

COLLATE_LETTER_PDFS: Final = "collate-letter-pdfs-to-be-sent"
DOWNLOAD_WAVE: Final = 200  # PDFs fetched per wave
DOWNLOAD_CONCURRENCY: Final = 16
ZIP_CONTENT_TYPE: Final = "application/zip"


@dataclass
class PrintRunReport:
    day: date
    zips: list[str] = field(default_factory=list)
    letters_sent: int = 0
    failed_zips: list[str] = field(default_factory=list)
    letters_not_sent: int = 0
    missing_pdfs: int = 0


def volumes_personalisation(volumes: Sequence[PostageVolume], day: date) -> dict[str, Any]:
    """The volumes email's fields, as the original filled them (europe and rest-of-world: international)."""
    fields: dict[str, Any] = {
        "total_volume": 0,
        "first_class_volume": 0,
        "second_class_volume": 0,
        "international_volume": 0,
        "total_sheets": 0,
        "first_class_sheets": 0,
        "second_class_sheets": 0,
        "international_sheets": 0,
        "date": day.strftime("%d %B %Y"),
    }
    for volume in volumes:
        fields["total_volume"] += volume.letters
        fields["total_sheets"] += volume.sheets
        if f"{volume.postage}_class_volume" in fields:
            fields[f"{volume.postage}_class_volume"] = volume.letters
            fields[f"{volume.postage}_class_sheets"] = volume.sheets
        else:
            fields["international_volume"] += volume.letters
            fields["international_sheets"] += volume.sheets
    return fields


async def send_volumes_email(runtime: Runtime, run: PrintRun) -> int:
    addresses = runtime.settings.dvla_email_addresses
    if not addresses:
        return 0
    async with runtime.database.unit_of_work() as work:
        volumes = await queries.volumes_by_postage(work.connection, deadline=run.deadline)
        personalisation = volumes_personalisation(volumes, run.day)
        reply_to = await notify_default_reply_to(work.connection)
        for address in addresses:
            await send_notify_message(
                work,
                runtime.encryption,
                runtime.tasks,
                template_id=LETTERS_VOLUME_EMAIL_TEMPLATE_ID,
                recipient=address,
                personalisation=personalisation,
                reply_to_text=reply_to,
            )
    return len(addresses)


def build_zip(files: Sequence[tuple[str, bytes]]) -> bytes:
    """A zip of the PDFs under their own names (no folders). CPU-bound: call it in a thread."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in files:
            archive.writestr(name.rsplit("/", 1)[-1], data)
    return buffer.getvalue()


class _Collator:
    """One run's state: the store, the report, and the PDFs fetched but not yet zipped."""

    def __init__(self, runtime: Runtime, run: PrintRun, now: datetime) -> None:
        self.runtime = runtime
        self.settings = runtime.settings
        self.run = run
        self.now = now
        self.store = ObjectStore(runtime.settings)
        self.report = PrintRunReport(run.day)
        self.pdfs: dict[str, bytes] = {}
        self.limit = asyncio.Semaphore(DOWNLOAD_CONCURRENCY)

    async def fetch(self, letter: LetterToPrint) -> LetterFile | None:
        key = letter_pdf_key(letter)
        async with self.limit:
            try:
                pdf = await self.store.get(self.settings.letters_pdf_bucket, key)
            except Exception as error:  # any S3 failure: this letter waits for the next run
                log.warning("print_run.pdf_fetch_failed", notification_id=str(letter.id), error=str(error))
                pdf = None
        if pdf is None:
            self.report.missing_pdfs += 1
            log.warning("print_run.pdf_missing", notification_id=str(letter.id), key=key)
            return None
        self.pdfs[key] = pdf
        return LetterFile(letter.id, key, len(pdf), letter.service_id, letter.organisation_id)

    async def postage_class(self, postage: str) -> None:
        async with self.runtime.database.read() as connection:
            letters = await queries.letters_to_print(connection, deadline=self.run.deadline, postage=postage)
        waves = [letters[start : start + DOWNLOAD_WAVE] for start in range(0, len(letters), DOWNLOAD_WAVE)]
        number = 0
        pending: list[LetterFile] = []
        # The next wave is fetched while this one's zips are built and uploaded.
        ahead = asyncio.create_task(self.fetch_wave(waves[0])) if waves else None
        try:
            for index in range(len(waves)):
                assert ahead is not None
                fetched = await ahead
                ahead = (
                    asyncio.create_task(self.fetch_wave(waves[index + 1])) if index + 1 < len(waves) else None
                )
                pending.extend(fetched)
                groups = list(group_letters(pending))
                # The last group may still grow with the next wave; every earlier one is complete.
                for group in groups[:-1]:
                    number += 1
                    await self.send_zip(postage, number, group)
                pending = groups[-1] if groups else []
        finally:
            if ahead is not None:
                ahead.cancel()
        if pending:
            number += 1
            await self.send_zip(postage, number, pending)

    async def fetch_wave(self, wave: list[LetterToPrint]) -> list[LetterFile]:
        fetched = await asyncio.gather(*(self.fetch(letter) for letter in wave))
        return [found for found in fetched if found is not None]

    async def send_zip(self, postage: str, number: int, group: list[LetterFile]) -> None:
        name = zip_name(self.run.day, postage, number, group)
        files = [(letter.key, self.pdfs.pop(letter.key)) for letter in group]
        try:
            archive = await asyncio.to_thread(build_zip, files)
            await self.store.put(self.settings.letters_print_bucket, name, archive, ZIP_CONTENT_TYPE)
        except Exception as error:  # the letters stay `created` and the run goes on
            log.error("print_run.zip_upload_failed", zip=name, letters=len(group), error=str(error))
            self.report.failed_zips.append(name)
            self.report.letters_not_sent += len(group)
            return
        async with self.runtime.database.unit_of_work() as work:
            moved = await queries.mark_sent_to_printer(
                work.connection, [letter.notification_id for letter in group], sent_by=DVLA, now=self.now
            )
        self.report.zips.append(name)
        self.report.letters_sent += moved
        log.info("print_run.zip_sent", zip=name, letters=len(group), moved=moved, bytes=len(archive))
        record = json.dumps([letter.key for letter in group]).encode()
        try:
            sent_on = self.now.date()
            await self.store.put(
                self.settings.letters_pdf_bucket, zips_sent_key(sent_on, name), record, "text/plain"
            )
        except Exception as error:  # only the ACK check reads it; the letters are sent
            log.warning("print_run.zips_sent_not_recorded", zip=name, error=str(error))


async def collate_letter_pdfs_to_be_sent(runtime: Runtime, *, now: datetime | None = None) -> PrintRunReport:
    moment = now or utc_now()
    run = print_run_for(moment)
    log.info("print_run.started", day=run.day.isoformat())
    await send_volumes_email(runtime, run)
    collator = _Collator(runtime, run, moment)
    for postage in POSTAGE_ORDER:
        await collator.postage_class(postage)
    report = collator.report
    if report.failed_zips:
        await raise_alert(
            runtime.settings,
            runtime.redis,
            Alert(
                COLLATE_LETTER_PDFS,
                "Letter zips could not be put in the print bucket; their letters are still created. "
                "Run collate-letter-pdfs-to-be-sent again once the bucket is reachable.",
                len(report.failed_zips),
                {"zips": report.failed_zips, "letters": report.letters_not_sent, "day": run.day.isoformat()},
            ),
        )
    log.info(
        "print_run.finished",
        day=run.day.isoformat(),
        zips=len(report.zips),
        letters=report.letters_sent,
        failed_zips=len(report.failed_zips),
        missing_pdfs=report.missing_pdfs,
    )
    return report
