"""Text clean-up shared by the renderers: HTML escaping, whitespace and smart typography."""

from __future__ import annotations

import html
import re

ZERO_WIDTH_CHARACTERS = "\u180e\u200b\u200c\u200d\u2060\ufeff"
_ZERO_WIDTH = re.compile(f"[{ZERO_WIDTH_CHARACTERS}]")

# Entities that stay as written when escaping; everything else is decoded and escaped afresh.
_KEPT_ENTITIES = ("&nbsp;", "&amp;", "&lpar;", "&rpar;")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_PROTECTED = "\ue000{}\ue001"  # private-use markers never typed by users

_HORIZONTAL_SPACE_BEFORE_PUNCTUATION = re.compile(r"[^\S\r\n]+(?=[,.])")
_SPACED_DASH = re.compile(r"(?<= )(?:-|\u2013|\u2014)(?= )")
_HTML_TAG = re.compile(r"(<[^>]*>)")
_EMAIL_LIKE = re.compile(r"[^\s<>@]+@[^\s<>@]+")

LEFT_SINGLE, RIGHT_SINGLE = "\u2018", "\u2019"
LEFT_DOUBLE, RIGHT_DOUBLE = "\u201c", "\u201d"
_OPENING_CONTEXT = frozenset("([{\u2013\u2014-/" + LEFT_DOUBLE + LEFT_SINGLE + '"' + "'")
_DECADE = re.compile(r"'(?=\d0s\b)")


def escape_html(value: str) -> str:
    """Escape ``< > &`` (not quotes) without double-escaping entities already in the text."""
    protected = value
    for index, entity in enumerate(_KEPT_ENTITIES):
        protected = protected.replace(entity, _PROTECTED.format(index))
    decoded = _ENTITY.sub(lambda match: html.unescape(match.group(0)), protected)
    escaped = html.escape(decoded, quote=False)
    for index, entity in enumerate(_KEPT_ENTITIES):
        escaped = escaped.replace(_PROTECTED.format(index), entity)
    return escaped


def remove_zero_width(value: str) -> str:
    return _ZERO_WIDTH.sub("", value)


def normalise_whitespace(value: str) -> str:
    """Every run of whitespace becomes one space; invisible characters go; ends are trimmed."""
    return " ".join(remove_zero_width(value).split())


def remove_whitespace_before_punctuation(value: str) -> str:
    return _HORIZONTAL_SPACE_BEFORE_PUNCTUATION.sub("", value)


def en_dashes(value: str) -> str:
    """A hyphen or dash with a space either side is an en dash."""
    return _SPACED_DASH.sub("\u2013", value)


def _curly(character: str, previous: str, following: str) -> str:
    opening = (not previous or previous.isspace() or previous in _OPENING_CONTEXT) and (
        following != "" and not following.isspace()
    )
    if character == '"':
        return LEFT_DOUBLE if opening else RIGHT_DOUBLE
    return LEFT_SINGLE if opening else RIGHT_SINGLE


def _curl_quotes(text: str, previous: str) -> str:
    """Straight quotes to curly ones, judged by the characters either side."""
    text = _DECADE.sub(RIGHT_SINGLE, text)  # '90s is an apostrophe, not an opening quote
    characters = list(text)
    for index, character in enumerate(characters):
        if character in "\"'":
            before = characters[index - 1] if index else previous
            after = characters[index + 1] if index + 1 < len(characters) else ""
            characters[index] = _curly(character, before, after)
    return "".join(characters)


def _straighten_in_email_addresses(text: str) -> str:
    def straighten(match: re.Match[str]) -> str:
        return match.group(0).replace(RIGHT_SINGLE, "'").replace(LEFT_SINGLE, "'")

    return _EMAIL_LIKE.sub(straighten, text)


def smart_typography(value: str, *, html: bool = False) -> str:
    """Curly quotes, en dashes and no space before ``,``/``.``.

    With ``html`` the value is markup: tags (and so attribute values) are left untouched.
    """
    parts = _HTML_TAG.split(value) if html else [value]
    previous = ""
    for index, part in enumerate(parts):
        if index % 2 == 1 or not part:  # odd parts are tags
            continue
        text = en_dashes(remove_whitespace_before_punctuation(part))
        text = _straighten_in_email_addresses(_curl_quotes(text, previous))
        parts[index] = text
        previous = text[-1]
    return "".join(parts)
