"""Templates through the public API: by id, by version, the list and previews (spec §3.7-3.9)."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db import tables as t
from tests.factories import create_letter_contact, create_service, create_template
from tests.public_v2.read.openapi_check import assert_documented
from tests.public_v2.read.read_support import ReadingService

BY_ID = "/v2/template/{template_id}"
BY_VERSION = "/v2/template/{template_id}/version/{version}"
PREVIEW = "/v2/template/{template_id}/preview"
LIST = "/v2/templates"


async def _add_version(connection: AsyncConnection, template_id: uuid.UUID, content: str) -> None:
    """Edit the template as the admin API would: bump the version and keep a history row."""
    await connection.execute(
        update(t.templates).where(t.templates.c.id == template_id).values(content=content, version=2)
    )
    row = (await connection.execute(t.templates.select().where(t.templates.c.id == template_id))).one()
    await connection.execute(t.templates_history.insert().values(**row._mapping))


async def test_get_template_has_every_field(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    template = await create_template(
        connection,
        reader.service.id,
        template_type="email",
        subject="Hi ((name))",
        content="((greeting)) ((name))",
    )
    response = await client.get(f"/v2/template/{template.id}", headers=reader.headers())
    assert response.status_code == 200
    body = response.json()
    assert body == {
        "id": str(template.id),
        "type": "email",
        "created_at": body["created_at"],
        "updated_at": None,
        "created_by": body["created_by"],
        "version": 1,
        "body": "((greeting)) ((name))",
        "subject": "Hi ((name))",
        "name": template.name,
        "personalisation": {"name": {"required": True}, "greeting": {"required": True}},
        "postage": None,
        "letter_contact_block": None,
    }
    assert body["created_by"].startswith("notify-") and body["created_by"].endswith(
        "@digital.cabinet-office.gov.uk"
    )
    assert_documented(response, BY_ID)


async def test_letter_template_lists_contact_block_subject_and_body_placeholders(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    contact_id = await create_letter_contact(
        connection, reader.service.id, contact_block="Our office\n((department))"
    )
    template = await create_template(
        connection,
        reader.service.id,
        template_type="letter",
        subject="About ((topic))",
        content="Dear ((name)), ((topic??yes))",
        service_letter_contact_id=contact_id,
        postage="first",
    )
    response = await client.get(f"/v2/template/{template.id}", headers=reader.headers())
    body = response.json()
    assert list(body["personalisation"]) == ["department", "topic", "name"]
    assert body["letter_contact_block"] == "Our office\n((department))"
    assert body["postage"] == "first"
    assert body["subject"] == "About ((topic))"
    assert_documented(response, BY_ID)


async def test_get_a_version_and_version_zero_means_current(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    template = await create_template(connection, reader.service.id, content="first words")
    await _add_version(connection, template.id, "second words")
    one = await client.get(f"/v2/template/{template.id}/version/1", headers=reader.headers())
    assert (one.json()["version"], one.json()["body"]) == (1, "first words")
    assert_documented(one, BY_VERSION)
    current = await client.get(f"/v2/template/{template.id}/version/0", headers=reader.headers())
    assert (current.json()["version"], current.json()["body"]) == (2, "second words")
    latest = await client.get(f"/v2/template/{template.id}", headers=reader.headers())
    assert latest.json()["version"] == 2


async def test_missing_version_is_not_found(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    template = await create_template(connection, reader.service.id)
    # 2147483648 and beyond cannot be a version (the column is a PostgreSQL integer): not found, not a 500.
    for version in (7, 2**31, 10**30):
        response = await client.get(f"/v2/template/{template.id}/version/{version}", headers=reader.headers())
        assert response.status_code == 404
        assert response.json()["errors"] == [{"error": "NoResultFound", "message": "No result found"}]
        assert_documented(response, BY_VERSION)


async def test_non_integer_version_is_an_old_format_404(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    template = await create_template(connection, reader.service.id)
    response = await client.get(f"/v2/template/{template.id}/version/one", headers=reader.headers())
    assert response.status_code == 404
    assert response.json()["result"] == "error"


async def test_archived_template_is_returned_by_id_but_hidden_is_not(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    archived = await create_template(connection, reader.service.id, archived=True)
    hidden = await create_template(connection, reader.service.id, hidden=True)
    assert (await client.get(f"/v2/template/{archived.id}", headers=reader.headers())).status_code == 200
    assert (await client.get(f"/v2/template/{hidden.id}", headers=reader.headers())).status_code == 404


async def test_other_services_template_is_not_found(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    other = await create_service(connection)
    template = await create_template(connection, other.id)
    response = await client.get(f"/v2/template/{template.id}", headers=reader.headers())
    assert response.status_code == 404


async def test_template_id_must_be_a_uuid(client: httpx.AsyncClient, reader: ReadingService) -> None:
    response = await client.get("/v2/template/abc", headers=reader.headers())
    assert response.status_code == 400
    assert response.json()["errors"] == [{"error": "ValidationError", "message": "id is not a valid UUID"}]
    assert_documented(response, BY_ID)


async def test_list_templates_by_name_without_archived_or_hidden(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    b_sms = await create_template(connection, reader.service.id, name="B")
    b_email = await create_template(connection, reader.service.id, name="B", template_type="email")
    a_letter = await create_template(connection, reader.service.id, name="A", template_type="letter")
    await create_template(connection, reader.service.id, name="C", archived=True)
    await create_template(connection, reader.service.id, name="D", hidden=True)
    response = await client.get(LIST, headers=reader.headers())
    assert [item["id"] for item in response.json()["templates"]] == [
        str(a_letter.id),
        str(b_sms.id),
        str(b_email.id),
    ]
    assert_documented(response, LIST)
    emails = await client.get(LIST, params={"type": "email"}, headers=reader.headers())
    assert [item["id"] for item in emails.json()["templates"]] == [str(b_email.id)]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?type=coconut", "type coconut is not one of [sms, email, letter, broadcast]"),
        ("?name=x", "Additional properties are not allowed (name was unexpected)"),
    ],
)
async def test_list_templates_validation(
    client: httpx.AsyncClient, reader: ReadingService, query: str, message: str
) -> None:
    response = await client.get(LIST + query, headers=reader.headers())
    assert response.status_code == 400
    assert response.json()["errors"] == [{"error": "ValidationError", "message": message}]
    assert_documented(response, LIST)


async def test_preview_email_has_body_subject_and_html(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    template = await create_template(
        connection,
        reader.service.id,
        template_type="email",
        subject="Hi ((name))",
        content="Hello ((name))\n\nBye",
    )
    response = await client.post(
        f"/v2/template/{template.id}/preview",
        json={"personalisation": {"name": "<Jo>"}, "ignored": True},
        headers=reader.headers(),
    )
    assert response.status_code == 200
    body = response.json()
    assert {key: body[key] for key in ("id", "type", "version", "body", "subject", "postage")} == {
        "id": str(template.id),
        "type": "email",
        "version": 1,
        "body": "Hello <Jo>\n\nBye",
        "subject": "Hi <Jo>",
        "postage": None,
    }
    assert body["html"].startswith(
        '<p style="Margin: 0 0 20px 0; font-size: 19px; line-height: 25px; color: #0B0C0C;">'
    )
    assert "Hello &lt;Jo&gt;" in body["html"]
    assert_documented(response, PREVIEW)


async def test_preview_sms_is_sms_encoded_without_prefix(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    template = await create_template(connection, reader.service.id, content="Hi ((name)) — ok")
    response = await client.post(
        f"/v2/template/{template.id}/preview",
        json={"personalisation": {"name": "Łukasz"}},
        headers=reader.headers(),
    )
    body = response.json()
    assert (body["body"], body["subject"], body["html"]) == ("Hi ?ukasz - ok", None, None)


async def test_preview_letter_has_escaped_subject_and_postage(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    template = await create_template(
        connection,
        reader.service.id,
        template_type="letter",
        subject="A & ((b))",
        content="Body",
        postage="first",
    )
    response = await client.post(
        f"/v2/template/{template.id}/preview",
        json={"personalisation": {"b": "<c>"}},
        headers=reader.headers(),
    )
    body = response.json()
    assert (body["subject"], body["postage"], body["html"]) == ("A &amp; &lt;c&gt;", "first", None)


async def test_preview_with_an_empty_body_of_a_template_without_placeholders(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    template = await create_template(connection, reader.service.id, content="Fixed text")
    response = await client.post(f"/v2/template/{template.id}/preview", content=b"", headers=reader.headers())
    assert response.status_code == 200
    assert response.json()["body"] == "Fixed text"


async def test_preview_missing_personalisation(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    template = await create_template(
        connection, reader.service.id, template_type="email", subject="((title))", content="((name)) ((date))"
    )
    response = await client.post(
        f"/v2/template/{template.id}/preview",
        json={"personalisation": {"name": "x"}},
        headers=reader.headers(),
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"error": "BadRequestError", "message": "Missing personalisation: title, date"}
    ]
    assert_documented(response, PREVIEW)


@pytest.mark.parametrize(
    ("template_id", "body", "message"),
    [
        ("nope", {}, "id is not a valid UUID"),
        (None, {"personalisation": "x"}, "personalisation x is not of type object"),
    ],
)
async def test_preview_validation(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    reader: ReadingService,
    template_id: str | None,
    body: dict[str, object],
    message: str,
) -> None:
    template_id = template_id or str((await create_template(connection, reader.service.id)).id)
    response = await client.post(f"/v2/template/{template_id}/preview", json=body, headers=reader.headers())
    assert response.status_code == 400
    assert response.json()["errors"] == [{"error": "ValidationError", "message": message}]


async def test_preview_invalid_json(
    client: httpx.AsyncClient, connection: AsyncConnection, reader: ReadingService
) -> None:
    template = await create_template(connection, reader.service.id)
    response = await client.post(
        f"/v2/template/{template.id}/preview", content=b"{", headers=reader.headers()
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"error": "BadRequestError", "message": "Invalid JSON supplied in POST data"}
    ]


async def test_preview_unknown_template(client: httpx.AsyncClient, reader: ReadingService) -> None:
    response = await client.post(f"/v2/template/{uuid.uuid4()}/preview", json={}, headers=reader.headers())
    assert response.status_code == 404
    assert response.json()["errors"] == [{"error": "NoResultFound", "message": "No result found"}]
