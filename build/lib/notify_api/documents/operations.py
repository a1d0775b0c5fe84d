"""Turning uploaded files into download links, and opening them again for the download route."""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import hmac
import uuid
from dataclasses import dataclass
from typing import Any

import orjson

from notify_api.db.database import Database
from notify_api.documents.options import FileOptions, file_options
from notify_api.documents.queries import (
    DocumentRow,
    DocumentStatus,
    expired_documents,
    find_document_status,
    insert_documents,
    mark_deleted,
)
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
from notify_api.recipients.email import normalise_email
from notify_api.settings import Settings
from notify_api.storage import ObjectStore
from notify_api.timeutils import utc_now

_MAX_FILENAME_CHARS = 200


@dataclass(frozen=True, slots=True)
class SealedFile:
    document_id: uuid.UUID
    key_text: str
    sealed: bytes
    options: FileOptions


def _recipient_proof(key: bytes, email: str) -> str:
    """What the file keeps of its recipient: only someone with the key and the address can make it."""
    return hmac.new(key, normalise_email(email).encode(), hashlib.sha256).hexdigest()


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


def seal_file(service_id: uuid.UUID, value: dict[str, Any], recipient_email: str | None) -> SealedFile:
    """Check one ``prepare_upload`` value (options, base64, size, type) and encrypt it under a new key.

    CPU-bound (decode, sniff, encrypt up to 2 MB): callers run it off the event loop.
    """
    options = file_options(value, recipient_email=recipient_email)
    content = _decode(value)
    if len(content) > MAX_FILE_BYTES:
        raise BadRequestError(TOO_LARGE)
    filename = _filename(value)
    is_csv = value.get("is_csv") is True or (filename or "").lower().endswith(".csv")
    mimetype = sniff_mimetype(content, is_csv=is_csv)
    if mimetype not in ALLOWED_MIMETYPES:
        raise BadRequestError(unsupported_type_message(mimetype))
    document_id, key = uuid.uuid4(), new_key()
    recipient = _recipient_proof(key, recipient_email) if options.confirm_email and recipient_email else None
    # The type, name and recipient travel inside the encrypted blob, so S3 holds nothing readable.
    header = orjson.dumps({"mimetype": mimetype, "filename": filename, "recipient": recipient})
    sealed = seal(key, _location(service_id, document_id), header + b"\n" + content)
    return SealedFile(document_id, key_to_text(key), sealed, options)


async def upload_personalisation_files(
    settings: Settings,
    database: Database,
    service_id: uuid.UUID,
    personalisation: dict[str, Any],
    names: list[str],
    *,
    simulated: bool,
    recipient_email: str | None,
) -> int:
    """Replace each named file value in ``personalisation`` with its download URL; returns how many.

    Every file is checked before any is stored, so one bad file stores nothing. Simulated recipients store
    nothing and get a fixed link. Each file's row (its expiry) is committed before the file is stored, so a
    send that fails after the upload still leaves a file the deletion sweep will find.
    """
    if simulated:
        for name in names:
            personalisation[name] = document_url(settings, service_id, TEST_DOCUMENT_ID, TEST_DOCUMENT_ID)
        return len(names)
    sealed_files = [
        await asyncio.to_thread(seal_file, service_id, personalisation[name], recipient_email)
        for name in names
    ]
    now = utc_now()
    rows = [
        DocumentRow(
            sealed.document_id, service_id, now + sealed.options.retention, sealed.options.confirm_email
        )
        for sealed in sealed_files
    ]
    async with database.transaction() as connection:
        await insert_documents(connection, rows)
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
    return Document(
        content=content,
        mimetype=details["mimetype"],
        filename=details["filename"],
        recipient=details.get("recipient"),
        key=key,
    )


def was_sent_to(document: Document, email: str) -> bool:
    """True when ``email`` is the address the file was sent to (a file without one matches nobody)."""
    if document.recipient is None:
        return False
    return hmac.compare_digest(document.recipient, _recipient_proof(document.key, email))


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


async def document_status(
    database: Database, service_id: uuid.UUID, document_id: uuid.UUID
) -> DocumentStatus | None:
    async with database.read() as connection:
        return await find_document_status(connection, service_id, document_id)


DELETION_BATCH = 1000  # S3 deletes at most 1,000 objects a request


async def delete_expired_documents(
    settings: Settings, database: Database, *, batch: int = DELETION_BATCH
) -> int:
    """Delete every file past its retention from the bucket, a batch at a time; returns how many.

    Each batch is deleted from S3 first and marked in the table after, so a crash in between only means the
    next run deletes those objects again (deleting a missing object is not an error).
    """
    store = ObjectStore(settings)
    deleted = 0
    while True:
        now = utc_now()
        async with database.read() as connection:
            expired = await expired_documents(connection, now=now, limit=batch)
        if not expired:
            return deleted
        await store.delete_many(settings.documents_bucket, [_location(*ids) for ids in expired])
        async with database.unit_of_work() as work:
            await mark_deleted(work.connection, [document_id for _, document_id in expired], now=now)
        deleted += len(expired)
