"""DVLA's response files: ``update-letter-notifications-statuses`` and ``record-daily-sorted-counts``.

DVLA writes ``NOTIFY-{yyyymmddHHMMSS}-RSP.TXT`` to the response bucket, one line per letter printed:
``reference|status|sheets|Sorted or Unsorted``. ``Sent`` makes a ``sending`` letter ``delivered``; any other
status makes it ``temporary-failure`` and raises an alert (someone has to find out why). A line whose sheet
count differs from the letter's billable units is logged; a letter with none yet takes DVLA's count.
The sorted and unsorted lines are counted per file into ``daily_sorted_letter`` for the day in the file's
name (London time); reading a file again overwrites its row.

A file that cannot be parsed raises an alert and is not retried; a file not (yet) in the bucket raises
:class:`ResponseFileMissing` so that the actor tries again.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Final

from notify_api.alerts.raising import Alert, raise_alert
from notify_api.enums import DELIVERED, TEMPORARY_FAILURE
from notify_api.logging import get_logger
from notify_api.printing import queries
from notify_api.runtime import Runtime
from notify_api.storage import ObjectStore
from notify_api.timeutils import LONDON, utc_now

log = get_logger(__name__)

UPDATE_LETTER_STATUSES: Final = "update-letter-notifications-statuses"
RECORD_DAILY_SORTED_COUNTS: Final = "record-daily-sorted-counts"
DVLA_RESPONSE_STATUS_SENT: Final = "Sent"
SORTED: Final = "sorted"
UNSORTED: Final = "unsorted"
RESPONSE_FILE_SUFFIXES: Final = ("rs.txt", "rsp.txt")


class ResponseFileMissing(Exception):
    """The announced file is not in the response bucket (yet)."""


class InvalidResponseFile(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class ResponseLine:
    reference: str
    status: str
    sheets: str  # DVLA's count, as written
    cost_threshold: str  # "Sorted" or "Unsorted"


def is_response_file(key: str) -> bool:
    """Only these announcements concern us; DVLA's bucket holds ACK files and others too."""
    return key.lower().endswith(RESPONSE_FILE_SUFFIXES)


def parse_response_file(content: str) -> list[ResponseLine]:
    lines = []
    for line in content.splitlines():
        if not line.strip():
            continue
        fields = line.strip().split("|")
        if len(fields) != 4:
            raise InvalidResponseFile("a line without exactly four fields")
        lines.append(ResponseLine(*fields))
    return lines


def billing_day_from_file_name(file_name: str) -> date:
    """``NOTIFY-20220121173512-RSP.TXT`` -> the London date of 2022-01-21 17:35 UTC.

    Seconds are ignored, as the original ignored them (DVLA once wrote a 60th second).
    """
    name = file_name.rsplit("/", 1)[-1]
    try:
        stamp = datetime.strptime(name.split("-")[1][:-2], "%Y%m%d%H%M")
    except (IndexError, ValueError) as error:
        raise InvalidResponseFile("no yyyymmddHHMMSS time in the file name") from error
    return stamp.replace(tzinfo=UTC).astimezone(LONDON).date()


async def _read(runtime: Runtime, file_name: str) -> list[ResponseLine] | None:
    data = await ObjectStore(runtime.settings).get(runtime.settings.dvla_response_bucket, file_name)
    if data is None:
        raise ResponseFileMissing(file_name)
    try:
        return parse_response_file(data.decode("utf-8", errors="replace"))
    except InvalidResponseFile:
        await _alert(
            runtime, UPDATE_LETTER_STATUSES, f"DVLA response file: {file_name} has an invalid format"
        )
        return None


async def _alert(runtime: Runtime, name: str, message: str, count: int = 1, **details: object) -> None:
    await raise_alert(runtime.settings, runtime.redis, Alert(name, message, count, dict(details)))


async def update_letter_notifications_statuses(
    runtime: Runtime, file_name: str, *, now: datetime | None = None
) -> dict[str, int]:
    """Apply one response file; returns how many letters became delivered and temporary-failure."""
    lines = await _read(runtime, file_name)
    if lines is None:
        return {}
    moment = now or utc_now()
    sent = [line.reference for line in lines if line.status == DVLA_RESPONSE_STATUS_SENT]
    failed = [line.reference for line in lines if line.status != DVLA_RESPONSE_STATUS_SENT]
    sheets = {line.reference: line.sheets for line in lines}
    async with runtime.database.unit_of_work() as work:
        delivered = await queries.record_print_outcomes(work.connection, sent, status=DELIVERED, now=moment)
        failures = await queries.record_print_outcomes(
            work.connection, failed, status=TEMPORARY_FAILURE, now=moment
        )
        to_fill: dict[str, int] = {}
        for outcome in (*delivered, *failures):
            counted = sheets[outcome.reference]
            if counted.isdigit() and int(counted) != outcome.billable_units:
                log.warning(
                    "letter.dvla_sheet_count_differs",
                    notification_id=str(outcome.notification_id),
                    billable_units=outcome.billable_units,
                    dvla_sheets=int(counted),
                )
                if outcome.billable_units == 0 and int(counted) > 0:
                    to_fill[outcome.reference] = int(counted)
        await queries.fill_missing_billable_units(work.connection, to_fill)
    unmatched = len(lines) - len(delivered) - len(failures)
    if unmatched:
        # not found, or no longer `sending` (a file read twice, a letter cancelled or returned)
        log.info("letter.dvla_response_unmatched", file_name=file_name, count=unmatched)
    log.info(
        "letter.dvla_response_applied", file_name=file_name, delivered=len(delivered), failed=len(failures)
    )
    if failures:
        # only letters this reading failed: a file announced twice raises one alert
        references = [outcome.reference for outcome in failures]
        await _alert(
            runtime,
            UPDATE_LETTER_STATUSES,
            f"DVLA response file: {file_name} has failed letters with notification.reference {references}",
            len(references),
            references=references,
        )
    return {DELIVERED: len(delivered), TEMPORARY_FAILURE: len(failures)}


async def record_daily_sorted_counts(
    runtime: Runtime, file_name: str, *, now: datetime | None = None
) -> Counter[str] | None:
    lines = await _read(runtime, file_name)
    if lines is None:
        return None
    counts = Counter(line.cost_threshold.lower() for line in lines)
    unknown = set(counts) - {SORTED, UNSORTED}
    if unknown:
        await _alert(
            runtime,
            RECORD_DAILY_SORTED_COUNTS,
            f"DVLA response file: {file_name} contains unknown Sorted status {sorted(unknown)!r}",
        )
        return None
    try:
        billing_day = billing_day_from_file_name(file_name)
    except InvalidResponseFile:
        await _alert(runtime, RECORD_DAILY_SORTED_COUNTS, f"DVLA response file: {file_name} has no date")
        return None
    async with runtime.database.unit_of_work() as work:
        await queries.record_daily_sorted_counts(
            work.connection,
            billing_day=billing_day,
            file_name=file_name,
            sorted_count=counts[SORTED],
            unsorted_count=counts[UNSORTED],
            now=now or utc_now(),
        )
    return counts
