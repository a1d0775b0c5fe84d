"""Admin API: a service's received texts — /service/{id}/inbound-sms[/most-recent|/summary|/{id}]."""

from __future__ import annotations

from typing import Any, Final

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from notify_api.errors import InvalidRequest
from notify_api.inbound import inbox
from notify_api.validation import validate
from notify_api.web.auth import admin_auth
from notify_api.web.context import runtime_of
from notify_api.web.requests import admin_json_body, path_uuid
from notify_api.web.responses import json_response

_BASE = "/service/{service_id}/inbound-sms"
SEARCH_SCHEMA: Final[dict[str, Any]] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "properties": {"phone_number": {"type": ["string", "null"]}},
}


async def search(request: Request) -> Response:
    runtime = runtime_of(request)
    service_id = path_uuid(request, "service_id")
    body = await admin_json_body(request)
    validate(body, SEARCH_SCHEMA)
    async with runtime.database.read() as connection:
        data = await inbox.search(connection, runtime.encryption, service_id, body.get("phone_number"))
    return json_response({"data": data})


async def most_recent(request: Request) -> Response:
    runtime = runtime_of(request)
    service_id = path_uuid(request, "service_id")
    try:
        page = max(1, int(request.query_params.get("page", "1")))
    except ValueError as error:
        raise InvalidRequest({"page": ["Not a valid integer."]}, 400) from error
    async with runtime.database.read() as connection:
        return json_response(
            await inbox.most_recent_per_sender(connection, runtime.encryption, service_id, page)
        )


async def summary(request: Request) -> Response:
    service_id = path_uuid(request, "service_id")
    async with runtime_of(request).database.read() as connection:
        return json_response(await inbox.summary(connection, service_id))


async def one_text(request: Request) -> Response:
    runtime = runtime_of(request)
    service_id, text_id = path_uuid(request, "service_id"), path_uuid(request, "inbound_sms_id")
    async with runtime.database.read() as connection:
        return json_response(await inbox.one_text(connection, runtime.encryption, service_id, text_id))


routes: list[BaseRoute] = [
    Route(_BASE, admin_auth(search), methods=["POST"]),
    Route(_BASE + "/most-recent", admin_auth(most_recent), methods=["GET"]),
    Route(_BASE + "/summary", admin_auth(summary), methods=["GET"]),
    Route(_BASE + "/{inbound_sms_id}", admin_auth(one_text), methods=["GET"]),
]
