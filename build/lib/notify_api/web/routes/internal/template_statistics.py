"""Admin API: template usage (``/service/{service_id}/template-statistics``)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from notify_api.errors import InvalidRequest, NotFoundError
from notify_api.templates.queries.admin import get_template_detail
from notify_api.templates.statistics import last_used, template_usage
from notify_api.timeutils import format_datetime
from notify_api.web.auth import admin_auth
from notify_api.web.context import runtime_of
from notify_api.web.requests import path_uuid
from notify_api.web.responses import json_response

BASE = "/service/{service_id}/template-statistics"
MAX_WHOLE_DAYS = 7


def _whole_days(request: Request) -> int:
    raw = request.query_params.get("whole_days", request.query_params.get("limit_days", ""))
    try:
        whole_days = int(raw)
    except ValueError:
        raise InvalidRequest({"whole_days": [f"{raw} is not an integer"]}, 400) from None
    if not 0 <= whole_days <= MAX_WHOLE_DAYS:
        raise InvalidRequest({"whole_days": ["whole_days must be between 0 and 7"]}, 400)
    return whole_days


async def template_statistics(request: Request) -> Response:
    whole_days = _whole_days(request)
    async with runtime_of(request).database.read() as connection:
        usage = await template_usage(connection, path_uuid(request, "service_id"), whole_days)
    return json_response({"data": [row.to_json() for row in usage]})


async def template_last_used(request: Request) -> Response:
    service_id, template_id = path_uuid(request, "service_id"), path_uuid(request, "template_id")
    async with runtime_of(request).database.read() as connection:
        if await get_template_detail(connection, service_id, template_id) is None:
            raise NotFoundError()
        used_at = await last_used(connection, service_id, template_id)
    return json_response({"last_date_used": format_datetime(used_at)})


routes: list[BaseRoute] = [
    Route(BASE, admin_auth(template_statistics), methods=["GET"]),
    Route(BASE + "/last-used/{template_id}", admin_auth(template_last_used), methods=["GET"]),
]
