"""Admin API: /service — list, read, create, update, archive, suspend, resume, one-off sends."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from notify_api.db.database import UnitOfWork
from notify_api.errors import InvalidRequest, NotFoundError
from notify_api.services import history_view, operations, statistics
from notify_api.services.cache_hooks import forget_service_after_commit
from notify_api.services.one_off import send_one_off
from notify_api.services.organisation_view import organisation_of_service
from notify_api.services.queries.reads import (
    get_service_record,
    is_name_or_email_from_taken,
    list_service_records,
    service_exists,
)
from notify_api.services.types import ServiceRecord
from notify_api.timeutils import london_today
from notify_api.web.auth import Endpoint, admin_auth
from notify_api.web.context import runtime_of
from notify_api.web.requests import admin_json_body, path_uuid
from notify_api.web.responses import json_response


def _flag(request: Request, name: str) -> bool:
    return request.query_params.get(name) == "True"


def _day(request: Request, name: str, default: date) -> date:
    raw = request.query_params.get(name)
    if not raw:
        return default
    try:
        return datetime.strptime(raw, "%Y-%m-%d").date()
    except ValueError as error:
        raise InvalidRequest({name: ["Not a valid date."]}, 400) from error


def _query_uuid(request: Request, name: str) -> uuid.UUID:
    try:
        return uuid.UUID(request.query_params.get(name, ""))
    except ValueError as error:
        raise NotFoundError() from error


async def list_services(request: Request) -> Response:
    only_active = _flag(request, "only_active")
    async with runtime_of(request).database.read() as connection:
        if request.query_params.get("user_id"):
            user_id = _query_uuid(request, "user_id")
            records = await list_service_records(connection, only_active=only_active, user_id=user_id)
        elif _flag(request, "detailed"):
            return json_response({"data": await _detailed_services(request, connection, only_active)})
        else:
            records = await list_service_records(connection, only_active=only_active)
    return json_response({"data": [record.as_json() for record in records]})


async def _detailed_services(
    request: Request, connection: AsyncConnection, only_active: bool
) -> list[dict[str, Any]]:
    today = london_today()
    start, end = _day(request, "start_date", today), _day(request, "end_date", today)
    include_test_key = request.query_params.get("include_from_test_key", "True") != "False"
    records = await list_service_records(connection, only_active=only_active)
    counts = await statistics.status_counts(
        connection, start=start, end=end, include_test_key=include_test_key
    )
    return [_detailed(record, counts.get(record.id, statistics.empty_statistics())) for record in records]


def _detailed(record: ServiceRecord, counts: statistics.Statistics) -> dict[str, Any]:
    full = record.as_json()
    keys = ("id", "name", "active", "restricted", "research_mode", "count_as_live", "organisation_type",
            "created_at")  # fmt: skip
    return {**{key: full[key] for key in keys}, "statistics": counts}


async def get_service(request: Request) -> Response:
    service_id = path_uuid(request, "service_id")
    async with runtime_of(request).database.read() as connection:
        record = await get_service_record(connection, service_id)
        if record is None:
            raise NotFoundError()
        data = record.as_json()
        if _flag(request, "detailed"):
            data["statistics"] = await statistics.service_statistics(
                connection, service_id, today_only=_flag(request, "today_only")
            )
    return json_response({"data": data})


async def create_service(request: Request) -> Response:
    runtime = runtime_of(request)
    body = await admin_json_body(request)
    async with runtime.database.unit_of_work() as work:
        service_id = await operations.create_service(work, body, runtime.settings.from_number)
        record = await get_service_record(work.connection, service_id)
    assert record is not None
    return json_response({"data": record.as_json()}, 201)


async def update_service(request: Request) -> Response:
    runtime = runtime_of(request)
    service_id = path_uuid(request, "service_id")
    body = await admin_json_body(request)
    async with runtime.database.unit_of_work() as work:
        await operations.update_service(work, runtime.encryption, runtime.tasks, service_id, body)
        forget_service_after_commit(work, runtime, service_id)
        record = await get_service_record(work.connection, service_id)
    assert record is not None
    return json_response({"data": record.as_json()})


def _state_change(change: Callable[[UnitOfWork, uuid.UUID], Awaitable[None]]) -> Endpoint:
    """Archive, suspend and resume share one shape: change, forget the cached auth, 204."""

    async def endpoint(request: Request) -> Response:
        runtime = runtime_of(request)
        service_id = path_uuid(request, "service_id")
        async with runtime.database.unit_of_work() as work:
            await change(work, service_id)
            forget_service_after_commit(work, runtime, service_id)
        return Response(status_code=204)

    endpoint.__name__ = change.__name__
    return endpoint


async def service_organisation(request: Request) -> Response:
    service_id = path_uuid(request, "service_id")
    async with runtime_of(request).database.read() as connection:
        if not await service_exists(connection, service_id):
            raise NotFoundError()
        return json_response(await organisation_of_service(connection, service_id))


async def is_unique(request: Request) -> Response:
    args = request.query_params
    errors = {name: ["Can't be empty"] for name in ("service_id", "name", "email_from") if not args.get(name)}
    if errors:
        raise InvalidRequest(errors, 400)
    try:
        service_id: uuid.UUID | None = uuid.UUID(args["service_id"])
    except ValueError:
        service_id = None
    async with runtime_of(request).database.read() as connection:
        taken = await is_name_or_email_from_taken(
            connection, name=args["name"], email_from=args["email_from"], except_service_id=service_id
        )
    return json_response({"result": not taken})


async def service_history(request: Request) -> Response:
    service_id = path_uuid(request, "service_id")
    async with runtime_of(request).database.read() as connection:
        return json_response({"data": await history_view.service_history(connection, service_id)})


async def send_notification(request: Request) -> Response:
    runtime = runtime_of(request)
    service_id = path_uuid(request, "service_id")
    body = await admin_json_body(request)
    notification_id = await send_one_off(runtime, service_id, body)
    return json_response({"id": str(notification_id)}, 201)


routes: list[BaseRoute] = [
    Route("/service", admin_auth(list_services), methods=["GET"]),
    Route("/service", admin_auth(create_service), methods=["POST"]),
    Route("/service/unique", admin_auth(is_unique), methods=["GET"]),
    Route("/service/{service_id}", admin_auth(get_service), methods=["GET"]),
    Route("/service/{service_id}", admin_auth(update_service), methods=["POST"]),
    Route(
        "/service/{service_id}/archive",
        admin_auth(_state_change(operations.archive_service)),
        methods=["POST"],
    ),
    Route(
        "/service/{service_id}/suspend",
        admin_auth(_state_change(operations.suspend_service)),
        methods=["POST"],
    ),
    Route(
        "/service/{service_id}/resume", admin_auth(_state_change(operations.resume_service)), methods=["POST"]
    ),
    Route("/service/{service_id}/organisation", admin_auth(service_organisation), methods=["GET"]),
    Route("/service/{service_id}/history", admin_auth(service_history), methods=["GET"]),
    Route("/service/{service_id}/send-notification", admin_auth(send_notification), methods=["POST"]),
]
