"""The print run's rules: which run a moment belongs to, how letters are grouped, what a zip is called,
and how DVLA's response files are read."""

from __future__ import annotations

import base64
import hashlib
import uuid
from datetime import date, datetime

import pytest

from notify_api.printing.collation import volumes_personalisation
from notify_api.printing.queries import PostageVolume
from notify_api.printing.responses import (
    InvalidResponseFile,
    ResponseLine,
    billing_day_from_file_name,
    is_response_file,
    parse_response_file,
)
from notify_api.printing.rules import LetterFile, group_letters, print_run_for, zip_name, zips_sent_key

SERVICE_A = uuid.UUID("11111111-1111-4111-8111-111111111111")
SERVICE_B = uuid.UUID("22222222-2222-4222-8222-222222222222")
ORGANISATION = uuid.UUID("33333333-3333-4333-8333-333333333333")


def letter(number: int, size: int = 100, service: uuid.UUID = SERVICE_A) -> LetterFile:
    return LetterFile(uuid.uuid4(), f"2022-01-21/NOTIFY.REF{number:012}.D.2.C.20220121100000.PDF", size,
                      service, ORGANISATION)  # fmt: skip


@pytest.mark.parametrize(
    ("now", "day", "deadline"),
    [
        # winter: London is UTC, the cut-off is 17:30 UTC
        (datetime(2022, 1, 21, 17, 50), date(2022, 1, 21), datetime(2022, 1, 21, 17, 30)),
        (datetime(2022, 1, 21, 17, 30), date(2022, 1, 21), datetime(2022, 1, 21, 17, 30)),
        # before the cut-off (an operator re-running after midnight): yesterday's run
        (datetime(2022, 1, 22, 0, 40), date(2022, 1, 21), datetime(2022, 1, 21, 17, 30)),
        (datetime(2022, 1, 21, 17, 29), date(2022, 1, 20), datetime(2022, 1, 20, 17, 30)),
        # summer: 17:50 BST is 16:50 UTC, and the cut-off is 16:30 UTC
        (datetime(2022, 6, 10, 16, 50), date(2022, 6, 10), datetime(2022, 6, 10, 16, 30)),
        (datetime(2022, 6, 10, 16, 20), date(2022, 6, 9), datetime(2022, 6, 9, 16, 30)),
        # the run happens at weekends and on bank holidays too, as the original's did
        (datetime(2022, 1, 22, 17, 50), date(2022, 1, 22), datetime(2022, 1, 22, 17, 30)),
        (datetime(2022, 12, 26, 17, 50), date(2022, 12, 26), datetime(2022, 12, 26, 17, 30)),
    ],
)
def test_a_moment_belongs_to_the_run_whose_cut_off_it_follows(
    now: datetime, day: date, deadline: datetime
) -> None:
    run = print_run_for(now)
    assert (run.day, run.deadline) == (day, deadline)


def test_letters_are_grouped_at_most_500_to_a_zip() -> None:
    groups = list(group_letters([letter(i) for i in range(1201)]))
    assert [len(group) for group in groups] == [500, 500, 201]


