"""Health: ``/_status`` (with a database check) and ``/`` as Notify answers them. No auth."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from notify_api.db.status import db_version
from notify_api.reporting.platform import live_service_and_organisation_counts as live_counts
from notify_api.web.auth import no_auth
from notify_api.web.context import runtime_of
from notify_api.web.responses import json_response


async def live_service_and_organisation_counts(request: Request) -> Response:
    """Public, as in the original: two numbers for the product pages."""
    async with runtime_of(request).database.read() as connection:
        return json_response(await live_counts(connection))


_SIMPLE_OK = b'{"status":"ok"}'


async def status(request: Request) -> Response:
    if request.query_params.get("simple"):
        return Response(_SIMPLE_OK, media_type="application/json")
    runtime = runtime_of(request)
    async with runtime.database.read() as connection:
        version = await db_version(connection)
    return json_response(
        {
            "status": "ok",
            "git_commit": runtime.settings.git_commit,
            "build_time": runtime.settings.build_time,
            "db_version": version,
        }
    )


async def root(request: Request) -> Response:
    return json_response({"status": "ok"})


routes: list[BaseRoute] = [
    Route("/", no_auth(root), methods=["GET"]),
    Route("/_status", no_auth(status), methods=["GET", "POST"]),
    Route(
        "/_status/live-service-and-organisation-counts",
        no_auth(live_service_and_organisation_counts),
        methods=["GET"],
    ),
]
