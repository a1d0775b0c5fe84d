"""What every provider client shares: the request it sends, the errors it raises, how HTTP answers are read.

A client raises :class:`TemporaryProviderError` for anything worth trying again (no answer, 5xx, throttling,
a refused login that an operator can fix) and :class:`PermanentProviderError` for a request the provider will
never accept. The delivery code turns those into a retry or a technical failure (``notify_workers.retry``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Protocol

import httpx

# 4xx answers that mean "this request is wrong and always will be". Others (401/403 a bad key an operator
# can fix, 408 timeout, 409, 429 throttling) are worth retrying, and may fail over to another provider.
PERMANENT_HTTP_STATUSES: Final = frozenset({400, 404, 405, 406, 410, 411, 413, 414, 415, 422})


class ProviderError(Exception):
    def __init__(self, provider: str, message: str, *, status_code: int | None = None) -> None:
        super().__init__(f"{provider}: {message}")
        self.provider = provider
        self.status_code = status_code


class TemporaryProviderError(ProviderError):
    """Worth trying again later (possibly with another provider)."""


class PermanentProviderError(ProviderError):
    """The provider will never accept this request."""


@dataclass(frozen=True)
class SmsRequest:
    to: str  # international format, digits only (``447700900855``)
    content: str
    reference: str
    sender: str
    international: bool


class SmsClient(Protocol):
    @property
    def name(self) -> str: ...

    async def send_sms(self, request: SmsRequest) -> None:
        """Hand the message to the provider or raise a ``ProviderError``."""


def error_for_status(provider: str, response: httpx.Response) -> ProviderError:
    message = f"HTTP {response.status_code}"
    if response.status_code in PERMANENT_HTTP_STATUSES:
        return PermanentProviderError(provider, message, status_code=response.status_code)
    return TemporaryProviderError(provider, message, status_code=response.status_code)


async def post_to_provider(
    provider: str,
    http: httpx.AsyncClient,
    url: str,
    *,
    json: Mapping[str, Any] | None = None,
    data: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
) -> httpx.Response:
    """POST and return the response; no answer at all (timeout, refused connection) is temporary."""
    try:
        return await http.post(url, json=json, data=data, headers=headers)
    except httpx.TimeoutException as error:
        raise TemporaryProviderError(provider, "Gateway Time-out", status_code=504) from error
    except httpx.TransportError as error:
        raise TemporaryProviderError(provider, f"connection failed: {type(error).__name__}") from error


def new_http_client(timeout_seconds: float) -> httpx.AsyncClient:
    """The process's one client for providers: pooled connections, the providers' 60 s timeout."""
    return httpx.AsyncClient(
        timeout=httpx.Timeout(timeout_seconds, connect=min(10.0, timeout_seconds)),
        limits=httpx.Limits(max_connections=100, max_keepalive_connections=20),
    )
