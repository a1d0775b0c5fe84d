"""Admin API: returned letters — ``POST /letters/returned`` and a service's returned-letter pages."""

from __future__ import annotations

from datetime import date

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from notify_api.errors import InvalidRequest
from notify_api.letters.returned import operations
from notify_api.tasks import queues
from notify_api.validation import validate
from notify_api.web.auth import admin_auth
from notify_api.web.context import runtime_of
from notify_api.web.requests import admin_json_body, path_uuid
from notify_api.web.responses import json_response


async def post_returned_letters(request: Request) -> Response:
    body = await admin_json_body(request)
    validate(body, operations.REFERENCES_SCHEMA)
    references = body["references"]
    await runtime_of(request).tasks.enqueue(
        operations.PROCESS_RETURNED_LETTERS_LIST, queues.DATABASE, references
    )
    return json_response({"references": references})


async def get_statistics(request: Request) -> Response:
    service_id = path_uuid(request, "service_id")
    return json_response(await operations.returned_letter_statistics(runtime_of(request), service_id))


async def get_summary(request: Request) -> Response:
    service_id = path_uuid(request, "service_id")
    return json_response(await operations.returned_letter_summary(runtime_of(request), service_id))


def _reported_at(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise InvalidRequest({"reported_at": [f"{value} is not a date (YYYY-MM-DD)"]}, 400) from error


async def get_returned_letters(request: Request) -> Response:
    service_id = path_uuid(request, "service_id")
    reported_at = _reported_at(request.query_params.get("reported_at"))
    return json_response(await operations.returned_letters(runtime_of(request), service_id, reported_at))


_SERVICE = "/service/{service_id}"
routes: list[BaseRoute] = [
    Route("/letters/returned", admin_auth(post_returned_letters), methods=["POST"]),
    Route(_SERVICE + "/returned-letter-statistics", admin_auth(get_statistics), methods=["GET"]),
    Route(_SERVICE + "/returned-letter-summary", admin_auth(get_summary), methods=["GET"]),
    Route(_SERVICE + "/returned-letters", admin_auth(get_returned_letters), methods=["GET"]),
]
