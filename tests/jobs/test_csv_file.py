"""Reading a job's CSV file with the original's rules, and the files it refuses."""

from __future__ import annotations

import pytest

from notify_api.jobs.csv_file import CsvFileError, read_csv


def test_headers_match_ignoring_case_spaces_and_underscores_and_every_column_is_personalisation() -> None:
    content = "Phone_Number,First Name\r\n07700 900123,Ada\r\n07700900456,Grace\r\n"
    found = read_csv(content.encode(), "sms", ["first name"])
    assert [row.recipient for row in found.rows] == ["07700 900123", "07700900456"]
    assert found.rows[0].personalisation == {"Phone_Number": "07700 900123", "First Name": "Ada"}
    assert [row.index for row in found.rows] == [0, 1]


def test_a_byte_order_mark_empty_rows_and_unnamed_trailing_columns_are_ignored() -> None:
    content = "\ufeffemail address,name,,\n\na@example.gov.uk,A,,\n,,,\nb@example.gov.uk,B\n\n,,\n"
    found = read_csv(content.encode(), "email")
    assert found.headers == ("email address", "name")
    assert [(row.index, row.recipient, row.spreadsheet_row) for row in found.rows] == [
        (0, "a@example.gov.uk", 2),
        (1, "b@example.gov.uk", 3),
    ]


def test_letter_rows_take_their_recipient_from_the_first_address_line() -> None:
    content = "address_line_1,address_line_2,postcode\nA Person,1 The Street,SW1A 1AA\n"
    row = read_csv(content.encode(), "letter").rows[0]
    assert row.recipient == "A Person"
    assert row.personalisation["postcode"] == "SW1A 1AA"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"phone number\n\xff\xfe07700900123\n", "not UTF-8"),
        (b"", "empty"),
        (b",,,\n", "empty"),
        (b"phone number,name\n", "no rows"),
        (b"phone number,Name,NAME\n07700900123,a,b\n", "more than one column called NAME, Name"),
        (b"name\nAda\n", "needs a column called .phone number."),
        (b"phone number\n07700900123\n", "missing a column called name"),
        (b"phone number,name\n" + b"07700900123,a\n" * 11, "more than 10 rows"),
    ],
    ids=[
        "not-utf8",
        "empty",
        "only-commas",
        "headers-only",
        "duplicates",
        "no-recipient",
        "missing-column",
        "too-many",
    ],
)
def test_files_that_cannot_be_sent_are_refused_with_a_clear_message(content: bytes, message: str) -> None:
    with pytest.raises(CsvFileError, match=message):
        read_csv(content, "sms", ["name"], max_rows=10)
