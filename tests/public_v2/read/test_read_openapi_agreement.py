"""The description and the API agree on what is refused: input the API refuses for its shape is outside the
described schemas, and a request inside them is refused only with a reason its operation lists."""

from __future__ import annotations

import uuid

import httpx
import pytest
from jsonschema import Draft202012Validator
from sqlalchemy.ext.asyncio import AsyncConnection

from tests.factories import create_notification, create_template
from tests.public_v2.read.openapi_check import (
    assert_documented,
    assert_refusal_listed,
    parameter_schema,
    request_schema,
)
from tests.public_v2.read.read_support import ReadingService

SOME_ID = "f1b0b9d6-1a2b-4c3d-8e9f-0a1b2c3d4e5f"
ID_PATHS = [
    ("/v2/notifications/{notification_id}", "GET", "notification_id", "notification_id"),
    ("/v2/notifications/{notification_id}/pdf", "GET", "notification_id", "notification_id"),
    ("/v2/template/{template_id}", "GET", "template_id", "id"),
    ("/v2/template/{template_id}/version/{version}", "GET", "template_id", "id"),
    ("/v2/template/{template_id}/preview", "POST", "template_id", "id"),
]


def _described(schema: object, instance: object) -> bool:
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).is_valid(instance)


@pytest.mark.parametrize(("path", "method", "name", "field"), ID_PATHS)
async def test_ids_in_paths_are_described_as_uuids(
    client: httpx.AsyncClient, reader: ReadingService, path: str, method: str, name: str, field: str
) -> None:
    schema = parameter_schema(path, method, name)
    assert _described(schema, SOME_ID)
    assert not _described(schema, "not-a-uuid")
    url = path.replace("{" + name + "}", "not-a-uuid").replace("{version}", "1")
    response = await client.request(method, url, headers=reader.headers())
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"error": "ValidationError", "message": f"{field} is not a valid UUID"}
    ]
    assert_documented(response, path)


def test_a_version_is_described_as_a_count() -> None:
    schema = parameter_schema("/v2/template/{template_id}/version/{version}", "GET", "version")
    assert _described(schema, 0)
    assert not _described(schema, -1)
    assert not _described(schema, "null,null")


@pytest.mark.parametrize(
    ("path", "body", "message"),
    [
        ("/v2/notifications/sms", {"phone_number": ""}, "phone_number Not enough digits"),
        (
            "/v2/notifications/sms",
            {"phone_number": "0770090085a"},
            "phone_number Must not contain letters or symbols",
        ),
        ("/v2/notifications/email", {"email_address": "nobody"}, "email_address Not a valid email address"),
        (
            "/v2/notifications/sms",
            {"phone_number": "07700900855", "scheduled_for": "tomorrow"},
            "scheduled_for datetime format is invalid. It must be a valid ISO8601 date time format, "
            "https://en.wikipedia.org/wiki/ISO_8601",
        ),
    ],
)
async def test_recipients_the_api_refuses_for_their_shape_are_outside_the_description(
    client: httpx.AsyncClient, reader: ReadingService, path: str, body: dict[str, object], message: str
) -> None:
    request = {**body, "template_id": SOME_ID}
    assert not _described(request_schema(path), request)
    response = await client.post(path, json=request, headers=reader.headers())
    assert response.status_code == 400
    assert {"error": "ValidationError", "message": message} in response.json()["errors"]
    assert_documented(response, path)


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (
            {"reference": "ref", "content": "JVBERi0=", "postage": "third"},
            {
                "error": "ValidationError",
                "message": "postage invalid. It must be first, second, europe or rest-of-world.",
            },
        ),
        (
            {"reference": "ref", "content": "abc"},
            {"error": "BadRequestError", "message": "Cannot decode letter content (invalid base64 encoding)"},
        ),
    ],
)
async def test_precompiled_letters_the_api_refuses_for_their_shape_are_outside_the_description(
    client: httpx.AsyncClient, reader: ReadingService, body: dict[str, object], error: dict[str, str]
) -> None:
    path = "/v2/notifications/letter"
    assert not _described(request_schema(path), body)
    response = await client.post(path, json=body, headers=reader.headers())
    assert response.status_code == 400
    assert response.json()["errors"] == [error]
    assert_documented(response, path)


async def test_sending_without_the_personalisation_is_a_listed_refusal(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    template = await create_template(connection, reader.service.id, content="Hi ((name))")
    body = {"phone_number": "07700900855", "template_id": str(template.id)}
    assert _described(request_schema("/v2/notifications/sms"), body)
    response = await client.post("/v2/notifications/sms", json=body, headers=reader.headers())
    assert response.json()["errors"][0]["message"] == "Missing personalisation: name"
    assert_refusal_listed(response, "/v2/notifications/sms")


async def test_sending_with_a_template_of_another_service_is_a_listed_refusal(
    client: httpx.AsyncClient, reader: ReadingService
) -> None:
    body = {"email_address": "someone@example.com", "template_id": str(uuid.uuid4())}
    assert _described(request_schema("/v2/notifications/email"), body)
    response = await client.post("/v2/notifications/email", json=body, headers=reader.headers())
    assert response.json()["errors"][0]["message"] == "Template not found"
    assert_refusal_listed(response, "/v2/notifications/email")


async def test_a_short_mobile_number_is_a_listed_refusal(
    client: httpx.AsyncClient, reader: ReadingService
) -> None:
    body = {"phone_number": "07700 9008", "template_id": SOME_ID}
    assert _described(request_schema("/v2/notifications/sms"), body)
    response = await client.post("/v2/notifications/sms", json=body, headers=reader.headers())
    assert response.json()["errors"][0]["message"] == "phone_number Not enough digits"
    assert_refusal_listed(response, "/v2/notifications/sms")


async def test_previewing_without_the_personalisation_is_a_listed_refusal(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    template = await create_template(connection, reader.service.id, content="Hi ((name))")
    response = await client.post(f"/v2/template/{template.id}/preview", json={}, headers=reader.headers())
    assert response.json()["errors"][0]["message"] == "Missing personalisation: name"
    assert_refusal_listed(response, "/v2/template/{template_id}/preview")


async def test_the_pdf_of_a_text_message_is_a_listed_refusal(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    template = await create_template(connection, reader.service.id)
    notification = await create_notification(connection, template, personalisation={"name": "Jo"})
    response = await client.get(f"/v2/notifications/{notification}/pdf", headers=reader.headers())
    assert response.json()["errors"][0]["message"] == "Notification is not a letter"
    assert_refusal_listed(response, "/v2/notifications/{notification_id}/pdf")


async def test_text_the_database_cannot_hold_is_a_listed_refusal(
    client: httpx.AsyncClient, reader: ReadingService
) -> None:
    response = await client.get("/v2/notifications", params={"reference": "a\x00b"}, headers=reader.headers())
    assert response.json()["errors"][0]["message"] == "Text cannot contain the NUL character (\\u0000)"
    assert_refusal_listed(response, "/v2/notifications")
