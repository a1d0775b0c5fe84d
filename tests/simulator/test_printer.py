"""The simulated printer: it answers the print run's zips with an ACK the 23:00 check accepts and a response
file in DVLA's format, with the share of failures it is told to report, and announces the file over SNS."""

from __future__ import annotations

import asyncio
import dataclasses
import io
import random
import uuid
import zipfile
from datetime import date

import httpx
import orjson
import pytest
import redis.asyncio as aioredis
from fpdf import FPDF

from notify_api.alerts.ack_files import check_letter_ack_files
from notify_api.printing.rules import zips_sent_key
from notify_api.settings import Settings
from notify_api.storage import ObjectStore
from notify_api.timeutils import utc_now
from notify_dev.moto_server import prepare_aws
from notify_dev.printer import Printer


@pytest.fixture
async def settings(settings: Settings) -> Settings:
    """A print bucket of the test's own: the printer takes every zip it finds."""
    own = dataclasses.replace(settings, letters_print_bucket=f"letters-print-{uuid.uuid4().hex[:8]}")
    await asyncio.to_thread(prepare_aws, own, own.aws_endpoint_url)
    return own


def pdf(pages: int) -> bytes:
    document = FPDF()
    for _ in range(pages):
        document.add_page()
    return bytes(document.output())


async def put_zip(settings: Settings, references: list[str], pages: int) -> str:
    name = f"NOTIFY.{date.today():%Y-%m-%d}.2.001.{uuid.uuid4().hex[:20]}.{uuid.uuid4()}.None.ZIP"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for reference in references:
            archive.writestr(f"NOTIFY.{reference}.D.2.C.20220121100000.PDF", pdf(pages))
    await ObjectStore(settings).put(settings.letters_print_bucket, name, buffer.getvalue(), "application/zip")
    return name


def recording_client(seen: list[dict[str, object]]) -> httpx.AsyncClient:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append({"path": request.url.path, "body": orjson.loads(request.content)})
        return httpx.Response(200, json={"result": "success"})

    return httpx.AsyncClient(transport=httpx.MockTransport(handler), base_url="http://api")


async def test_the_printer_acknowledges_prints_and_announces(settings: Settings) -> None:
    name = await put_zip(settings, ["REFA000000000001", "REFB000000000001"], pages=3)
    seen: list[dict[str, object]] = []
    async with recording_client(seen) as http:
        batch = await Printer(settings, http, rng=random.Random(3)).print_waiting_zips()

    assert (batch.zips, batch.lines) == (
        [name],
        ["REFA000000000001|Sent|2|Sorted", "REFB000000000001|Sent|2|Sorted"],
    )
    store = ObjectStore(settings)
    assert await store.get(settings.letters_print_bucket, name) is None  # taken
    assert batch.response_file is not None and batch.response_file.endswith("-RSP.TXT")
    written = await store.get(settings.dvla_response_bucket, batch.response_file)
    assert written is not None and written.decode().splitlines() == batch.lines
    [posted] = seen
    assert posted["path"] == "/notifications/letter/dvla"
    body = posted["body"]
    assert isinstance(body, dict) and body["Type"] == "Notification"
    assert orjson.loads(body["Message"]) == {"Records": [{"s3": {"object": {"key": batch.response_file}}}]}


async def test_the_failure_rate_decides_how_many_letters_fail(settings: Settings) -> None:
    references = [f"FAIL{number:012}" for number in range(40)]
    await put_zip(settings, references, pages=1)
    async with recording_client([]) as http:
        batch = await Printer(settings, http, failure_rate=1.0).print_waiting_zips()
    assert [line.split("|")[1] for line in batch.lines] == ["Failed"] * 40


async def test_the_acks_satisfy_the_nightly_ack_check(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    name = await put_zip(settings, ["ACKD000000000001"], pages=1)
    await ObjectStore(settings).put(
        settings.letters_pdf_bucket, zips_sent_key(utc_now().date(), name), b"[]", "text/plain"
    )
    async with recording_client([]) as http:
        await Printer(settings, http).print_waiting_zips()
    alert = await check_letter_ack_files(settings, redis_client)
    assert alert is None or name.removesuffix(".ZIP") not in alert.details["missing"]
