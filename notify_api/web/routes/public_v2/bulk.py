"""POST /v2/notifications/bulk: many messages from one template as a job (GC Notify's bulk API)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from notify_api.authentication.service import AuthenticatedService
from notify_api.errors import BadRequestError
from notify_api.jobs.bulk import create_bulk_job
from notify_api.web.auth import service_auth
from notify_api.web.context import runtime_of
from notify_api.web.idempotency import idempotent
from notify_api.web.requests import v2_json_body
from notify_api.web.responses import json_response


async def post_bulk(request: Request, auth: AuthenticatedService) -> Response:
    body = await v2_json_body(request)
    if not isinstance(body, dict):
        raise BadRequestError("The request body must be a JSON object")
    job = await create_bulk_job(runtime_of(request), auth.service, auth.api_key.key_type, body)
    return json_response({"data": job.to_json()}, 201)


routes: list[BaseRoute] = [
    Route(
        "/v2/notifications/bulk",
        service_auth(idempotent(post_bulk, claimed_separately=True)),
        methods=["POST"],
    )
]
