"""POST /v2/notifications/{sms,email,letter}."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from notify_api.authentication.service import AuthenticatedService
from notify_api.enums import EMAIL, SMS
from notify_api.notifications.sending import AcceptedNotification, accept_sms_or_email
from notify_api.notifications.sending_letters import accept_letter
from notify_api.web.auth import service_auth
from notify_api.web.context import runtime_of
from notify_api.web.requests import v2_json_body
from notify_api.web.responses import json_response


def _url_root(request: Request) -> str:
    return f"{request.url.scheme}://{request.url.netloc}/"


def _created_body(
    request: Request, accepted: AcceptedNotification, content: dict[str, Any]
) -> dict[str, Any]:
    root = _url_root(request)
    template = accepted.template
    return {
        "id": str(accepted.id),
        "reference": accepted.client_reference,
        "uri": f"{root}v2/notifications/{accepted.id}",
        "template": {
            "id": str(template.id),
            "version": template.version,
            "uri": f"{root}services/{template.service_id}/templates/{template.id}",
        },
        "scheduled_for": None,
        "content": content,
    }


async def post_sms(request: Request, auth: AuthenticatedService) -> Response:
    runtime = runtime_of(request)
    accepted = await accept_sms_or_email(runtime, auth, SMS, await v2_json_body(request))
    content = {"body": accepted.body, "from_number": accepted.reply_to_text}
    return json_response(_created_body(request, accepted, content), 201)


async def post_email(request: Request, auth: AuthenticatedService) -> Response:
    runtime = runtime_of(request)
    accepted = await accept_sms_or_email(runtime, auth, EMAIL, await v2_json_body(request))
    content = {
        "body": accepted.body,
        "subject": accepted.subject,
        "from_email": f"{auth.service.email_from}@{runtime.settings.notify_email_domain}",
    }
    return json_response(_created_body(request, accepted, content), 201)


async def post_letter(request: Request, auth: AuthenticatedService) -> Response:
    runtime = runtime_of(request)
    result = await accept_letter(runtime, auth, await v2_json_body(request))
    if result.precompiled:
        return json_response(
            {"id": str(result.id), "reference": result.client_reference, "postage": result.postage}, 201
        )
    assert result.accepted is not None
    content = {"body": result.accepted.body, "subject": result.accepted.subject}
    return json_response(_created_body(request, result.accepted, content), 201)


async def post_unknown_type(request: Request, auth: AuthenticatedService) -> Response:
    """Any other type: authenticated first, then the old-format 404, as the original answers."""
    raise HTTPException(404)


routes: list[BaseRoute] = [
    Route("/v2/notifications/sms", service_auth(post_sms), methods=["POST"]),
    Route("/v2/notifications/email", service_auth(post_email), methods=["POST"]),
    Route("/v2/notifications/letter", service_auth(post_letter), methods=["POST"]),
    Route("/v2/notifications/{notification_type}", service_auth(post_unknown_type), methods=["POST"]),
]
