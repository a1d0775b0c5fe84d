"""Parsing of v2 POST bodies: JSON whatever the Content-Type says (public-api spec §2)."""

from __future__ import annotations

import json
from typing import Any, Final

import orjson

from notify_api.errors import BadRequestError

INVALID_JSON_MESSAGE = "Invalid JSON supplied in POST data"
# No request Notify accepts nests deeper than a few levels; far deeper input only exhausts recursion later on
# (in validation, in error messages), so it is refused as invalid here.
MAX_NESTING: Final = 64


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
    # Counting brackets is one fast pass in C; only bodies with many of them are walked.
    if raw.count(b"[") + raw.count(b"{") > MAX_NESTING and _nesting(parsed) > MAX_NESTING:
        raise BadRequestError(INVALID_JSON_MESSAGE)
    return parsed or {}


def _nesting(value: Any) -> int:
    """How deeply lists and objects nest in ``value``, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_NESTING:
            return deepest
        stack.extend((child, depth + 1) for child in children)
    return deepest


def _parse_other_unicode_encoding(raw: bytes) -> Any:
    """Second chance for UTF-16/32 bodies and a UTF-8 byte order mark, which Notify also decodes."""
    encoding = json.detect_encoding(raw)
    if encoding == "utf-8":
        raise BadRequestError(INVALID_JSON_MESSAGE)
    try:
        return orjson.loads(raw.decode(encoding))
    except (UnicodeDecodeError, orjson.JSONDecodeError):
        raise BadRequestError(INVALID_JSON_MESSAGE) from None
