"""Exception handlers: each API surface renders errors in its own envelope.

- ``/v2``: ``{"status_code": N, "errors": [{"error": name, "message": text}, ...]}``
- everything else (admin API, routing errors): ``{"result": "error", "message": ...}``
"""

from __future__ import annotations

from typing import Final

import asyncpg
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from notify_api.errors import AuthError, NotifyError, ValidationError
from notify_api.logging import get_logger
from notify_api.web.responses import json_response

log = get_logger(__name__)

NOT_FOUND_MESSAGE = (
    "The requested URL was not found on the server. If you entered the URL manually please check your "
    "spelling and try again."
)
METHOD_NOT_ALLOWED_MESSAGE = "The method is not allowed for the requested URL."


def is_v2(request: Request) -> bool:
    return request.url.path.startswith("/v2/") or request.url.path == "/v2"


def v2_error_body(status_code: int, errors: list[tuple[str, str]]) -> dict[str, object]:
    return {
        "status_code": status_code,
        "errors": [{"error": name, "message": message} for name, message in errors],
    }


async def http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 405:
        # The original's 405 carries a JSON body under a text/html content type; clients see exactly that.
        response = json_response(
            {"result": "error", "message": METHOD_NOT_ALLOWED_MESSAGE}, 405, headers=exc.headers
        )
        response.headers["content-type"] = "text/html; charset=utf-8"
        return response
    if exc.status_code == 404:
        return json_response({"result": "error", "message": NOT_FOUND_MESSAGE}, 404)
    return json_response({"result": "error", "message": exc.detail}, exc.status_code, headers=exc.headers)


async def notify_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, NotifyError)
    if isinstance(exc, ValidationError):
        # Schema errors use this envelope on every surface, admin included.
        errors = [(exc.error_name, message) for message in exc.messages]
        return json_response(v2_error_body(exc.status_code, errors), exc.status_code)
    if is_v2(request):
        return json_response(
            v2_error_body(exc.status_code, [(exc.error_name, str(exc.message))]), exc.status_code
        )
    if isinstance(exc, AuthError):
        return json_response({"result": "error", "message": {"token": [exc.message]}}, exc.status_code)
    return json_response({"result": "error", "message": exc.message}, exc.status_code)


# Values a client sent that PostgreSQL cannot hold, by SQLSTATE: the client's mistake, so a 400 rather than
# a 500, whichever route and query met them first.
_REFUSED_VALUES: Final = {
    "22021": "Text cannot contain the NUL character (\\u0000)",  # character_not_in_repertoire
    "22P05": "Text cannot contain the NUL character (\\u0000)",  # untranslatable_character
    "22003": "A number in the request is too large",  # numeric_value_out_of_range
    "22001": "A value in the request is too long",  # string_data_right_truncation
}


def _refused_value(exc: Exception) -> str | None:
    """The message for a value the database refused, or None for any other error."""
    original: object = exc.orig if isinstance(exc, DBAPIError) else exc
    for candidate in (original, getattr(original, "__cause__", None)):
        if isinstance(candidate, asyncpg.PostgresError) or hasattr(candidate, "sqlstate"):
            message = _REFUSED_VALUES.get(str(getattr(candidate, "sqlstate", "")))
            if message is not None:
                return message
    return None


async def database_error(request: Request, exc: Exception) -> Response:
    """A value the database refused is a 400; any other database error goes on to the 500 handler."""
    refused = _refused_value(exc)
    if refused is None:
        raise exc
    log.info("request.value_refused_by_database", path=request.url.path)
    if is_v2(request):
        return json_response(v2_error_body(400, [("BadRequestError", refused)]), 400)
    return json_response({"result": "error", "message": refused}, 400)


def internal_error_response(path: str, request_id: str | None) -> Response:
    """The 500 envelope: no internal detail (the log has it, under the request id the response carries)."""
    if path.startswith("/v2/") or path == "/v2":
        body: dict[str, object] = v2_error_body(500, [("InternalServerError", "Internal server error")])
    else:
        body = {"result": "error", "message": "Internal server error"}
    return json_response(body, 500, headers={"X-Request-Id": request_id} if request_id else None)


async def unexpected_error(request: Request, exc: Exception) -> Response:
    """Last resort for errors outside the routes (the routes' own go through `ServerErrors`)."""
    log.exception("request.unhandled_error", error=type(exc).__name__, path=request.url.path)
    return internal_error_response(request.url.path, None)


EXCEPTION_HANDLERS = {
    HTTPException: http_exception,
    NotifyError: notify_error,
    DBAPIError: database_error,
    asyncpg.PostgresError: database_error,
    Exception: unexpected_error,
}
