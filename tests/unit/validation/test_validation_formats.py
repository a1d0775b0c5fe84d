"""The format checks on their own: which scheduled_for texts parse, and which UUID spellings pass."""

from __future__ import annotations

from datetime import datetime

import pytest

from notify_api.validation.formats import is_uuid
from notify_api.validation.iso_datetime import InvalidDatetime, parse_naive_datetime


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-01-21T10:30:45Z", datetime(2022, 1, 21, 10, 30, 45)),
        ("2022-01-21T10:30:45.123456789Z", datetime(2022, 1, 21, 10, 30, 45, 123456)),
        ("2022-01-21 10:30:45,5", datetime(2022, 1, 21, 10, 30, 45, 500000)),
        ("2022-01-21T10:30:45+05:00", datetime(2022, 1, 21, 10, 30, 45)),
        ("2022-01-21T10:30-0130", datetime(2022, 1, 21, 10, 30)),
        ("2022-01-21T10+01", datetime(2022, 1, 21, 10)),
        ("20220121T103045", datetime(2022, 1, 21, 10, 30, 45)),
        ("2022-01-21T1030", datetime(2022, 1, 21, 10, 30)),
        ("2022-1-5T09:00", datetime(2022, 1, 5, 9)),
        ("2022-01-21", datetime(2022, 1, 21)),
        ("2022-01", datetime(2022, 1, 1)),
        ("2022", datetime(2022, 1, 1)),
    ],
)
def test_accepted_iso_8601_forms(text: str, expected: datetime) -> None:
    assert parse_naive_datetime(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "tomorrow",
        "202201",
        "22-01-21",
        "21/01/2022",
        "2022-13-01",
        "2022-02-30T10:00",
        "2022-01-21T25:00",
        "2022-01-21T10:60",
        "2022-01-21T10:00:00+24:00",
        "2022-01-21T10:00:00 Z",
        "2022-01-21t10:00",
        " 2022-01-21T10:00",
        "2022-01-21T10:00:00Zjunk",
        "٢٠٢٢-01-21",
    ],
)
def test_refused_iso_8601_forms(text: str) -> None:
    with pytest.raises(InvalidDatetime):
        parse_naive_datetime(text)


@pytest.mark.parametrize(
    "value",
    [
        "f47ac10b-58cc-4372-a567-0e02b2c3d479",
        "F47AC10B-58CC-4372-A567-0E02B2C3D479",
        "f47ac10b58cc4372a5670e02b2c3d479",
        "{f47ac10b-58cc-4372-a567-0e02b2c3d479}",
        "urn:uuid:f47ac10b-58cc-4372-a567-0e02b2c3d479",
        "f47a-c10b58cc4372a5670e02b2c3d4-79",
    ],
)
def test_uuid_spellings_python_accepts(value: str) -> None:
    assert is_uuid(value)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "f47ac10b-58cc-4372-a567-0e02b2c3d47",
        "f47ac10b-58cc-4372-a567-0e02b2c3d4799",
        " f47ac10b-58cc-4372-a567-0e02b2c3d479",
        "f47ac10b-58cc-4372-a567-0e02b2c3d479 ",
        "g47ac10b-58cc-4372-a567-0e02b2c3d479",
        "(f47ac10b-58cc-4372-a567-0e02b2c3d479)",
    ],
)
def test_uuid_spellings_python_refuses(value: str) -> None:
    assert not is_uuid(value)
