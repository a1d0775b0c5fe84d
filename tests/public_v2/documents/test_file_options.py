"""A file's options: how long it is kept (then deleted, and its link says so) and whether its link asks for
the recipient's address before serving it."""

from __future__ import annotations

import base64
import uuid
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from notify_api.db.tables.documents import documents
from notify_api.documents.operations import delete_expired_documents
from notify_api.runtime import Runtime
from notify_api.settings import Settings
from notify_api.storage import ObjectStore
from notify_api.timeutils import utc_now
from notify_workers.actors.housekeeping import remove_expired_documents
from tests.helpers import service_headers

from .conftest import FileService
from .test_send_files_by_email import PDF, URL, only_error, send_email

RECIPIENT = "Ada.Lovelace@example.com"


def prepared(**options: Any) -> dict[str, Any]:
    return {"file": base64.b64encode(PDF).decode(), **options}


async def send_file(client: httpx.AsyncClient, files: FileService, **options: Any) -> str:
    """Send a file to RECIPIENT; returns its download link."""
    response = await send_email(client, files, {"file": prepared(**options)}, to=RECIPIENT)
    assert response.status_code == 201, response.text
    [url] = URL.findall(response.json()["content"]["body"])
    return url


def parts(url: str) -> tuple[str, str, uuid.UUID]:
    """(path, key, document id) of a download link."""
    split = urlsplit(url)
    return split.path, parse_qs(split.query)["key"][0], uuid.UUID(split.path.rsplit("/", 1)[1])


async def document_row(connection: AsyncConnection, document_id: uuid.UUID) -> Any:
    return (await connection.execute(select(documents).where(documents.c.id == document_id))).one()


@pytest.mark.parametrize(
    ("given", "weeks"),
    [(None, 26), ("1 week", 1), ("2 weeks", 2), (" 78 Weeks ", 78), ("52 week", 52), ("01 weeks", 1)],
)
async def test_retention_period_sets_when_the_file_expires(
    client: httpx.AsyncClient, connection: AsyncConnection, file_service: FileService, given: Any, weeks: int
) -> None:
    before = utc_now()
    url = await send_file(client, file_service, retention_period=given, confirm_email_before_download=False)
    row = await document_row(connection, parts(url)[2])
    assert before + timedelta(weeks=weeks) <= row.expires_at <= utc_now() + timedelta(weeks=weeks)
    assert row.service_id == file_service.service_id and row.deleted_at is None


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("0 weeks", "0 weeks"),
        ("79 weeks", "79 weeks"),
        ("4 days", "4 days"),
        ("1 month", "1 month"),
        ("weeks", "weeks"),
        ("-1 weeks", "-1 weeks"),
        ("٣ weeks", "٣ weeks"),
        ("", ""),
        (4, "4"),
        (True, "true"),
        (["2 weeks"], '["2 weeks"]'),
    ],
)
async def test_an_unsupported_retention_period_is_a_400_and_stores_nothing(
    client: httpx.AsyncClient, connection: AsyncConnection, file_service: FileService, given: Any, shown: str
) -> None:
    stored_before = (await connection.execute(select(documents.c.id))).all()
    response = await send_email(client, file_service, {"file": prepared(retention_period=given)})
    assert only_error(response) == (
        400,
        "BadRequestError",
        f"Unsupported value for retention_period '{shown}'. Supported periods are from 1 to 78 weeks.",
    )
    assert (await connection.execute(select(documents.c.id))).all() == stored_before


@pytest.mark.parametrize(("given", "shown"), [("yes", "yes"), ("true", "true"), (1, "1"), ({}, "{}")])
async def test_confirm_email_before_download_must_be_a_boolean(
    client: httpx.AsyncClient, file_service: FileService, given: Any, shown: str
) -> None:
    response = await send_email(client, file_service, {"file": prepared(confirm_email_before_download=given)})
    assert only_error(response) == (
        400,
        "BadRequestError",
        f"Unsupported value for confirm_email_before_download: '{shown}'. Use a boolean true or false value.",
    )


@pytest.mark.parametrize("given", [True, None, "absent"])
async def test_the_link_asks_for_the_recipients_address_by_default_and_when_asked(
    client: httpx.AsyncClient, connection: AsyncConnection, file_service: FileService, given: Any
) -> None:
    options = {} if given == "absent" else {"confirm_email_before_download": given}
    url = await send_file(client, file_service, **options)
    path, key, document_id = parts(url)
    assert (await document_row(connection, document_id)).confirm_email is True

    form = await client.get(f"{path}?key={key}")
    assert form.status_code == 200
    assert form.headers["content-type"] == "text/html; charset=utf-8"
    assert form.headers["cache-control"] == "no-store"
    assert "Confirm your email address" in form.text
    assert f'action="{path}"' in form.text and f'value="{key}"' in form.text
    assert PDF not in form.content

    wrong = await client.post(path, data={"key": key, "email_address": "someone.else@example.com"})
    assert wrong.status_code == 400
    assert "This is not the email address the file was sent to" in wrong.text
    assert 'value="someone.else@example.com"' in wrong.text and PDF not in wrong.content
    empty = await client.post(path, data={"key": key, "email_address": ""})
    assert empty.status_code == 400 and PDF not in empty.content

    right = await client.post(path, data={"key": key, "email_address": " ada.lovelace@EXAMPLE.com"})
    assert right.status_code == 200
    assert right.content == PDF
    assert right.headers["content-disposition"] == f'attachment; filename="{document_id}.pdf"'


