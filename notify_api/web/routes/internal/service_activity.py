"""Admin API: a service's activity and dashboard counts — /service/{id}/notifications[/{nid}] and
/service/{id}/statistics."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from notify_api.errors import InvalidRequest, NotFoundError
from notify_api.notifications.activity import operations
from notify_api.reporting import monthly
from notify_api.services import statistics
from notify_api.services.queries.reads import service_exists
from notify_api.web.auth import admin_auth
from notify_api.web.context import runtime_of
from notify_api.web.requests import admin_json_body, path_uuid
from notify_api.web.responses import json_response

_BASE = "/service/{service_id}"
MIN_YEAR, MAX_YEAR = 1900, 9000
MAX_DAYS = 36_500


def _links(path: str, page: int, has_next: bool, args: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """Relative links to the pages either side, repeating the request's other arguments (the original's
    ``get_prev_next_pagination_links``)."""
    kept = [(name, value) for name, values in args.items() if name != "page" for value in values]
    links = {}
    if page > 1:
        links["prev"] = f"{path}?{urlencode([('page', page - 1), *kept])}"
    if has_next:
        links["next"] = f"{path}?{urlencode([('page', page + 1), *kept])}"
    return links


async def _arguments(request: Request) -> dict[str, list[str]]:
    if request.method == "GET":
        return {name: request.query_params.getlist(name) for name in request.query_params}
    body: dict[str, Any] = await admin_json_body(request)
    return {name: [str(item) for item in value] if isinstance(value, list) else [str(value)]
            for name, value in body.items() if value is not None}  # fmt: skip


async def list_notifications(request: Request) -> Response:
    runtime = runtime_of(request)
    service_id = path_uuid(request, "service_id")
    args = await _arguments(request)
    path = f"/service/{service_id}/notifications"
    link_args = {name: request.query_params.getlist(name) for name in request.query_params}
    async with runtime.database.read() as connection:
        if args.get("to") and args["to"][0]:
            found = await operations.search_activity(connection, runtime.encryption, service_id, args)
            search_args = {
                "status": args.get("status", []),
                "notification_type": args.get("template_type", [])[:1],
            }
            return json_response(
                {"notifications": found.notifications, "links": _links(path, 1, found.has_next, search_args)}
            )
        page = await operations.list_activity(connection, runtime.encryption, service_id, args)
    count_pages = args.get("count_pages", ["True"])[0].lower() != "false"
    return json_response(
        {
            "notifications": page.notifications,
            "page_size": page.page_size,
            "links": _links(path, page.page, page.has_next, link_args) if count_pages else {},
        }
    )


def _year(request: Request) -> int:
    try:
        year = int(request.query_params.get("year", "NaN"))
    except ValueError as error:
        raise InvalidRequest("Year must be a number", 400) from error
    if not MIN_YEAR <= year <= MAX_YEAR:  # a year the calendar (and the database) can hold
        raise InvalidRequest("Year must be a number", 400)
    return year


async def monthly_statuses(request: Request) -> Response:
    service_id = path_uuid(request, "service_id")
    async with runtime_of(request).database.read() as connection:
        if not await service_exists(connection, service_id):
            raise NotFoundError()
        year = _year(request)
        return json_response({"data": await monthly.monthly_statuses(connection, service_id, year)})


async def monthly_template_usage(request: Request) -> Response:
    service_id = path_uuid(request, "service_id")
    year = _year(request)
    async with runtime_of(request).database.read() as connection:
        stats = await monthly.monthly_template_usage(connection, service_id, year)
    return json_response({"stats": stats})


async def get_notification(request: Request) -> Response:
    runtime = runtime_of(request)
    service_id = path_uuid(request, "service_id")
    try:
        notification_id = path_uuid(request, "notification_id")
    except NotFoundError as error:
        raise InvalidRequest("Notification not found in database", 404) from error
    async with runtime.database.read() as connection:
        data = await operations.get_activity_notification(
            connection, runtime.encryption, service_id, notification_id
        )
    return json_response(data)


async def service_statistics(request: Request) -> Response:
    service_id = path_uuid(request, "service_id")
    today_only = request.query_params.get("today_only") == "True"
    raw_days = request.query_params.get("limit_days", "7")
    try:
        limit_days = int(raw_days)
    except ValueError as error:
        raise InvalidRequest({"limit_days": ["Not a valid integer."]}, 400) from error
    if not 0 <= limit_days <= MAX_DAYS:
        raise InvalidRequest({"limit_days": [f"Must be between 0 and {MAX_DAYS}."]}, 400)
    async with runtime_of(request).database.read() as connection:
        if not await service_exists(connection, service_id):
            raise NotFoundError()
        data = await statistics.service_statistics(
            connection, service_id, today_only=today_only, limit_days=limit_days
        )
    return json_response({"data": data})


routes: list[BaseRoute] = [
    Route(_BASE + "/notifications", admin_auth(list_notifications), methods=["GET", "POST"]),
    Route(_BASE + "/notifications/monthly", admin_auth(monthly_statuses), methods=["GET"]),
    Route(
        _BASE + "/notifications/templates_usage/monthly", admin_auth(monthly_template_usage), methods=["GET"]
    ),
    Route(_BASE + "/notifications/{notification_id}", admin_auth(get_notification), methods=["GET"]),
    Route(_BASE + "/statistics", admin_auth(service_statistics), methods=["GET"]),
]
