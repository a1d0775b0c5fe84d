"""A letter as the admin site shows it: its PDF, or one page of it as a PNG, base64-encoded in
``{"content": ..., "metadata": {}}`` (``GET /service/{sid}/template/preview/{nid}/{pdf|png}``).

Templated letters are rendered here, with the service's logo; precompiled and uploaded letters are read from
the letters bucket. PNG pages are drawn from our own PDF with PDFium.
"""

from __future__ import annotations

import asyncio
import base64
import io
import uuid
from typing import Any, Final

import pypdfium2 as pdfium  # type: ignore[import-untyped]

from notify_api.errors import InvalidRequest
from notify_api.letters.operations import letter_pdf
from notify_api.runtime import Runtime

FILE_TYPES: Final = ("pdf", "png")
PNG_DPI: Final = 150  # sharp enough to read on screen, small enough to send


def _page_number(value: str | None) -> int:
    if value is None:
        return 1
    try:
        page = int(value)
    except ValueError as error:
        raise InvalidRequest({"page": [f"{value} is not a page number"]}, 400) from error
    if page < 1:
        raise InvalidRequest({"page": [f"{value} is not a page number"]}, 400)
    return page


class PageNotInLetter(Exception):
    def __init__(self, page: int, pages: int) -> None:
        super().__init__(f"Page {page} does not exist: the letter has {pages}")
        self.page, self.pages = page, pages


def pdf_page_as_png(pdf: bytes, page: int) -> bytes:
    """One page (counted from 1) of the PDF as a PNG image."""
    document = pdfium.PdfDocument(pdf)
    try:
        if page > len(document):
            raise PageNotInLetter(page, len(document))
        image = document[page - 1].render(scale=PNG_DPI / 72).to_pil()
    finally:
        document.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


async def letter_preview(
    runtime: Runtime, service_id: uuid.UUID, notification_id: uuid.UUID, file_type: str, page: str | None
) -> dict[str, Any]:
    if file_type not in FILE_TYPES:
        raise InvalidRequest({"content": ["file_type must be pdf or png"]}, 400)
    page_number = _page_number(page)
    async with runtime.database.read() as connection:
        pdf = await letter_pdf(
            connection,
            runtime.encryption,
            service_id=service_id,
            notification_id=notification_id,
            settings=runtime.settings,
            any_status=True,
        )
    content = pdf
    if file_type == "png":
        try:
            # Drawing a page is CPU-bound: keep it off the event loop.
            content = await asyncio.to_thread(pdf_page_as_png, pdf, page_number)
        except PageNotInLetter as error:
            raise InvalidRequest({"page": [str(error)]}, 400) from error
    return {"content": base64.b64encode(content).decode("ascii"), "metadata": {}}
