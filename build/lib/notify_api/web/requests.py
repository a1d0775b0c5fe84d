"""Reading request bodies and parameters the way Notify does."""

from __future__ import annotations

import uuid
from typing import Any

from starlette.requests import Request

from notify_api.errors import InvalidRequest
from notify_api.validation import parse_json_body


async def v2_json_body(request: Request, *, allow_empty: bool = False) -> Any:
    """The body as JSON whatever the Content-Type; 400 ``Invalid JSON supplied in POST data`` otherwise."""
    return parse_json_body(await request.body(), allow_empty=allow_empty)


async def admin_json_body(request: Request) -> dict[str, Any]:
    """Admin API bodies: a JSON object, or a 400 in the admin envelope."""
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        body = parse_json_body(raw)
    except Exception as error:
        raise InvalidRequest("Invalid JSON supplied in POST data", 400) from error
    if not isinstance(body, dict):
        raise InvalidRequest("Invalid JSON supplied in POST data", 400)
    return body


def path_uuid(request: Request, name: str) -> uuid.UUID:
    """A UUID path parameter; anything else is 'No result found' as the original's routing gave."""
    from notify_api.errors import NotFoundError

    try:
        return uuid.UUID(str(request.path_params[name]))
    except ValueError as error:
        raise NotFoundError() from error
