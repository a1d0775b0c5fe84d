"""The ``Idempotency-Key`` header on public API sends (see ``notify_api.idempotency``).

Wraps a send handler: without the header nothing changes. With it, the key is taken by the very statement
that stores the notification (``send_key`` hands it to the send pipeline), together with the answer, so a
key costs no round trip and no commit of its own. When that statement finds the key already used, it stores
nothing, and the earlier answer is given again, marked ``Idempotent-Replayed: true`` (the same key with
another body is a 422). A request racing another with the same key waits for the other's INSERT and then
replays its answer. A request that fails stores nothing and leaves the key free for a corrected retry; a
retry that fails a check the first request passed (today's limit reached since, the template archived) still
gets the first answer. A retry runs the checks before its INSERT, so it may store a file (a document link, a
precompiled PDF) that no message refers to; such files expire as usual.

Handlers that do not send through the pipeline (the bulk API) take the key first and store their answer
after it, in two statements of their own (``claimed_separately=True``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response

from notify_api.authentication.service import AuthenticatedService
from notify_api.errors import NotifyError
from notify_api.idempotency.operations import (
    IdempotencyError,
    KeyClaim,
    KeyState,
    check_key,
    claim,
    earlier_answer,
    expired_before,
    fingerprint,
    release,
    remember,
)
from notify_api.notifications.sending.request import Accepted, IdempotentAnswer, KeyHeldElsewhere
from notify_api.web.context import runtime_of

ServiceHandler = Callable[[Request, AuthenticatedService], Awaitable[Response]]
HEADER = "idempotency-key"
_STATE = "idempotency_key"  # request.state: (key, fingerprint) for the send pipeline


def idempotent(handler: ServiceHandler, *, claimed_separately: bool = False) -> ServiceHandler:
    async def endpoint(request: Request, auth: AuthenticatedService) -> Response:
        key = request.headers.get(HEADER)
        if key is None:
            return await handler(request, auth)
        check_key(key)
        request_fingerprint = fingerprint(request.url.path, await request.body())
        if claimed_separately:
            return await _claim_then_answer(handler, request, auth, key, request_fingerprint)
        database, service_id = runtime_of(request).database, auth.service.id
        setattr(request.state, _STATE, (key, request_fingerprint))
        try:
            return await handler(request, auth)
        except KeyHeldElsewhere as held:
            earlier = await earlier_answer(database, service_id, key, request_fingerprint)
            if earlier is None:  # the other request's key expired or was never answered: try again
                raise IdempotencyError(
                    f"A request with Idempotency-Key '{key}' is still being processed", 409
                ) from held
            return _replay(earlier)
        except NotifyError:
            earlier = await earlier_answer(database, service_id, key, request_fingerprint)
            if earlier is None:
                raise
            return _replay(earlier)

    endpoint.__name__ = handler.__name__
    return endpoint


def send_key(request: Request, answer: Callable[[Accepted], Response]) -> IdempotentAnswer | None:
    """The request's Idempotency-Key for the send pipeline, with how the handler answers an accepted send."""
    taken: tuple[str, str] | None = getattr(request.state, _STATE, None)
    if taken is None:
        return None

    def stored_answer(accepted: Accepted) -> tuple[int, bytes]:
        response = answer(accepted)
        return response.status_code, bytes(response.body)

    key, request_fingerprint = taken
    return IdempotentAnswer(key, request_fingerprint, stored_answer, expired_before())


def _replay(earlier: KeyClaim) -> Response:
    assert earlier.response_status is not None and earlier.response_body is not None
    return Response(
        earlier.response_body,
        status_code=earlier.response_status,
        media_type="application/json",
        headers={"Idempotent-Replayed": "true"},
    )


async def _claim_then_answer(
    handler: ServiceHandler, request: Request, auth: AuthenticatedService, key: str, request_fingerprint: str
) -> Response:
    database, service_id = runtime_of(request).database, auth.service.id
    taken = await claim(database, service_id, key, request_fingerprint)
    if taken.state is KeyState.REPLAY:
        return _replay(taken)
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
