"""What goes on a templated letter, worked out from its template, personalisation and creation time."""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from notify_api.rendering import LetterTemplate, PostalAddress, email_plain_body

UK_TIME = ZoneInfo("Europe/London")


@dataclass(frozen=True, slots=True)
class LetterContent:
    address_lines: tuple[str, ...]
    contact_block: str | None
    dated: date
    subject: str
    body: str  # the letter's markdown, placeholders filled in


def letter_content(
    template: LetterTemplate,
    personalisation: Mapping[str, Any],
    *,
    contact_block: str | None,
    created_at: datetime,
) -> LetterContent:
    """``created_at`` is naive UTC; the letter is dated with the UK date it was created."""
    address = PostalAddress.from_personalisation(personalisation)
    filled_contact_block = email_plain_body(contact_block, personalisation) if contact_block else None
    return LetterContent(
        address_lines=tuple(address.normalised_lines),
        contact_block=filled_contact_block or None,
        dated=created_at.replace(tzinfo=UTC).astimezone(UK_TIME).date(),
        # the API's letter subject is HTML-escaped; a PDF shows the characters themselves
        subject=html.unescape(template.render_subject(personalisation)),
        body=template.render_body(personalisation),
    )


def format_letter_date(day: date) -> str:
    """``21 January 2022``, as letters are dated in the UK."""
    return f"{day.day} {day:%B %Y}"
