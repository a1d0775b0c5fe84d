"""Admin API: the URLs a service receives texts (inbound-api) and delivery receipts at."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from notify_api.callbacks.settings import create_config, delete_config, require_config, update_config
from notify_api.callbacks.types import DELIVERY_RECEIPT_API, INBOUND_API, CallbackKind
from notify_api.web.auth import admin_auth
from notify_api.web.context import runtime_of
from notify_api.web.requests import admin_json_body, path_uuid
from notify_api.web.responses import json_response

Endpoint = Callable[[Request], Awaitable[Response]]


def _create(kind: CallbackKind) -> Endpoint:
    async def create_callback(request: Request) -> Response:
        runtime = runtime_of(request)
        service_id = path_uuid(request, "service_id")
        body = await admin_json_body(request)
        async with runtime.database.unit_of_work() as work:
            config = await create_config(work.connection, runtime.encryption, kind, service_id, body)
        return json_response({"data": config.as_json()}, 201)

    return create_callback


def _update(kind: CallbackKind) -> Endpoint:
    async def update_callback(request: Request) -> Response:
        runtime = runtime_of(request)
        service_id, config_id = path_uuid(request, "service_id"), path_uuid(request, "callback_id")
        body = await admin_json_body(request)
        async with runtime.database.unit_of_work() as work:
            config = await update_config(
                work.connection, runtime.encryption, kind, service_id, config_id, body
            )
        return json_response({"data": config.as_json()})

    return update_callback


def _get(kind: CallbackKind) -> Endpoint:
    async def get_callback(request: Request) -> Response:
        service_id, config_id = path_uuid(request, "service_id"), path_uuid(request, "callback_id")
        async with runtime_of(request).database.read() as connection:
            config = await require_config(connection, kind, service_id, config_id)
        return json_response({"data": config.as_json()})

    return get_callback


def _delete(kind: CallbackKind) -> Endpoint:
    async def delete_callback(request: Request) -> Response:
        service_id, config_id = path_uuid(request, "service_id"), path_uuid(request, "callback_id")
        async with runtime_of(request).database.unit_of_work() as work:
            await delete_config(work.connection, kind, service_id, config_id)
        return Response(status_code=204)

    return delete_callback


def _routes(path: str, kind: CallbackKind) -> list[BaseRoute]:
    base = "/service/{service_id}/" + path
    one = base + "/{callback_id}"
    return [
        Route(base, admin_auth(_create(kind)), methods=["POST"]),
        Route(one, admin_auth(_update(kind)), methods=["POST"]),
        Route(one, admin_auth(_get(kind)), methods=["GET"]),
        Route(one, admin_auth(_delete(kind)), methods=["DELETE"]),
    ]


routes: list[BaseRoute] = [
    *_routes("inbound-api", INBOUND_API),
    *_routes("delivery-receipt-api", DELIVERY_RECEIPT_API),
]
