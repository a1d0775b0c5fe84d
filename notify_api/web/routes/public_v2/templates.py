"""Templates through the public API: by id, by version, the list and a preview (spec §3.7-3.9)."""

from __future__ import annotations

import uuid
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from notify_api.authentication.service import AuthenticatedService
from notify_api.templates.public import find_template, get_template_json, list_templates_json, preview_json
from notify_api.validation import first_values, validate
from notify_api.validation.schemas import (
    GET_TEMPLATE_BY_ID_REQUEST,
    GET_TEMPLATES_REQUEST,
    POST_TEMPLATE_PREVIEW_REQUEST,
)
from notify_api.web.auth import service_auth
from notify_api.web.context import runtime_of
from notify_api.web.requests import v2_json_body
from notify_api.web.responses import json_response


def _template_id_and_version(request: Request) -> tuple[uuid.UUID, int | None]:
    raw_id = request.path_params["template_id"]
    # Version 0 is falsy in Notify and means "the current version".
    version: int | None = request.path_params.get("version") or None
    args: dict[str, Any] = {"id": raw_id}
    if version is not None:
        args["version"] = version
    validate(args, GET_TEMPLATE_BY_ID_REQUEST)
    return uuid.UUID(raw_id), version


async def get_template_by_id(request: Request, auth: AuthenticatedService) -> Response:
    template_id, version = _template_id_and_version(request)
    async with runtime_of(request).database.read() as connection:
        template = await get_template_json(connection, auth.service.id, template_id, version)
    return json_response(template)


async def get_templates(request: Request, auth: AuthenticatedService) -> Response:
    args = first_values(request.query_params.multi_items())
    validate(args, GET_TEMPLATES_REQUEST)
    async with runtime_of(request).database.read() as connection:
        templates = await list_templates_json(connection, auth.service.id, args.get("type"))
    return json_response({"templates": templates})


async def post_template_preview(request: Request, auth: AuthenticatedService) -> Response:
    body = await v2_json_body(request, allow_empty=True)
    data = {**body, "id": request.path_params["template_id"]} if isinstance(body, dict) else body
    validate(data, POST_TEMPLATE_PREVIEW_REQUEST)
    async with runtime_of(request).database.read() as connection:
        template = await find_template(connection, auth.service.id, uuid.UUID(data["id"]), None)
    return json_response(preview_json(template, data.get("personalisation")))


routes: list[BaseRoute] = [
    Route("/v2/templates", service_auth(get_templates), methods=["GET"]),
    Route("/v2/template/{template_id}", service_auth(get_template_by_id), methods=["GET"]),
    Route(
        "/v2/template/{template_id}/version/{version:int}", service_auth(get_template_by_id), methods=["GET"]
    ),
    Route("/v2/template/{template_id}/preview", service_auth(post_template_preview), methods=["POST"]),
]
