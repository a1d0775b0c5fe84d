"""Request body limits, enforced while the body streams in (pure ASGI; nothing is buffered here).

10 MB on the v2 send routes (a precompiled letter, or several 2 MB files, in base64), 1 MB everywhere else:
the admin API and the unauthenticated provider callbacks included. A ``Content-Length`` over the limit is
answered at once, before any route code runs, so the body is never read. A chunked (or understated) body is
counted as it arrives and the read that crosses the limit raises ``RequestBodyTooLarge``, which the route's
own error handler renders in its surface's envelope. Either way the 413 asks to close the connection, so the
server stops reading the rest instead of draining it.

A body must also keep arriving: a pause of more than ``HTTP_BODY_READ_TIMEOUT_SECONDS`` between two parts
(a client that declared more than it sends, or trickles it) raises ``RequestBodyTimeout``: a 408 in the
route's envelope, and the connection is closed.
"""

from __future__ import annotations

import asyncio
from typing import Final

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from notify_api.errors import NotifyError
from notify_api.web.errors import notify_error

MB: Final = 1024 * 1024
DEFAULT_LIMIT: Final = 1 * MB
SEND_LIMIT: Final = 10 * MB
SEND_PATHS: Final = frozenset(
    {"/v2/notifications/sms", "/v2/notifications/email", "/v2/notifications/letter", "/v2/notifications/bulk"}
)
CONNECTION_CLOSE: Final = (b"connection", b"close")


class RequestBodyTooLarge(NotifyError):
    status_code = 413
    error_name = "RequestEntityTooLarge"

    def __init__(self, limit: int) -> None:
        super().__init__(f"Request body too large: the limit is {limit} bytes", 413)


class RequestBodyTimeout(NotifyError):
    status_code = 408
    error_name = "RequestTimeout"

    def __init__(self, seconds: float) -> None:
        message = f"Request body not received in time: the limit is {seconds:g} seconds between parts"
        super().__init__(message, 408)


def body_limit(scope: Scope) -> int:
    if scope["method"] == "POST" and scope["path"] in SEND_PATHS:
        return SEND_LIMIT
    return DEFAULT_LIMIT


def declared_length(scope: Scope) -> int | None:
    """The ``Content-Length`` header, or None when absent or unreadable (the server's parser vets it)."""
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class BodyLimits:
    def __init__(self, app: ASGIApp, read_timeout: float = 10.0) -> None:
        self.app = app
        self.read_timeout = read_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit(scope)
        declared = declared_length(scope)
        if declared is not None and declared > limit:
            response = await notify_error(Request(scope), RequestBodyTooLarge(limit))
            response.headers["connection"] = "close"
            await response(scope, receive, send)
            return
        received = 0
        body_complete = False
        close_connection = False

        async def counted_receive() -> Message:
            nonlocal received, body_complete, close_connection
            if close_connection:
                raise RequestBodyTooLarge(limit)
            if body_complete:  # only a disconnect is left to wait for: no deadline
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), self.read_timeout)
            except TimeoutError:
                close_connection = True
                raise RequestBodyTimeout(self.read_timeout) from None
            if message["type"] == "http.request":
                body_complete = not message.get("more_body", False)
                received += len(message.get("body", b""))
                if received > limit:
                    close_connection = True
                    raise RequestBodyTooLarge(limit)
            return message

        async def send_closing(message: Message) -> None:
            if close_connection and message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), CONNECTION_CLOSE]
            await send(message)

        await self.app(scope, counted_receive, send_closing)
