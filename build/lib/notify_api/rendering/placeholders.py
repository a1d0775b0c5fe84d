"""Placeholders: finding them, matching personalisation keys and filling them in (spec §6.1)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# ((name)) or ((name??conditional text)); brackets cannot nest.
PLACEHOLDER_PATTERN = re.compile(r"\(\(([^()]+)\)\)")
CONDITIONAL_SEPARATOR = "??"
TRUTHY_VALUES = frozenset({"yes", "y", "true", "t", "1", "include", "show"})
_KEY_IGNORED_CHARACTERS = str.maketrans("", "", " _-")

Personalisation = Mapping[str, Any]
Escape = Callable[[str], str]


def make_key(name: str) -> str:
    """The form used to match a placeholder with a personalisation key (``First_Name`` ~ ``first name``)."""
    return name.translate(_KEY_IGNORED_CHARACTERS).lower()


@dataclass(frozen=True)
class Placeholder:
    body: str

    @property
    def name(self) -> str:
        return self.body.split(CONDITIONAL_SEPARATOR, 1)[0]

    @property
    def conditional_text(self) -> str | None:
        if CONDITIONAL_SEPARATOR not in self.body:
            return None
        return self.body.split(CONDITIONAL_SEPARATOR, 1)[1]


def placeholder_names(*texts: str | None) -> list[str]:
    """Placeholder names in order of first appearance, as written, without repeats."""
    names: dict[str, None] = {}
    for text in texts:
        for match in PLACEHOLDER_PATTERN.finditer(text or ""):
            names.setdefault(Placeholder(match.group(1)).name, None)
    return list(names)


class KeyedValues:
    """Personalisation looked up by ``make_key``; a ``None`` value counts as missing."""

    def __init__(self, values: Personalisation | None) -> None:
        self._values = {make_key(str(key)): value for key, value in (values or {}).items()}

    def get(self, name: str) -> Any:
        return self._values.get(make_key(name))

    def has(self, name: str) -> bool:
        return self.get(name) is not None


def missing_names(names: Iterable[str], values: Personalisation | None) -> list[str]:
    keyed = KeyedValues(values)
    return [name for name in names if not keyed.has(name)]


def missing_personalisation_message(missing: list[str]) -> str:
    return "Missing personalisation: " + ", ".join(missing)


def list_items(value: Iterable[Any]) -> list[str]:
    """List items worth showing: None and blank items are dropped."""
    return [str(item).strip() for item in value if item is not None and str(item).strip()]


def join_with_and(items: list[str]) -> str:
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def stringify(value: Any, *, markdown_lists: bool) -> str:
    """The text a personalisation value becomes (lists as a markdown list or ``a, b and c``)."""
    if isinstance(value, list | tuple):
        items = list_items(value)
        if not items:
            return ""
        if markdown_lists:
            return "\n\n" + "\n".join("* " + item for item in items)
        return join_with_and(items)
    return str(value)


def is_truthy(value: Any) -> bool:
    return str(value).lower() in TRUTHY_VALUES


def fill(
    text: str,
    values: Personalisation | None,
    *,
    markdown_lists: bool = False,
    escape: Escape | None = None,
) -> str:
    """Replace every placeholder that has a value; placeholders without one stay as written.

    ``escape`` is applied to the template text and to each value (for HTML output), never to the
    text produced by a conditional placeholder, which is already part of the escaped template.
    """
    keyed = KeyedValues(values)
    source = escape(text) if escape else text

    def replace(match: re.Match[str]) -> str:
        placeholder = Placeholder(match.group(1))
        value = keyed.get(placeholder.name)
        if value is None:
            return match.group(0)
        if placeholder.conditional_text is not None:
            return placeholder.conditional_text if is_truthy(value) else ""
        rendered = stringify(value, markdown_lists=markdown_lists)
        return escape(rendered) if escape else rendered

    return PLACEHOLDER_PATTERN.sub(replace, source)
