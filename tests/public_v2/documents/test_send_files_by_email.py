"""POST /v2/notifications/email and /sms with files: stored encrypted, linked, downloadable with its key."""

from __future__ import annotations

import base64
import re
import uuid
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.notifications import notifications
from notify_api.runtime import Runtime
from notify_api.settings import Settings
from notify_api.storage import ObjectStore
from tests.factories import create_template
from tests.helpers import service_headers

from .conftest import FileService

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01"
SUPPORTED = "'.csv', '.doc', '.docx', '.json', '.odt', '.pdf', '.rtf', '.txt', '.xlsx'"
URL = re.compile(r"http://localhost:6011/d/[0-9a-f-]{36}/[0-9a-f-]{36}\?key=[A-Za-z0-9_-]{43}")


def upload(content: bytes, **extra: Any) -> dict[str, Any]:
    """A file whose link serves it straight away (asking for the address is tested on its own)."""
    return {
        "file": base64.b64encode(content).decode(),
        "is_csv": False,
        "confirm_email_before_download": False,
        **extra,
    }


async def send_email(
    client: httpx.AsyncClient, files: FileService, personalisation: dict[str, Any], to: str = "a@example.com"
) -> httpx.Response:
    body = {"email_address": to, "template_id": str(files.email.id), "personalisation": personalisation}
    headers = service_headers(files.key.service_id, files.key.secret)
    return await client.post("/v2/notifications/email", headers=headers, json=body)


async def stored_row(connection: AsyncConnection, notification_id: str) -> Any:
    query = select(notifications).where(notifications.c.id == uuid.UUID(notification_id))
    return (await connection.execute(query)).one_or_none()


def only_error(response: httpx.Response) -> tuple[int, str, str]:
    [error] = response.json()["errors"]
    return response.status_code, error["error"], error["message"]


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


async def test_file_is_linked_stored_encrypted_and_downloadable(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    file_service: FileService,
    runtime: Runtime,
    settings: Settings,
) -> None:
    response = await send_email(client, file_service, {"file": upload(PDF)})

    assert response.status_code == 201, response.text
    created = response.json()
    [url] = URL.findall(created["content"]["body"])
    assert created["content"]["body"] == f"Your file: {url}"
    row = await stored_row(connection, created["id"])
    assert runtime.encryption.decrypt_json(row._personalisation) == {"file": url}
    assert row.document_download_count == 1

    _, _, service_id, document_id = urlsplit(url).path.split("/")
    assert service_id == str(file_service.service_id)
    at_rest = await ObjectStore(settings).get(settings.documents_bucket, f"{service_id}/{document_id}")
    assert at_rest is not None and PDF not in at_rest and b"%PDF" not in at_rest

    download = await client.get(path_of(url))
    assert download.status_code == 200
    assert download.content == PDF
    assert download.headers["content-type"] == "application/pdf"
    assert download.headers["content-disposition"] == f'attachment; filename="{document_id}.pdf"'


async def test_wrong_missing_or_unknown_key_is_not_found(
    client: httpx.AsyncClient, file_service: FileService
) -> None:
    response = await send_email(client, file_service, {"file": upload(PDF)})
    [url] = URL.findall(response.json()["content"]["body"])
    path = urlsplit(url).path
    key = parse_qs(urlsplit(url).query)["key"][0]
    other_key = base64.urlsafe_b64encode(bytes(32)).rstrip(b"=").decode()
    other_service = f"/d/{uuid.uuid4()}/{path.rsplit('/', 1)[1]}?key={key}"
    for attempt in (
        f"{path}?key={other_key}",
        f"{path}?key={key[:-1]}",
        f"{path}?key=",
        path,
        f"/d/{file_service.service_id}/{uuid.uuid4()}?key={key}",
        other_service,
        f"/d/{file_service.service_id}/test-document?key=test-document",
    ):
        download = await client.get(attempt)
        assert download.status_code == 404, attempt
        assert download.json() == {"result": "error", "message": "No result found"}
    assert (await client.get(path_of(url))).content == PDF


async def test_file_checks_have_notify_messages(client: httpx.AsyncClient, file_service: FileService) -> None:
    too_big = b"a" * (2 * 1024 * 1024 + 1)
    assert only_error(await send_email(client, file_service, {"file": upload(too_big)})) == (
        400,
        "BadRequestError",
        "File is larger than 2MB",
    )
    just_fits = await send_email(client, file_service, {"file": upload(b"a" * (2 * 1024 * 1024))})
    assert just_fits.status_code == 201
    assert only_error(await send_email(client, file_service, {"file": upload(PNG)})) == (
        400,
        "BadRequestError",
        f"Unsupported file type 'image/png'. Supported types are: {SUPPORTED}",
    )
    assert only_error(await send_email(client, file_service, {"file": {"file": "abc"}})) == (
        400,
        "BadRequestError",
        "Document is not base64 encoded",
    )
    assert only_error(await send_email(client, file_service, {"file": {"file": 12}})) == (
        400,
        "BadRequestError",
        "Document is not base64 encoded",
    )


