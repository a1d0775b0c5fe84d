"""The quick schema check never changes an answer: for generated POST /v2/notifications/sms|email|letter
bodies, ``validate`` accepts and rejects exactly what jsonschema alone does, with the same messages.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from notify_api.errors import ValidationError
from notify_api.validation import parse_json_body, validate
from notify_api.validation import schemas as s
from notify_api.validation.core import validate_full

BOUNDED = settings(
    max_examples=400, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)

AN_ID = "f47ac10b-58cc-4372-a567-0e02b2c3d479"
# Far from the schedule window's edges, so the two checks' clocks cannot tell them apart.
_NOW = datetime.now(UTC).replace(tzinfo=None)
TIMES = [(_NOW + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%S") for hours in (-3, 2, 23, 30)]

# Values that mean something to one of the fields, and their near misses.
MEANINGFUL = st.sampled_from(
    (
        AN_ID, AN_ID.upper(), AN_ID.replace("-", ""), "{" + AN_ID + "}", "urn:uuid:" + AN_ID, AN_ID[:-1],
        "07700900855", "+447700900855", "+1 202 555 0123", "0117 496 0860", "7700900855", "0770090085a",
        "a@example.com", "a@b", "a@example..com", "first@example.com ", "first", "second", "europe",
        "rest-of-world", "third", "", " ", "x" * 300, "%PDF-1.4", *TIMES, "2000-01-01",
        "2000-01-01T00:00:00Z",
    )
)  # fmt: skip
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=10),
    MEANINGFUL,
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=6,
)
FIELD_VALUES = st.one_of(MEANINGFUL, SCALARS, JSON)

ROUTES = {
    "sms": s.POST_SMS_REQUEST,
    "email": s.POST_EMAIL_REQUEST,
    "letter": s.POST_LETTER_REQUEST,
    "precompiled": s.POST_PRECOMPILED_LETTER_REQUEST,
}
FIELDS = st.sampled_from(
    tuple(sorted({name for schema in ROUTES.values() for name in schema["properties"]} | {"extra", ""}))
)


@st.composite
def bodies(draw: st.DrawFn) -> tuple[str, bytes]:
    route = draw(st.sampled_from(tuple(ROUTES)))
    if draw(st.integers(0, 9)) == 0:
        return route, json.dumps(draw(JSON)).encode()  # not even an object
    body = {field: draw(FIELD_VALUES) for field in draw(st.lists(FIELDS, max_size=7, unique=True))}
    return route, json.dumps(body).encode()


def outcome(check: Any, instance: Any, schema: dict[str, Any]) -> list[str] | None:
    try:
        check(instance, schema)
    except ValidationError as error:
        return error.messages
    return None


@BOUNDED
@given(bodies())
@example(("sms", json.dumps({"phone_number": "07700900855", "template_id": AN_ID}).encode()))
@example(("email", json.dumps({"email_address": "a@example.com", "template_id": AN_ID, "x": 1}).encode()))
@example(("letter", json.dumps({"template_id": AN_ID, "personalisation": []}).encode()))
@example(("precompiled", json.dumps({"reference": "r", "content": "c", "postage": "third"}).encode()))
def test_quick_check_gives_jsonschemas_answer(case: tuple[str, bytes]) -> None:
    route, raw = case
    instance = parse_json_body(raw)  # as the route parses it
    schema = ROUTES[route]
    assert outcome(validate, instance, schema) == outcome(validate_full, instance, schema)
