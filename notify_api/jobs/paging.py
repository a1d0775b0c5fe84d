"""Page arguments and links for the admin job lists, as the original's ``pagination_links`` made them."""

from __future__ import annotations

from typing import Any, Final
from urllib.parse import urlencode

from notify_api.errors import InvalidRequest

PAGE_SIZE: Final = 50
MAX_PAGE: Final = 1_000_000  # keeps the offset within what PostgreSQL takes


def page_number(value: str | None) -> int:
    if value is None:
        return 1
    try:
        page = int(value)
    except ValueError as error:
        raise InvalidRequest({"page": ["Not a valid integer."]}, 400) from error
    if not 1 <= page <= MAX_PAGE:
        raise InvalidRequest({"page": [f"Must be between 1 and {MAX_PAGE}."]}, 400)
    return page


def page_links(path: str, page: int, total: int, page_size: int = PAGE_SIZE, **args: Any) -> dict[str, str]:
    pages = max(1, -(-total // page_size))
    links: dict[str, str] = {}

    def url(number: int) -> str:
        return f"{path}?{urlencode({**args, 'page': number})}"

    if page > 1:
        links["prev"] = url(page - 1)
    if page < pages:
        links["next"] = url(page + 1)
        links["last"] = url(pages)
    return links
