"""SES receipts over SNS HTTP(S): ``POST /notifications/email/ses``.

Signatures are checked when ``verify_sns_signatures`` is on (the default in production). A Notification's
``Message`` (the SES event) goes to ``process-ses-result`` stripped of email addresses; a
SubscriptionConfirmation is confirmed when it comes from AWS and signatures are verified, else only logged.
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
from notify_api.receipts.ses_events import InvalidSesEvent, slim_ses_event
from notify_api.receipts.sns import SnsSignatureError, SnsVerifier
from notify_api.tasks.queues import SES_CALLBACKS
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


async def ses_receipt(request: Request) -> Response:
    runtime = runtime_of(request)
    message = await _sns_message(request)
    verify = runtime.settings.verify_sns_signatures
    if verify:
        try:
            await _verifier(request).verify(message)
        except SnsSignatureError as error:
            log.warning("receipt.ses.bad_signature", reason=str(error))
            raise InvalidRequest("Invalid SNS message signature", 403) from error
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
