"""Postal addresses for letters (spec §6.5): lines, country, postcode, postage zone and validation."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from notify_api.rendering.countries import UK, Country, find_country, is_in_europe
from notify_api.rendering.typography import normalise_whitespace

ADDRESS_LINE_KEYS = tuple(f"address_line_{number}" for number in range(1, 7))
LAST_LINE_KEY = "address_line_7"
POSTCODE_KEY = "postcode"

MIN_LINES = 3
MAX_LINES = 7

EUROPE = "europe"
REST_OF_WORLD = "rest-of-world"

_UK_POSTCODE = re.compile(r"[A-Z]{1,2}[0-9][0-9A-Z]?[0-9][A-BD-HJLNP-UW-Z]{2}")
_BFPO = re.compile(r"BFPO?(C/O)?([0-9]{1,4})")
_GIRO_POSTCODE = "GIR0AA"
_SPACE_BEFORE_PUNCTUATION = re.compile(r" +(?=[,.])")
_WHITESPACE = re.compile(r"\s+")

INVALID_FIRST_CHARACTERS = frozenset('[\\/()@]<>",=~')

TOO_FEW_LINES = "Address must be at least 3 lines"
TOO_MANY_LINES = "Address must be no more than 7 lines"
NOT_A_UK_POSTCODE = "Must be a real UK postcode"
NOT_A_POSTCODE_OR_COUNTRY = "Last line of address must be a real UK postcode or another country"
INVALID_CHARACTERS = (
    "Address lines must not start with any of the following characters: @ ( ) = [ ] \u201d \\ / , < >"
)


class InvalidAddressError(ValueError):
    """An address that cannot be posted; ``str()`` is the message shown to the user."""


def normalise_postcode(raw: str) -> str:
    return _WHITESPACE.sub("", raw).upper()


def is_valid_postcode(raw: str) -> bool:
    postcode = normalise_postcode(raw)
    return bool(_UK_POSTCODE.fullmatch(postcode) or _BFPO.fullmatch(postcode) or postcode == _GIRO_POSTCODE)


def format_postcode(raw: str) -> str:
    """``sw1a2aa`` -> ``SW1A 2AA``; ``bfpoc/o1`` -> ``BFPO C/O 1``. Expects a valid postcode."""
    postcode = normalise_postcode(raw)
    bfpo = _BFPO.fullmatch(postcode)
    if bfpo:
        care_of = " C/O" if bfpo.group(1) else ""
        return f"BFPO{care_of} {bfpo.group(2)}"
    return f"{postcode[:-3]} {postcode[-3:]}"


def _normalise_line(line: str) -> str:
    line = normalise_whitespace(line).rstrip(" ,")
    return _SPACE_BEFORE_PUNCTUATION.sub("", line)


@dataclass(frozen=True)
class PostalAddress:
    raw: str

    @classmethod
    def from_personalisation(cls, personalisation: Mapping[str, Any]) -> PostalAddress:
        """Read the exact snake_case keys; ``address_line_7``, when present, replaces ``postcode``."""
        last_key = LAST_LINE_KEY if LAST_LINE_KEY in personalisation else POSTCODE_KEY
        values = (personalisation.get(key) for key in (*ADDRESS_LINE_KEYS, last_key))
        return cls("\n".join("" if value is None else str(value) for value in values))

    @cached_property
    def lines(self) -> list[str]:
        """Non-empty lines with whitespace and trailing commas tidied."""
        return [line for line in map(_normalise_line, self.raw.split("\n")) if line]

    @cached_property
    def _named_country(self) -> Country | None:
        return find_country(self.lines[-1]) if self.lines else None

    @property
    def country(self) -> str:
        return self._named_country.name if self._named_country else UK

    @property
    def is_international(self) -> bool:
        return self.country != UK

    @property
    def lines_without_country(self) -> list[str]:
        return self.lines[:-1] if self._named_country else self.lines

    @property
    def postcode(self) -> str | None:
        """The formatted UK postcode, or None for international addresses or a missing postcode."""
        if self.is_international or not self.lines_without_country:
            return None
        last_line = self.lines_without_country[-1]
        return format_postcode(last_line) if is_valid_postcode(last_line) else None

    @property
    def normalised_lines(self) -> list[str]:
        if self.is_international:
            return [*self.lines_without_country, self.country]
        if self.postcode is not None:
            return [*self.lines_without_country[:-1], self.postcode]
        return self.lines

    @property
    def normalised(self) -> str:
        return "\n".join(self.normalised_lines)

    def postage_zone(self, template_postage: str) -> str:
        """UK addresses go at the template's postage; others by Royal Mail's international zones."""
        if not self.is_international:
            return template_postage
        assert self._named_country is not None
        return EUROPE if is_in_europe(self._named_country) else REST_OF_WORLD

    def error(self, *, allow_international: bool) -> str | None:
        """The first problem with the address, in the order users are told about them."""
        line_count = len(self.normalised_lines)
        if line_count < MIN_LINES:
            return TOO_FEW_LINES
        if line_count > MAX_LINES:
            return TOO_MANY_LINES
        if not (self.postcode is not None or (allow_international and self.is_international)):
            return NOT_A_POSTCODE_OR_COUNTRY if allow_international else NOT_A_UK_POSTCODE
        if any(line[0] in INVALID_FIRST_CHARACTERS for line in self.normalised_lines):
            return INVALID_CHARACTERS
        return None

    def validate(self, *, allow_international: bool) -> None:
        message = self.error(allow_international=allow_international)
        if message is not None:
            raise InvalidAddressError(message)