async def test_the_address_does_not_open_the_file_without_its_key(
    client: httpx.AsyncClient, file_service: FileService
) -> None:
    path, _, _ = parts(await send_file(client, file_service))
    other_key = base64.urlsafe_b64encode(bytes(32)).rstrip(b"=").decode()
    for form in ({"key": other_key, "email_address": RECIPIENT}, {"email_address": RECIPIENT}, {}):
        response = await client.post(path, data=form)
        assert response.status_code == 404
        assert response.json() == {"result": "error", "message": "No result found"}
    assert (await client.get(path)).status_code == 404  # no key: not even the form


async def test_without_confirmation_the_link_serves_the_file(
    client: httpx.AsyncClient, connection: AsyncConnection, file_service: FileService
) -> None:
    url = await send_file(client, file_service, confirm_email_before_download=False)
    path, key, document_id = parts(url)
    assert (await document_row(connection, document_id)).confirm_email is False
    assert (await client.get(f"{path}?key={key}")).content == PDF


async def test_a_text_message_link_has_no_address_to_ask_for(
    client: httpx.AsyncClient, file_service: FileService
) -> None:
    body = {
        "phone_number": "07700900123",
        "template_id": str(file_service.sms.id),
        "personalisation": {"file": prepared(confirm_email_before_download=True)},
    }
    headers = service_headers(file_service.key.service_id, file_service.key.secret)
    response = await client.post("/v2/notifications/sms", headers=headers, json=body)
    assert response.status_code == 201, response.text
    [url] = URL.findall(response.json()["content"]["body"])
    path, key, _ = parts(url)
    assert (await client.get(f"{path}?key={key}")).content == PDF


async def expire(connection: AsyncConnection, document_id: uuid.UUID) -> None:
    """Move a file's expiry into the past, as if its retention period had run out."""
    await connection.execute(
        update(documents)
        .where(documents.c.id == document_id)
        .values(expires_at=utc_now() - timedelta(seconds=1))
    )


async def test_a_file_past_its_retention_is_gone_with_a_clear_page_and_then_deleted(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    file_service: FileService,
    runtime: Runtime,
    settings: Settings,
) -> None:
    expiring, asking, kept = (
        parts(
            await send_file(
                client, file_service, retention_period="1 week", confirm_email_before_download=False
            )
        ),
        parts(await send_file(client, file_service, retention_period="1 week")),
        parts(
            await send_file(
                client, file_service, retention_period="1 week", confirm_email_before_download=False
            )
        ),
    )
    for _, _, document_id in (expiring, asking):
        await expire(connection, document_id)
    store = ObjectStore(settings)
    location = f"{file_service.service_id}/{expiring[2]}"

    # From the moment it expires, before the sweep has run, the link says the file has gone.
    for response in (
        await client.get(f"{expiring[0]}?key={expiring[1]}"),
        await client.get(f"{asking[0]}?key={asking[1]}"),
        await client.post(asking[0], data={"key": asking[1], "email_address": RECIPIENT}),
    ):
        assert response.status_code == 410
        assert response.headers["content-type"] == "text/html; charset=utf-8"
        assert "This file is no longer available" in response.text and PDF not in response.content
    assert await store.get(settings.documents_bucket, location) is not None

    # At least these two: files other tests committed may have expired too.
    assert await remove_expired_documents(runtime) >= 2
    assert await store.get(settings.documents_bucket, location) is None
    assert (await document_row(connection, expiring[2])).deleted_at is not None
    assert (await document_row(connection, asking[2])).deleted_at is not None
    assert (await document_row(connection, kept[2])).deleted_at is None
    assert (await client.get(f"{expiring[0]}?key={expiring[1]}")).status_code == 410
    assert (await client.get(f"{kept[0]}?key={kept[1]}")).content == PDF
    assert await remove_expired_documents(runtime) == 0


async def test_the_sweep_deletes_in_batches_until_none_are_left(
    client: httpx.AsyncClient, connection: AsyncConnection, file_service: FileService, runtime: Runtime
) -> None:
    sent = [parts(await send_file(client, file_service)) for _ in range(5)]
    for _, _, document_id in sent:
        await expire(connection, document_id)
    assert await delete_expired_documents(runtime.settings, runtime.database, batch=2) >= 5
    rows = [await document_row(connection, document_id) for _, _, document_id in sent]
    assert all(row.deleted_at is not None for row in rows)
