"""Texts sent to services' inbound numbers, from MMG (JSON) and Firetext (form), over HTTP Basic auth.

No credentials: 401. Wrong credentials: 403. A number no service can take is still acknowledged with 200.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from notify_api.errors import InvalidRequest
from notify_api.inbound.receiving import decode_mmg_text, receive_text
from notify_api.inbound.types import ReceivedText
from notify_api.logging import get_logger
from notify_api.receipts.credentials import basic_credentials, one_of
from notify_api.settings import Settings
from notify_api.web.auth import Endpoint, mark
from notify_api.web.context import runtime_of
from notify_api.web.requests import admin_json_body
from notify_api.web.responses import json_response
from notify_api.web.routes.provider_callbacks.sms_receipts import form_fields

log = get_logger(__name__)

FIRETEXT_INBOUND_USERNAME = "notify"
CredentialCheck = Callable[[Settings, str, str], bool]


def mmg_credentials_ok(settings: Settings, username: str, password: str) -> bool:
    return one_of(username, settings.mmg_inbound_sms_username) & one_of(
        password, settings.mmg_inbound_sms_auth
    )


def firetext_credentials_ok(settings: Settings, username: str, password: str) -> bool:
    return one_of(username, [FIRETEXT_INBOUND_USERNAME]) & one_of(
        password, settings.firetext_inbound_sms_auth
    )


def provider_basic_auth(provider: str, check: CredentialCheck) -> Callable[[Endpoint], Endpoint]:
    def wrap(handler: Endpoint) -> Endpoint:
        async def endpoint(request: Request) -> Response:
            credentials = basic_credentials(request.headers.get("authorization"))
            if credentials is None:
                log.warning("inbound_sms.no_credentials", provider=provider)
                raise HTTPException(401, headers={"WWW-Authenticate": 'Basic realm="inbound-sms"'})
            if not check(runtime_of(request).settings, *credentials):
                log.warning("inbound_sms.wrong_credentials", provider=provider)
                raise HTTPException(403)
            return await handler(request)

        endpoint.__name__ = handler.__name__
        return mark(endpoint, "provider")

    return wrap


def _required(data: dict[str, Any], fields: tuple[str, ...], provider: str) -> None:
    for name in fields:
        if data.get(name) in (None, ""):
            raise InvalidRequest(f"{provider} inbound SMS failed: {name} missing", 400)


async def _store(request: Request, text: ReceivedText) -> bool:
    runtime = runtime_of(request)
    async with runtime.database.unit_of_work() as work:
        stored = await receive_text(work, runtime.encryption, runtime.tasks, text)
    return stored is not None


@provider_basic_auth("mmg", mmg_credentials_ok)
async def receive_mmg_sms(request: Request) -> Response:
    data = await admin_json_body(request)
    _required(data, ("MSISDN", "Number", "Message"), "MMG")
    text = ReceivedText(
        provider="mmg",
        destination=str(data["Number"]),
        source=str(data["MSISDN"]),
        content=decode_mmg_text(str(data["Message"])),
        provider_reference=str(data["ID"]) if data.get("ID") is not None else None,
        date_received=str(data["DateRecieved"]) if data.get("DateRecieved") else None,  # sic: MMG's spelling
    )
    if not await _store(request, text):
        return PlainTextResponse("RECEIVED")
    return json_response({"status": "ok"})


@provider_basic_auth("firetext", firetext_credentials_ok)
async def receive_firetext_sms(request: Request) -> Response:
    data = await form_fields(request)
    _required(data, ("source", "destination", "message"), "Firetext")
    text = ReceivedText(
        provider="firetext",
        destination=data["destination"],
        source=data["source"],
        content=data["message"],
        provider_reference=None,
        date_received=data.get("time") or None,
    )
    await _store(request, text)
    return json_response({"status": "ok"})


routes: list[BaseRoute] = [
    Route("/notifications/sms/receive/mmg", receive_mmg_sms, methods=["POST"]),
    Route("/notifications/sms/receive/firetext", receive_firetext_sms, methods=["POST"]),
]
