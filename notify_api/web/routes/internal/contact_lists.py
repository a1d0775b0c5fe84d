"""Admin API: a service's contact lists (``/service/{service_id}/contact-list``)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from notify_api.contact_lists import operations, queries
from notify_api.web.auth import admin_auth
from notify_api.web.context import runtime_of
from notify_api.web.requests import admin_json_body, path_uuid
from notify_api.web.responses import json_response

BASE = "/service/{service_id}/contact-list"


async def list_contact_lists(request: Request) -> Response:
    async with runtime_of(request).database.read() as connection:
        found = await queries.contact_lists(connection, path_uuid(request, "service_id"))
    return json_response([contact_list.as_json() for contact_list in found])


async def get_contact_list(request: Request) -> Response:
    service_id, contact_list_id = path_uuid(request, "service_id"), path_uuid(request, "contact_list_id")
    async with runtime_of(request).database.read() as connection:
        found = await operations.get_contact_list(connection, service_id, contact_list_id)
    return json_response(found.as_json())


async def create_contact_list(request: Request) -> Response:
    body = await admin_json_body(request)
    async with runtime_of(request).database.unit_of_work() as work:
        saved = await operations.create_contact_list(work.connection, path_uuid(request, "service_id"), body)
    return json_response(saved.as_json(), 201)


async def delete_contact_list(request: Request) -> Response:
    runtime = runtime_of(request)
    service_id, contact_list_id = path_uuid(request, "service_id"), path_uuid(request, "contact_list_id")
    async with runtime.database.unit_of_work() as work:
        await operations.archive_contact_list(work.connection, service_id, contact_list_id)
    # After the commit: a list archived whose file could not be removed yet is harmless (nothing reads it).
    await operations.remove_contact_list_file(runtime.settings, service_id, contact_list_id)
    return Response(status_code=204)


routes: list[BaseRoute] = [
    Route(BASE, admin_auth(list_contact_lists), methods=["GET"]),
    Route(BASE, admin_auth(create_contact_list), methods=["POST"]),
    Route(BASE + "/{contact_list_id}", admin_auth(get_contact_list), methods=["GET"]),
    Route(BASE + "/{contact_list_id}", admin_auth(delete_contact_list), methods=["DELETE"]),
]
