"""POST bodies are parsed as JSON whatever the Content-Type, with Notify's error for anything else."""

from __future__ import annotations

import pytest

from notify_api.errors import BadRequestError
from notify_api.validation import parse_json_body

INVALID = "Invalid JSON supplied in POST data"


@pytest.mark.parametrize(
    "raw",
    [b"", b"   ", b"not json", b"{", b'{"a": 1,}', b"{'a': 1}", b'{"a": "\xff"}', b"\xff\xfe\x00"],
)
def test_unparseable_or_empty_body_is_a_bad_request(raw: bytes) -> None:
    with pytest.raises(BadRequestError) as caught:
        parse_json_body(raw)
    assert caught.value.message == INVALID
    assert caught.value.status_code == 400
    assert caught.value.error_name == "BadRequestError"


@pytest.mark.parametrize("raw", [b"null", b"false", b"0", b"0.0", b'""', b"[]", b"{}"])
def test_falsy_json_is_an_empty_object(raw: bytes) -> None:
    assert parse_json_body(raw) == {}


def test_object_is_returned_as_parsed() -> None:
    raw = b'{"phone_number": "07700900855", "personalisation": {"n": 1, "list": ["a", null]}}'
    assert parse_json_body(raw) == {
        "phone_number": "07700900855",
        "personalisation": {"n": 1, "list": ["a", None]},
    }


@pytest.mark.parametrize(("raw", "parsed"), [(b"[1]", [1]), (b'"text"', "text"), (b"true", True), (b"7", 7)])
def test_truthy_non_objects_are_left_for_the_schema_to_reject(raw: bytes, parsed: object) -> None:
    assert parse_json_body(raw) == parsed


def test_byte_order_mark_and_utf16_bodies_are_understood() -> None:
    assert parse_json_body(b'\xef\xbb\xbf{"a": "b"}') == {"a": "b"}
    assert parse_json_body('{"a": "é"}'.encode("utf-16")) == {"a": "é"}
    assert parse_json_body('{"a": "é"}'.encode("utf-16-le")) == {"a": "é"}


def test_empty_body_can_be_allowed_but_garbage_still_cannot() -> None:
    assert parse_json_body(b"", allow_empty=True) == {}
    with pytest.raises(BadRequestError):
        parse_json_body(b"nope", allow_empty=True)
