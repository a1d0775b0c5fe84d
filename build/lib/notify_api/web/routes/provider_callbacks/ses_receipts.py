"""SES receipts over SNS HTTP(S): ``POST /notifications/email/ses``.

Every message must come from one of ``SES_SNS_TOPIC_ARNS`` (when set) and carry a ``Timestamp`` from the
last hour; signatures are checked when ``verify_sns_signatures`` is on (the default in production). Refused
messages get a 403 and are counted in ``receipts_rejected_total{provider="ses"}``. A Notification's
``Message`` (the SES event) goes to ``process-ses-result`` stripped of email addresses; a
SubscriptionConfirmation (of one of our topics) is confirmed when it comes from AWS and signatures are
verified, else only logged.
Tests may put their own :class:`SnsVerifier` (with a fake certificate fetcher) on ``app.state.sns_verifier``.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from notify_api.errors import InvalidRequest
from notify_api.logging import get_logger
from notify_api.metrics.receipts import count_rejected_receipt
from notify_api.receipts.ses_events import InvalidSesEvent, slim_ses_event
from notify_api.receipts.sns import (
    SnsMessageRejected,
    SnsSignatureError,
    SnsVerifier,
    check_fresh,
    check_topic,
)
from notify_api.settings import Settings
from notify_api.tasks.queues import SES_CALLBACKS
from notify_api.timeutils import utc_now
from notify_api.web.auth import mark
from notify_api.web.context import runtime_of
from notify_api.web.responses import json_response

log = get_logger(__name__)

PROCESS_SES_RESULT = "process-ses-result"
_default_verifier = SnsVerifier()


def _verifier(request: Request) -> SnsVerifier:
    verifier = getattr(request.app.state, "sns_verifier", None)
    return verifier if isinstance(verifier, SnsVerifier) else _default_verifier


async def _sns_message(request: Request) -> dict[str, Any]:
    try:
        message = orjson.loads(await request.body())
    except orjson.JSONDecodeError as error:
        raise InvalidRequest("Invalid JSON supplied in POST data", 400) from error
    if not isinstance(message, dict):
        raise InvalidRequest("Invalid JSON supplied in POST data", 400)
    return message


def _refuse(reason: str, detail: str, message: dict[str, Any], text: str) -> InvalidRequest:
    # the topic and type identify the sender; the message itself may carry recipients, so it is not logged
    log.warning(
        "receipt.rejected",
        provider="ses",
        reason=reason,
        detail=detail,
        topic_arn=str(message.get("TopicArn")),
        sns_type=str(message.get("Type")),
    )
    count_rejected_receipt("ses", reason)
    return InvalidRequest(text, 403)


async def _check(request: Request, settings: Settings, message: dict[str, Any]) -> None:
    """Ours (topic), fresh (timestamp) and, when verification is on, signed by SNS; else a 403."""
    try:
        check_topic(message, settings.ses_sns_topic_arns)
        check_fresh(message, utc_now())
    except SnsMessageRejected as error:
        raise _refuse(error.reason, str(error), message, "Invalid SNS message") from error
    if settings.verify_sns_signatures:
        try:
            await _verifier(request).verify(message)
        except SnsSignatureError as error:
            raise _refuse("bad_signature", str(error), message, "Invalid SNS message signature") from error


async def ses_receipt(request: Request) -> Response:
    runtime = runtime_of(request)
    message = await _sns_message(request)
    await _check(request, runtime.settings, message)
    verify = runtime.settings.verify_sns_signatures
    message_type = message.get("Type")
    if message_type == "SubscriptionConfirmation":
        confirmed = verify and await _verifier(request).confirm_subscription(message)
        log.info(
            "receipt.ses.subscription_confirmation", topic_arn=message.get("TopicArn"), confirmed=confirmed
        )
        return json_response({"result": "success"})
    if message_type != "Notification":
        log.info("receipt.ses.sns_message_ignored", sns_type=str(message_type))
        return json_response({"result": "success"})
    try:
        event = slim_ses_event(message)
    except InvalidSesEvent as error:
        raise InvalidRequest(f"SES receipt failed: {error}", 400) from error
    await runtime.tasks.enqueue(PROCESS_SES_RESULT, SES_CALLBACKS, event)
    return json_response({"result": "success"})


routes: list[BaseRoute] = [
    Route("/notifications/email/ses", mark(ses_receipt, "provider"), methods=["POST"]),
]
