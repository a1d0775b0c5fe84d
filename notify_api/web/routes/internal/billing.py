"""Admin API: a service's usage and billing — /service/{id}/billing/..."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from notify_api.errors import InvalidRequest
from notify_api.reporting import billing
from notify_api.services import allowance
from notify_api.web.auth import Endpoint, admin_auth
from notify_api.web.context import runtime_of
from notify_api.web.requests import admin_json_body, path_uuid
from notify_api.web.responses import json_response
from notify_api.web.routes.internal.service_activity import MAX_YEAR, MIN_YEAR

_BASE = "/service/{service_id}/billing"
Usage = Callable[[AsyncConnection, Any, int], Awaitable[list[dict[str, Any]]]]


def _usage(read: Usage) -> Endpoint:
    async def endpoint(request: Request) -> Response:
        service_id = path_uuid(request, "service_id")
        try:
            year = int(request.query_params["year"])
        except (KeyError, ValueError) as error:
            raise InvalidRequest("No valid year provided", 400) from error
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise InvalidRequest("No valid year provided", 400)
        # today's usage is built into the facts first, so this is a write
        async with runtime_of(request).database.unit_of_work() as work:
            return json_response(await read(work.connection, service_id, year))

    endpoint.__name__ = read.__name__
    return endpoint


async def get_free_allowance(request: Request) -> Response:
    service_id = path_uuid(request, "service_id")
    raw = request.query_params.get("financial_year_start")
    try:
        year = int(raw) if raw else None
    except ValueError as error:
        raise InvalidRequest({"financial_year_start": ["Not a valid integer."]}, 400) from error
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidRequest({"financial_year_start": ["Not a valid integer."]}, 400)
    async with runtime_of(request).database.unit_of_work() as work:
        return json_response(await allowance.free_allowance(work.connection, service_id, year))


async def set_free_allowance(request: Request) -> Response:
    service_id = path_uuid(request, "service_id")
    body = await admin_json_body(request)
    async with runtime_of(request).database.unit_of_work() as work:
        await allowance.set_free_allowance(work.connection, service_id, body)
    return json_response(body, 201)


routes: list[BaseRoute] = [
    *(Route(_BASE + path, admin_auth(_usage(billing.monthly_usage)), methods=["GET"])
      for path in ("/monthly-usage", "/ft-monthly-usage")),
    *(Route(_BASE + path, admin_auth(_usage(billing.yearly_usage)), methods=["GET"])
      for path in ("/yearly-usage-summary", "/ft-yearly-usage-summary")),
    Route(_BASE + "/free-sms-fragment-limit", admin_auth(get_free_allowance), methods=["GET"]),
    Route(_BASE + "/free-sms-fragment-limit", admin_auth(set_free_allowance), methods=["POST"]),
]  # fmt: skip
