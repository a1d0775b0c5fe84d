"""Checks on a PDF a service sent as a letter: virus scan, validity, sheet count, and the address it shows.

No antivirus engine runs here, so the default scanner only recognises the EICAR test file (the standard
harmless string every scanner reports as a virus); a deployment with a real scanner passes its own
:class:`VirusScanner`.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import Any, Final, Protocol

from pypdf import PdfReader

from notify_api.rendering import PostalAddress

MAX_PAGES: Final = 10
EICAR_SIGNATURE: Final = b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE"

# Where we look for the address on page 1, in millimetres from the top-left corner: the envelope window
# of a C5 envelope, with a generous margin (the text's baseline must fall inside).
ADDRESS_LEFT_MM: Final = 15.0
ADDRESS_RIGHT_MM: Final = 120.0
ADDRESS_TOP_MM: Final = 38.0
ADDRESS_BOTTOM_MM: Final = 92.0
POINTS_PER_MM: Final = 72 / 25.4


class VirusScanner(Protocol):
    async def finds_virus(self, data: bytes) -> bool: ...


class EicarScanner:
    """Reports only the EICAR test file as a virus."""

    async def finds_virus(self, data: bytes) -> bool:
        return EICAR_SIGNATURE in data


@dataclass(frozen=True, slots=True)
class CheckedPdf:
    pages: int
    address: str | None  # the normalised address shown in the window, if one could be read

    @property
    def sheets(self) -> int:
        return sheets_for(self.pages)


def sheets_for(pages: int) -> int:
    """Letters are printed double-sided: two pages to a sheet."""
    return math.ceil(pages / 2)


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def check_pdf(pdf: bytes) -> CheckedPdf | None:
    """The PDF's page count and address, or None if it is not a letter we can print.

    CPU-bound (parsing, text extraction): call it in a thread.
    """
    try:
        reader = PdfReader(io.BytesIO(pdf))
        if reader.is_encrypted:
            return None
        pages = len(reader.pages)
        if not 1 <= pages <= MAX_PAGES:
            return None
        return CheckedPdf(pages, _window_address(reader.pages[0]))
    except Exception:
        # The file is the sender's: any failure to parse it (pypdf raises many kinds) makes it invalid.
        return None


def _window_address(page: Any) -> str | None:
    box = page.mediabox
    left, top = float(box.left), float(box.top)
    fragments: list[tuple[float, float, str]] = []

    def collect(text: str, cm: list[float], tm: list[float], _font: object, _size: object) -> None:
        if not text.strip():
            return
        # The text's origin on the page: the text matrix's translation, through the current matrix.
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        x_mm, y_mm = (x - left) / POINTS_PER_MM, (top - y) / POINTS_PER_MM
        if ADDRESS_LEFT_MM <= x_mm < ADDRESS_RIGHT_MM and ADDRESS_TOP_MM <= y_mm <= ADDRESS_BOTTOM_MM:
            fragments.append((round(y_mm, 1), x_mm, text.strip()))

    page.extract_text(visitor_text=collect)
    lines: dict[float, list[tuple[float, str]]] = {}
    for y_mm, x_mm, text in fragments:
        lines.setdefault(y_mm, []).append((x_mm, text))
    raw = "\n".join(" ".join(text for _, text in sorted(lines[y])) for y in sorted(lines))
    address = PostalAddress(raw)
    if address.error(allow_international=True) is not None:
        return None
    return address.normalised
