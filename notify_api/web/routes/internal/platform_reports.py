"""Admin API: the platform admin's reports — /platform-stats (and its billing report), /performance-dashboard,
/complaint, /service/find-services-by-name.

Listed before /service/{service_id} so that ``find-services-by-name`` is not read as a service id.
"""

from __future__ import annotations

from datetime import date, datetime

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from notify_api.errors import InvalidRequest
from notify_api.reporting import performance, platform, services_data, usage
from notify_api.timeutils import london_today
from notify_api.web.auth import admin_auth
from notify_api.web.context import runtime_of
from notify_api.web.responses import json_response


def _day(request: Request, name: str, default: date) -> date:
    raw = request.query_params.get(name)
    if not raw:
        return default
    try:
        return datetime.strptime(raw, "%Y-%m-%d").date()
    except ValueError as error:
        raise InvalidRequest(
            {name: [f"{name} time data {raw} does not match format %Y-%m-%d"]}, 400
        ) from error


async def platform_stats(request: Request) -> Response:
    today = london_today()
    start, end = _day(request, "start_date", today), _day(request, "end_date", today)
    async with runtime_of(request).database.read() as connection:
        return json_response(await platform.platform_stats(connection, start, end))


async def billing_report(request: Request) -> Response:
    first, last = usage.report_dates(
        request.query_params.get("start_date"), request.query_params.get("end_date")
    )
    async with runtime_of(request).database.read() as connection:
        return json_response(await usage.billing_report(connection, first, last))


async def performance_dashboard(request: Request) -> Response:
    today = london_today()
    start, end = _day(request, "start_date", today), _day(request, "end_date", today)
    async with runtime_of(request).database.read() as connection:
        return json_response(await performance.performance_dashboard(connection, start, end))


async def live_services_data(request: Request) -> Response:
    async with runtime_of(request).database.read() as connection:
        return json_response({"data": await services_data.live_services_data(connection)})


async def monthly_data_by_service(request: Request) -> Response:
    today = london_today()
    start, end = _day(request, "start_date", today), _day(request, "end_date", today)
    async with runtime_of(request).database.read() as connection:
        return json_response(await services_data.monthly_data_by_service(connection, start, end))


async def find_services_by_name(request: Request) -> Response:
    name = request.query_params.get("service_name")
    if not name:
        raise InvalidRequest({"service_name": ["Missing data for required field."]}, 400)
    async with runtime_of(request).database.read() as connection:
        return json_response({"data": await platform.find_services_by_name(connection, name)})


async def list_complaints(request: Request) -> Response:
    try:
        page = int(request.query_params.get("page", "1"))
    except ValueError as error:
        raise InvalidRequest("Invalid page", 400) from error
    page = max(page, 1)
    async with runtime_of(request).database.read() as connection:
        items, pages = await platform.complaints_page(connection, page)
    links = {}
    if page > 1:
        links["prev"] = f"/complaint?page={page - 1}"
    if page < pages:
        links["next"] = f"/complaint?page={page + 1}"
        links["last"] = f"/complaint?page={pages}"
    return json_response({"complaints": items, "links": links})


async def count_complaints(request: Request) -> Response:
    today = london_today()
    start, end = _day(request, "start_date", today), _day(request, "end_date", today)
    async with runtime_of(request).database.read() as connection:
        return json_response(await platform.count_complaints_between(connection, start, end))


routes: list[BaseRoute] = [
    Route("/platform-stats", admin_auth(platform_stats), methods=["GET"]),
    # the original served the one report under both names
    Route("/platform-stats/usage-for-all-services", admin_auth(billing_report), methods=["GET"]),
    Route("/platform-stats/data-for-billing-report", admin_auth(billing_report), methods=["GET"]),
    Route("/performance-dashboard", admin_auth(performance_dashboard), methods=["GET"]),
    Route("/service/live-services-data", admin_auth(live_services_data), methods=["GET"]),
    Route("/service/monthly-data-by-service", admin_auth(monthly_data_by_service), methods=["GET"]),
    Route("/service/find-services-by-name", admin_auth(find_services_by_name), methods=["GET"]),
    Route("/complaint", admin_auth(list_complaints), methods=["GET"]),
    Route("/complaint/count-by-date-range", admin_auth(count_complaints), methods=["GET"]),
]
