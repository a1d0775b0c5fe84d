"""DVLA's response files announced over SNS: ``POST /notifications/letter/dvla``.

DVLA writes its files to the response bucket; S3 tells an SNS topic, and SNS posts here. The message is
checked as SES receipts are (``DVLA_SNS_TOPIC_ARNS``, freshness, signature when verification is on); a
SubscriptionConfirmation is confirmed. A Notification's ``Message`` is an S3 event: when its object's key
ends ``rs.txt`` or ``rsp.txt`` (any case), ``update-letter-notifications-statuses`` and
``record-daily-sorted-counts`` are queued with the key. Other files (ACKs) are only acknowledged.
"""

from __future__ import annotations

from typing import Any, Final

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from notify_api.errors import InvalidRequest
from notify_api.logging import get_logger
from notify_api.printing.responses import (
    RECORD_DAILY_SORTED_COUNTS,
    UPDATE_LETTER_STATUSES,
    is_response_file,
)
from notify_api.tasks import queues
from notify_api.validation.core import validate
from notify_api.web.auth import mark
from notify_api.web.context import runtime_of
from notify_api.web.responses import json_response
from notify_api.web.routes.provider_callbacks.sns_checks import (
    check_sns_message,
    confirm_if_verified,
    sns_message,
)

log = get_logger(__name__)

DVLA_SNS_CALLBACK_SCHEMA: Final[dict[str, Any]] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "description": "sns callback received on s3 update",
    "type": "object",
    "title": "dvla internal sns callback",
    "properties": {
        "Type": {"enum": ["Notification", "SubscriptionConfirmation"]},
        "MessageId": {"type": "string"},
        "Message": {"type": ["string", "object"]},
    },
    "required": ["Type", "MessageId", "Message"],
}
SUCCESS: Final = {"result": "success", "message": "DVLA callback succeeded"}


def _object_key(message: dict[str, Any]) -> str:
    body = message["Message"]
    try:
        event = orjson.loads(body) if isinstance(body, str) else body
        key = event["Records"][0]["s3"]["object"]["key"]
    except (orjson.JSONDecodeError, KeyError, IndexError, TypeError) as error:
        raise InvalidRequest("DVLA callback failed: Message is not an S3 event", 400) from error
    if not isinstance(key, str) or not key:
        raise InvalidRequest("DVLA callback failed: Message is not an S3 event", 400)
    return key


async def dvla_response(request: Request) -> Response:
    runtime = runtime_of(request)
    message = await sns_message(request)
    validate(message, DVLA_SNS_CALLBACK_SCHEMA)
    await check_sns_message(
        request, runtime.settings, message, provider="dvla", topics=runtime.settings.dvla_sns_topic_arns
    )
    if message["Type"] == "SubscriptionConfirmation":
        confirmed = await confirm_if_verified(request, runtime.settings, message)
        log.info(
            "letter.dvla_subscription_confirmation", topic_arn=message.get("TopicArn"), confirmed=confirmed
        )
        return json_response(SUCCESS)
    file_name = _object_key(message)
    log.info("letter.dvla_file_received", file_name=file_name)
    if is_response_file(file_name):
        await runtime.tasks.enqueue(UPDATE_LETTER_STATUSES, queues.NOTIFY_INTERNAL, file_name)
        await runtime.tasks.enqueue(RECORD_DAILY_SORTED_COUNTS, queues.NOTIFY_INTERNAL, file_name)
    return json_response(SUCCESS)


routes: list[BaseRoute] = [
    Route("/notifications/letter/dvla", mark(dvla_response, "provider"), methods=["POST"]),
]
