"""Schema messages for POST /v2/notifications/{sms,email,letter}, word for word as Notify gives them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from notify_api.errors import ValidationError
from notify_api.validation import validate
from notify_api.validation.schemas import (
    POST_EMAIL_REQUEST,
    POST_LETTER_REQUEST,
    POST_PRECOMPILED_LETTER_REQUEST,
    POST_SMS_REQUEST,
)

TEMPLATE_ID = "f47ac10b-58cc-4372-a567-0e02b2c3d479"
SENDER_ID = "0f6b2b5e-51b4-4c1c-9a39-2a7b3f0d6a11"
DATETIME_FORMAT_MESSAGE = (
    "scheduled_for datetime format is invalid. It must be a valid ISO8601 date time format, "
    "https://en.wikipedia.org/wiki/ISO_8601"
)


def messages(instance: Any, schema: dict[str, Any]) -> list[str]:
    try:
        validate(instance, schema)
    except ValidationError as error:
        assert error.status_code == 400
        assert error.error_name == "ValidationError"
        return error.messages
    return []


def sms(**fields: Any) -> dict[str, Any]:
    return {"phone_number": "07700 900855", "template_id": TEMPLATE_ID, **fields}


def email(**fields: Any) -> dict[str, Any]:
    return {"email_address": "someone@example.com", "template_id": TEMPLATE_ID, **fields}


def in_hours(hours: float, suffix: str = "") -> str:
    moment = datetime.now(UTC).replace(tzinfo=None) + timedelta(hours=hours)
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + suffix


class TestSms:
    def test_full_valid_request_passes(self) -> None:
        body = sms(
            personalisation={"name": "Jo", "items": ["a", 1, None], "file": {"file": "abc", "is_csv": False}},
            reference="ref",
            scheduled_for=None,
            sms_sender_id=SENDER_ID,
        )
        assert messages(body, POST_SMS_REQUEST) == []

    def test_international_numbers_pass_the_schema(self) -> None:
        assert messages(sms(phone_number="+1 202 555 0123"), POST_SMS_REQUEST) == []

    def test_missing_fields_are_required_in_list_order(self) -> None:
        assert messages({}, POST_SMS_REQUEST) == [
            "phone_number is a required property",
            "template_id is a required property",
        ]

    def test_bad_uuid_and_missing_phone_number(self) -> None:
        assert messages({"template_id": "notUUID"}, POST_SMS_REQUEST) == [
            "template_id is not a valid UUID",
            "phone_number is a required property",
        ]

    @pytest.mark.parametrize(
        ("phone_number", "message"),
        [
            (None, "phone_number None is not of type string"),
            (7700900001, "phone_number 7700900001 is not of type string"),
            (["07700900855"], "phone_number [07700900855] is not of type string"),
            ("0117 496 0860", "phone_number Not a UK mobile number"),
            ("07700 9oo855", "phone_number Must not contain letters or symbols"),
            ("0770090085", "phone_number Not enough digits"),
            ("077009008555", "phone_number Too many digits"),
            ("+80 1234 56789", "phone_number Not a valid country prefix"),
        ],
    )
    def test_bad_phone_numbers(self, phone_number: Any, message: str) -> None:
        assert messages(sms(phone_number=phone_number), POST_SMS_REQUEST) == [message]

    @pytest.mark.parametrize(
        ("personalisation", "message"),
        [
            ("not_a_dict", "personalisation not_a_dict is not of type object"),
            (["a", "b"], "personalisation [a, b] is not of type object"),
            (None, "personalisation None is not of type object"),
        ],
    )
    def test_personalisation_must_be_an_object(self, personalisation: Any, message: str) -> None:
        assert messages(sms(personalisation=personalisation), POST_SMS_REQUEST) == [message]

    def test_reference_must_be_a_string(self) -> None:
        assert messages(sms(reference=123), POST_SMS_REQUEST) == ["reference 123 is not of type string"]

    @pytest.mark.parametrize("sender", [None, "", "abc", 123, TEMPLATE_ID[:-1]])
    def test_sms_sender_id_must_be_a_uuid_and_not_null(self, sender: Any) -> None:
        assert messages(sms(sms_sender_id=sender), POST_SMS_REQUEST) == ["sms_sender_id is not a valid UUID"]

    @pytest.mark.parametrize(
        ("template_id", "valid"),
        [
            (TEMPLATE_ID, True),
            (TEMPLATE_ID.replace("-", ""), True),
            (TEMPLATE_ID.upper(), True),
            ("{" + TEMPLATE_ID + "}", True),
            ("urn:uuid:" + TEMPLATE_ID, True),
            (" " + TEMPLATE_ID, False),
            (TEMPLATE_ID + "\n", False),
            (TEMPLATE_ID + "0", False),
            (TEMPLATE_ID[:-1], False),
            (TEMPLATE_ID.replace("f", "g"), False),
            ("", False),
            (None, False),
            (12345, False),
            ({"id": TEMPLATE_ID}, False),
        ],
    )
    def test_template_id_uuid_acceptance(self, template_id: Any, valid: bool) -> None:
        expected = [] if valid else ["template_id is not a valid UUID"]
        assert messages(sms(template_id=template_id), POST_SMS_REQUEST) == expected

    def test_one_unexpected_property(self) -> None:
        assert messages(sms(template="x"), POST_SMS_REQUEST) == [
            "Additional properties are not allowed (template was unexpected)"
        ]

    def test_several_unexpected_properties_in_one_message(self) -> None:
        assert messages(sms(b=1, a=2), POST_SMS_REQUEST) == [
            "Additional properties are not allowed (a, b were unexpected)"
        ]

    def test_email_fields_are_unexpected_on_sms(self) -> None:
        assert messages(sms(email_reply_to_id=SENDER_ID), POST_SMS_REQUEST) == [
            "Additional properties are not allowed (email_reply_to_id was unexpected)"
        ]

    def test_single_quotes_are_removed_after_repr(self) -> None:
        # repr() puts a string holding ' in double quotes; only the single quotes go.
        assert messages(sms(reference=["it's", "x"], **{"o'clock": 1}), POST_SMS_REQUEST) == [
            'reference ["its", x] is not of type string',
            'Additional properties are not allowed ("oclock" was unexpected)',
        ]

    def test_errors_come_in_property_then_required_then_additional_order(self) -> None:
        body: dict[str, Any] = {
            "extra": True,
            "sms_sender_id": None,
            "scheduled_for": "tomorrow",
            "reference": None,
            "personalisation": {},
            "template_id": "1234",
            "another": 1,
        }
        assert messages(body, POST_SMS_REQUEST) == [
            "template_id is not a valid UUID",
            "reference None is not of type string",
            DATETIME_FORMAT_MESSAGE,
            "sms_sender_id is not a valid UUID",
            "phone_number is a required property",
            "Additional properties are not allowed (another, extra were unexpected)",
        ]

    def test_body_that_is_not_an_object(self) -> None:
        assert messages([1, "a"], POST_SMS_REQUEST) == ["[1, a] is not of type object"]
        assert messages("text", POST_SMS_REQUEST) == ["text is not of type object"]


class TestScheduledFor:
    def test_within_the_next_day_passes_and_null_passes(self) -> None:
        assert messages(sms(scheduled_for=in_hours(1)), POST_SMS_REQUEST) == []
        assert messages(sms(scheduled_for=in_hours(23.5, ".123Z")), POST_SMS_REQUEST) == []
        assert messages(email(scheduled_for=None), POST_EMAIL_REQUEST) == []

    def test_in_the_past(self) -> None:
        assert messages(sms(scheduled_for=in_hours(-1)), POST_SMS_REQUEST) == [
            "scheduled_for datetime can not be in the past"
        ]

    def test_more_than_a_day_ahead(self) -> None:
        assert messages(sms(scheduled_for=in_hours(25)), POST_SMS_REQUEST) == [
            "scheduled_for datetime can only be 24 hours in the future"
        ]

    def test_offset_is_dropped_without_converting(self) -> None:
        # Converted, +05:00 would put this four hours in the past, and -05:00 four hours ahead.
        assert messages(sms(scheduled_for=in_hours(1, "+05:00")), POST_SMS_REQUEST) == []
        assert messages(sms(scheduled_for=in_hours(-1, "-05:00")), POST_SMS_REQUEST) == [
            "scheduled_for datetime can not be in the past"
        ]

    @pytest.mark.parametrize("value", ["tomorrow", "21/01/2022 10:00", "2022-13-01T10:00", ""])
    def test_unparseable(self, value: str) -> None:
        assert messages(sms(scheduled_for=value), POST_SMS_REQUEST) == [DATETIME_FORMAT_MESSAGE]

    def test_wrong_type(self) -> None:
        assert messages(sms(scheduled_for=12), POST_SMS_REQUEST) == [
            "scheduled_for 12 is not of type string, null"
        ]


class TestEmail:
    def test_full_valid_request_passes(self) -> None:
        body = email(personalisation={"a": "b"}, reference="r", email_reply_to_id=SENDER_ID)
        assert messages(body, POST_EMAIL_REQUEST) == []

    def test_missing_fields(self) -> None:
        assert messages({}, POST_EMAIL_REQUEST) == [
            "email_address is a required property",
            "template_id is a required property",
        ]

    @pytest.mark.parametrize("address", ["example", "with(brackets)@example.com", "a..b@example.com", "a@b"])
    def test_bad_email_address(self, address: str) -> None:
        assert messages(email(email_address=address), POST_EMAIL_REQUEST) == [
            "email_address Not a valid email address"
        ]

    def test_email_address_type(self) -> None:
        assert messages(email(email_address=None), POST_EMAIL_REQUEST) == [
            "email_address None is not of type string"
        ]

    def test_reply_to_id_must_be_a_uuid(self) -> None:
        assert messages(email(email_reply_to_id=None), POST_EMAIL_REQUEST) == [
            "email_reply_to_id is not a valid UUID"
        ]

    def test_sms_fields_are_unexpected_on_email(self) -> None:
        assert messages(email(sms_sender_id=SENDER_ID, phone_number="07700900855"), POST_EMAIL_REQUEST) == [
            "Additional properties are not allowed (phone_number, sms_sender_id were unexpected)"
        ]

    def test_several_errors_in_order(self) -> None:
        body = {"email_address": "nope", "personalisation": "x", "template_id": None}
        assert messages(body, POST_EMAIL_REQUEST) == [
            "email_address Not a valid email address",
            "template_id is not a valid UUID",
            "personalisation x is not of type object",
        ]


class TestTemplatedLetter:
    def test_valid_request_passes(self) -> None:
        body = {"template_id": TEMPLATE_ID, "personalisation": {"address_line_1": "A"}, "reference": "r"}
        assert messages(body, POST_LETTER_REQUEST) == []

    def test_personalisation_is_required(self) -> None:
        assert messages({"template_id": TEMPLATE_ID}, POST_LETTER_REQUEST) == [
            "personalisation is a required property"
        ]
        assert messages({}, POST_LETTER_REQUEST) == [
            "template_id is a required property",
            "personalisation is a required property",
        ]

    def test_postage_is_not_accepted(self) -> None:
        body = {"template_id": TEMPLATE_ID, "personalisation": {}, "postage": "first"}
        assert messages(body, POST_LETTER_REQUEST) == [
            "Additional properties are not allowed (postage was unexpected)"
        ]

    def test_field_types(self) -> None:
        body = {"template_id": "x", "personalisation": "not_a_dict", "reference": 1}
        assert messages(body, POST_LETTER_REQUEST) == [
            "template_id is not a valid UUID",
            "personalisation not_a_dict is not of type object",
            "reference 1 is not of type string",
        ]


class TestPrecompiledLetter:
    @pytest.mark.parametrize("postage", ["first", "second", "europe", "rest-of-world"])
    def test_valid_postage(self, postage: str) -> None:
        body = {"reference": "r", "content": "JVBERi0=", "postage": postage}
        assert messages(body, POST_PRECOMPILED_LETTER_REQUEST) == []

    def test_postage_is_optional(self) -> None:
        assert messages({"reference": "r", "content": "JVBERi0="}, POST_PRECOMPILED_LETTER_REQUEST) == []

    @pytest.mark.parametrize("postage", ["third", "First", ""])
    def test_bad_postage(self, postage: str) -> None:
        body = {"reference": "r", "content": "c", "postage": postage}
        assert messages(body, POST_PRECOMPILED_LETTER_REQUEST) == [
            "postage invalid. It must be first, second, europe or rest-of-world."
        ]

    def test_postage_type(self) -> None:
        body = {"reference": "r", "content": "c", "postage": 1}
        assert messages(body, POST_PRECOMPILED_LETTER_REQUEST) == ["postage 1 is not of type string"]

    def test_reference_and_content_are_required(self) -> None:
        assert messages({}, POST_PRECOMPILED_LETTER_REQUEST) == [
            "reference is a required property",
            "content is a required property",
        ]

    def test_other_fields_are_refused(self) -> None:
        body = {"reference": "r", "content": "c", "template_id": TEMPLATE_ID}
        assert messages(body, POST_PRECOMPILED_LETTER_REQUEST) == [
            "Additional properties are not allowed (template_id was unexpected)"
        ]

    def test_content_and_reference_types(self) -> None:
        body = {"reference": None, "content": {"pdf": 1}}
        assert messages(body, POST_PRECOMPILED_LETTER_REQUEST) == [
            "reference None is not of type string",
            "content {pdf: 1} is not of type string",
        ]
