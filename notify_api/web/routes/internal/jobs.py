"""Admin API: a service's CSV jobs (``/service/{service_id}/job``)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Final

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from notify_api.errors import InvalidRequest, NotFoundError
from notify_api.jobs import queries
from notify_api.jobs.cancelling import cancel_job
from notify_api.jobs.creating import create_job
from notify_api.jobs.paging import PAGE_SIZE, page_links, page_number
from notify_api.timeutils import london_midnight_utc, london_today
from notify_api.web.auth import admin_auth
from notify_api.web.context import runtime_of
from notify_api.web.requests import admin_json_body, path_uuid
from notify_api.web.responses import json_response

BASE = "/service/{service_id}/job"
MAX_LIMIT_DAYS: Final = 3660  # ten years: further back than any job is kept
# The job list counts jobs started before London midnight this many days ago from the nightly facts (their
# notifications may have been moved past retention), as the original did.
FACTS_AFTER_DAYS: Final = 3


async def post_job(request: Request) -> Response:
    body = await admin_json_body(request)
    job = await create_job(runtime_of(request), path_uuid(request, "service_id"), body)
    return json_response({"data": job.to_json()}, 201)


async def get_job(request: Request) -> Response:
    async with runtime_of(request).database.read() as connection:
        job = await queries.get_job(
            connection, path_uuid(request, "service_id"), path_uuid(request, "job_id")
        )
    if job is None:
        raise NotFoundError()
    return json_response({"data": job.to_json()})


async def list_jobs(request: Request) -> Response:
    service_id = path_uuid(request, "service_id")
    params = request.query_params
    created_since = None
    if params.get("limit_days"):
        try:
            limit_days = int(params["limit_days"])
        except ValueError as error:
            raise InvalidRequest(
                {"limit_days": [f"{params['limit_days']} is not an integer"]}, 400
            ) from error
        if not 0 <= limit_days <= MAX_LIMIT_DAYS:
            raise InvalidRequest({"limit_days": [f"Must be between 0 and {MAX_LIMIT_DAYS}."]}, 400)
        created_since = london_midnight_utc(london_today() - timedelta(days=limit_days))
    statuses = [status.strip() for status in params.get("statuses", "").split(",") if status.strip()]
    contact_list_id = path_uuid_or_none(params.get("contact_list_id"))
    page = page_number(params.get("page"))
    async with runtime_of(request).database.read() as connection:
        found, total = await queries.list_jobs(
            connection,
            service_id,
            created_since=created_since,
            facts_before=london_midnight_utc(london_today() - timedelta(days=FACTS_AFTER_DAYS)),
            statuses=statuses,
            contact_list_id=contact_list_id,
            page=page,
            page_size=PAGE_SIZE,
        )
    return json_response(
        {
            "data": [job.to_json() for job in found],
            "page_size": PAGE_SIZE,
            "total": total,
            "links": page_links(f"/service/{service_id}/job", page, total),
        }
    )


def path_uuid_or_none(value: str | None) -> uuid.UUID | None:
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError as error:
        raise InvalidRequest({"contact_list_id": ["Not a valid UUID."]}, 400) from error


async def post_cancel(request: Request) -> Response:
    job = await cancel_job(
        runtime_of(request), path_uuid(request, "service_id"), path_uuid(request, "job_id")
    )
    return json_response({"data": job.to_json()})


async def get_job_notifications(request: Request) -> Response:
    service_id, job_id = path_uuid(request, "service_id"), path_uuid(request, "job_id")
    page = page_number(request.query_params.get("page"))
    async with runtime_of(request).database.read() as connection:
        if await queries.get_job(connection, service_id, job_id, with_statistics=False) is None:
            raise NotFoundError()
        found, total = await queries.job_notifications(
            connection, service_id, job_id, page=page, page_size=PAGE_SIZE
        )
    return json_response(
        {
            "notifications": [notification.to_json(job_id) for notification in found],
            "page_size": PAGE_SIZE,
            "total": total,
            "links": page_links(f"/service/{service_id}/job/{job_id}/notifications", page, total),
        }
    )


async def get_notification_count(request: Request) -> Response:
    service_id, job_id = path_uuid(request, "service_id"), path_uuid(request, "job_id")
    async with runtime_of(request).database.read() as connection:
        if await queries.get_job(connection, service_id, job_id, with_statistics=False) is None:
            raise NotFoundError()
        _, total = await queries.job_notifications(connection, service_id, job_id, page=1, page_size=0)
    return json_response({"count": total})


async def get_has_jobs(request: Request) -> Response:
    async with runtime_of(request).database.read() as connection:
        found = await queries.has_jobs(connection, path_uuid(request, "service_id"))
    return json_response({"data": {"has_jobs": found}})


async def get_scheduled_job_stats(request: Request) -> Response:
    async with runtime_of(request).database.read() as connection:
        count, soonest = await queries.scheduled_job_stats(connection, path_uuid(request, "service_id"))
    return json_response(
        {"count": count, "soonest_scheduled_for": soonest.isoformat() + "+00:00" if soonest else None}
    )


_ONE = BASE + "/{job_id}"
routes: list[BaseRoute] = [
    Route(BASE, admin_auth(post_job), methods=["POST"]),
    Route(BASE, admin_auth(list_jobs), methods=["GET"]),
    Route(BASE + "/has_jobs", admin_auth(get_has_jobs), methods=["GET"]),
    Route(BASE + "/scheduled-job-stats", admin_auth(get_scheduled_job_stats), methods=["GET"]),
    Route(_ONE, admin_auth(get_job), methods=["GET"]),
    Route(_ONE + "/cancel", admin_auth(post_cancel), methods=["POST"]),
    Route(_ONE + "/notifications", admin_auth(get_job_notifications), methods=["GET"]),
    Route(_ONE + "/notification_count", admin_auth(get_notification_count), methods=["GET"]),
]
