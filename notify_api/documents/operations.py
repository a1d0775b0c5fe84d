"""Turning uploaded files into download links, and opening them again for the download route."""

from __future__ import annotations

import asyncio
import base64
import binascii
import uuid
from dataclasses import dataclass
from typing import Any

import orjson

from notify_api.documents.sealing import key_from_text, key_to_text, new_key, seal, unseal
from notify_api.documents.sniff import sniff_mimetype
from notify_api.documents.types import (
    ALLOWED_MIMETYPES,
    MAX_FILE_BYTES,
    NOT_BASE64,
    TEST_DOCUMENT_ID,
    TOO_LARGE,
    Document,
    unsupported_type_message,
)
from notify_api.errors import BadRequestError
from notify_api.settings import Settings
from notify_api.storage import ObjectStore

_MAX_FILENAME_CHARS = 200


@dataclass(frozen=True, slots=True)
class SealedFile:
    document_id: uuid.UUID
    key_text: str
    sealed: bytes


def _location(service_id: uuid.UUID, document_id: uuid.UUID) -> str:
    return f"{service_id}/{document_id}"


def document_url(settings: Settings, service_id: uuid.UUID, document_id: uuid.UUID | str, key: str) -> str:
    return f"{settings.api_host_name}/d/{service_id}/{document_id}?key={key}"


def _decode(value: dict[str, Any]) -> bytes:
    encoded = value.get("file")
    if not isinstance(encoded, str):
        raise BadRequestError(NOT_BASE64)
    try:
        return base64.b64decode(encoded)
    except (binascii.Error, ValueError) as error:
        raise BadRequestError(NOT_BASE64) from error


def _filename(value: dict[str, Any]) -> str | None:
    """The name the sender gave, without any path, for the download; newer clients send it."""
    name = value.get("filename")
    if not isinstance(name, str):
        return None
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name[:_MAX_FILENAME_CHARS] or None


def seal_file(service_id: uuid.UUID, value: dict[str, Any]) -> SealedFile:
    """Check one ``prepare_upload`` value (base64, size, type) and encrypt it under a new key.

    CPU-bound (decode, sniff, encrypt up to 2 MB): callers run it off the event loop.
    """
    content = _decode(value)
    if len(content) > MAX_FILE_BYTES:
        raise BadRequestError(TOO_LARGE)
    filename = _filename(value)
    is_csv = value.get("is_csv") is True or (filename or "").lower().endswith(".csv")
    mimetype = sniff_mimetype(content, is_csv=is_csv)
    if mimetype not in ALLOWED_MIMETYPES:
        raise BadRequestError(unsupported_type_message(mimetype))
    # The type and name travel inside the encrypted blob, so S3 holds nothing readable about the file.
    header = orjson.dumps({"mimetype": mimetype, "filename": filename})
    document_id, key = uuid.uuid4(), new_key()
    sealed = seal(key, _location(service_id, document_id), header + b"\n" + content)
    return SealedFile(document_id, key_to_text(key), sealed)


async def upload_personalisation_files(
    settings: Settings,
    service_id: uuid.UUID,
    personalisation: dict[str, Any],
    names: list[str],
    *,
    simulated: bool,
) -> int:
    """Replace each named file value in ``personalisation`` with its download URL; returns how many.

    Every file is checked before any is stored, so one bad file stores nothing. Simulated recipients store
    nothing and get a fixed link.
    """
    if simulated:
        for name in names:
            personalisation[name] = document_url(settings, service_id, TEST_DOCUMENT_ID, TEST_DOCUMENT_ID)
        return len(names)
    sealed_files = [await asyncio.to_thread(seal_file, service_id, personalisation[name]) for name in names]
    store = ObjectStore(settings)
    await asyncio.gather(
        *(
            store.put(
                settings.documents_bucket,
                _location(service_id, sealed.document_id),
                sealed.sealed,
                content_type="application/octet-stream",
            )
            for sealed in sealed_files
        )
    )
    for name, sealed in zip(names, sealed_files, strict=True):
        personalisation[name] = document_url(settings, service_id, sealed.document_id, sealed.key_text)
    return len(names)


def _open(sealed: bytes, key: bytes, location: str) -> Document | None:
    plaintext = unseal(key, location, sealed)
    if plaintext is None:
        return None
    header, _, content = plaintext.partition(b"\n")
    details = orjson.loads(header)
    return Document(content=content, mimetype=details["mimetype"], filename=details["filename"])


async def fetch_document(
    settings: Settings, service_id: uuid.UUID, document_id: uuid.UUID, key_text: str
) -> Document | None:
    """The decrypted file, or None when there is no such document or the key does not open it."""
    key = key_from_text(key_text)
    if key is None:
        return None
    sealed = await ObjectStore(settings).get(settings.documents_bucket, _location(service_id, document_id))
    if sealed is None:
        return None
    return await asyncio.to_thread(_open, sealed, key, _location(service_id, document_id))
