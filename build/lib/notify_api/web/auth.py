"""Auth attached per route group. Every endpoint says which scheme guards it, and a test walks the routes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Final, Literal

from starlette.requests import Request
from starlette.responses import Response

from notify_api.authentication.admin import authenticate_admin
from notify_api.authentication.service import AuthenticatedService, authenticate_service
from notify_api.web.context import runtime_of

AuthScheme = Literal["service", "admin", "none", "provider"]
AUTH_ATTRIBUTE: Final = "auth_scheme"

Endpoint = Callable[[Request], Awaitable[Response]]
ServiceHandler = Callable[[Request, AuthenticatedService], Awaitable[Response]]


def mark(endpoint: Endpoint, scheme: AuthScheme) -> Endpoint:
    setattr(endpoint, AUTH_ATTRIBUTE, scheme)
    return endpoint


def service_auth(handler: ServiceHandler) -> Endpoint:
    """Public API: the request must carry a JWT signed with one of the service's API keys."""

    async def endpoint(request: Request) -> Response:
        runtime = runtime_of(request)
        authenticated = await authenticate_service(request.headers.get("authorization"), runtime.auth_cache)
        return await handler(request, authenticated)

    endpoint.__name__ = handler.__name__
    return mark(endpoint, "service")


def admin_auth(handler: Endpoint) -> Endpoint:
    """Admin API: the request must carry a JWT from the admin client."""

    async def endpoint(request: Request) -> Response:
        settings = runtime_of(request).settings
        authenticate_admin(
            settings, request.headers.get("authorization"), request.headers.get("x-custom-forwarder")
        )
        return await handler(request)

    endpoint.__name__ = handler.__name__
    return mark(endpoint, "admin")


def no_auth(handler: Endpoint) -> Endpoint:
    return mark(handler, "none")
