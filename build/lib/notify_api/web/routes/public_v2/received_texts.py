"""GET /v2/received-text-messages: the service's received texts, 250 a page (spec §3.10)."""

from __future__ import annotations

import uuid

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from notify_api.authentication.service import AuthenticatedService
from notify_api.inbound.reading import list_received_texts
from notify_api.notifications.reading.page_links import received_texts_links
from notify_api.validation import first_values, validate
from notify_api.validation.schemas import GET_RECEIVED_TEXT_MESSAGES_REQUEST
from notify_api.web.auth import service_auth
from notify_api.web.context import runtime_of
from notify_api.web.responses import json_response
from notify_api.web.routes.public_v2.get_notifications import request_base_url


async def get_received_texts(request: Request, auth: AuthenticatedService) -> Response:
    args = first_values(request.query_params.multi_items())
    validate(args, GET_RECEIVED_TEXT_MESSAGES_REQUEST)
    older_than = uuid.UUID(args["older_than"]) if "older_than" in args else None
    runtime = runtime_of(request)
    async with runtime.database.read() as connection:
        texts = await list_received_texts(
            connection, runtime.encryption, service_id=auth.service.id, older_than=older_than
        )
    last_id = uuid.UUID(texts[-1]["id"]) if texts else None
    return json_response(
        {
            "received_text_messages": texts,
            "links": received_texts_links(request_base_url(request), last_id),
        }
    )


routes: list[BaseRoute] = [
    Route("/v2/received-text-messages", service_auth(get_received_texts), methods=["GET"]),
]
