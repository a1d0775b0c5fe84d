"""SES in local runs: moto accepts the email, and the provider simulator posts its receipt.

Moto has no delivery notifications, so after each send this client tells the simulator the message id and
recipient; the simulator posts an SNS notification to our receipt endpoint, as AWS would. Used only when
``SES_SIMULATOR_URL`` is set (``make run`` sets it).
"""

from __future__ import annotations

from email import message_from_bytes
from email.utils import getaddresses
from typing import Protocol

import httpx

from notify_api.logging import get_logger

log = get_logger(__name__)


class _EmailSender(Protocol):
    @property
    def name(self) -> str: ...

    async def send_raw_email(
        self, *, source: str, raw_message: bytes, notification_id: str | None = None
    ) -> str: ...


class SesWithSimulatedReceipts:
    def __init__(self, ses: _EmailSender, http: httpx.AsyncClient, simulator_url: str) -> None:
        self._ses = ses
        self._http = http
        self._simulator_url = simulator_url

    @property
    def name(self) -> str:
        return self._ses.name

    async def aclose(self) -> None:
        close = getattr(self._ses, "aclose", None)
        if close is not None:
            await close()

    async def send_raw_email(
        self, *, source: str, raw_message: bytes, notification_id: str | None = None
    ) -> str:
        message_id = await self._ses.send_raw_email(
            source=source, raw_message=raw_message, notification_id=notification_id
        )
        recipients = getaddresses(message_from_bytes(raw_message).get_all("To", []))
        recipient = recipients[0][1] if recipients else ""
        try:
            await self._http.post(
                self._simulator_url, json={"message_id": message_id, "recipient": recipient}
            )
        except httpx.HTTPError as error:
            log.warning("ses.simulated_receipt_failed", error=type(error).__name__)
        return message_id
