"""Admin API: delivery providers (``/provider-details``)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from notify_api.errors import NotFoundError
from notify_api.providers import operations, queries
from notify_api.timeutils import london_today
from notify_api.web.auth import admin_auth
from notify_api.web.context import runtime_of
from notify_api.web.requests import admin_json_body, path_uuid
from notify_api.web.responses import json_response

BASE = "/provider-details"


async def list_providers(request: Request) -> Response:
    async with runtime_of(request).database.read() as connection:
        stats = await queries.list_provider_stats(connection, london_today().replace(day=1))
    return json_response({"provider_details": [provider.to_json() for provider in stats]})


async def get_provider(request: Request) -> Response:
    async with runtime_of(request).database.read() as connection:
        provider = await queries.get_provider(connection, path_uuid(request, "provider_id"))
    if provider is None:
        raise NotFoundError()
    return json_response({"provider_details": provider.to_json()})


async def provider_versions(request: Request) -> Response:
    async with runtime_of(request).database.read() as connection:
        versions = await queries.list_provider_versions(connection, path_uuid(request, "provider_id"))
    return json_response({"data": [version.to_json() for version in versions]})


async def update_provider(request: Request) -> Response:
    body = await admin_json_body(request)
    async with runtime_of(request).database.unit_of_work() as work:
        provider = await operations.update_provider(work.connection, path_uuid(request, "provider_id"), body)
    return json_response({"provider_details": provider.to_json()})


routes: list[BaseRoute] = [
    Route(BASE, admin_auth(list_providers), methods=["GET"]),
    Route(BASE + "/{provider_id}", admin_auth(get_provider), methods=["GET"]),
    Route(BASE + "/{provider_id}", admin_auth(update_provider), methods=["POST"]),
    Route(BASE + "/{provider_id}/versions", admin_auth(provider_versions), methods=["GET"]),
]
