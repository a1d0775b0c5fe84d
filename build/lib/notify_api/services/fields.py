"""Checks for admin request bodies that report errors as ``{field: [message]}``, as the admin expects."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any, Final

from notify_api.errors import InvalidRequest

MISSING: Final = "Missing data for required field."


def require_fields(body: dict[str, Any], names: Iterable[str]) -> None:
    missing = {name: [MISSING] for name in names if body.get(name) is None}
    if missing:
        raise InvalidRequest(missing, 400)


def uuid_field(body: dict[str, Any], name: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(body[name]))
    except (KeyError, ValueError) as error:
        raise InvalidRequest({name: ["Not a valid UUID."]}, 400) from error


def optional_uuid(value: Any, name: str) -> uuid.UUID | None:
    if value is None or value == "":
        return None
    try:
        return uuid.UUID(str(value))
    except ValueError as error:
        raise InvalidRequest({name: ["Not a valid UUID."]}, 400) from error


def check_types(body: dict[str, Any], expected: dict[str, type | tuple[type, ...]]) -> None:
    """Values present in ``body`` must have the expected type (``bool`` never counts as an integer)."""
    labels = {bool: "Not a valid boolean.", int: "Not a valid integer.", str: "Not a valid string."}
    errors: dict[str, list[str]] = {}
    for name, wanted in expected.items():
        if name not in body or body[name] is None:
            continue
        value = body[name]
        kinds = wanted if isinstance(wanted, tuple) else (wanted,)
        # bool is a subclass of int, but True is not a valid message limit
        wrong_bool = isinstance(value, bool) and bool not in kinds
        if wrong_bool or not isinstance(value, kinds):
            errors[name] = [labels.get(kinds[0], "Invalid value.")]
    if errors:
        raise InvalidRequest(errors, 400)
