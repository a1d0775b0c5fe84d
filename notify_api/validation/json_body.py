"""Parsing of v2 POST bodies: JSON whatever the Content-Type says (public-api spec §2)."""

from __future__ import annotations

import json
from typing import Any

import orjson

from notify_api.errors import BadRequestError

INVALID_JSON_MESSAGE = "Invalid JSON supplied in POST data"


def parse_json_body(raw: bytes, *, allow_empty: bool = False) -> Any:
    """The request body as parsed JSON, with ``null`` and other falsy values turned into ``{}``.

    Anything truthy is returned as parsed, even a list or a string: the schema then reports
    ``[1] is not of type object`` just as Notify does. An empty body is invalid JSON unless ``allow_empty``
    (template preview accepts one). Raises ``BadRequestError`` for a body that is not JSON.
    """
    if not raw and allow_empty:
        return {}
    try:
        parsed = orjson.loads(raw)
    except orjson.JSONDecodeError:
        parsed = _parse_other_unicode_encoding(raw)
    return parsed or {}


def _parse_other_unicode_encoding(raw: bytes) -> Any:
    """Second chance for UTF-16/32 bodies and a UTF-8 byte order mark, which Notify also decodes."""
    encoding = json.detect_encoding(raw)
    if encoding == "utf-8":
        raise BadRequestError(INVALID_JSON_MESSAGE)
    try:
        return orjson.loads(raw.decode(encoding))
    except (UnicodeDecodeError, orjson.JSONDecodeError):
        raise BadRequestError(INVALID_JSON_MESSAGE) from None
