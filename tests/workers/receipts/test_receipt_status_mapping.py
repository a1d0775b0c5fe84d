"""Provider status codes -> notification statuses (spec §6 tables)."""

from __future__ import annotations

import pytest

from notify_api.receipts.receipt_countries import country_records_delivery
from notify_api.receipts.status_mapping import (
    UnknownProviderStatus,
    map_firetext_status,
    map_mmg_status,
    map_ses_event,
)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("3", "delivered"),
        ("2", "permanent-failure"),
        ("4", "temporary-failure"),
        ("5", "permanent-failure"),
        (3, "delivered"),
    ],
)
def test_mmg_statuses(status: object, expected: str) -> None:
    assert map_mmg_status(status).status == expected


@pytest.mark.parametrize("status", ["0", "1", "6", "", "delivered"])
def test_unknown_mmg_status(status: str) -> None:
    with pytest.raises(UnknownProviderStatus, match="MMG callback failed: status"):
        map_mmg_status(status)


@pytest.mark.parametrize(
    ("status", "code", "expected"),
    [
        ("0", None, "delivered"),
        ("2", None, "pending"),
        ("1", "101", "permanent-failure"),
        ("1", "201", "permanent-failure"),
        ("1", "401", "permanent-failure"),
        ("1", "000", "temporary-failure"),
        ("1", "102", "temporary-failure"),
        ("1", "103", "temporary-failure"),
        ("1", "104", "temporary-failure"),
        ("1", "302", "temporary-failure"),
        ("1", "900", "temporary-failure"),
        ("1", "999", "permanent-failure"),
    ],
)
def test_firetext_statuses_and_codes(status: str, code: str | None, expected: str) -> None:
    assert map_firetext_status(status, code).status == expected


def test_firetext_failure_without_code_is_flagged_for_the_pending_rule() -> None:
    mapped = map_firetext_status("1", None)
    assert mapped.status == "permanent-failure"
    assert mapped.failure_without_code
    assert not map_firetext_status("1", "101").failure_without_code


def test_unknown_firetext_status() -> None:
    with pytest.raises(UnknownProviderStatus, match=r"Firetext callback failed: status 7 not found\."):
        map_firetext_status("7")


@pytest.mark.parametrize(
    ("event_type", "bounce", "expected"),
    [
        ("Delivery", None, "delivered"),
        ("Bounce", {"bounceType": "Permanent"}, "permanent-failure"),
        ("Bounce", {"bounceType": "Transient"}, "temporary-failure"),
        ("Bounce", {"bounceType": "Undetermined"}, "temporary-failure"),
        ("Complaint", None, None),
    ],
)
def test_ses_events(event_type: str, bounce: dict[str, str] | None, expected: str | None) -> None:
    assert map_ses_event(event_type, bounce) == expected


@pytest.mark.parametrize(
    ("prefix", "records"),
    [("44", True), ("33", True), ("1", False), ("54", False), ("211", False), (None, False)],
)
def test_countries_with_real_delivery_receipts(prefix: str | None, records: bool) -> None:
    assert country_records_delivery(prefix) is records
