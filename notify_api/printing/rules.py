"""The print run's rules, free of I/O: which letters a run takes, how they are grouped, what a zip is called.

A run takes the letters created before 17:30 London time on its print day. Run at or after 17:30 its print
day is today; run earlier (an operator re-running a failed run after midnight) it is yesterday. As in the
original, the run happens every day, weekends and bank holidays included: DVLA collects what is waiting and
prints on its working days (see ``notify_api.notifications.reading.letter_timings``).

Letters are zipped per postage class and per service, in order, at most ``MAX_FILES_PER_ZIP`` files and
``MAX_ZIP_BYTES`` of PDFs to a zip (a single larger PDF gets a zip of its own). A zip is named
``NOTIFY.{print day}.{postage 1|2|E|N}.{nnn}.{hash}.{service id}.{organisation id}.ZIP``, ``nnn`` counting
the zips of one postage class from 001 and ``hash`` the first 20 characters of the URL-safe base64 SHA-512
of the PDFs' keys joined together.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Final

from notify_api.timeutils import LONDON

PRINT_RUN_CUTOFF: Final = time(17, 30)
MAX_ZIP_BYTES: Final = 40 * 1024 * 1024
MAX_FILES_PER_ZIP: Final = 500
# The order the original took the postage classes in, and their letters in a zip's name.
POSTAGE_ORDER: Final = ("first", "second", "europe", "rest-of-world")
POSTAGE_IN_ZIP_NAME: Final = {"first": "1", "second": "2", "europe": "E", "rest-of-world": "N"}
HASH_LENGTH: Final = 20
DVLA: Final = "dvla"  # the provider letters are ``sent_by``


@dataclass(frozen=True, slots=True)
class PrintRun:
    day: date  # the London day whose 17:30 is the cut-off
    deadline: datetime  # that cut-off as naive UTC, as the notifications table stores times


def print_run_for(now: datetime) -> PrintRun:
    """The run that ``now`` (naive UTC) belongs to."""
    london = now.replace(tzinfo=UTC).astimezone(LONDON)
    day = london.date() if london.time() >= PRINT_RUN_CUTOFF else london.date() - timedelta(days=1)
    deadline = datetime.combine(day, PRINT_RUN_CUTOFF, tzinfo=LONDON).astimezone(UTC).replace(tzinfo=None)
    return PrintRun(day, deadline)


@dataclass(frozen=True, slots=True)
class LetterFile:
    """One letter's PDF on its way into a zip."""

    notification_id: uuid.UUID
    key: str  # in the letters PDF bucket
    size: int
    service_id: uuid.UUID
    organisation_id: uuid.UUID | None


def group_letters(
    letters: Iterable[LetterFile],
    *,
    max_bytes: int = MAX_ZIP_BYTES,
    max_files: int = MAX_FILES_PER_ZIP,
) -> Iterator[list[LetterFile]]:
    """Consecutive letters of one service, never more than ``max_files`` nor (unless alone) ``max_bytes``."""
    group: list[LetterFile] = []
    size = 0
    for letter in letters:
        if group and (
            size + letter.size > max_bytes
            or len(group) >= max_files
            or letter.service_id != group[0].service_id
        ):
            yield group
            group, size = [], 0
        group.append(letter)
        size += letter.size
    if group:
        yield group


def zip_name(run_day: date, postage: str, number: int, letters: Sequence[LetterFile]) -> str:
    """The name DVLA's systems expect; ``number`` counts from 1 within the postage class."""
    digest = hashlib.sha512("".join(letter.key for letter in letters).encode()).digest()
    short_hash = base64.urlsafe_b64encode(digest)[:HASH_LENGTH].decode()
    first = letters[0]
    return (
        f"NOTIFY.{run_day:%Y-%m-%d}.{POSTAGE_IN_ZIP_NAME[postage]}.{number:03}.{short_hash}"
        f".{first.service_id}.{first.organisation_id}.ZIP"
    )


def zips_sent_key(sent_on: date, name: str) -> str:
    """Where the run records a zip's contents in the letters PDF bucket (read by the 23:00 ACK check)."""
    return f"{sent_on:%Y-%m-%d}/zips_sent/{name}.TXT"
