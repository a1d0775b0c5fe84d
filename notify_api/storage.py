"""S3 storage (aioboto3): letter PDFs and files sent by email. Moto stands in for AWS locally and in tests."""

from __future__ import annotations

from typing import Any

import aioboto3

from notify_api.settings import Settings


def _client_options(settings: Settings) -> dict[str, Any]:
    options: dict[str, Any] = {"region_name": settings.aws_region}
    if settings.aws_endpoint_url:
        options["endpoint_url"] = settings.aws_endpoint_url
    if settings.aws_access_key_id:
        options["aws_access_key_id"] = settings.aws_access_key_id
        options["aws_secret_access_key"] = settings.aws_secret_access_key
    return options


class ObjectStore:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._session = aioboto3.Session()

    async def put(self, bucket: str, key: str, body: bytes, content_type: str = "application/pdf") -> None:
        async with self._session.client("s3", **_client_options(self._settings)) as s3:
            await s3.put_object(Bucket=bucket, Key=key, Body=body, ContentType=content_type)

    async def get(self, bucket: str, key: str) -> bytes | None:
        async with self._session.client("s3", **_client_options(self._settings)) as s3:
            try:
                response = await s3.get_object(Bucket=bucket, Key=key)
            except s3.exceptions.NoSuchKey:
                return None
            data: bytes = await response["Body"].read()
            return data

    async def delete(self, bucket: str, key: str) -> None:
        async with self._session.client("s3", **_client_options(self._settings)) as s3:
            await s3.delete_object(Bucket=bucket, Key=key)
