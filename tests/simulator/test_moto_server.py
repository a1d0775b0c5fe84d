"""The local AWS: our buckets exist, objects round-trip, and SES sends from the Notify email domain."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Iterator
from typing import Any

import aioboto3
import pytest
from botocore.exceptions import ClientError

from notify_api.settings import Settings
from notify_dev.moto_server import FAKE_CREDENTIALS, aws_client, start_moto
from tests.simulator.simulator_fakes import free_port

SETTINGS = Settings(notify_email_domain="test.notify.com", csv_upload_bucket="test-notify-csv-upload")


@pytest.fixture(scope="module")
def endpoint_url() -> Iterator[str]:
    server, url = start_moto(SETTINGS, free_port())
    yield url
    server.stop()


def client(service: str, endpoint_url: str) -> Any:
    return aws_client(service, endpoint_url, SETTINGS.aws_region)


def test_the_buckets_named_in_the_settings_exist(endpoint_url: str) -> None:
    names = {bucket["Name"] for bucket in client("s3", endpoint_url).list_buckets()["Buckets"]}
    assert {
        SETTINGS.csv_upload_bucket,
        SETTINGS.letters_pdf_bucket,
        SETTINGS.letters_scan_bucket,
        SETTINGS.documents_bucket,
    } <= names


def test_an_object_put_in_s3_can_be_read_back(endpoint_url: str) -> None:
    s3 = client("s3", endpoint_url)
    s3.put_object(
        Bucket=SETTINGS.csv_upload_bucket, Key="service-1/job-1.csv", Body=b"phone number\n07700900123\n"
    )
    stored = s3.get_object(Bucket=SETTINGS.csv_upload_bucket, Key="service-1/job-1.csv")
    assert stored["Body"].read() == b"phone number\n07700900123\n"


def test_ses_sends_from_the_notify_domain_and_refuses_other_senders(endpoint_url: str) -> None:
    ses = client("ses", endpoint_url)
    sent = ses.send_email(
        Source=f'"Test service" <x@{SETTINGS.notify_email_domain}>',
        Destination={"ToAddresses": ["someone@example.com"]},
        Message={
            "Subject": {"Data": "Hello"},
            "Body": {"Text": {"Data": "Hi"}, "Html": {"Data": "<p>Hi</p>"}},
        },
        ReplyToAddresses=["reply@example.com"],
    )
    assert sent["MessageId"]

    with pytest.raises(ClientError) as refused:
        ses.send_email(
            Source="x@unverified.example",
            Destination={"ToAddresses": ["someone@example.com"]},
            Message={"Subject": {"Data": "Hello"}, "Body": {"Text": {"Data": "Hi"}}},
        )
    assert refused.value.response["Error"]["Code"] == "MessageRejected"


async def test_the_async_client_the_app_uses_works_against_it(endpoint_url: str) -> None:
    session = aioboto3.Session()
    async with session.client(
        "s3", endpoint_url=endpoint_url, region_name=SETTINGS.aws_region, **FAKE_CREDENTIALS
    ) as s3:
        await s3.put_object(Bucket=SETTINGS.documents_bucket, Key="doc", Body=b"pdf bytes")
        stored = await s3.get_object(Bucket=SETTINGS.documents_bucket, Key="doc")
        assert await stored["Body"].read() == b"pdf bytes"


async def test_the_moto_process_prints_a_ready_line_and_stops_on_sigterm() -> None:
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "notify_dev.moto_server",
        "--port",
        str(port),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
        env={**os.environ, "LOG_LEVEL": "WARNING", "NOTIFY_ENVIRONMENT": "test"},
    )
    try:
        assert process.stdout is not None
        ready = await asyncio.wait_for(process.stdout.readline(), timeout=60)
        assert ready.decode().strip() == f"moto server ready on http://127.0.0.1:{port}"
        ses = client("ses", f"http://127.0.0.1:{port}")
        identities = await asyncio.to_thread(ses.list_identities)
        assert "test.notify.com" in identities["Identities"]

        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), timeout=15) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
