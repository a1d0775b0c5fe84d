"""Admin API: template folders (``/service/{service_id}/template-folder``)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from notify_api.template_folders import operations, queries
from notify_api.web.auth import admin_auth
from notify_api.web.context import runtime_of
from notify_api.web.requests import admin_json_body, path_uuid
from notify_api.web.responses import json_response

BASE = "/service/{service_id}/template-folder"


async def list_folders(request: Request) -> Response:
    async with runtime_of(request).database.read() as connection:
        folders = await queries.list_folders(connection, path_uuid(request, "service_id"))
    return json_response({"template_folders": [folder.to_json() for folder in folders]})


async def create_folder(request: Request) -> Response:
    body = await admin_json_body(request)
    async with runtime_of(request).database.unit_of_work() as work:
        folder = await operations.create_folder(work.connection, path_uuid(request, "service_id"), body)
    return json_response({"data": folder.to_json()}, 201)


async def update_folder(request: Request) -> Response:
    body = await admin_json_body(request)
    async with runtime_of(request).database.unit_of_work() as work:
        folder = await operations.update_folder(
            work.connection, path_uuid(request, "service_id"), path_uuid(request, "folder_id"), body
        )
    return json_response({"data": folder.to_json()})


async def delete_folder(request: Request) -> Response:
    async with runtime_of(request).database.unit_of_work() as work:
        await operations.delete_folder(
            work.connection, path_uuid(request, "service_id"), path_uuid(request, "folder_id")
        )
    return Response(status_code=204)


async def move_to_top_level(request: Request) -> Response:
    body = await admin_json_body(request)
    async with runtime_of(request).database.unit_of_work() as work:
        await operations.move_contents(work.connection, path_uuid(request, "service_id"), None, body)
    return Response(status_code=204)


async def move_to_folder(request: Request) -> Response:
    body = await admin_json_body(request)
    async with runtime_of(request).database.unit_of_work() as work:
        await operations.move_contents(
            work.connection, path_uuid(request, "service_id"), path_uuid(request, "folder_id"), body
        )
    return Response(status_code=204)


routes: list[BaseRoute] = [
    Route(BASE, admin_auth(list_folders), methods=["GET"]),
    Route(BASE, admin_auth(create_folder), methods=["POST"]),
    Route(BASE + "/contents", admin_auth(move_to_top_level), methods=["POST"]),
    Route(BASE + "/{folder_id}", admin_auth(update_folder), methods=["POST"]),
    Route(BASE + "/{folder_id}", admin_auth(delete_folder), methods=["DELETE"]),
    Route(BASE + "/{folder_id}/contents", admin_auth(move_to_folder), methods=["POST"]),
]
