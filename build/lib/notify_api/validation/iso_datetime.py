"""The ISO 8601 subset Notify accepts for ``scheduled_for`` (the grammar of the iso8601 0.1.14 library).

Accepted: ``YYYY``, ``YYYY-M[M]``, ``YYYY-M[M]-D[D]`` or ``YYYYMMDD``, then optionally a ``T`` or space,
``HH``, ``[:]MM``, ``[:]S[S]`` with a ``.`` or ``,`` fraction, and ``Z`` or ``±HH[[:]MM]``. Missing parts
default to the start of the period. ``YYYYMM`` on its own is refused, as it reads like a date.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from decimal import Decimal

_ISO_8601 = re.compile(
    r"""
    (?P<year>[0-9]{4})
    (?:
        (?: -(?P<month_dashed>[0-9]{1,2}) | (?P<month>[0-9]{2})(?!$) )
        (?:
            (?: -(?P<day_dashed>[0-9]{1,2}) | (?P<day>[0-9]{2}) )
            (?:
                [T\ ]
                (?P<hour>[0-9]{2})
                (?: :?(?P<minute>[0-9]{2}) )?
                (?: :?(?P<second>[0-9]{1,2}) (?: [.,](?P<fraction>[0-9]+) )? )?
                (?P<zone> Z | (?P<zone_sign>[-+])(?P<zone_hours>[0-9]{2}) :? (?P<zone_minutes>[0-9]{2})? )?
            )?
        )?
    )?
    $
    """,
    re.VERBOSE,
)

_A_DAY = timedelta(hours=24)


class InvalidDatetime(ValueError):
    pass


def parse_naive_datetime(text: str) -> datetime:
    """The wall-clock time written in ``text``; a UTC offset is checked for sanity and then dropped."""
    match = _ISO_8601.match(text)
    if match is None:
        raise InvalidDatetime(text)
    parts = match.groupdict()
    try:
        _check_zone(parts)
        return datetime(
            year=int(parts["year"]),
            month=int(parts["month"] or parts["month_dashed"] or 1),
            day=int(parts["day"] or parts["day_dashed"] or 1),
            hour=int(parts["hour"] or 0),
            minute=int(parts["minute"] or 0),
            second=int(parts["second"] or 0),
            # Truncated, not rounded, to whole microseconds.
            microsecond=int(Decimal("0." + (parts["fraction"] or "0")) * 1_000_000),
        )
    except ValueError as error:
        raise InvalidDatetime(text) from error


def _check_zone(parts: dict[str, str | None]) -> None:
    if parts["zone_hours"] is None:
        return
    offset = timedelta(hours=int(parts["zone_hours"]), minutes=int(parts["zone_minutes"] or 0))
    if offset >= _A_DAY:
        raise ValueError("UTC offset must be less than a day")
