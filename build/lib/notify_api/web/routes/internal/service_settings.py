"""Admin API: a service's team, API keys, guest list and data retention."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from notify_api.api_keys import operations as api_keys
from notify_api.db.tables.seed_ids import NOTIFY_SERVICE_ID
from notify_api.errors import NotFoundError
from notify_api.services import data_retention, guest_list, members
from notify_api.services.cache_hooks import forget_service_after_commit
from notify_api.services.queries.reads import get_service_record, service_exists
from notify_api.web.auth import admin_auth
from notify_api.web.context import runtime_of
from notify_api.web.requests import admin_json_body, path_uuid
from notify_api.web.responses import json_response


async def list_users(request: Request) -> Response:
    service_id = path_uuid(request, "service_id")
    async with runtime_of(request).database.read() as connection:
        team = await members.list_team(connection, service_id)
    return json_response({"data": [member.as_json(NOTIFY_SERVICE_ID) for member in team]})


async def add_user(request: Request) -> Response:
    runtime = runtime_of(request)
    service_id, user_id = path_uuid(request, "service_id"), path_uuid(request, "user_id")
    body = await admin_json_body(request)
    async with runtime.database.unit_of_work() as work:
        await members.add_to_service(work.connection, service_id, user_id, body)
        forget_service_after_commit(work, runtime, service_id)
        record = await get_service_record(work.connection, service_id)
    assert record is not None
    return json_response({"data": record.as_json()}, 201)


async def remove_user(request: Request) -> Response:
    runtime = runtime_of(request)
    service_id, user_id = path_uuid(request, "service_id"), path_uuid(request, "user_id")
    async with runtime.database.unit_of_work() as work:
        await members.remove_from_service(work.connection, service_id, user_id)
        forget_service_after_commit(work, runtime, service_id)
    return Response(status_code=204)


async def create_api_key(request: Request) -> Response:
    runtime = runtime_of(request)
    service_id = path_uuid(request, "service_id")
    body = await admin_json_body(request)
    async with runtime.database.unit_of_work() as work:
        secret = await api_keys.create_api_key(work.connection, runtime.encryption, service_id, body)
        forget_service_after_commit(work, runtime, service_id)
    return json_response({"data": secret}, 201)


async def revoke_api_key(request: Request) -> Response:
    runtime = runtime_of(request)
    service_id, api_key_id = path_uuid(request, "service_id"), path_uuid(request, "api_key_id")
    async with runtime.database.unit_of_work() as work:
        await api_keys.revoke_api_key(work.connection, service_id, api_key_id)
        forget_service_after_commit(work, runtime, service_id)
    return json_response({}, 202)


async def list_api_keys(request: Request) -> Response:
    service_id = path_uuid(request, "service_id")
    api_key_id = path_uuid(request, "api_key_id") if "api_key_id" in request.path_params else None
    async with runtime_of(request).database.read() as connection:
        keys = await api_keys.list_api_keys(connection, service_id, api_key_id)
    return json_response({"apiKeys": [key.as_json() for key in keys]})


async def get_guest_list(request: Request) -> Response:
    service_id = path_uuid(request, "service_id")
    async with runtime_of(request).database.read() as connection:
        entries = await guest_list.get_guest_list(connection, service_id)
    return json_response(entries.as_json())


async def put_guest_list(request: Request) -> Response:
    service_id = path_uuid(request, "service_id")
    body = await admin_json_body(request)
    async with runtime_of(request).database.unit_of_work() as work:
        await guest_list.replace_guest_list(work.connection, service_id, body)
        forget_service_after_commit(work, runtime_of(request), service_id)
    return Response(status_code=204)


async def list_data_retention(request: Request) -> Response:
    service_id = path_uuid(request, "service_id")
    async with runtime_of(request).database.read() as connection:
        if not await service_exists(connection, service_id):
            raise NotFoundError()
        retention = await data_retention.list_retention(connection, service_id)
    return json_response([item.as_json() for item in retention])


async def data_retention_by_type(request: Request) -> Response:
    service_id = path_uuid(request, "service_id")
    async with runtime_of(request).database.read() as connection:
        found = await data_retention.retention_by_type(connection, service_id, request.path_params["kind"])
    return json_response(found.as_json() if found else {})


async def data_retention_by_id(request: Request) -> Response:
    service_id, retention_id = path_uuid(request, "service_id"), path_uuid(request, "retention_id")
    async with runtime_of(request).database.read() as connection:
        found = await data_retention.retention_by_id(connection, service_id, retention_id)
    return json_response(found.as_json() if found else {})


async def create_data_retention(request: Request) -> Response:
    service_id = path_uuid(request, "service_id")
    body = await admin_json_body(request)
    async with runtime_of(request).database.unit_of_work() as work:
        created = await data_retention.create_retention(work.connection, service_id, body)
    return json_response({"result": created.as_json()}, 201)


async def update_data_retention(request: Request) -> Response:
    service_id, retention_id = path_uuid(request, "service_id"), path_uuid(request, "retention_id")
    body = await admin_json_body(request)
    async with runtime_of(request).database.unit_of_work() as work:
        await data_retention.update_retention(work.connection, service_id, retention_id, body)
    return Response(status_code=204)


_SERVICE = "/service/{service_id}"
_RETENTION = _SERVICE + "/data-retention"

routes: list[BaseRoute] = [
    Route(_SERVICE + "/users", admin_auth(list_users), methods=["GET"]),
    Route(_SERVICE + "/users/{user_id}", admin_auth(add_user), methods=["POST"]),
    Route(_SERVICE + "/users/{user_id}", admin_auth(remove_user), methods=["DELETE"]),
    Route(_SERVICE + "/api-key", admin_auth(create_api_key), methods=["POST"]),
    Route(_SERVICE + "/api-key/revoke/{api_key_id}", admin_auth(revoke_api_key), methods=["POST"]),
    Route(_SERVICE + "/api-keys", admin_auth(list_api_keys), methods=["GET"]),
    Route(_SERVICE + "/api-keys/{api_key_id}", admin_auth(list_api_keys), methods=["GET"]),
    Route(_SERVICE + "/guest-list", admin_auth(get_guest_list), methods=["GET"]),
    Route(_SERVICE + "/guest-list", admin_auth(put_guest_list), methods=["PUT"]),
    Route(_RETENTION, admin_auth(list_data_retention), methods=["GET"]),
    Route(_RETENTION, admin_auth(create_data_retention), methods=["POST"]),
    Route(_RETENTION + "/notification-type/{kind}", admin_auth(data_retention_by_type), methods=["GET"]),
    Route(_RETENTION + "/{retention_id}", admin_auth(data_retention_by_id), methods=["GET"]),
    Route(_RETENTION + "/{retention_id}", admin_auth(update_data_retention), methods=["POST"]),
]
