"""Admin API: /inbound-number — the numbers services receive texts on."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from notify_api.errors import NotFoundError
from notify_api.inbound import queries
from notify_api.web.auth import admin_auth
from notify_api.web.context import runtime_of
from notify_api.web.requests import path_uuid
from notify_api.web.responses import json_response


async def list_numbers(request: Request) -> Response:
    async with runtime_of(request).database.read() as connection:
        numbers = await queries.all_numbers(connection)
    return json_response({"data": [number.as_json() for number in numbers]})


async def available_numbers(request: Request) -> Response:
    async with runtime_of(request).database.read() as connection:
        numbers = await queries.available_numbers(connection)
    return json_response({"data": [number.as_json() for number in numbers]})


async def number_for_service(request: Request) -> Response:
    service_id = path_uuid(request, "service_id")
    async with runtime_of(request).database.read() as connection:
        number = await queries.number_for_service(connection, service_id)
    return json_response({"data": number.as_json() if number else {}})


async def turn_off(request: Request) -> Response:
    service_id = path_uuid(request, "service_id")
    async with runtime_of(request).database.unit_of_work() as work:
        if not await queries.set_active_for_service(work.connection, service_id, active=False):
            raise NotFoundError()
    return Response(status_code=204)


routes: list[BaseRoute] = [
    Route("/inbound-number", admin_auth(list_numbers), methods=["GET"]),
    Route("/inbound-number/available", admin_auth(available_numbers), methods=["GET"]),
    Route("/inbound-number/service/{service_id}", admin_auth(number_for_service), methods=["GET"]),
    Route("/inbound-number/service/{service_id}/off", admin_auth(turn_off), methods=["POST"]),
]
