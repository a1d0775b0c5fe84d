"""Admin API: a service's templates (``/service/{service_id}/template``)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from notify_api.errors import NotFoundError
from notify_api.templates import operations
from notify_api.templates.queries import admin as admin_queries
from notify_api.web.auth import admin_auth
from notify_api.web.context import runtime_of
from notify_api.web.requests import admin_json_body, path_uuid
from notify_api.web.responses import json_response

BASE = "/service/{service_id}/template"


async def create_template(request: Request) -> Response:
    body = await admin_json_body(request)
    async with runtime_of(request).database.unit_of_work() as work:
        template = await operations.create_template(work.connection, path_uuid(request, "service_id"), body)
    return json_response({"data": template.to_json()}, 201)


async def update_template(request: Request) -> Response:
    body = await admin_json_body(request)
    runtime = runtime_of(request)
    service_id, template_id = path_uuid(request, "service_id"), path_uuid(request, "template_id")
    async with runtime.database.unit_of_work() as work:
        template = await operations.update_template(work.connection, service_id, template_id, body)
    # Sends from this process see the new version at once; other processes within the cache window.
    runtime.sending_caches.templates.invalidate((service_id, template_id))
    if template is None:  # redaction answers with an empty body, as before
        return json_response(None, 200)
    return json_response({"data": template.to_json()}, 200)


async def list_templates(request: Request) -> Response:
    detailed = request.query_params.get("detailed", "True") == "True"
    async with runtime_of(request).database.read() as connection:
        found = await admin_queries.list_templates(connection, path_uuid(request, "service_id"))
    data = [template.to_json() if detailed else template.to_slim_json() for template in found]
    return json_response({"data": data})


async def get_template(request: Request) -> Response:
    async with runtime_of(request).database.read() as connection:
        template = await admin_queries.get_template_detail(
            connection, path_uuid(request, "service_id"), path_uuid(request, "template_id")
        )
    if template is None:
        raise NotFoundError()
    return json_response({"data": template.to_json()})


async def get_template_version(request: Request) -> Response:
    async with runtime_of(request).database.read() as connection:
        version = await admin_queries.get_template_version(
            connection,
            path_uuid(request, "service_id"),
            path_uuid(request, "template_id"),
            request.path_params["version"],
        )
    if version is None:
        raise NotFoundError()
    return json_response({"data": version.to_json()})


async def list_template_versions(request: Request) -> Response:
    async with runtime_of(request).database.read() as connection:
        versions = await admin_queries.list_template_versions(
            connection, path_uuid(request, "service_id"), path_uuid(request, "template_id")
        )
    return json_response({"data": [version.to_json() for version in versions]})


async def preview_template(request: Request) -> Response:
    values = dict(request.query_params.items())
    async with runtime_of(request).database.read() as connection:
        data = await operations.preview_template(
            connection, path_uuid(request, "service_id"), path_uuid(request, "template_id"), values
        )
    return json_response(data)


routes: list[BaseRoute] = [
    Route(BASE, admin_auth(create_template), methods=["POST"]),
    Route(BASE, admin_auth(list_templates), methods=["GET"]),
    Route(BASE + "/{template_id}", admin_auth(update_template), methods=["POST"]),
    Route(BASE + "/{template_id}", admin_auth(get_template), methods=["GET"]),
    Route(BASE + "/{template_id}/version/{version:int}", admin_auth(get_template_version), methods=["GET"]),
    Route(BASE + "/{template_id}/versions", admin_auth(list_template_versions), methods=["GET"]),
    Route(BASE + "/{template_id}/preview", admin_auth(preview_template), methods=["GET"]),
]