def test_a_zip_never_holds_more_than_40_mb_unless_a_letter_is_larger_on_its_own() -> None:
    megabyte = 1024 * 1024
    sizes = [15, 15, 15, 41, 5, 30, 10]
    groups = list(group_letters([letter(i, size * megabyte) for i, size in enumerate(sizes)]))
    assert [[item.size // megabyte for item in group] for group in groups] == [
        [15, 15],
        [15],
        [41],
        [5, 30],
        [10],
    ]


def test_each_zip_holds_letters_of_one_service() -> None:
    letters = [letter(1), letter(2), letter(3, service=SERVICE_B), letter(4, service=SERVICE_B), letter(5)]
    groups = list(group_letters(letters))
    assert [[item.service_id for item in group] for group in groups] == [
        [SERVICE_A, SERVICE_A], [SERVICE_B, SERVICE_B], [SERVICE_A]
    ]  # fmt: skip


def test_no_letters_no_zips() -> None:
    assert list(group_letters([])) == []


def test_zip_names_follow_dvla_format() -> None:
    letters = [letter(1), letter(2)]
    name = zip_name(date(2022, 1, 21), "europe", 7, letters)
    expected_hash = base64.urlsafe_b64encode(
        hashlib.sha512((letters[0].key + letters[1].key).encode()).digest()
    )[:20].decode()
    assert name == f"NOTIFY.2022-01-21.E.007.{expected_hash}.{SERVICE_A}.{ORGANISATION}.ZIP"
    assert zip_name(date(2022, 1, 21), "first", 1, letters).startswith("NOTIFY.2022-01-21.1.001.")
    assert zip_name(date(2022, 1, 21), "second", 12, letters).startswith("NOTIFY.2022-01-21.2.012.")
    assert zip_name(date(2022, 1, 21), "rest-of-world", 3, letters).startswith("NOTIFY.2022-01-21.N.003.")
    # another set of letters, another hash
    assert zip_name(date(2022, 1, 21), "europe", 7, [letter(3)]) != name


def test_a_service_without_organisation_is_named_as_the_original_named_it() -> None:
    alone = LetterFile(uuid.uuid4(), "2022-01-21/NOTIFY.A.PDF", 1, SERVICE_A, None)
    assert zip_name(date(2022, 1, 21), "second", 1, [alone]).endswith(f".{SERVICE_A}.None.ZIP")


def test_zips_sent_record_is_where_the_ack_check_looks() -> None:
    assert zips_sent_key(date(2022, 1, 21), "NOTIFY.X.ZIP") == "2022-01-21/zips_sent/NOTIFY.X.ZIP.TXT"


def test_volumes_email_counts_international_letters_together() -> None:
    volumes = [
        PostageVolume("europe", 2, 3),
        PostageVolume("first", 5, 6),
        PostageVolume("rest-of-world", 1, 4),
        PostageVolume("second", 10, 20),
    ]
    assert volumes_personalisation(volumes, date(2022, 1, 21)) == {
        "total_volume": 18, "first_class_volume": 5, "second_class_volume": 10, "international_volume": 3,
        "total_sheets": 33, "first_class_sheets": 6, "second_class_sheets": 20, "international_sheets": 7,
        "date": "21 January 2022",
    }  # fmt: skip


def test_response_files_are_parsed_line_by_line() -> None:
    content = "REF1|Sent|1|Sorted\r\nREF2|Failed|2|Unsorted\n\n"
    assert parse_response_file(content) == [
        ResponseLine("REF1", "Sent", "1", "Sorted"),
        ResponseLine("REF2", "Failed", "2", "Unsorted"),
    ]


@pytest.mark.parametrize("content", ["REF1|Sent|1", "REF1|Sent|1|Sorted|extra", "just text"])
def test_a_line_without_four_fields_makes_the_file_invalid(content: str) -> None:
    with pytest.raises(InvalidResponseFile):
        parse_response_file(content)


@pytest.mark.parametrize(
    ("key", "expected"),
    [("NOTIFY-20220121173512-RSP.TXT", True), ("notify-20220121173512-rs.txt", True),
     ("root/dispatch/NOTIFY.X.ZIP.ACK.txt", False), ("NOTIFY-20220121173512.TXT", False)],
)  # fmt: skip
def test_only_response_files_are_acted_on(key: str, expected: bool) -> None:
    assert is_response_file(key) is expected


def test_the_billing_day_is_the_london_day_of_the_file_name() -> None:
    assert billing_day_from_file_name("NOTIFY-20220121173512-RSP.TXT") == date(2022, 1, 21)
    # 23:30 UTC in summer is the next day in London; a 60th second is ignored
    assert billing_day_from_file_name("NOTIFY-20220610233060-RSP.TXT") == date(2022, 6, 11)
    with pytest.raises(InvalidResponseFile):
        billing_day_from_file_name("response.txt")
