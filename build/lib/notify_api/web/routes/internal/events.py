"""Admin API: audit events (``/events``)."""

from __future__ import annotations

from typing import Any, Final

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from notify_api.events.queries import insert_event
from notify_api.validation import validate
from notify_api.web.auth import admin_auth
from notify_api.web.context import runtime_of
from notify_api.web.requests import admin_json_body
from notify_api.web.responses import json_response

CREATE_EVENT: Final[dict[str, Any]] = {
    "type": "object",
    "properties": {"event_type": {"type": "string"}, "data": {"type": "object"}},
    "required": ["event_type", "data"],
}


async def create_event(request: Request) -> Response:
    body = await admin_json_body(request)
    validate(body, CREATE_EVENT)
    async with runtime_of(request).database.unit_of_work() as work:
        event = await insert_event(work.connection, body["event_type"], body["data"])
    return json_response({"data": event.to_json()}, 201)


routes: list[BaseRoute] = [Route("/events", admin_auth(create_event), methods=["POST"])]
