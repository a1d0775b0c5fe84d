"""Admin API: letters from the admin site — an uploaded PDF sent as a letter, the service's precompiled
letter template, and a letter's PDF or PNG preview."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from notify_api.errors import NotFoundError
from notify_api.letters.previews import letter_preview
from notify_api.letters.uploaded import send_uploaded_letter
from notify_api.notifications.sending.queries import get_or_create_precompiled_template
from notify_api.services.queries.reads import service_exists
from notify_api.templates.queries import admin as admin_queries
from notify_api.web.auth import admin_auth
from notify_api.web.context import runtime_of
from notify_api.web.requests import admin_json_body, path_uuid
from notify_api.web.responses import json_response

_SERVICE = "/service/{service_id}"


async def post_send_pdf_letter(request: Request) -> Response:
    body = await admin_json_body(request)
    letter_id = await send_uploaded_letter(runtime_of(request), path_uuid(request, "service_id"), body)
    return json_response({"id": str(letter_id)}, 201)


async def get_precompiled_template(request: Request) -> Response:
    service_id = path_uuid(request, "service_id")
    async with runtime_of(request).database.unit_of_work() as work:
        if not await service_exists(work.connection, service_id):
            raise NotFoundError()
        # The hidden template is made the first time a service needs it.
        record = await get_or_create_precompiled_template(work.connection, service_id)
        template = await admin_queries.get_template_detail(
            work.connection, service_id, record.id, include_hidden=True
        )
    if template is None:
        raise NotFoundError()
    return json_response(template.to_json())


async def get_letter_preview(request: Request) -> Response:
    preview = await letter_preview(
        runtime_of(request),
        path_uuid(request, "service_id"),
        path_uuid(request, "notification_id"),
        request.path_params["file_type"],
        request.query_params.get("page"),
    )
    return json_response(preview)


# Listed before the template routes: "precompiled" must not be read as a template id.
routes: list[BaseRoute] = [
    Route(_SERVICE + "/send-pdf-letter", admin_auth(post_send_pdf_letter), methods=["POST"]),
    Route(_SERVICE + "/template/precompiled", admin_auth(get_precompiled_template), methods=["GET"]),
    Route(
        _SERVICE + "/template/preview/{notification_id}/{file_type}",
        admin_auth(get_letter_preview),
        methods=["GET"],
    ),
]
