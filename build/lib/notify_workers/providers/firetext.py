"""Firetext's send API: a form POST; success is a 2xx with JSON ``code`` 0 (spec §6)."""

from __future__ import annotations

from typing import Final

import httpx

from notify_workers.providers.base import (
    SmsRequest,
    TemporaryProviderError,
    error_for_status,
    post_to_provider,
)

FIRETEXT: Final = "firetext"


class FiretextClient:
    name: Final = FIRETEXT

    def __init__(
        self, http: httpx.AsyncClient, *, url: str, api_key: str, international_api_key: str
    ) -> None:
        self._http = http
        self._url = url
        self._api_key = api_key
        self._international_api_key = international_api_key

    async def send_sms(self, request: SmsRequest) -> None:
        form = {
            "apiKey": self._international_api_key if request.international else self._api_key,
            "from": request.sender,
            "to": request.to.replace("+", ""),
            "message": request.content,
            "reference": request.reference,
        }
        response = await post_to_provider(FIRETEXT, self._http, self._url, data=form)
        if not response.is_success:
            raise error_for_status(FIRETEXT, response)
        try:
            code = response.json().get("code")
        except (ValueError, AttributeError) as error:
            raise TemporaryProviderError(FIRETEXT, "invalid JSON in the response", status_code=502) from error
        if code != 0:
            # Firetext reports refusals (credit, account, routing) with a 200 and a code: worth a retry,
            # possibly through the other provider.
            raise TemporaryProviderError(FIRETEXT, f"refused with code {code}")
