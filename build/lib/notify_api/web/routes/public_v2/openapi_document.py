"""GET /v2/openapi.json: the OpenAPI description of the public API. Public, like any API documentation."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from notify_api.web.auth import no_auth
from notify_api.web.context import runtime_of
from notify_api.web.openapi import openapi_document
from notify_api.web.responses import json_response


async def get_openapi_document(request: Request) -> Response:
    return json_response(openapi_document(runtime_of(request).settings.api_host_name))


routes: list[BaseRoute] = [
    Route("/v2/openapi.json", no_auth(get_openapi_document), methods=["GET"]),
]
