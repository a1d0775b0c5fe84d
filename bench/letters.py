"""Letters: rendering templated letters to PDF, and collating a day's letters into DVLA's zips.

1. Rendering: ``--render`` letters (20,000 by default) of one template with each recipient's own
   personalisation, rendered as ``get-pdf-for-templated-letter`` renders them (content, layout, fonts, PDF),
   spread over ``--processes`` worker processes. Prints letters/s per process and in total. (The original
   called a separate template-preview service over HTTP for every letter.)
2. Collation: ``--letters`` rows (20,000) of 20 services and the four postage classes, ``created`` before
   the cut-off, each with its PDF in the letters PDF bucket (moto, in a process of its own); then the clock
   runs over ``collate-letter-pdfs-to-be-sent``: every PDF fetched, zipped, put in the print bucket, the
   letters moved to ``sending`` and the zips recorded. Target: 20,000 letters in 60 s or less.

    python bench/letters.py [--render 20000] [--letters 20000] [--processes 2]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import redis.asyncio as aioredis
from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._support import ROOT, bench_environment, free_port, fresh_database
from notify_api.crypto import Encryption
from notify_api.db.tables import notifications
from notify_api.letters.content import letter_content
from notify_api.letters.pdf import render_letter_pdf
from notify_api.letters.stored import letter_pdf_key
from notify_api.logging import configure_logging
from notify_api.printing.collation import collate_letter_pdfs_to_be_sent
from notify_api.rendering import LetterTemplate
from notify_api.runtime import build_runtime
from notify_api.settings import Settings
from notify_api.storage import ObjectStore, close_object_stores
from tests.factories import create_service, create_template

DATABASE = "notify_bench_letters"
REDIS_DB = 4
SERVICES = 20
POSTAGES = ("first", "second", "second", "second", "europe", "rest-of-world")
DISTINCT_PDFS = 200  # the collation stage cycles through these: it reads bytes, it does not look inside
SUBJECT = "About your ((topic)) application"
CONTENT = (
    "Dear ((name)),\n\nThank you for your application for a ((topic)). We have now looked at it. "
    "Your reference is ((ref)).\n\n# What happens next\n\n* We will check your documents\n"
    "* We will write to you within 10 working days\n\n" + "We are writing about your application. " * 25
)


def _render(start: int, count: int) -> tuple[int, int, float]:
    """Render ``count`` letters in this process; returns (letters, bytes, seconds of CPU work)."""
    template = LetterTemplate(CONTENT, SUBJECT)
    began = time.perf_counter()
    total = 0
    for number in range(start, start + count):
        personalisation = {
            "address_line_1": f"Person {number}", "address_line_2": f"{number} High Street",
            "address_line_3": "Leeds", "postcode": "LS1 1AA", "name": f"Person {number}",
            "topic": "licence", "ref": f"REF{number:08}",
        }  # fmt: skip
        content = letter_content(
            template, personalisation, contact_block="Licensing Office\nPO Box 1\nLeeds",
            created_at=datetime(2022, 1, 21, 10, 0),
        )  # fmt: skip
        total += len(render_letter_pdf(content))
    return count, total, time.perf_counter() - began


def bench_rendering(letters: int, processes: int) -> None:
    shares = [letters // processes + (1 if n < letters % processes else 0) for n in range(processes)]
    starts = [sum(shares[:n]) for n in range(processes)]
    began = time.perf_counter()
    with ProcessPoolExecutor(processes) as pool:
        results = list(pool.map(_render, starts, shares))
    wall = time.perf_counter() - began
    for number, (count, size, seconds) in enumerate(results, 1):
        print(f"  process {number}: {count:,} letters in {seconds:.1f} s = {count / seconds:.1f} letters/s "
              f"(average PDF {size / count / 1024:.1f} KiB)")  # fmt: skip
    print(f"rendering: {letters:,} letters in {wall:.1f} s wall = {letters / wall:.1f} letters/s "
          f"with {processes} processes")  # fmt: skip


def sample_pdfs() -> list[bytes]:
    template = LetterTemplate(CONTENT, SUBJECT)
    pdfs = []
    for number in range(DISTINCT_PDFS):
        personalisation = {"address_line_1": f"Person {number}", "address_line_2": "1 High Street",
                           "postcode": "LS1 1AA", "name": "A", "topic": "licence", "ref": str(number)}  # fmt: skip
        pdfs.append(render_letter_pdf(letter_content(template, personalisation, contact_block=None,
                                                     created_at=datetime(2022, 1, 21, 10))))  # fmt: skip
    return pdfs


async def prepare_letters(settings: Settings, count: int, pdfs: list[bytes]) -> datetime:
    """``count`` created letters with their PDFs stored; returns a moment after their cut-off."""
    engine = create_async_engine(settings.database_url, poolclass=NullPool)
    created_at = datetime(2022, 1, 21, 12, 0)
    encryption = Encryption(settings.secret_keys)
    empty = encryption.encrypt_json({})
    async with engine.begin() as connection:
        templates = []
        for _ in range(SERVICES):
            service = await create_service(connection)
            templates.append(await create_template(connection, service.id, template_type="letter",
                                                   subject=SUBJECT, content=CONTENT))  # fmt: skip
        rows: list[dict[str, Any]] = []
        for number in range(count):
            template = templates[number % SERVICES]
            postage = POSTAGES[number % len(POSTAGES)]
            rows.append({
                "id": uuid.uuid4(), "to": f"Person {number}\n1 High Street\nLS1 1AA", "service_id": template.service_id,
                "template_id": template.id, "template_version": template.version, "key_type": "normal",
                "billable_units": 2, "notification_type": "letter", "notification_status": "created",
                "created_at": created_at + timedelta(milliseconds=number), "reference": f"BENCH{number:011}",
                "_personalisation": empty, "international": postage in ("europe", "rest-of-world"),
                "postage": postage,
            })  # fmt: skip
        for start in range(0, count, 5_000):
            await connection.execute(insert(notifications), rows[start : start + 5_000])
    await engine.dispose()

    store = ObjectStore(settings)
    limit = asyncio.Semaphore(16)

    class Row:
        def __init__(self, values: dict[str, Any]) -> None:
            self.id, self.reference = values["id"], values["reference"]
            self.created_at, self.postage = values["created_at"], values["postage"]

    async def put(number: int, values: dict[str, Any]) -> None:
        async with limit:
            await store.put(
                settings.letters_pdf_bucket, letter_pdf_key(Row(values)), pdfs[number % len(pdfs)]
            )

    began = time.perf_counter()
    await asyncio.gather(*(put(number, values) for number, values in enumerate(rows)))
    print(f"  {count:,} letters stored with their PDFs ({time.perf_counter() - began:.0f} s, not timed)")
    return datetime(2022, 1, 21, 17, 50)


async def bench_collation(settings: Settings, count: int) -> None:
    pdfs = sample_pdfs()
    now = await prepare_letters(settings, count, pdfs)
    runtime = build_runtime(settings, pool_size=4)
    redis = aioredis.Redis.from_url(settings.redis_url)
    await redis.flushdb()
    await redis.aclose()
    try:
        began = time.perf_counter()
        report = await collate_letter_pdfs_to_be_sent(runtime, now=now)
        seconds = time.perf_counter() - began
        async with runtime.database.read() as connection:
            sending = await connection.scalar(
                select(func.count()).where(notifications.c.notification_status == "sending")
            )
    finally:
        await runtime.close()
        await close_object_stores()
    print(f"collation: {report.letters_sent:,} letters in {len(report.zips)} zips in {seconds:.1f} s "
          f"= {report.letters_sent / seconds:,.0f} letters/s (target: 20,000 in 60 s); {sending:,} now sending; "
          f"failed zips {len(report.failed_zips)}, missing PDFs {report.missing_pdfs}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--render", type=int, default=20_000)
    parser.add_argument("--letters", type=int, default=20_000)
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()

    if args.render:
        bench_rendering(args.render, args.processes)
    if not args.letters:
        return
    port = free_port()
    environment = {
        **bench_environment(DATABASE, REDIS_DB),
        "AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}", "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench",
    }  # fmt: skip
    moto = subprocess.Popen(
        [sys.executable, "-m", "notify_dev.moto_server", "--port", str(port)],
        cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        assert moto.stdout is not None
        moto.stdout.readline()  # "moto server ready on ..."
        settings = fresh_database(DATABASE, environment)
        configure_logging(settings)  # warnings only: an info line per zip would be timed too
        asyncio.run(bench_collation(settings, args.letters))
    finally:
        moto.terminate()
        moto.wait(timeout=30)


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
