"""Schema messages for the v2 GET endpoints and template preview, built from query strings as Notify does."""

from __future__ import annotations

from typing import Any

import pytest

from notify_api.errors import ValidationError
from notify_api.validation import first_values, notifications_list_args, validate
from notify_api.validation.schemas import (
    GET_NOTIFICATION_BY_ID_REQUEST,
    GET_NOTIFICATIONS_REQUEST,
    GET_RECEIVED_TEXT_MESSAGES_REQUEST,
    GET_TEMPLATE_BY_ID_REQUEST,
    GET_TEMPLATES_REQUEST,
    POST_TEMPLATE_PREVIEW_REQUEST,
)

AN_ID = "f47ac10b-58cc-4372-a567-0e02b2c3d479"
STATUS_ENUM = (
    "[cancelled, created, sending, sent, delivered, pending, failed, technical-failure, temporary-failure, "
    "permanent-failure, pending-virus-check, validation-failed, virus-scan-failed, returned-letter, "
    "accepted, received]"
)


def messages(instance: Any, schema: dict[str, Any]) -> list[str]:
    try:
        validate(instance, schema)
    except ValidationError as error:
        return error.messages
    return []


def list_messages(query: list[tuple[str, str]]) -> list[str]:
    return messages(notifications_list_args(query), GET_NOTIFICATIONS_REQUEST)


class TestNotificationsList:
    def test_every_filter_at_once_passes(self) -> None:
        query = [
            ("template_type", "sms"),
            ("template_type", "letter"),
            ("status", "created"),
            ("status", "returned-letter"),
            ("reference", "ref"),
            ("older_than", AN_ID),
            ("include_jobs", "true"),
        ]
        assert list_messages(query) == []
        assert list_messages([("include_jobs", "True")]) == []
        assert list_messages([]) == []

    @pytest.mark.parametrize(
        "status",
        [
            "cancelled",
            "created",
            "sending",
            "sent",
            "delivered",
            "pending",
            "failed",
            "technical-failure",
            "temporary-failure",
            "permanent-failure",
            "pending-virus-check",
            "validation-failed",
            "virus-scan-failed",
            "returned-letter",
            "accepted, received",
        ],
    )
    def test_accepted_statuses(self, status: str) -> None:
        assert list_messages([("status", status)]) == []

    @pytest.mark.parametrize("status", ["elephant", "accepted", "received", "accepted,received", "Created"])
    def test_refused_statuses_list_the_whole_enum(self, status: str) -> None:
        assert list_messages([("status", status)]) == [f"status {status} is not one of {STATUS_ENUM}"]

    def test_each_bad_list_item_is_its_own_message_and_repeats_are_dropped(self) -> None:
        query = [("status", "elephant"), ("status", "created"), ("status", "giraffe"), ("status", "elephant")]
        assert list_messages(query) == [
            f"status elephant is not one of {STATUS_ENUM}",
            f"status giraffe is not one of {STATUS_ENUM}",
        ]

    def test_bad_template_type(self) -> None:
        assert list_messages([("template_type", "orange")]) == [
            "template_type orange is not one of [sms, email, letter]"
        ]
        assert list_messages([("template_type", "broadcast")]) == [
            "template_type broadcast is not one of [sms, email, letter]"
        ]

    def test_bad_older_than_and_include_jobs(self) -> None:
        assert list_messages([("older_than", "not-a-uuid")]) == ["older_than is not a valid UUID"]
        assert list_messages([("include_jobs", "false")]) == ["include_jobs false is not one of [true, True]"]

    def test_only_the_first_older_than_counts(self) -> None:
        assert list_messages([("older_than", AN_ID), ("older_than", "junk")]) == []
        assert list_messages([("older_than", "junk"), ("older_than", AN_ID)]) == [
            "older_than is not a valid UUID"
        ]

    def test_unknown_arguments(self) -> None:
        assert list_messages([("foo", "1"), ("bar", "2"), ("foo", "3")]) == [
            "Additional properties are not allowed (bar, foo were unexpected)"
        ]

    def test_several_errors_in_schema_order(self) -> None:
        query = [("zzz", "1"), ("older_than", "x"), ("status", "elephant"), ("template_type", "orange")]
        assert list_messages(query) == [
            "template_type orange is not one of [sms, email, letter]",
            f"status elephant is not one of {STATUS_ENUM}",
            "older_than is not a valid UUID",
            "Additional properties are not allowed (zzz was unexpected)",
        ]


class TestQueryArguments:
    def test_notifications_list_args_keeps_lists_and_first_single_values(self) -> None:
        query = [
            ("status", "created"),
            ("older_than", "first"),
            ("template_type", "sms"),
            ("status", "sending"),
            ("older_than", "second"),
            ("reference", "r1"),
            ("reference", "r2"),
            ("include_jobs", "true"),
        ]
        assert notifications_list_args(query) == {
            "status": ["created", "sending"],
            "older_than": "first",
            "template_type": ["sms"],
            "reference": "r1",
            "include_jobs": "true",
        }
        assert list(notifications_list_args(query)) == [
            "status",
            "older_than",
            "template_type",
            "reference",
            "include_jobs",
        ]

    def test_first_values(self) -> None:
        assert first_values([("type", "sms"), ("older_than", "a"), ("type", "email")]) == {
            "type": "sms",
            "older_than": "a",
        }


