"""What every SNS HTTP(S) endpoint checks before acting on a message: valid JSON, one of our topics, fresh,
and (when ``verify_sns_signatures`` is on, the default in production) signed by SNS. A refused message is a
403, logged and counted in ``receipts_rejected_total{provider=...}``.
Tests may put their own :class:`SnsVerifier` (with a fake certificate fetcher) on ``app.state.sns_verifier``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson
from starlette.requests import Request

from notify_api.errors import InvalidRequest
from notify_api.logging import get_logger
from notify_api.metrics.receipts import count_rejected_receipt
from notify_api.receipts.sns import (
    SnsMessageRejected,
    SnsSignatureError,
    SnsVerifier,
    check_fresh,
    check_topic,
)
from notify_api.settings import Settings
from notify_api.timeutils import utc_now

log = get_logger(__name__)

_default_verifier = SnsVerifier()


def sns_verifier(request: Request) -> SnsVerifier:
    verifier = getattr(request.app.state, "sns_verifier", None)
    return verifier if isinstance(verifier, SnsVerifier) else _default_verifier


async def sns_message(request: Request) -> dict[str, Any]:
    try:
        message = orjson.loads(await request.body())
    except orjson.JSONDecodeError as error:
        raise InvalidRequest("Invalid JSON supplied in POST data", 400) from error
    if not isinstance(message, dict):
        raise InvalidRequest("Invalid JSON supplied in POST data", 400)
    return message


def _refuse(provider: str, reason: str, detail: str, message: dict[str, Any], text: str) -> InvalidRequest:
    # the topic and type identify the sender; the message itself may carry recipients, so it is not logged
    log.warning(
        "receipt.rejected",
        provider=provider,
        reason=reason,
        detail=detail,
        topic_arn=str(message.get("TopicArn")),
        sns_type=str(message.get("Type")),
    )
    count_rejected_receipt(provider, reason)
    return InvalidRequest(text, 403)


async def check_sns_message(
    request: Request, settings: Settings, message: dict[str, Any], *, provider: str, topics: Sequence[str]
) -> None:
    """Ours (topic), fresh (timestamp) and, when verification is on, signed by SNS; else a 403."""
    try:
        check_topic(message, topics)
        check_fresh(message, utc_now())
    except SnsMessageRejected as error:
        raise _refuse(provider, error.reason, str(error), message, "Invalid SNS message") from error
    if settings.verify_sns_signatures:
        try:
            await sns_verifier(request).verify(message)
        except SnsSignatureError as error:
            raise _refuse(
                provider, "bad_signature", str(error), message, "Invalid SNS message signature"
            ) from error


async def confirm_if_verified(request: Request, settings: Settings, message: dict[str, Any]) -> bool:
    """A SubscriptionConfirmation of one of our topics is confirmed only when signatures are verified."""
    return settings.verify_sns_signatures and await sns_verifier(request).confirm_subscription(message)
