"""The OpenAPI document: served without auth, covers every v2 route, and matches real responses."""

from __future__ import annotations

import re

import httpx
import pytest
from jsonschema import Draft202012Validator
from sqlalchemy.ext.asyncio import AsyncConnection
from starlette.routing import Route

from notify_api.validation import validate
from notify_api.validation.schemas import POST_EMAIL_REQUEST, POST_LETTER_REQUEST, POST_SMS_REQUEST
from notify_api.web.openapi import openapi_document
from notify_api.web.routes import public_v2
from tests.factories import create_template
from tests.public_v2.read.openapi_check import assert_documented, request_schema
from tests.public_v2.read.read_support import ReadingService


async def test_document_is_served_without_auth(client: httpx.AsyncClient) -> None:
    response = await client.get("/v2/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"] == "3.1.0"
    assert document["servers"] == [{"url": "http://localhost:6011"}]
    assert document["components"]["securitySchemes"]["apiKeyJwt"]["scheme"] == "bearer"


def _documented_operations(document: dict[str, object]) -> set[tuple[str, str]]:
    paths = document["paths"]
    assert isinstance(paths, dict)
    return {(method.upper(), path) for path, operations in paths.items() for method in operations}


async def test_every_v2_route_is_documented(client: httpx.AsyncClient) -> None:
    documented = _documented_operations((await client.get("/v2/openapi.json")).json())
    for route in public_v2.routes:
        assert isinstance(route, Route)
        if route.path in ("/v2/openapi.json", "/v2/notifications/{notification_type}"):
            continue  # the document itself, and the catch-all 404 for unknown notification types
        path = re.sub(r"\{(\w+):\w+\}", r"{\1}", route.path)
        for method in (route.methods or set()) - {"HEAD"}:
            assert (method, path) in documented


@pytest.mark.parametrize(
    ("path", "schema", "valid", "invalid"),
    [
        (
            "/v2/notifications/sms",
            POST_SMS_REQUEST,
            {"phone_number": "07700900855", "template_id": "f1b0b9d6-1a2b-4c3d-8e9f-0a1b2c3d4e5f"},
            {"phone_number": "07700900855"},
        ),
        (
            "/v2/notifications/email",
            POST_EMAIL_REQUEST,
            {
                "email_address": "a@b.com",
                "template_id": "f1b0b9d6-1a2b-4c3d-8e9f-0a1b2c3d4e5f",
                "reference": "x",
            },
            {"email_address": "a@b.com", "template_id": "f1b0b9d6-1a2b-4c3d-8e9f-0a1b2c3d4e5f", "extra": 1},
        ),
        (
            "/v2/notifications/letter",
            POST_LETTER_REQUEST,
            {"template_id": "f1b0b9d6-1a2b-4c3d-8e9f-0a1b2c3d4e5f", "personalisation": {}},
            {"template_id": "f1b0b9d6-1a2b-4c3d-8e9f-0a1b2c3d4e5f", "postage": "first"},
        ),
    ],
)
def test_request_bodies_agree_with_the_validation_schemas(
    path: str, schema: dict[str, object], valid: dict[str, object], invalid: dict[str, object]
) -> None:
    documented = Draft202012Validator(request_schema(path))
    validate(valid, schema)
    assert documented.is_valid(valid)
    assert not documented.is_valid(invalid)


async def test_created_responses_of_the_send_endpoints_match_the_document(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    sms = await create_template(connection, reader.service.id, content="Hi ((name))")
    email = await create_template(connection, reader.service.id, template_type="email", content="Hi ((name))")
    letter = await create_template(
        connection, reader.service.id, template_type="letter", content="Hi ((name))"
    )
    address = {"address_line_1": "A Person", "address_line_2": "1 Street", "postcode": "SW1A 1AA"}
    sends: list[tuple[str, dict[str, object]]] = [
        ("/v2/notifications/sms", {"phone_number": "07700900855", "template_id": str(sms.id)}),
        ("/v2/notifications/email", {"email_address": "a@example.com", "template_id": str(email.id)}),
        ("/v2/notifications/letter", {"template_id": str(letter.id)}),
    ]
    for path, body in sends:
        personalisation = {"name": "Jo", **(address if path.endswith("letter") else {})}
        response = await client.post(
            path, json={**body, "personalisation": personalisation}, headers=reader.headers("test")
        )
        assert response.status_code == 201, response.text
        assert_documented(response, path)


def test_document_is_valid_openapi_3_1() -> None:
    spec_validator = pytest.importorskip("openapi_spec_validator")
    spec_validator.validate(openapi_document("http://localhost:6011"))