class TestNotificationById:
    def test_valid(self) -> None:
        assert messages({"notification_id": AN_ID}, GET_NOTIFICATION_BY_ID_REQUEST) == []
        assert messages({"notification_id": AN_ID.replace("-", "")}, GET_NOTIFICATION_BY_ID_REQUEST) == []

    @pytest.mark.parametrize("value", ["1234-badly-formatted-id-7890", AN_ID + "a", "", None])
    def test_invalid(self, value: Any) -> None:
        assert messages({"notification_id": value}, GET_NOTIFICATION_BY_ID_REQUEST) == [
            "notification_id is not a valid UUID"
        ]


class TestTemplateById:
    def test_valid_with_and_without_version(self) -> None:
        assert messages({"id": AN_ID}, GET_TEMPLATE_BY_ID_REQUEST) == []
        assert messages({"id": AN_ID, "version": 1}, GET_TEMPLATE_BY_ID_REQUEST) == []
        assert messages({"id": AN_ID, "version": None}, GET_TEMPLATE_BY_ID_REQUEST) == []

    def test_bad_id(self) -> None:
        assert messages({"id": "not-an-id"}, GET_TEMPLATE_BY_ID_REQUEST) == ["id is not a valid UUID"]

    def test_version_below_minimum(self) -> None:
        assert messages({"id": AN_ID, "version": 0}, GET_TEMPLATE_BY_ID_REQUEST) == [
            "version 0 is less than the minimum of 1"
        ]
        assert messages({"id": AN_ID, "version": -3}, GET_TEMPLATE_BY_ID_REQUEST) == [
            "version -3 is less than the minimum of 1"
        ]

    def test_version_type(self) -> None:
        assert messages({"id": AN_ID, "version": "test"}, GET_TEMPLATE_BY_ID_REQUEST) == [
            "version test is not of type integer, null"
        ]
        assert messages({"id": AN_ID, "version": True}, GET_TEMPLATE_BY_ID_REQUEST) == [
            "version True is not of type integer, null"
        ]

    def test_id_and_version_errors_together(self) -> None:
        assert messages({"id": "x", "version": 0}, GET_TEMPLATE_BY_ID_REQUEST) == [
            "id is not a valid UUID",
            "version 0 is less than the minimum of 1",
        ]


class TestTemplates:
    @pytest.mark.parametrize("template_type", ["sms", "email", "letter", "broadcast"])
    def test_valid_types(self, template_type: str) -> None:
        assert messages(first_values([("type", template_type)]), GET_TEMPLATES_REQUEST) == []

    def test_no_type(self) -> None:
        assert messages({}, GET_TEMPLATES_REQUEST) == []

    def test_bad_type(self) -> None:
        assert messages({"type": "coconut"}, GET_TEMPLATES_REQUEST) == [
            "type coconut is not one of [sms, email, letter, broadcast]"
        ]

    def test_other_arguments(self) -> None:
        assert messages({"type": "sms", "name": "x"}, GET_TEMPLATES_REQUEST) == [
            "Additional properties are not allowed (name was unexpected)"
        ]


class TestTemplatePreview:
    def test_other_body_fields_are_allowed(self) -> None:
        body = {"id": AN_ID, "personalisation": {"name": "Jo"}, "anything": ["else"]}
        assert messages(body, POST_TEMPLATE_PREVIEW_REQUEST) == []
        assert messages({"id": AN_ID}, POST_TEMPLATE_PREVIEW_REQUEST) == []

    def test_bad_id_and_personalisation(self) -> None:
        body = {"id": "not-an-id", "personalisation": "not_a_dict"}
        assert messages(body, POST_TEMPLATE_PREVIEW_REQUEST) == [
            "id is not a valid UUID",
            "personalisation not_a_dict is not of type object",
        ]

    def test_id_is_required(self) -> None:
        assert messages({}, POST_TEMPLATE_PREVIEW_REQUEST) == ["id is a required property"]


class TestReceivedTextMessages:
    def test_valid(self) -> None:
        assert messages({}, GET_RECEIVED_TEXT_MESSAGES_REQUEST) == []
        assert messages({"older_than": AN_ID}, GET_RECEIVED_TEXT_MESSAGES_REQUEST) == []

    def test_bad_older_than(self) -> None:
        assert messages({"older_than": "abc"}, GET_RECEIVED_TEXT_MESSAGES_REQUEST) == [
            "older_than is not a valid UUID"
        ]

    def test_only_older_than_is_allowed(self) -> None:
        assert messages({"user_number": "447700900111"}, GET_RECEIVED_TEXT_MESSAGES_REQUEST) == [
            "Additional properties are not allowed (user_number was unexpected)"
        ]
