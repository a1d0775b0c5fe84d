"""SES receipts over SNS HTTP(S): ``POST /notifications/email/ses``.

Every message must come from one of ``SES_SNS_TOPIC_ARNS`` (when set) and carry a ``Timestamp`` from the
last hour; signatures are checked when ``verify_sns_signatures`` is on (the default in production). Refused
messages get a 403 and are counted in ``receipts_rejected_total{provider="ses"}``. A Notification's
``Message`` (the SES event), stripped of email addresses, is stored and its id queued for
``process-ses-result`` (see :mod:`notify_api.receipts.outbox`: a broker failure still answers 200); a
SubscriptionConfirmation (of one of our topics) is confirmed when it comes from AWS and signatures are
verified, else only logged. The checks are shared with the DVLA endpoint (see ``sns_checks``).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from notify_api.errors import InvalidRequest
from notify_api.logging import get_logger
from notify_api.receipts.outbox import SES_RECEIPT, accept_receipt
from notify_api.receipts.ses_events import InvalidSesEvent, slim_ses_event
from notify_api.web.auth import mark
from notify_api.web.context import runtime_of
from notify_api.web.responses import json_response
from notify_api.web.routes.provider_callbacks.sns_checks import (
    check_sns_message,
    confirm_if_verified,
    sns_message,
)

log = get_logger(__name__)


async def ses_receipt(request: Request) -> Response:
    runtime = runtime_of(request)
    message = await sns_message(request)
    await check_sns_message(
        request, runtime.settings, message, provider="ses", topics=runtime.settings.ses_sns_topic_arns
    )
    message_type = message.get("Type")
    if message_type == "SubscriptionConfirmation":
        confirmed = await confirm_if_verified(request, runtime.settings, message)
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
    await accept_receipt(runtime.database, runtime.tasks, SES_RECEIPT, event)
    return json_response({"result": "success"})


routes: list[BaseRoute] = [
    Route("/notifications/email/ses", mark(ses_receipt, "provider"), methods=["POST"]),
]
