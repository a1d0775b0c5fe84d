"""Admin API: organisations (``/organisations``)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from notify_api.errors import InvalidRequest, NotFoundError
from notify_api.invites.mailer import NotifyMailer
from notify_api.organisations import operations, queries
from notify_api.reporting import usage
from notify_api.web.auth import admin_auth
from notify_api.web.context import runtime_of
from notify_api.web.errors import NOT_FOUND_MESSAGE
from notify_api.web.requests import admin_json_body, path_uuid
from notify_api.web.responses import json_response
from notify_api.web.routes.internal.service_activity import MAX_YEAR, MIN_YEAR

BASE = "/organisations"
BAD_REQUEST_MESSAGE = "The browser (or proxy) sent a request that this server could not understand."


async def list_organisations(request: Request) -> Response:
    async with runtime_of(request).database.read() as connection:
        found = await queries.list_organisations(connection)
    return json_response([organisation.to_list_json() for organisation in found])


async def get_organisation(request: Request) -> Response:
    async with runtime_of(request).database.read() as connection:
        organisation = await operations.get_organisation(connection, path_uuid(request, "organisation_id"))
    return json_response(organisation.to_json())


async def organisation_by_domain(request: Request) -> Response:
    domain = request.query_params.get("domain")
    if not domain or "@" in domain:
        raise InvalidRequest(BAD_REQUEST_MESSAGE, 400)
    async with runtime_of(request).database.read() as connection:
        organisation = await queries.organisation_for_email(connection, f"example@{domain}")
    if organisation is None:
        raise InvalidRequest(NOT_FOUND_MESSAGE, 404)
    return json_response(organisation.to_json())


async def create_organisation(request: Request) -> Response:
    body = await admin_json_body(request)
    async with runtime_of(request).database.unit_of_work() as work:
        organisation = await operations.create_organisation(work.connection, body)
    return json_response(organisation.to_json(), 201)


async def update_organisation(request: Request) -> Response:
    body = await admin_json_body(request)
    runtime = runtime_of(request)
    async with runtime.database.unit_of_work() as work:
        mailer = NotifyMailer(work, runtime.encryption, runtime.tasks, runtime.settings.admin_base_url)
        await operations.update_organisation(mailer, path_uuid(request, "organisation_id"), body)
    return Response(status_code=204)


async def link_service(request: Request) -> Response:
    body = await admin_json_body(request)
    async with runtime_of(request).database.unit_of_work() as work:
        await operations.link_service(work.connection, path_uuid(request, "organisation_id"), body)
    return Response(status_code=204)


async def organisation_services(request: Request) -> Response:
    async with runtime_of(request).database.read() as connection:
        found = await queries.organisation_services(connection, path_uuid(request, "organisation_id"))
    return json_response([service.to_json() for service in found])


async def add_user(request: Request) -> Response:
    user_id = path_uuid(request, "user_id")
    async with runtime_of(request).database.unit_of_work() as work:
        await operations.add_member(work.connection, path_uuid(request, "organisation_id"), user_id)
        member = await queries.get_member(work.connection, user_id)
    assert member is not None
    return json_response({"data": member.to_json()})


async def remove_user(request: Request) -> Response:
    async with runtime_of(request).database.unit_of_work() as work:
        removed = await queries.remove_member(
            work.connection, path_uuid(request, "organisation_id"), path_uuid(request, "user_id")
        )
    if not removed:
        raise NotFoundError()
    return Response(status_code=204)


async def list_users(request: Request) -> Response:
    async with runtime_of(request).database.read() as connection:
        members = await queries.list_members(connection, path_uuid(request, "organisation_id"))
    return json_response({"data": [member.to_json() for member in members]})


async def services_with_usage(request: Request) -> Response:
    organisation_id = path_uuid(request, "organisation_id")
    try:
        year = int(request.query_params.get("year", "none"))
    except ValueError as error:
        raise InvalidRequest("No valid year provided", 400) from error
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidRequest("No valid year provided", 400)
    # today's usage is built into the facts first, so this is a write
    async with runtime_of(request).database.unit_of_work() as work:
        services = await usage.organisation_services_usage(work.connection, organisation_id, year)
    return json_response({"services": services})


async def is_name_unique(request: Request) -> Response:
    async with runtime_of(request).database.read() as connection:
        result = await operations.is_name_unique(
            connection, request.query_params.get("org_id"), request.query_params.get("name")
        )
    return json_response({"result": result})


routes: list[BaseRoute] = [
    Route(BASE, admin_auth(list_organisations), methods=["GET"]),
    Route(BASE, admin_auth(create_organisation), methods=["POST"]),
    Route(BASE + "/by-domain", admin_auth(organisation_by_domain), methods=["GET"]),
    Route(BASE + "/unique", admin_auth(is_name_unique), methods=["GET"]),
    Route(BASE + "/{organisation_id}", admin_auth(get_organisation), methods=["GET"]),
    Route(BASE + "/{organisation_id}", admin_auth(update_organisation), methods=["POST"]),
    Route(BASE + "/{organisation_id}/service", admin_auth(link_service), methods=["POST"]),
    Route(BASE + "/{organisation_id}/services", admin_auth(organisation_services), methods=["GET"]),
    Route(BASE + "/{organisation_id}/services-with-usage", admin_auth(services_with_usage), methods=["GET"]),
    Route(BASE + "/{organisation_id}/users", admin_auth(list_users), methods=["GET"]),
    Route(BASE + "/{organisation_id}/users/{user_id}", admin_auth(add_user), methods=["POST"]),
    Route(BASE + "/{organisation_id}/users/{user_id}", admin_auth(remove_user), methods=["DELETE"]),
]
