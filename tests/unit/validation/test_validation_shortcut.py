"""Valid requests skip jsonschema's error machinery; this proves no invalid request slips through that way.

For every schema, many variations of a request (each field set to values of every JSON type, fields left
out, extra fields added) are validated; ``validate`` must raise exactly when jsonschema finds an error.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from jsonschema import Draft7Validator

from notify_api.errors import ValidationError
from notify_api.validation import schemas as s
from notify_api.validation import validate
from notify_api.validation.formats import FORMAT_CHECKER
from notify_api.validation.quick_check import compile_quick_check

AN_ID = "f47ac10b-58cc-4372-a567-0e02b2c3d479"
SOON = (datetime.now(UTC) + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%S")

VALUE_PALETTE: list[Any] = [
    None, True, False, 0, 1, -1, 2, 1.0, 1.5, "", "x", "07700900855", "+1 202 555 0123", "0117 496 0860",
    "a@example.com", "nope", AN_ID, AN_ID.upper(), "not-a-uuid", "first", "third", "sms", "broadcast",
    "created", "accepted, received", "true", "True", SOON, "2000-01-01", [], ["sms"], ["elephant"],
    ["created", "pending"], [None], {}, {"a": 1},
]  # fmt: skip

VALID_EXAMPLES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "sms": (s.POST_SMS_REQUEST, {"phone_number": "07700900855", "template_id": AN_ID}),
    "email": (s.POST_EMAIL_REQUEST, {"email_address": "a@example.com", "template_id": AN_ID}),
    "letter": (s.POST_LETTER_REQUEST, {"template_id": AN_ID, "personalisation": {}}),
    "precompiled": (s.POST_PRECOMPILED_LETTER_REQUEST, {"reference": "r", "content": "c"}),
    "list": (s.GET_NOTIFICATIONS_REQUEST, {}),
    "by_id": (s.GET_NOTIFICATION_BY_ID_REQUEST, {"notification_id": AN_ID}),
    "template": (s.GET_TEMPLATE_BY_ID_REQUEST, {"id": AN_ID}),
    "templates": (s.GET_TEMPLATES_REQUEST, {}),
    "preview": (s.POST_TEMPLATE_PREVIEW_REQUEST, {"id": AN_ID}),
    "received": (s.GET_RECEIVED_TEXT_MESSAGES_REQUEST, {}),
}


def variations(schema: dict[str, Any], example: dict[str, Any]) -> Iterator[Any]:
    yield example
    for field in [*schema["properties"], "unexpected"]:
        for value in VALUE_PALETTE:
            yield {**example, field: value}
    for field in example:
        yield {key: value for key, value in example.items() if key != field}
    yield from (value for value in VALUE_PALETTE if not isinstance(value, dict))


def raises(instance: Any, schema: dict[str, Any]) -> bool:
    try:
        validate(instance, schema)
    except ValidationError:
        return True
    return False


@pytest.mark.parametrize("name", list(VALID_EXAMPLES))
def test_validate_rejects_exactly_what_jsonschema_rejects(name: str) -> None:
    schema, example = VALID_EXAMPLES[name]
    reference = Draft7Validator(schema, format_checker=FORMAT_CHECKER)
    checked = 0
    for instance in variations(schema, example):
        assert raises(instance, schema) == (not reference.is_valid(instance)), instance
        checked += 1
    assert checked > 100
    assert not raises(example, schema)


@pytest.mark.parametrize("name", list(VALID_EXAMPLES))
def test_every_schema_gets_the_shortcut(name: str) -> None:
    # A keyword the shortcut does not know would silently send every request through jsonschema.
    schema, _ = VALID_EXAMPLES[name]
    assert compile_quick_check(schema, FORMAT_CHECKER) is not None
