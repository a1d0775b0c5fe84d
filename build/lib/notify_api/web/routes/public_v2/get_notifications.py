"""GET /v2/notifications/{id}, its letter PDF, and the paged list GET /v2/notifications (spec §3.4-3.6)."""

from __future__ import annotations

import uuid
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from notify_api.authentication.service import AuthenticatedService
from notify_api.letters.operations import letter_pdf
from notify_api.notifications.reading.operations import get_notification, list_notifications
from notify_api.notifications.reading.page_links import notifications_links
from notify_api.notifications.reading.public_status import statuses_matching
from notify_api.notifications.reading.queries import ListFilters
from notify_api.validation import notifications_list_args, validate
from notify_api.validation.schemas import GET_NOTIFICATION_BY_ID_REQUEST, GET_NOTIFICATIONS_REQUEST
from notify_api.web.auth import service_auth
from notify_api.web.context import runtime_of
from notify_api.web.responses import json_response


def request_base_url(request: Request) -> str:
    """``API_HOST_NAME``, for absolute links back to this API: never the request's ``Host`` header, which a
    caller (or anything in between) could set to put another host into links that clients follow."""
    return runtime_of(request).settings.api_host_name


def _notification_id(request: Request) -> uuid.UUID:
    raw = request.path_params["notification_id"]
    validate({"notification_id": raw}, GET_NOTIFICATION_BY_ID_REQUEST)
    return uuid.UUID(raw)


async def get_notification_by_id(request: Request, auth: AuthenticatedService) -> Response:
    notification_id = _notification_id(request)
    runtime = runtime_of(request)
    async with runtime.database.read() as connection:
        notification = await get_notification(
            connection,
            runtime.encryption,
            service_id=auth.service.id,
            notification_id=notification_id,
            host=runtime.settings.api_host_name,
        )
    return json_response(notification)


async def get_pdf_for_notification(request: Request, auth: AuthenticatedService) -> Response:
    notification_id = _notification_id(request)
    runtime = runtime_of(request)
    async with runtime.database.read() as connection:
        pdf = await letter_pdf(
            connection,
            runtime.encryption,
            service_id=auth.service.id,
            notification_id=notification_id,
            settings=runtime.settings,
        )
    return Response(pdf, media_type="application/pdf")


def _filters(args: dict[str, Any]) -> ListFilters:
    older_than = args.get("older_than")
    return ListFilters(
        template_types=args.get("template_type", []),
        statuses=statuses_matching(args.get("status", [])),
        client_reference=args.get("reference"),
        older_than=uuid.UUID(older_than) if older_than is not None else None,
        include_jobs="include_jobs" in args,  # the schema allows only "true" or "True"
    )


async def get_notifications(request: Request, auth: AuthenticatedService) -> Response:
    args = notifications_list_args(request.query_params.multi_items())
    validate(args, GET_NOTIFICATIONS_REQUEST)
    runtime = runtime_of(request)
    async with runtime.database.read() as connection:
        notifications = await list_notifications(
            connection,
            runtime.encryption,
            service_id=auth.service.id,
            key_type=auth.api_key.key_type,
            filters=_filters(args),
            host=runtime.settings.api_host_name,
        )
    last_id = uuid.UUID(notifications[-1]["id"]) if notifications else None
    return json_response(
        {
            "notifications": notifications,
            "links": notifications_links(request_base_url(request), args, last_id),
        }
    )


routes: list[BaseRoute] = [
    Route("/v2/notifications", service_auth(get_notifications), methods=["GET"]),
    Route("/v2/notifications/{notification_id}", service_auth(get_notification_by_id), methods=["GET"]),
    Route("/v2/notifications/{notification_id}/pdf", service_auth(get_pdf_for_notification), methods=["GET"]),
]
