"""Limits, allowed types and messages for files sent by email (as the document-download service had them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

MAX_FILE_BYTES: Final = 2 * 1024 * 1024

# Mimetype -> extension, for the upload check and the download's file name.
ALLOWED_MIMETYPES: Final = {
    "application/pdf": "pdf",
    "text/csv": "csv",
    "text/plain": "txt",
    "application/msword": "doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.oasis.opendocument.text": "odt",
    "text/rtf": "rtf",
    "application/rtf": "rtf",
    "application/json": "json",
}

NOT_BASE64: Final = "Document is not base64 encoded"
TOO_LARGE: Final = "File is larger than 2MB"
SUPPORTED_EXTENSIONS: Final = ", ".join(f"'.{ext}'" for ext in sorted(set(ALLOWED_MIMETYPES.values())))

# Simulated recipients never upload: their value becomes this fixed link, which never resolves.
TEST_DOCUMENT_ID: Final = "test-document"


def unsupported_type_message(mimetype: str) -> str:
    return f"Unsupported file type '{mimetype}'. Supported types are: {SUPPORTED_EXTENSIONS}"


@dataclass(frozen=True, slots=True)
class Document:
    """A decrypted file, ready to download."""

    content: bytes
    mimetype: str
    filename: str | None
    recipient: str | None  # proof of the address the file was sent to, when the link asks for it
    key: bytes
