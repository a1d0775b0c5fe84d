"""Admin API: the Uploads page — ``/service/{service_id}/upload`` and one print day's uploaded letters."""

from __future__ import annotations

from datetime import datetime
from typing import Final

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from notify_api.errors import InvalidRequest
from notify_api.jobs.paging import PAGE_SIZE, page_links, page_number
from notify_api.jobs.uploads.operations import uploaded_letters_of_day, uploads_page
from notify_api.web.auth import admin_auth
from notify_api.web.context import runtime_of
from notify_api.web.requests import path_uuid
from notify_api.web.responses import json_response

BASE = "/service/{service_id}/upload"
MAX_LIMIT_DAYS: Final = 3660
# The original answered a print day it could not read with the web framework's own 400 text.
BAD_REQUEST: Final = "The browser (or proxy) sent a request that this server could not understand."


def _limit_days(value: str | None) -> int | None:
    if not value:
        return None
    try:
        days = int(value)
    except ValueError as error:
        raise InvalidRequest({"limit_days": [f"{value} is not an integer"]}, 400) from error
    if not 0 <= days <= MAX_LIMIT_DAYS:
        raise InvalidRequest({"limit_days": [f"Must be between 0 and {MAX_LIMIT_DAYS}."]}, 400)
    return days


async def get_uploads(request: Request) -> Response:
    service_id = path_uuid(request, "service_id")
    limit_days = _limit_days(request.query_params.get("limit_days"))
    page = page_number(request.query_params.get("page"))
    data, total = await uploads_page(
        runtime_of(request), service_id, limit_days=limit_days, page=page, page_size=PAGE_SIZE
    )
    return json_response(
        {
            "data": data,
            "page_size": PAGE_SIZE,
            "total": total,
            "links": page_links(f"/service/{service_id}/upload", page, total),
        }
    )


async def get_uploaded_letters(request: Request) -> Response:
    service_id = path_uuid(request, "service_id")
    text = request.path_params["letter_print_date"]
    try:
        day = datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError as error:
        raise InvalidRequest(BAD_REQUEST, 400) from error
    page = page_number(request.query_params.get("page"))
    found, total = await uploaded_letters_of_day(
        runtime_of(request), service_id, day, page=page, page_size=PAGE_SIZE
    )
    return json_response(
        {
            "notifications": found,
            "page_size": PAGE_SIZE,
            "total": total,
            "links": page_links(f"/service/{service_id}/upload/uploaded-letters/{text}", page, total),
        }
    )


routes: list[BaseRoute] = [
    Route(BASE, admin_auth(get_uploads), methods=["GET"]),
    Route(BASE + "/uploaded-letters/{letter_print_date}", admin_auth(get_uploaded_letters), methods=["GET"]),
]
