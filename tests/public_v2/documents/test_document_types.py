"""Which files may be sent, told from their bytes."""

from __future__ import annotations

import io
import zipfile

import pytest

from notify_api.documents.sniff import sniff_mimetype


def zipped(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"


@pytest.mark.parametrize(
    ("content", "is_csv", "expected"),
    [
        (b"%PDF-1.7\n...", False, "application/pdf"),
        (b"%PDF-1.7\n...", True, "application/pdf"),
        (zipped({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<w/>"}), False, DOCX),
        (zipped({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>"}), False, XLSX),
        (zipped({"mimetype": ODT.encode(), "content.xml": b"<x/>"}), False, ODT),
        (
            zipped({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}),
            False,
            "application/vnd.oasis.opendocument.spreadsheet",
        ),
        (zipped({"photo.jpg": b"\xff\xd8\xff"}), False, "application/zip"),
        (b"PK\x03\x04 not really a zip", False, "application/zip"),
        (OLE2 + "WordDocument".encode("utf-16-le"), False, "application/msword"),
        (OLE2 + "Workbook".encode("utf-16-le"), False, "application/vnd.ms-excel"),
        (b"{\\rtf1\\ansi Hello}", False, "text/rtf"),
        (b"a,b\n1,2\n", True, "text/csv"),
        (b"a,b\n1,2\n", False, "text/plain"),
        ("Caf\u00e9 \u2013 menu\r\n".encode(), False, "text/plain"),
        ("Caf\u00e9\n".encode("latin-1"), False, "text/plain"),
        (b'\xef\xbb\xbf{"a": 1}', False, "application/json"),
        (b"[1, 2", False, "text/plain"),
        (b"<!DOCTYPE html><html></html>", False, "text/html"),
        (b"\x89PNG\r\n\x1a\n\x00", False, "image/png"),
        (b"\x00\x01\x02binary", False, "application/octet-stream"),
        (b"", False, "application/x-empty"),
    ],
)
def test_sniffed_types(content: bytes, is_csv: bool, expected: str) -> None:
    assert sniff_mimetype(content, is_csv=is_csv) == expected
