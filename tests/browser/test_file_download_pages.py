"""A recipient opens a file's link in a real browser: confirms their address and gets the file; once the
file has expired, the link says it has gone."""

from __future__ import annotations

import base64
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from playwright.async_api import Browser
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine

from notify_api.db.tables.documents import documents
from notify_api.settings import Settings
from notify_api.timeutils import utc_now
from tests.helpers import service_headers
from tests.live_server import committed, live_server
from tests.public_v2.documents.conftest import FileService, create_file_service
from tests.public_v2.documents.test_send_files_by_email import PDF, URL
from tests.task_queue import RecordingTaskQueue

RECIPIENT = "grace.hopper@example.com"


async def send_file(base_url: str, files: FileService, **options: object) -> str:
    """The file's link, on the live server rather than the configured public host."""
    body = {
        "email_address": RECIPIENT,
        "template_id": str(files.email.id),
        "personalisation": {"file": {"file": base64.b64encode(PDF).decode(), **options}},
    }
    headers = service_headers(files.key.service_id, files.key.secret)
    async with httpx.AsyncClient(base_url=base_url) as client:
        response = await client.post("/v2/notifications/email", headers=headers, json=body)
    assert response.status_code == 201, response.text
    [url] = URL.findall(response.json()["content"]["body"])
    link = urlsplit(url)
    return f"{base_url}{link.path}?{link.query}"


async def test_the_recipient_confirms_their_address_and_downloads_the_file(
    browser: Browser, engine: AsyncEngine, settings: Settings, tmp_path: Path
) -> None:
    async with committed(engine) as connection:
        files = await create_file_service(connection)
    with live_server(settings, RecordingTaskQueue()) as base_url:
        link = await send_file(base_url, files, filename="minutes.pdf")
        page = await browser.new_page(accept_downloads=True)

        await page.goto(link)
        assert await page.title() == "Confirm your email address"
        assert await page.locator("h1").inner_text() == "Confirm your email address"

        await page.fill("#email_address", "someone.else@example.com")
        await page.click("button[type=submit]")
        error = await page.locator("#email-error").inner_text()
        assert error.startswith("This is not the email address the file was sent to")
        assert "key=" not in page.url  # the key was posted in the form, not put in the address

        await page.fill("#email_address", "Grace.Hopper@Example.com")
        async with page.expect_download() as waiting:
            await page.click("button[type=submit]")
        download = await waiting.value
        assert download.suggested_filename == "minutes.pdf"
        saved = tmp_path / "minutes.pdf"
        await download.save_as(saved)
        assert saved.read_bytes() == PDF
        await page.screenshot(path=str(tmp_path / "confirm.png"))


async def test_an_expired_link_shows_the_file_has_gone(
    browser: Browser, engine: AsyncEngine, settings: Settings
) -> None:
    async with committed(engine) as connection:
        files = await create_file_service(connection)
    with live_server(settings, RecordingTaskQueue()) as base_url:
        link = await send_file(base_url, files, retention_period="1 week")
        document_id = uuid.UUID(urlsplit(link).path.rsplit("/", 1)[1])
        async with committed(engine) as connection:
            await connection.execute(
                update(documents)
                .where(documents.c.id == document_id)
                .values(expires_at=utc_now() - timedelta(minutes=1))
            )
        page = await browser.new_page()
        response = await page.goto(link)
        assert response is not None and response.status == 410
        assert await page.locator("h1").inner_text() == "This file is no longer available"
