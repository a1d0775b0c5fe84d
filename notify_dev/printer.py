"""A simulated print provider (DVLA) for development and tests, a sibling of the provider simulator.

``python -m notify_dev.printer --callback-base http://127.0.0.1:6011`` looks in the print bucket every
``--interval`` seconds. For each zip the print run left there it
- writes DVLA's acknowledgement, ``root/dispatch/<zip name without .ZIP>.ACK.txt``, to the response bucket
  (what the 23:00 ACK check looks for),
- prints the letters: one ``reference|Sent|sheets|Sorted`` line each (``Failed`` for a ``--failure-rate``
  share, chosen at random), sheets counted from each PDF's pages,
- and takes the zip out of the print bucket.
The lines of one pass go into one response file, ``NOTIFY-<yyyymmddHHMMSS>-RSP.TXT``, which is announced as
SNS announces an S3 upload: a ``Notification`` whose ``Message`` is the S3 event, posted to
``{callback_base}/notifications/letter/dvla``. An announcement that fails is logged; the file stays.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import math
import random
import signal
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Final

import httpx
import orjson
from pypdf import PdfReader

from notify_api.logging import configure_logging, get_logger
from notify_api.settings import Settings
from notify_api.storage import ObjectStore, close_object_stores

log = get_logger(__name__)

ACK_FOLDER: Final = "root/dispatch"
DEFAULT_TOPIC_ARN: Final = "arn:aws:sns:eu-west-1:000000000000:development-dvla-responses"
SENT: Final = "Sent"
FAILED: Final = "Failed"


@dataclass
class PrintedBatch:
    zips: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    response_file: str | None = None
    announced: bool = False


def reference_of(member: str) -> str:
    """``NOTIFY.{reference}.D.2.C.{created at}.PDF`` -> the letter's reference."""
    return member.rsplit("/", 1)[-1].split(".")[1]


def sheets_of(pdf: bytes) -> int:
    try:
        return math.ceil(len(PdfReader(io.BytesIO(pdf)).pages) / 2)
    except Exception:  # a file the printer cannot read still goes through, counted as no sheets
        return 0


def ack_key(zip_name: str) -> str:
    return f"{ACK_FOLDER}/{zip_name.removesuffix('.ZIP')}.ACK.txt"


def sns_announcement(key: str, topic_arn: str, now: datetime) -> dict[str, Any]:
    return {
        "Type": "Notification",
        "MessageId": str(uuid.uuid4()),
        "TopicArn": topic_arn,
        "Message": orjson.dumps({"Records": [{"s3": {"object": {"key": key}}}]}).decode(),
        "Timestamp": now.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
    }


class Printer:
    def __init__(
        self,
        settings: Settings,
        http: httpx.AsyncClient,
        *,
        failure_rate: float = 0.0,
        rng: random.Random | None = None,
    ) -> None:
        self.settings = settings
        self.store = ObjectStore(settings)
        self.http = http
        self.failure_rate = failure_rate
        self.rng = rng or random.Random()

    def _line(self, member: str, pdf: bytes) -> str:
        status = FAILED if self.rng.random() < self.failure_rate else SENT
        return f"{reference_of(member)}|{status}|{sheets_of(pdf)}|Sorted"

    def _lines_of(self, data: bytes) -> list[str]:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [self._line(member, archive.read(member)) for member in archive.namelist()]

    async def print_zip(self, name: str) -> list[str] | None:
        data = await self.store.get(self.settings.letters_print_bucket, name)
        if data is None:
            return None
        lines = await asyncio.to_thread(self._lines_of, data)  # reading every PDF's pages takes CPU
        ack = f"{name}|{datetime.now(UTC):%Y-%m-%d %H:%M:%S}\n".encode()
        await self.store.put(self.settings.dvla_response_bucket, ack_key(name), ack, "text/plain")
        await self.store.delete(self.settings.letters_print_bucket, name)
        return lines

    async def _free_response_name(self, now: datetime) -> str:
        for seconds in range(60):
            name = f"NOTIFY-{now + timedelta(seconds=seconds):%Y%m%d%H%M%S}-RSP.TXT"
            if await self.store.get(self.settings.dvla_response_bucket, name) is None:
                return name
        raise RuntimeError("no free response file name in the next minute")

    async def print_waiting_zips(self) -> PrintedBatch:
        """One pass: every zip in the print bucket printed, one response file written and announced."""
        batch = PrintedBatch()
        keys = await self.store.list_keys(self.settings.letters_print_bucket, "")
        for item in sorted(keys, key=lambda stored: stored.key):
            if not item.key.upper().endswith(".ZIP"):
                continue
            lines = await self.print_zip(item.key)
            if lines is not None:
                batch.zips.append(item.key)
                batch.lines.extend(lines)
        if not batch.lines:
            return batch
        now = datetime.now(UTC).replace(tzinfo=None)
        batch.response_file = await self._free_response_name(now)
        body = ("\n".join(batch.lines) + "\n").encode()
        await self.store.put(self.settings.dvla_response_bucket, batch.response_file, body, "text/plain")
        topic = (self.settings.dvla_sns_topic_arns or [DEFAULT_TOPIC_ARN])[0]
        try:
            response = await self.http.post(
                "/notifications/letter/dvla", json=sns_announcement(batch.response_file, topic, now)
            )
            response.raise_for_status()
            batch.announced = True
        except httpx.HTTPError as error:
            log.warning("printer.announcement_failed", file_name=batch.response_file, error=str(error))
        log.info(
            "printer.printed", zips=len(batch.zips), letters=len(batch.lines), file_name=batch.response_file
        )
        return batch


async def run(settings: Settings, callback_base: str, interval: float, failure_rate: float) -> None:
    async with httpx.AsyncClient(base_url=callback_base, timeout=30) as http:
        printer = Printer(settings, http, failure_rate=failure_rate)
        print(f"printer ready, watching {settings.letters_print_bucket}", flush=True)
        try:
            while True:
                try:
                    await printer.print_waiting_zips()
                except Exception as error:  # the bucket may not exist yet, moto may be restarting
                    log.warning("printer.pass_failed", error=str(error))
                await asyncio.sleep(interval)
        finally:
            await close_object_stores()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="A print provider that answers the print run's zips")
    parser.add_argument("--callback-base", default="http://127.0.0.1:6011")
    parser.add_argument("--interval", type=float, default=5.0)
    parser.add_argument("--failure-rate", type=float, default=0.0, help="share of letters reported failed")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    configure_logging(settings)
    signal.signal(signal.SIGTERM, _exit_cleanly)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run(settings, args.callback_base, args.interval, args.failure_rate))


def _exit_cleanly(signum: int, frame: object) -> None:
    raise SystemExit(0)


if __name__ == "__main__":
    main()
