"""S3 storage (aioboto3): letter PDFs and files sent by email. Moto stands in for AWS locally and in tests.

Opening an S3 client costs far more than a request (100 ms and more), so each event loop keeps one open client
per endpoint and reuses it; ``close_object_stores`` closes them when the process's runtime shuts down.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from contextlib import AsyncExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import aioboto3

from notify_api.settings import Settings


class StorageError(Exception):
    """S3 refused part of a request that it answered with 200 (a batch delete's per-key errors)."""


_clients: dict[tuple[int, str, str, str], Any] = {}
_exit_stacks: dict[int, AsyncExitStack] = {}
_opening: dict[tuple[int, str, str, str], asyncio.Lock] = {}


def _client_options(settings: Settings) -> dict[str, Any]:
    options: dict[str, Any] = {"region_name": settings.aws_region}
    if settings.aws_endpoint_url:
        options["endpoint_url"] = settings.aws_endpoint_url
    if settings.aws_access_key_id:
        options["aws_access_key_id"] = settings.aws_access_key_id
        options["aws_secret_access_key"] = settings.aws_secret_access_key
    return options


async def _s3(settings: Settings) -> Any:
    loop_id = id(asyncio.get_running_loop())
    key = (loop_id, settings.aws_endpoint_url, settings.aws_region, settings.aws_access_key_id)
    client = _clients.get(key)
    if client is not None:
        return client
    lock = _opening.setdefault(key, asyncio.Lock())
    async with lock:
        client = _clients.get(key)
        if client is None:
            stack = _exit_stacks.setdefault(loop_id, AsyncExitStack())
            session_client = aioboto3.Session().client("s3", **_client_options(settings))
            client = await stack.enter_async_context(session_client)
            _clients[key] = client
    return client


async def close_object_stores() -> None:
    """Close this event loop's S3 clients."""
    loop_id = id(asyncio.get_running_loop())
    stack = _exit_stacks.pop(loop_id, None)
    for key in [key for key in _clients if key[0] == loop_id]:
        del _clients[key]
        _opening.pop(key, None)
    if stack is not None:
        await stack.aclose()


@dataclass(frozen=True)
class StoredObject:
    key: str
    last_modified: datetime


class ObjectStore:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    async def put(self, bucket: str, key: str, body: bytes, content_type: str = "application/pdf") -> None:
        s3 = await _s3(self._settings)
        await s3.put_object(Bucket=bucket, Key=key, Body=body, ContentType=content_type)

    async def get(self, bucket: str, key: str) -> bytes | None:
        found = await self.get_with_metadata(bucket, key)
        return None if found is None else found[0]

    async def list_keys(self, bucket: str, prefix: str) -> list[StoredObject]:
        """Every object whose key starts with ``prefix``, with when it was last written (naive UTC)."""
        s3 = await _s3(self._settings)
        found: list[StoredObject] = []
        async for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
            for item in page.get("Contents", []):
                modified = item["LastModified"].astimezone(UTC).replace(tzinfo=None)
                found.append(StoredObject(item["Key"], modified))
        return found

    async def put_with_metadata(self, bucket: str, key: str, body: bytes, metadata: dict[str, str]) -> None:
        s3 = await _s3(self._settings)
        await s3.put_object(Bucket=bucket, Key=key, Body=body, ContentType="text/csv", Metadata=metadata)

    async def get_with_metadata(self, bucket: str, key: str) -> tuple[bytes, dict[str, str]] | None:
        """The object and its user metadata (S3's ``x-amz-meta-*`` headers), or None if it is not there."""
        s3 = await _s3(self._settings)
        try:
            response = await s3.get_object(Bucket=bucket, Key=key)
        except s3.exceptions.NoSuchKey:
            return None
        async with response["Body"] as stream:
            data: bytes = await stream.read()
        return data, dict(response.get("Metadata") or {})

    async def delete(self, bucket: str, key: str) -> None:
        s3 = await _s3(self._settings)
        await s3.delete_object(Bucket=bucket, Key=key)

    async def delete_many(self, bucket: str, keys: Sequence[str]) -> None:
        """Delete up to 1,000 objects in one request (S3's limit); keys already gone are not an error."""
        if not keys:
            return
        s3 = await _s3(self._settings)
        response = await s3.delete_objects(
            Bucket=bucket, Delete={"Objects": [{"Key": key} for key in keys], "Quiet": True}
        )
        if response.get("Errors"):
            failed = ", ".join(f"{error['Key']}: {error['Code']}" for error in response["Errors"])
            raise StorageError(f"could not delete {failed}")
