"""Pure ASGI middleware (no BaseHTTPMiddleware, which breaks contextvars)."""

from __future__ import annotations

import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from notify_api.logging import bind_context, clear_context, get_logger
from notify_api.web.errors import internal_error_response

log = get_logger(__name__)

CORS_HEADERS = [
    (b"access-control-allow-origin", b"*"),
    (b"access-control-allow-headers", b"Content-Type,Authorization"),
    (b"access-control-allow-methods", b"GET,PUT,POST,DELETE"),
]


class CorsAndRequestContext:
    """Adds Notify's CORS headers to every response and binds a request id to the log context."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _header(scope, b"x-b3-traceid") or _header(scope, b"x-request-id") or uuid.uuid4().hex
        clear_context()
        bind_context(request_id=request_id)
        scope.setdefault("state", {})["request_id"] = request_id

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *CORS_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class ServerErrors:
    """An error a route did not expect becomes a 500 envelope here, inside the CORS and request-id layer, so
    the response carries both and the connection stays usable (Starlette's outermost handler re-raises to the
    server after answering). Once a response has started, the error can only go on up."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_tracking(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, send_tracking)
        except Exception as error:
            if started:
                raise
            log.exception("request.unhandled_error", error=type(error).__name__, path=scope["path"])
            request_id = scope.get("state", {}).get("request_id")
            await internal_error_response(scope["path"], request_id)(scope, receive, send)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            decoded: str = value.decode("latin-1")
            return decoded
    return None
