"""A local AWS (S3 and SES) for development and tests, served by moto on 127.0.0.1.

``python -m notify_dev.moto_server --port 6400`` starts moto, creates the buckets named in the settings,
verifies the SES sender domain, prints a ready line and serves until SIGTERM or SIGINT. Point the app at it
with ``AWS_ENDPOINT_URL=http://127.0.0.1:6400``.
"""

from __future__ import annotations

import argparse
import logging
import signal
import threading
from typing import Any, Final

import boto3  # type: ignore[import-untyped]
from moto.server import ThreadedMotoServer

from notify_api.logging import configure_logging, get_logger
from notify_api.settings import Settings

log = get_logger(__name__)

# moto accepts any credentials; these only keep boto3 from looking for real ones.
FAKE_CREDENTIALS: Final = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def aws_client(service: str, endpoint_url: str, region: str) -> Any:
    return boto3.client(service, endpoint_url=endpoint_url, region_name=region, **FAKE_CREDENTIALS)


def bucket_names(settings: Settings) -> list[str]:
    names = [
        settings.csv_upload_bucket,
        settings.contact_list_bucket,
        settings.letters_pdf_bucket,
        settings.letters_scan_bucket,
        settings.documents_bucket,
        settings.dvla_response_bucket,
        settings.transient_uploaded_letters_bucket,
        settings.logo_upload_bucket,
        settings.letters_print_bucket,
    ]
    return list(dict.fromkeys(name for name in names if name))


def prepare_aws(settings: Settings, endpoint_url: str) -> None:
    """Create our buckets and verify the sender domain, as the real account has them."""
    s3 = aws_client("s3", endpoint_url, settings.aws_region)
    location = (
        {}
        if settings.aws_region == "us-east-1"
        else {"CreateBucketConfiguration": {"LocationConstraint": settings.aws_region}}
    )
    existing = {bucket["Name"] for bucket in s3.list_buckets().get("Buckets", [])}
    for name in bucket_names(settings):
        if name not in existing:
            s3.create_bucket(Bucket=name, **location)
    ses = aws_client("ses", endpoint_url, settings.aws_region)
    ses.verify_domain_identity(Domain=settings.notify_email_domain)


def start_moto(settings: Settings, port: int) -> tuple[ThreadedMotoServer, str]:
    """Start moto on 127.0.0.1 (``port`` 0 picks a free one) and prepare it; return it and its URL."""
    # Werkzeug logs every request at INFO; keep the development console readable.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    host, bound_port = server.get_host_and_port()
    endpoint_url = f"http://{host}:{bound_port}"
    try:
        prepare_aws(settings, endpoint_url)
    except Exception:
        server.stop()
        raise
    return server, endpoint_url


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Local S3 and SES (moto) with Notify's buckets and sender domain"
    )
    parser.add_argument("--port", type=int, default=6400)
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    configure_logging(settings)

    stopping = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda _signum, _frame: stopping.set())
    server, endpoint_url = start_moto(settings, args.port)
    print(f"moto server ready on {endpoint_url}", flush=True)
    log.info("moto.ready", endpoint=endpoint_url, buckets=bucket_names(settings))
    stopping.wait()
    server.stop()
    log.info("moto.stopped")


if __name__ == "__main__":
    main()
