"""The official Python client's prepare_upload, through a real HTTP server, then the download link."""

from __future__ import annotations

import io
import re
from urllib.parse import urlsplit

import httpx
from notifications_python_client.notifications import NotificationsAPIClient
from notifications_python_client.utils import prepare_upload
from sqlalchemy.ext.asyncio import AsyncEngine

from notify_api.settings import Settings
from tests.live_server import committed, in_thread, live_server
from tests.task_queue import RecordingTaskQueue

from .conftest import create_file_service

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" * 100


async def test_prepare_upload_sends_a_file_that_downloads_intact_once_the_recipient_confirms(
    engine: AsyncEngine, settings: Settings
) -> None:
    async with committed(engine) as connection:
        files = await create_file_service(connection)
    with live_server(settings, RecordingTaskQueue()) as base_url:
        api_key = f"client_key-{files.service_id}-{files.key.secret}"
        client = NotificationsAPIClient(api_key, base_url=base_url)
        response = await in_thread(
            lambda: client.send_email_notification(
                email_address="ada@example.com",
                template_id=str(files.email.id),
                personalisation={
                    "file": prepare_upload(io.BytesIO(PDF), filename="report.pdf", retention_period="2 weeks")
                },
            )
        )
        assert isinstance(response, dict)
        match = re.fullmatch(r"Your file: (\S+)", response["content"]["body"])
        assert match is not None
        link = urlsplit(match.group(1))
        assert f"{link.scheme}://{link.netloc}" == settings.api_host_name
        async with httpx.AsyncClient(base_url=base_url) as http:
            # The client sends null for confirm_email_before_download: the default, so the link asks first.
            form = await http.get(f"{link.path}?{link.query}")
            key = link.query.removeprefix("key=")
            download = await http.post(link.path, data={"key": key, "email_address": "Ada@Example.com "})
    assert form.status_code == 200
    assert form.headers["content-type"] == "text/html; charset=utf-8"
    assert "Confirm your email address" in form.text and PDF not in form.content
    assert download.status_code == 200
    assert download.content == PDF
    assert download.headers["content-type"] == "application/pdf"
    assert download.headers["content-disposition"] == 'attachment; filename="report.pdf"'
