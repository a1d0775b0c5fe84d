"""Admin API: invitations to services and organisations, and checking invitation links."""

from __future__ import annotations

import uuid

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from notify_api.invites import operations, queries
from notify_api.invites.mailer import NotifyMailer
from notify_api.web.auth import admin_auth
from notify_api.web.context import runtime_of
from notify_api.web.requests import admin_json_body, path_uuid
from notify_api.web.responses import json_response


def _uuid_or_none(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


async def invite_to_service(request: Request) -> Response:
    body = await admin_json_body(request)
    runtime = runtime_of(request)
    async with runtime.database.unit_of_work() as work:
        mailer = NotifyMailer(work, runtime.encryption, runtime.tasks, runtime.settings.admin_base_url)
        invite = await operations.invite_to_service(
            mailer, runtime.settings.secret_key, path_uuid(request, "service_id"), body
        )
    return json_response({"data": invite.to_json()}, 201)


async def list_service_invites(request: Request) -> Response:
    async with runtime_of(request).database.read() as connection:
        invites = await queries.list_service_invites(connection, path_uuid(request, "service_id"))
    return json_response({"data": [invite.to_json() for invite in invites]})


async def get_service_invite(request: Request) -> Response:
    async with runtime_of(request).database.read() as connection:
        invite = await operations.service_invite(
            connection, path_uuid(request, "invite_id"), service_id=path_uuid(request, "service_id")
        )
    return json_response({"data": invite.to_json()})


async def update_service_invite(request: Request) -> Response:
    body = await admin_json_body(request)
    async with runtime_of(request).database.unit_of_work() as work:
        invite = await operations.update_service_invite(
            work.connection, path_uuid(request, "service_id"), path_uuid(request, "invite_id"), body
        )
    return json_response({"data": invite.to_json()})


async def service_invite_by_id_or_token(request: Request) -> Response:
    """``/invite/service/{uuid}`` reads an invitation by id; anything else is a link token."""
    runtime = runtime_of(request)
    value = str(request.path_params["token"])
    invite_id = _uuid_or_none(value) or operations.invite_id_from_token(
        value, runtime.settings.secret_key, purpose=operations.SERVICE_PURPOSE
    )
    async with runtime.database.read() as connection:
        invite = await operations.service_invite(connection, invite_id)
    return json_response({"data": invite.to_json()})


async def check_service_invite_token(request: Request) -> Response:
    runtime = runtime_of(request)
    invite_id = operations.invite_id_from_token(
        str(request.path_params["token"]), runtime.settings.secret_key, purpose=operations.SERVICE_PURPOSE
    )
    async with runtime.database.read() as connection:
        invite = await operations.service_invite(connection, invite_id)
    return json_response({"data": invite.to_json()})


async def invite_to_organisation(request: Request) -> Response:
    body = await admin_json_body(request)
    runtime = runtime_of(request)
    async with runtime.database.unit_of_work() as work:
        mailer = NotifyMailer(work, runtime.encryption, runtime.tasks, runtime.settings.admin_base_url)
        invite = await operations.invite_to_organisation(
            mailer, runtime.settings.secret_key, path_uuid(request, "organisation_id"), body
        )
    return json_response({"data": invite.to_json()}, 201)


async def list_organisation_invites(request: Request) -> Response:
    async with runtime_of(request).database.read() as connection:
        invites = await queries.list_organisation_invites(connection, path_uuid(request, "organisation_id"))
    return json_response({"data": [invite.to_json() for invite in invites]})


async def get_organisation_invite(request: Request) -> Response:
    async with runtime_of(request).database.read() as connection:
        invite = await operations.organisation_invite(
            connection, path_uuid(request, "invite_id"), organisation_id=path_uuid(request, "organisation_id")
        )
    return json_response({"data": invite.to_json()})


async def update_organisation_invite(request: Request) -> Response:
    body = await admin_json_body(request)
    async with runtime_of(request).database.unit_of_work() as work:
        invite = await operations.update_organisation_invite(
            work.connection, path_uuid(request, "organisation_id"), path_uuid(request, "invite_id"), body
        )
    return json_response({"data": invite.to_json()})


async def organisation_invite_by_id_or_token(request: Request) -> Response:
    runtime = runtime_of(request)
    value = str(request.path_params["token"])
    invite_id = _uuid_or_none(value) or operations.invite_id_from_token(
        value, runtime.settings.secret_key, purpose=operations.ORGANISATION_PURPOSE
    )
    async with runtime.database.read() as connection:
        invite = await operations.organisation_invite(connection, invite_id)
    return json_response({"data": invite.to_json()})


async def check_organisation_invite_token(request: Request) -> Response:
    runtime = runtime_of(request)
    invite_id = operations.invite_id_from_token(
        str(request.path_params["token"]),
        runtime.settings.secret_key,
        purpose=operations.ORGANISATION_PURPOSE,
    )
    async with runtime.database.read() as connection:
        invite = await operations.organisation_invite(connection, invite_id)
    return json_response({"data": invite.to_json()})


SERVICE = "/service/{service_id}/invite"
ORGANISATION = "/organisation/{organisation_id}/invite"

routes: list[BaseRoute] = [
    Route(SERVICE, admin_auth(invite_to_service), methods=["POST"]),
    Route(SERVICE, admin_auth(list_service_invites), methods=["GET"]),
    Route(SERVICE + "/{invite_id}", admin_auth(get_service_invite), methods=["GET"]),
    Route(SERVICE + "/{invite_id}", admin_auth(update_service_invite), methods=["POST"]),
    Route("/invite/service/check/{token}", admin_auth(check_service_invite_token), methods=["GET"]),
    Route("/invite/service/{token}", admin_auth(service_invite_by_id_or_token), methods=["GET"]),
    Route(ORGANISATION, admin_auth(invite_to_organisation), methods=["POST"]),
    Route(ORGANISATION, admin_auth(list_organisation_invites), methods=["GET"]),
    Route(ORGANISATION + "/{invite_id}", admin_auth(get_organisation_invite), methods=["GET"]),
    Route(ORGANISATION + "/{invite_id}", admin_auth(update_organisation_invite), methods=["POST"]),
    Route("/invite/organisation/check/{token}", admin_auth(check_organisation_invite_token), methods=["GET"]),
    Route("/invite/organisation/{token}", admin_auth(organisation_invite_by_id_or_token), methods=["GET"]),
]
