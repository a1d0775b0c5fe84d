"""SMS delivery receipts from MMG (JSON) and Firetext (form), handed to ``process-sms-client-response``.

The handlers only check credentials (when configured: ``MMG_RECEIPT_AUTH`` etc.), validate and enqueue; the
worker applies the receipt, refusing (and counting) forged or mismatched ones while the provider still gets
its 200, so that it does not retry them for ever.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from notify_api.logging import get_logger
from notify_api.metrics.receipts import count_rejected_receipt
from notify_api.receipts.credentials import CredentialCheck, check_receipt_credentials
from notify_api.receipts.status_mapping import FIRETEXT, MMG
from notify_api.tasks.queues import SMS_CALLBACKS
from notify_api.web.auth import mark
from notify_api.web.context import runtime_of
from notify_api.web.requests import admin_json_body
from notify_api.web.responses import json_response

log = get_logger(__name__)

PROCESS_SMS_CLIENT_RESPONSE = "process-sms-client-response"


def _present(value: Any) -> bool:
    return value is not None and str(value) != ""


def missing_fields(data: Mapping[str, Any], fields: tuple[str, ...], client_name: str) -> list[str]:
    return [
        f"{client_name} callback failed: {name} missing" for name in fields if not _present(data.get(name))
    ]


async def form_fields(request: Request) -> dict[str, str]:
    """A URL-encoded form body; the first value of a repeated field wins."""
    fields: dict[str, str] = {}
    for name, value in parse_qsl((await request.body()).decode("utf-8", "replace"), keep_blank_values=True):
        fields.setdefault(name, value)
    return fields


def _rejected(errors: list[str], status_code: int = 400) -> Response:
    return json_response({"result": "error", "message": errors}, status_code)


def _refused(request: Request, client: str) -> Response | None:
    """The 401/403 answer when this provider's receipts need credentials and these are missing or wrong."""
    header = request.headers.get("authorization")
    check = check_receipt_credentials(runtime_of(request).settings, client, header)
    if check in (CredentialCheck.NOT_REQUIRED, CredentialCheck.ACCEPTED):
        return None
    reason = "missing_credentials" if check is CredentialCheck.MISSING else "wrong_credentials"
    log.warning("receipt.rejected", provider=client.lower(), reason=reason)
    count_rejected_receipt(client.lower(), reason)
    if check is CredentialCheck.MISSING:
        response = _rejected([f"{client} callback failed: credentials missing"], 401)
        response.headers["WWW-Authenticate"] = 'Basic realm="receipts"'
        return response
    return _rejected([f"{client} callback failed: wrong credentials"], 403)


async def _enqueue_receipt(request: Request, status: Any, reference: Any, client: str, code: Any) -> Response:
    detailed_code = str(code) if _present(code) else None
    await runtime_of(request).tasks.enqueue(
        PROCESS_SMS_CLIENT_RESPONSE, SMS_CALLBACKS, str(status), str(reference), client, detailed_code
    )
    log.info("receipt.sms.received", client=client, notification_id=str(reference))
    return json_response({"result": "success"})


async def mmg_receipt(request: Request) -> Response:
    refused = _refused(request, MMG)
    if refused is not None:
        return refused
    data = await admin_json_body(request)
    errors = missing_fields(data, ("status", "CID"), MMG)
    if errors:
        return _rejected(errors)
    return await _enqueue_receipt(request, data["status"], data["CID"], MMG, data.get("substatus"))


async def firetext_receipt(request: Request) -> Response:
    refused = _refused(request, FIRETEXT)
    if refused is not None:
        return refused
    data = await form_fields(request)
    errors = missing_fields(data, ("status", "reference"), FIRETEXT)
    if errors:
        return _rejected(errors)
    return await _enqueue_receipt(request, data["status"], data["reference"], FIRETEXT, data.get("code"))


routes: list[BaseRoute] = [
    Route("/notifications/sms/mmg", mark(mmg_receipt, "provider"), methods=["POST"]),
    Route("/notifications/sms/firetext", mark(firetext_receipt, "provider"), methods=["POST"]),
]