async def test_csv_flag_and_newer_client_keys(client: httpx.AsyncClient, file_service: FileService) -> None:
    rows = b"name,number\nAda,1\n"
    as_csv = await send_email(client, file_service, {"file": upload(rows, is_csv=True)})
    [url] = URL.findall(as_csv.json()["content"]["body"])
    download = await client.get(path_of(url))
    assert download.content == rows
    assert download.headers["content-type"].startswith("text/csv")

    newer = {
        "file": base64.b64encode(rows).decode(),
        "filename": "C:\\reports\\April “final”.csv",
        "confirm_email_before_download": False,
        "retention_period": "52 weeks",
        "something_new": [1, 2],
    }
    named = await send_email(client, file_service, {"file": newer})
    assert named.status_code == 201, named.text
    [url] = URL.findall(named.json()["content"]["body"])
    download = await client.get(path_of(url))
    assert download.headers["content-type"].startswith("text/csv")
    assert download.headers["content-disposition"] == (
        "attachment; filename=\"April _final_.csv\"; filename*=UTF-8''April%20%E2%80%9Cfinal%E2%80%9D.csv"
    )

    as_text = await send_email(client, file_service, {"file": upload(rows)})
    [url] = URL.findall(as_text.json()["content"]["body"])
    assert (await client.get(path_of(url))).headers["content-type"].startswith("text/plain")


async def test_every_file_is_replaced_and_counted(
    client: httpx.AsyncClient, connection: AsyncConnection, file_service: FileService, runtime: Runtime
) -> None:
    json_file = b'{"a": [1, 2]}'
    response = await send_email(
        client, file_service, {"file": upload(PDF), "extra": upload(json_file), "name": "Ada"}
    )
    assert response.status_code == 201, response.text
    row = await stored_row(connection, response.json()["id"])
    personalisation = runtime.encryption.decrypt_json(row._personalisation)
    assert personalisation["name"] == "Ada"
    assert URL.fullmatch(personalisation["file"]) and URL.fullmatch(personalisation["extra"])
    assert row.document_download_count == 2
    extra = await client.get(path_of(personalisation["extra"]))
    assert (extra.content, extra.headers["content-type"]) == (json_file, "application/json")

    one_bad = await send_email(client, file_service, {"file": upload(PDF), "extra": upload(PNG)})
    assert one_bad.status_code == 400


async def test_text_messages_carry_files_too(
    client: httpx.AsyncClient, connection: AsyncConnection, file_service: FileService
) -> None:
    body = {
        "phone_number": "07700900123",
        "template_id": str(file_service.sms.id),
        "personalisation": {"file": upload(PDF)},
    }
    headers = service_headers(file_service.key.service_id, file_service.key.secret)
    response = await client.post("/v2/notifications/sms", headers=headers, json=body)
    assert response.status_code == 201, response.text
    [url] = URL.findall(response.json()["content"]["body"])
    assert response.json()["content"]["body"] == f"Get it: {url}"
    assert (await stored_row(connection, response.json()["id"])).document_download_count == 1
    assert (await client.get(path_of(url))).content == PDF


async def test_length_is_checked_with_the_link_in_place(
    client: httpx.AsyncClient, connection: AsyncConnection, file_service: FileService
) -> None:
    template = await create_template(
        connection, file_service.service_id, template_type="sms", content="((pad)) ((file))"
    )
    headers = service_headers(file_service.key.service_id, file_service.key.secret)

    async def send(value: object) -> httpx.Response:
        body = {
            "phone_number": "07700900123",
            "template_id": str(template.id),
            "personalisation": {"pad": "p" * 800, "file": value},
        }
        return await client.post("/v2/notifications/sms", headers=headers, json=body)

    # The base64 of 4 bytes is 8 characters and would fit; the 145-character link does not.
    with_link = await send(upload(b"tiny"))
    as_long_as_the_link = await send("x" * 145)
    assert only_error(with_link) == only_error(as_long_as_the_link)
    assert only_error(with_link)[2].startswith("Your message is too long. Text messages cannot be longer")


async def test_simulated_recipient_gets_a_test_link_and_nothing_is_stored(
    client: httpx.AsyncClient, file_service: FileService
) -> None:
    response = await send_email(
        client,
        file_service,
        {"file": upload(PNG)},  # not even checked: nothing is uploaded for a simulated recipient
        to="simulate-delivered@notifications.service.gov.uk",
    )
    assert response.status_code == 201, response.text
    link = f"http://localhost:6011/d/{file_service.service_id}/test-document?key=test-document"
    assert response.json()["content"]["body"] == f"Your file: {link}"
