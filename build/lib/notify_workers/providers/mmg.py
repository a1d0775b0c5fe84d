"""MMG's send API: a JSON POST with the pre-encoded key in ``Authorization: Basic <key>`` (spec §6)."""

from __future__ import annotations

from typing import Final

import httpx

from notify_workers.providers.base import (
    SmsRequest,
    TemporaryProviderError,
    error_for_status,
    post_to_provider,
)

MMG: Final = "mmg"


class MmgClient:
    name: Final = MMG

    def __init__(self, http: httpx.AsyncClient, *, url: str, api_key: str) -> None:
        self._http = http
        self._url = url
        self._headers = {"Authorization": f"Basic {api_key}", "Content-Type": "application/json"}

    async def send_sms(self, request: SmsRequest) -> None:
        body = {
            "reqType": "BULK",
            "MSISDN": request.to,
            "msg": request.content,
            "sender": request.sender,
            "cid": request.reference,
            "multi": True,
        }
        response = await post_to_provider(MMG, self._http, self._url, json=body, headers=self._headers)
        if not response.is_success:
            raise error_for_status(MMG, response)
        try:
            response.json()
        except ValueError as error:  # a 2xx without JSON is not MMG accepting the message
            raise TemporaryProviderError(MMG, "invalid JSON in the response", status_code=502) from error
