"""Turning query strings into the objects the GET schemas validate.

Notify reads query arguments the way Werkzeug's ``MultiDict`` gives them: the first value of a repeated
key, except on the notifications list where ``status`` and ``template_type`` keep every value.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

SINGLE_VALUE_ARGUMENTS = frozenset({"older_than", "reference", "include_jobs"})


def first_values(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """One value per key, the first given (Starlette's own dict view keeps the last)."""
    values: dict[str, str] = {}
    for key, value in pairs:
        values.setdefault(key, value)
    return values


def notifications_list_args(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """Arguments for GET /v2/notifications: lists for every key but ``older_than``, ``reference`` and
    ``include_jobs``, which take their first value. Keys keep the order they first appear in.

    Unknown keys stay lists; only their names reach the additionalProperties message.
    """
    grouped: dict[str, list[str]] = {}
    for key, value in pairs:
        grouped.setdefault(key, []).append(value)
    return {key: values[0] if key in SINGLE_VALUE_ARGUMENTS else values for key, values in grouped.items()}
