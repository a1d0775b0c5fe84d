"""Reading a job's CSV file with the original's rules.

Column names match ignoring case, spaces, underscores and hyphens (``Phone_Number`` is ``phone number``);
the recipient is in ``phone number``, ``email address`` or the address lines; every column is
personalisation. Empty rows, and columns with no name (Excel's trailing commas), are ignored; a byte-order
mark is dropped. A file that cannot be used raises ``CsvFileError`` with a message for the person who
uploaded it, before any row is sent.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Final

from notify_api.enums import EMAIL, LETTER, SMS

MAX_ROWS: Final = 100_000
ADDRESS_COLUMNS: Final = (*(f"address line {number}" for number in range(1, 8)), "postcode")
RECIPIENT_COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    SMS: ("phone number",),
    EMAIL: ("email address",),
    LETTER: ("address line 1",),
}
_IGNORED_IN_KEYS: Final = str.maketrans("", "", " _-\t\r\n\u00a0")


class CsvFileError(Exception):
    """The file cannot be sent; the message says why (and which row, for a bad row)."""


def column_key(name: str) -> str:
    return name.translate(_IGNORED_IN_KEYS).lower()


@dataclass(frozen=True, slots=True)
class CsvRow:
    index: int  # 0-based, as stored in notifications.job_row_number
    recipient: str
    personalisation: dict[str, str]

    @property
    def spreadsheet_row(self) -> int:
        """The row number a person sees in a spreadsheet (the header is row 1)."""
        return self.index + 2


@dataclass(frozen=True, slots=True)
class CsvFile:
    headers: tuple[str, ...]
    rows: tuple[CsvRow, ...]


def decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CsvFileError(
            "The file is not UTF-8 encoded text. Save it as CSV UTF-8 and upload it again."
        ) from error


def _records(text: str) -> Iterator[list[str]]:
    # Excel writes \r\n, older Macs \r alone: csv copes with both when newline handling is left to it.
    return csv.reader(io.StringIO(text, newline=""))


def read_csv(
    content: bytes | str,
    notification_type: str,
    placeholders: Sequence[str] = (),
    *,
    max_rows: int = MAX_ROWS,
) -> CsvFile:
    text = decode(content) if isinstance(content, bytes) else content.removeprefix("\ufeff")
    records = _records(text)
    try:
        raw_headers = next(records)
    except StopIteration:
        raise CsvFileError("The file is empty.") from None
    except csv.Error as error:
        raise CsvFileError(f"The file is not a valid CSV file: {error}") from error
    columns = [(position, name.strip()) for position, name in enumerate(raw_headers) if name.strip()]
    headers = tuple(name for _, name in columns)
    if not headers:
        raise CsvFileError("The file is empty.")
    keys = [column_key(name) for name in headers]
    duplicates = sorted({name for name, key in zip(headers, keys, strict=True) if keys.count(key) > 1})
    if duplicates:
        raise CsvFileError(f"The file has more than one column called {', '.join(duplicates)}.")
    recipient_column = _recipient_column(notification_type, keys)
    missing = [name for name in placeholders if column_key(name) not in keys and not _is_address(name)]
    if missing:
        raise CsvFileError(f"The file is missing a column called {', '.join(missing)}.")
    rows = list(_rows(records, columns, recipient_column, max_rows))
    if not rows:
        raise CsvFileError("The file has column headings but no rows of recipients.")
    return CsvFile(headers=headers, rows=tuple(rows))


def _is_address(name: str) -> bool:
    return column_key(name) in {column_key(column) for column in ADDRESS_COLUMNS}


def _recipient_column(notification_type: str, keys: list[str]) -> int:
    for name in RECIPIENT_COLUMNS[notification_type]:
        if column_key(name) in keys:
            return keys.index(column_key(name))
    raise CsvFileError(f"The file needs a column called ‘{RECIPIENT_COLUMNS[notification_type][0]}’.")


def _rows(
    records: Iterator[list[str]], columns: list[tuple[int, str]], recipient_column: int, max_rows: int
) -> Iterator[CsvRow]:
    index = 0
    try:
        for record in records:
            values = [record[position].strip() if position < len(record) else "" for position, _ in columns]
            if not any(values):
                continue  # an empty row, often trailing
            if index >= max_rows:
                raise CsvFileError(f"The file has more than {max_rows:,} rows.")
            personalisation = {name: value for (_, name), value in zip(columns, values, strict=True)}
            yield CsvRow(index, values[recipient_column], personalisation)
            index += 1
    except csv.Error as error:
        raise CsvFileError(f"The file is not a valid CSV file: {error}") from error
