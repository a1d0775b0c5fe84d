"""Admin API: a service's email reply-to addresses, SMS senders and letter contact blocks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from notify_api.db.tables.seed_ids import (
    NOTIFY_SERVICE_REPLY_TO,
    REPLY_TO_EMAIL_ADDRESS_VERIFICATION_TEMPLATE_ID,
)
from notify_api.errors import NotFoundError
from notify_api.notifications.sending.internal import send_notify_message
from notify_api.senders import operations
from notify_api.senders.types import LETTER_CONTACT, REPLY_TO, SMS_SENDER, Sender, SenderKind
from notify_api.services.cache_hooks import forget_service_after_commit
from notify_api.services.queries.reads import service_exists
from notify_api.validation import validate
from notify_api.web.auth import admin_auth
from notify_api.web.context import runtime_of
from notify_api.web.requests import admin_json_body, path_uuid
from notify_api.web.responses import json_response

Endpoint = Callable[[Request], Awaitable[Response]]


def _wrapped(kind: SenderKind, sender: Sender) -> Any:
    """SMS sender writes answer with the sender itself; the other kinds wrap it in ``data``."""
    return sender.as_json() if kind is SMS_SENDER else {"data": sender.as_json()}


def _list(kind: SenderKind) -> Endpoint:
    async def list_senders(request: Request) -> Response:
        service_id = path_uuid(request, "service_id")
        async with runtime_of(request).database.read() as connection:
            senders = await operations.list_senders(connection, kind, service_id)
        return json_response([sender.as_json() for sender in senders])

    return list_senders


def _get(kind: SenderKind) -> Endpoint:
    async def get_sender(request: Request) -> Response:
        service_id, sender_id = path_uuid(request, "service_id"), path_uuid(request, "sender_id")
        async with runtime_of(request).database.read() as connection:
            sender = await operations.require_sender(connection, kind, service_id, sender_id)
        return json_response(sender.as_json())

    return get_sender


def _add(kind: SenderKind) -> Endpoint:
    async def add_sender(request: Request) -> Response:
        service_id = path_uuid(request, "service_id")
        body = await admin_json_body(request)
        async with runtime_of(request).database.unit_of_work() as work:
            sender = await operations.add_sender(work.connection, kind, service_id, body)
            forget_service_after_commit(work, runtime_of(request), service_id)
        return json_response(_wrapped(kind, sender), 201)

    return add_sender


def _update(kind: SenderKind) -> Endpoint:
    async def update_sender(request: Request) -> Response:
        service_id, sender_id = path_uuid(request, "service_id"), path_uuid(request, "sender_id")
        body = await admin_json_body(request)
        async with runtime_of(request).database.unit_of_work() as work:
            sender = await operations.update_sender(work.connection, kind, service_id, sender_id, body)
            forget_service_after_commit(work, runtime_of(request), service_id)
        return json_response(_wrapped(kind, sender))

    return update_sender


def _archive(kind: SenderKind) -> Endpoint:
    async def archive_sender(request: Request) -> Response:
        service_id, sender_id = path_uuid(request, "service_id"), path_uuid(request, "sender_id")
        async with runtime_of(request).database.unit_of_work() as work:
            sender = await operations.archive_sender(work.connection, kind, service_id, sender_id)
            forget_service_after_commit(work, runtime_of(request), service_id)
        return json_response({"data": sender.as_json()})

    return archive_sender


async def verify_reply_to(request: Request) -> Response:
    """Send a test email to a would-be reply-to address, so the team can see that it arrives."""
    runtime = runtime_of(request)
    service_id = path_uuid(request, "service_id")
    body = await admin_json_body(request)
    validate(body, operations.VERIFY_SCHEMA)
    async with runtime.database.unit_of_work() as work:
        if not await service_exists(work.connection, service_id):
            raise NotFoundError()
        await operations.check_reply_to_unused(work.connection, service_id, body["email"])
        notification_id = await send_notify_message(
            work,
            runtime.encryption,
            runtime.tasks,
            template_id=REPLY_TO_EMAIL_ADDRESS_VERIFICATION_TEMPLATE_ID,
            recipient=body["email"],
            personalisation={},
            reply_to_text=NOTIFY_SERVICE_REPLY_TO,
        )
    return json_response({"data": {"id": str(notification_id)}}, 201)


def _routes(path: str, kind: SenderKind) -> list[BaseRoute]:
    base = "/service/{service_id}/" + path
    one = base + "/{sender_id}"
    return [
        Route(base, admin_auth(_list(kind)), methods=["GET"]),
        Route(base, admin_auth(_add(kind)), methods=["POST"]),
        Route(one, admin_auth(_get(kind)), methods=["GET"]),
        Route(one, admin_auth(_update(kind)), methods=["POST"]),
        Route(one + "/archive", admin_auth(_archive(kind)), methods=["POST"]),
    ]


routes: list[BaseRoute] = [
    # before /email-reply-to/{sender_id}, which would otherwise take "verify" as an id
    Route("/service/{service_id}/email-reply-to/verify", admin_auth(verify_reply_to), methods=["POST"]),
    *_routes("email-reply-to", REPLY_TO),
    *_routes("sms-sender", SMS_SENDER),
    *_routes("letter-contact", LETTER_CONTACT),
]
