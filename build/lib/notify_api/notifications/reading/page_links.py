"""``links`` of the paged public lists (spec §3.5, §3.10): absolute URLs the client iterators follow."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Final
from urllib.parse import urlencode

NOTIFICATIONS_PATH: Final = "/v2/notifications"
RECEIVED_TEXTS_PATH: Final = "/v2/received-text-messages"
OLDER_THAN: Final = "older_than"

QueryArgs = Mapping[str, str | list[str]]


def _url(base: str, path: str, args: QueryArgs) -> str:
    pairs = [
        (key, item) for key, value in args.items() for item in (value if isinstance(value, list) else [value])
    ]
    query = urlencode(pairs)
    return f"{base}{path}?{query}" if query else f"{base}{path}"


def notifications_links(base: str, args: QueryArgs, last_id: uuid.UUID | None) -> dict[str, str]:
    """``current`` repeats the request's arguments in order; ``next`` (only after a non-empty page) sets
    ``older_than`` to the last item, in place if the request had one."""
    links = {"current": _url(base, NOTIFICATIONS_PATH, args)}
    if last_id is not None:
        links["next"] = _url(base, NOTIFICATIONS_PATH, {**args, OLDER_THAN: str(last_id)})
    return links


def received_texts_links(base: str, last_id: uuid.UUID | None) -> dict[str, str]:
    """``current`` never carries ``older_than``, as in Notify."""
    links = {"current": _url(base, RECEIVED_TEXTS_PATH, {})}
    if last_id is not None:
        links["next"] = _url(base, RECEIVED_TEXTS_PATH, {OLDER_THAN: str(last_id)})
    return links
