"""POSTing a signed callback and classifying the answer: delivered, rejected (4xx) or worth retrying."""

from __future__ import annotations

from typing import Any, Final

import httpx

from notify_api.callbacks.payloads import SIGNATURE_HEADER, encode_body, sign_body
from notify_api.callbacks.types import CallbackOutcome, CallbackResult, CallbackTarget

CALLBACK_TIMEOUT_SECONDS: Final = 60.0
TOO_MANY_REQUESTS: Final = 429


def callback_headers(body: bytes, bearer_token: str) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "Authorization": f"Bearer {bearer_token}",
        SIGNATURE_HEADER: sign_body(body, bearer_token),
    }


def classify_status(status_code: int, *, retry_too_many_requests: bool = True) -> CallbackOutcome:
    if 200 <= status_code < 300:
        return CallbackOutcome.DELIVERED
    if status_code >= 500 or (retry_too_many_requests and status_code == TOO_MANY_REQUESTS):
        return CallbackOutcome.RETRYABLE
    return CallbackOutcome.REJECTED


async def post_callback(
    http: httpx.AsyncClient,
    target: CallbackTarget,
    payload: dict[str, Any],
    *,
    retry_too_many_requests: bool = True,
    timeout_seconds: float = CALLBACK_TIMEOUT_SECONDS,
) -> CallbackResult:
    """POST the exact signed bytes; never raises for network or HTTP failures, it reports them."""
    body = encode_body(payload)
    try:
        response = await http.post(
            target.url,
            content=body,
            headers=callback_headers(body, target.bearer_token),
            timeout=timeout_seconds,
        )
    except httpx.HTTPError as error:  # connection refused, DNS, timeout, protocol errors
        return CallbackResult(CallbackOutcome.RETRYABLE, error=type(error).__name__)
    outcome = classify_status(response.status_code, retry_too_many_requests=retry_too_many_requests)
    return CallbackResult(outcome, status_code=response.status_code)
