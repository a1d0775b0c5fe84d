"""Pure ASGI middleware (no BaseHTTPMiddleware, which breaks contextvars)."""

from __future__ import annotations

import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from notify_api.logging import bind_context, clear_context

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

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *CORS_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            decoded: str = value.decode("latin-1")
            return decoded
    return None
