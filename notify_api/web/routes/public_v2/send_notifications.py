"""POST /v2/notifications/{sms,email,letter}."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from notify_api.authentication.service import AuthenticatedService
from notify_api.enums import EMAIL, LETTER, SMS
from notify_api.notifications.sending.pipeline import send_notification
from notify_api.notifications.sending.request import Accepted, Origin, SendRequest
from notify_api.validation import validate
from notify_api.validation.schemas import (
    POST_EMAIL_REQUEST,
    POST_LETTER_REQUEST,
    POST_PRECOMPILED_LETTER_REQUEST,
    POST_SMS_REQUEST,
)
from notify_api.web.auth import service_auth
from notify_api.web.context import runtime_of
from notify_api.web.idempotency import idempotent, send_key
from notify_api.web.requests import v2_json_body
from notify_api.web.responses import json_response

_RECIPIENT_FIELDS = {SMS: "phone_number", EMAIL: "email_address"}
_SENDER_FIELDS = {SMS: "sms_sender_id", EMAIL: "email_reply_to_id"}


def _url_root(request: Request) -> str:
    # API_HOST_NAME, not the Host header: a forged Host must not end up in the links a client follows
    return f"{runtime_of(request).settings.api_host_name}/"


def _created_body(request: Request, accepted: Accepted, content: dict[str, Any]) -> dict[str, Any]:
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


Answer = Callable[[Accepted], Response]


async def _send(
    request: Request,
    auth: AuthenticatedService,
    notification_type: str,
    body: dict[str, Any],
    answer: Answer,
    **fields: Any,
) -> Response:
    sender_id = body.get(_SENDER_FIELDS.get(notification_type, ""))
    send_request = SendRequest(
        origin=Origin.PUBLIC_API,
        service=auth.service,
        notification_type=notification_type,
        template_id=uuid.UUID(body["template_id"]) if "template_id" in body else None,
        personalisation=body.get("personalisation") or {},
        key_type=auth.api_key.key_type,
        recipient=body.get(_RECIPIENT_FIELDS.get(notification_type, ""), ""),
        api_key_id=auth.api_key.id,
        client_reference=body.get("reference"),
        sender_id=uuid.UUID(sender_id) if sender_id is not None else None,
        idempotency=send_key(request, answer),
        **fields,
    )
    return answer(await send_notification(runtime_of(request), send_request))


async def post_sms(request: Request, auth: AuthenticatedService) -> Response:
    body = await v2_json_body(request)
    validate(body, POST_SMS_REQUEST)

    def answer(accepted: Accepted) -> Response:
        content = {"body": accepted.body, "from_number": accepted.reply_to_text}
        return json_response(_created_body(request, accepted, content), 201)

    return await _send(request, auth, SMS, body, answer)


async def post_email(request: Request, auth: AuthenticatedService) -> Response:
    body = await v2_json_body(request)
    validate(body, POST_EMAIL_REQUEST)

    def answer(accepted: Accepted) -> Response:
        content = {
            "body": accepted.body,
            "subject": accepted.subject,
            "from_email": f"{auth.service.email_from}@{runtime_of(request).settings.notify_email_domain}",
        }
        return json_response(_created_body(request, accepted, content), 201)

    return await _send(request, auth, EMAIL, body, answer)


async def post_letter(request: Request, auth: AuthenticatedService) -> Response:
    body = await v2_json_body(request)
    if isinstance(body, dict) and "content" in body:
        validate(body, POST_PRECOMPILED_LETTER_REQUEST)

        def precompiled_answer(accepted: Accepted) -> Response:
            created = {
                "id": str(accepted.id),
                "reference": accepted.client_reference,
                "postage": accepted.postage,
            }
            return json_response(created, 201)

        return await _send(
            request,
            auth,
            LETTER,
            body,
            precompiled_answer,
            precompiled_pdf=body["content"],
            postage=body.get("postage"),
        )
    validate(body, POST_LETTER_REQUEST)

    def answer(accepted: Accepted) -> Response:
        content = {"body": accepted.body, "subject": accepted.subject}
        return json_response(_created_body(request, accepted, content), 201)

    return await _send(request, auth, LETTER, body, answer)


async def post_unknown_type(request: Request, auth: AuthenticatedService) -> Response:
    """Any other type: authenticated first, then the old-format 404, as the original answers."""
    raise HTTPException(404)


routes: list[BaseRoute] = [
    Route("/v2/notifications/sms", service_auth(idempotent(post_sms)), methods=["POST"]),
    Route("/v2/notifications/email", service_auth(idempotent(post_email)), methods=["POST"]),
    Route("/v2/notifications/letter", service_auth(idempotent(post_letter)), methods=["POST"]),
    Route("/v2/notifications/{notification_type}", service_auth(post_unknown_type), methods=["POST"]),
]
