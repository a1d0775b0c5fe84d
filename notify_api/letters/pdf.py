"""A templated letter as an A4 PDF: address in the envelope window, contact block and date on the right,
a bold subject, the body, and "Page n of m" at the foot of every page.

Text is set in DejaVu Sans when the font is installed, so any language prints; otherwise the PDF core
font Helvetica is used and characters it cannot show become ``?``.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Final

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from notify_api.letters.content import LetterContent, format_letter_date
from notify_api.logging import get_logger

log = get_logger(__name__)

FONT_DIRECTORIES: Final = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
REGULAR_FONT: Final = "DejaVuSans.ttf"
BOLD_FONT: Final = "DejaVuSans-Bold.ttf"
FALLBACK_FONT: Final = "Helvetica"

# Millimetres on A4 (210 x 297). The address sits where a C5 window envelope shows it.
LEFT_MARGIN: Final = 25.0
RIGHT_MARGIN: Final = 20.0
TOP_MARGIN: Final = 20.0
BOTTOM_MARGIN: Final = 25.0
ADDRESS_TOP: Final = 40.0
ADDRESS_WIDTH: Final = 95.0
CONTACT_BLOCK_LEFT: Final = 125.0
# The logo fits a box at the top left, clear of the address window below it.
LOGO_WIDTH: Final = 60.0
LOGO_HEIGHT: Final = 15.0
SUBJECT_TOP: Final = 95.0
BODY_SIZE: Final = 11.0
HEADING_SIZE: Final = 14.0
LINE_HEIGHT: Final = 5.5

_BULLET = re.compile(r"^\s*[*\-•]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*(\d+)\.\s+(.*)$")
_HEADING = re.compile(r"^#+\s+(.*)$")
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,})\s*$")


def _font_files() -> tuple[Path, Path] | None:
    for directory in FONT_DIRECTORIES:
        regular, bold = directory / REGULAR_FONT, directory / BOLD_FONT
        if regular.is_file() and bold.is_file():
            return regular, bold
    return None


class _LetterDocument(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        fonts = _font_files()
        if fonts is not None:
            self.add_font("letter", "", str(fonts[0]))
            self.add_font("letter", "B", str(fonts[1]))
            self.family_name = "letter"
            self.unicode_text = True
        else:
            self.family_name = FALLBACK_FONT
            self.unicode_text = False
        self.set_margins(LEFT_MARGIN, TOP_MARGIN, RIGHT_MARGIN)
        self.set_auto_page_break(True, margin=BOTTOM_MARGIN)
        self.alias_nb_pages()

    def text_for_font(self, text: str) -> str:
        if self.unicode_text:
            return text
        return text.encode("latin-1", errors="replace").decode("latin-1")

    def use_font(self, *, bold: bool = False, size: float = BODY_SIZE) -> None:
        self.set_font(self.family_name, "B" if bold else "", size)

    def write_lines(self, text: str, *, width: float = 0, align: str = "L") -> None:
        self.multi_cell(
            width, LINE_HEIGHT, self.text_for_font(text), align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )

    def footer(self) -> None:
        self.set_y(-15)
        self.use_font(size=9)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="C")


def _draw_logo(document: _LetterDocument, logo: bytes) -> None:
    try:
        document.image(
            io.BytesIO(logo), x=LEFT_MARGIN, y=TOP_MARGIN, w=LOGO_WIDTH, h=LOGO_HEIGHT, keep_aspect_ratio=True
        )
    except Exception as error:  # fpdf2 raises many kinds of error for an image it cannot read
        # A logo that cannot be drawn must not stop the letter: it is printed without one.
        log.warning("letter.logo_unreadable", error=type(error).__name__)


def _write_body(document: _LetterDocument, body: str) -> None:
    for block in re.split(r"\n\s*\n", body):
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        heading = _HEADING.match(lines[0])
        if heading and len(lines) == 1:
            document.use_font(bold=True, size=HEADING_SIZE)
            document.write_lines(heading.group(1))
            document.use_font()
        elif _RULE.match(block):
            y = document.get_y() + LINE_HEIGHT / 2
            document.line(LEFT_MARGIN, y, document.w - RIGHT_MARGIN, y)
            document.ln(LINE_HEIGHT)
        else:
            for line in lines:
                document.write_lines(_list_item(line))
        document.ln(LINE_HEIGHT / 2)


def _list_item(line: str) -> str:
    bullet = _BULLET.match(line)
    if bullet:
        return f"•  {bullet.group(1)}"
    numbered = _NUMBERED.match(line)
    if numbered:
        return f"{numbered.group(1)}.  {numbered.group(2)}"
    return line


def render_letter_pdf(letter: LetterContent, logo: bytes | None = None) -> bytes:
    """The letter as PDF bytes; ``logo`` (SVG, from the service's letter branding) at the top left."""
    document = _LetterDocument()
    document.add_page()
    document.use_font()
    if logo is not None:
        _draw_logo(document, logo)

    if letter.contact_block:
        document.set_xy(CONTACT_BLOCK_LEFT, TOP_MARGIN)
        document.multi_cell(
            document.w - RIGHT_MARGIN - CONTACT_BLOCK_LEFT,
            LINE_HEIGHT,
            document.text_for_font(letter.contact_block),
            align="L",
            new_x=XPos.LEFT,
            new_y=YPos.NEXT,
        )
    document.set_x(CONTACT_BLOCK_LEFT)
    document.ln(LINE_HEIGHT / 2)
    document.set_x(CONTACT_BLOCK_LEFT)
    document.cell(0, LINE_HEIGHT, format_letter_date(letter.dated), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    date_bottom = document.get_y()

    document.set_xy(LEFT_MARGIN, ADDRESS_TOP)
    document.write_lines("\n".join(letter.address_lines), width=ADDRESS_WIDTH)

    document.set_y(max(SUBJECT_TOP, document.get_y(), date_bottom) + LINE_HEIGHT)
    document.use_font(bold=True, size=HEADING_SIZE)
    document.write_lines(letter.subject)
    document.ln(LINE_HEIGHT / 2)
    document.use_font()
    _write_body(document, letter.body)
    return bytes(document.output())
