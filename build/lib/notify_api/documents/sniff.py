"""What a file is, from its bytes: the few formats people send by email, told apart by their signatures.

Only the allowed formats need telling apart exactly; anything else just needs an honest name for the error.
"""

from __future__ import annotations

import io
import zipfile
from typing import Final

import orjson

_OLE2: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SIGNATURES: Final = (
    (b"%PDF-", "application/pdf"),
    (b"{\\rtf", "text/rtf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"\x1f\x8b", "application/gzip"),
    (b"MZ", "application/x-dosexec"),
    (b"\x7fELF", "application/x-executable"),
)
# Zip-based office formats, told apart by the parts inside.
_OOXML_PARTS: Final = (
    ("word/", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("xl/", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("ppt/", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
)
# Legacy office formats (one OLE2 container), told apart by their main stream's name.
_OLE2_STREAMS: Final = (
    ("WordDocument", "application/msword"),
    ("Workbook", "application/vnd.ms-excel"),
    ("PowerPoint Document", "application/vnd.ms-powerpoint"),
)
# Control bytes that never occur in text files (tab, newlines, form feed and escape do).
_BINARY_BYTES: Final = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
_MARKUP: Final = ((b"<!doctype html", "text/html"), (b"<html", "text/html"), (b"<?xml", "text/xml"))


def _zip_type(content: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                # OpenDocument: the first part names the format; read only a few bytes of it.
                with archive.open("mimetype") as part:
                    declared = part.read(100).decode("ascii", "replace").strip()
                if declared.startswith("application/vnd.oasis.opendocument."):
                    return declared
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
        return "application/zip"
    for prefix, mimetype in _OOXML_PARTS:
        if any(name.startswith(prefix) for name in names):
            return mimetype
    return "application/zip"


def _ole2_type(content: bytes) -> str:
    for stream, mimetype in _OLE2_STREAMS:
        if stream.encode("utf-16-le") in content:
            return mimetype
    return "application/x-ole-storage"


def _is_text(content: bytes) -> bool:
    return len(content.translate(None, _BINARY_BYTES)) == len(content)


def _text_type(content: bytes, *, is_csv: bool) -> str:
    if is_csv:
        return "text/csv"
    start = content.lstrip(b"\xef\xbb\xbf \t\r\n")[:20].lower()
    for prefix, mimetype in _MARKUP:
        if start.startswith(prefix):
            return mimetype
    if start[:1] in (b"{", b"["):
        try:
            orjson.loads(content.removeprefix(b"\xef\xbb\xbf"))
        except orjson.JSONDecodeError:
            return "text/plain"
        return "application/json"
    return "text/plain"


def sniff_mimetype(content: bytes, *, is_csv: bool = False) -> str:
    """The file's mimetype. ``is_csv`` turns plain text into CSV, as the sender asked."""
    if not content:
        return "application/x-empty"
    for signature, mimetype in _SIGNATURES:
        if content.startswith(signature):
            return mimetype
    if content.startswith(b"PK\x03\x04"):
        return _zip_type(content)
    if content.startswith(_OLE2):
        return _ole2_type(content)
    if _is_text(content):
        return _text_type(content, is_csv=is_csv)
    return "application/octet-stream"
