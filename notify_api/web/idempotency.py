"""The ``Idempotency-Key`` header on public API sends (see ``notify_api.idempotency``).

Wraps a send handler: without the header nothing changes. With it, the first request takes the key and its
successful answer is stored; the same key with the same body gets that answer again, marked
``Idempotent-Replayed: true``, and nothing is stored or sent. A request that fails frees the key, so a
corrected retry is not refused.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response

from notify_api.authentication.service import AuthenticatedService
from notify_api.idempotency.operations import KeyState, check_key, claim, fingerprint, release, remember
from notify_api.web.context import runtime_of

ServiceHandler = Callable[[Request, AuthenticatedService], Awaitable[Response]]
HEADER = "idempotency-key"


def idempotent(handler: ServiceHandler) -> ServiceHandler:
    async def endpoint(request: Request, auth: AuthenticatedService) -> Response:
        key = request.headers.get(HEADER)
        if key is None:
            return await handler(request, auth)
        check_key(key)
        database, service_id = runtime_of(request).database, auth.service.id
        taken = await claim(database, service_id, key, fingerprint(request.url.path, await request.body()))
        if taken.state is KeyState.REPLAY:
            assert taken.response_status is not None and taken.response_body is not None
            return Response(
                taken.response_body,
                status_code=taken.response_status,
                media_type="application/json",
                headers={"Idempotent-Replayed": "true"},
            )
        try:
            response = await handler(request, auth)
        except BaseException:
            await release(database, service_id, key)
            raise
        if 200 <= response.status_code < 300:
            await remember(database, service_id, key, response.status_code, bytes(response.body))
        else:
            await release(database, service_id, key)
        return response

    endpoint.__name__ = handler.__name__
    return endpoint
