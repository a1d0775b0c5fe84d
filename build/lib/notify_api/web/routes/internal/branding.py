"""Admin API: email and letter branding (``/email-branding``, ``/letter-branding``)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from notify_api.branding import operations, queries
from notify_api.errors import NotFoundError
from notify_api.web.auth import admin_auth
from notify_api.web.context import runtime_of
from notify_api.web.requests import admin_json_body, path_uuid
from notify_api.web.responses import json_response


async def list_email_branding(request: Request) -> Response:
    async with runtime_of(request).database.read() as connection:
        found = await queries.list_email_branding(connection)
    return json_response({"email_branding": [branding.to_json() for branding in found]})


async def get_email_branding(request: Request) -> Response:
    async with runtime_of(request).database.read() as connection:
        branding = await queries.get_email_branding(connection, path_uuid(request, "branding_id"))
    if branding is None:
        raise NotFoundError()
    return json_response({"email_branding": branding.to_json()})


async def create_email_branding(request: Request) -> Response:
    body = await admin_json_body(request)
    async with runtime_of(request).database.unit_of_work() as work:
        branding = await operations.create_email_branding(work.connection, body)
    return json_response({"data": branding.to_json()}, 201)


async def update_email_branding(request: Request) -> Response:
    body = await admin_json_body(request)
    async with runtime_of(request).database.unit_of_work() as work:
        branding = await operations.update_email_branding(
            work.connection, path_uuid(request, "branding_id"), body
        )
    return json_response({"data": branding.to_json()})


async def list_letter_branding(request: Request) -> Response:
    async with runtime_of(request).database.read() as connection:
        found = await queries.list_letter_branding(connection)
    return json_response([branding.to_json() for branding in found])


async def get_letter_branding(request: Request) -> Response:
    async with runtime_of(request).database.read() as connection:
        branding = await queries.get_letter_branding(connection, path_uuid(request, "branding_id"))
    if branding is None:
        raise NotFoundError()
    return json_response(branding.to_json())


async def create_letter_branding(request: Request) -> Response:
    body = await admin_json_body(request)
    async with runtime_of(request).database.unit_of_work() as work:
        branding = await operations.create_letter_branding(work.connection, body)
    return json_response(branding.to_json(), 201)


async def update_letter_branding(request: Request) -> Response:
    body = await admin_json_body(request)
    async with runtime_of(request).database.unit_of_work() as work:
        branding = await operations.update_letter_branding(
            work.connection, path_uuid(request, "branding_id"), body
        )
    return json_response(branding.to_json())


routes: list[BaseRoute] = [
    Route("/email-branding", admin_auth(list_email_branding), methods=["GET"]),
    Route("/email-branding", admin_auth(create_email_branding), methods=["POST"]),
    Route("/email-branding/{branding_id}", admin_auth(get_email_branding), methods=["GET"]),
    Route("/email-branding/{branding_id}", admin_auth(update_email_branding), methods=["POST"]),
    Route("/letter-branding", admin_auth(list_letter_branding), methods=["GET"]),
    Route("/letter-branding", admin_auth(create_letter_branding), methods=["POST"]),
    Route("/letter-branding/{branding_id}", admin_auth(get_letter_branding), methods=["GET"]),
    Route("/letter-branding/{branding_id}", admin_auth(update_letter_branding), methods=["POST"]),
]
