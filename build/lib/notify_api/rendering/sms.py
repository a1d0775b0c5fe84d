"""Text message rendering, length and fragment counting (spec §6.2)."""

from __future__ import annotations

import math
import re

from notify_api.rendering.placeholders import Personalisation, fill
from notify_api.rendering.sms_encoding import extended_character_count, is_unicode, sms_encode
from notify_api.rendering.typography import remove_zero_width

SMS_CHAR_COUNT_LIMIT = 918  # 6 fragments of 153 characters

GSM_SINGLE_FRAGMENT_LENGTH = 160
GSM_MULTIPART_FRAGMENT_LENGTH = 153  # 7 characters go on the concatenation header
UNICODE_SINGLE_FRAGMENT_LENGTH = 70
UNICODE_MULTIPART_FRAGMENT_LENGTH = 67

_SPACES_BEFORE_PUNCTUATION = re.compile(r"[ \t]+(?=[,.])")
_THREE_OR_MORE_NEWLINES = re.compile(r"\n{3,}")


def _tidy(text: str) -> str:
    """Steps 3-6: no space before punctuation, tidy each line, at most one blank line, trimmed."""
    text = _SPACES_BEFORE_PUNCTUATION.sub("", text)
    lines = (" ".join(remove_zero_width(line).split()) for line in text.split("\n"))
    return _THREE_OR_MORE_NEWLINES.sub("\n\n", "\n".join(lines)).strip()


def sms_text(content: str, values: Personalisation | None, *, prefix: str | None = None) -> str:
    """The message after steps 1-6, before SMS encoding.

    ``prefix`` is the service name; when given (sending with ``prefix_sms`` set) the message starts
    with ``"{prefix}: "``.
    """
    text = fill(content, values)
    if prefix:
        text = f"{prefix}: {text}"
    return _tidy(text)


def sms_body(content: str, values: Personalisation | None, *, prefix: str | None = None) -> str:
    """The encoded text as sent to the phone (or, without a prefix, as returned by the API)."""
    return sms_encode(sms_text(content, values, prefix=prefix))


def sms_content_count(content: str, values: Personalisation | None) -> int:
    """The length checked against ``SMS_CHAR_COUNT_LIMIT`` (no prefix, before encoding); 0 means empty."""
    return len(sms_text(content, values))


def sms_fragment_count(text: str) -> int:
    """Billable fragments for a message, given its text after steps 1-6 (prefix included if sent).

    Already-encoded text gives the same answer, except that ``…`` counts as one character before
    encoding and three after, as the length is taken from the text before encoding.
    """
    encoded = sms_encode(text)
    length = len(text) + extended_character_count(encoded)
    if is_unicode(encoded):
        if length <= UNICODE_SINGLE_FRAGMENT_LENGTH:
            return 1
        return math.ceil(length / UNICODE_MULTIPART_FRAGMENT_LENGTH)
    if length <= GSM_SINGLE_FRAGMENT_LENGTH:
        return 1
    return math.ceil(length / GSM_MULTIPART_FRAGMENT_LENGTH)
