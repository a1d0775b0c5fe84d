"""The provider clients and provider chooser a worker process shares between all its delivery actors.

Dramatiq's AsyncIO middleware runs every async actor of a process on one event loop, so one httpx client
(one connection pool) and one SES client serve them all. Created on first use, inside that loop.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

import httpx

from notify_api.providers.choice import ProviderChooser
from notify_api.settings import Settings
from notify_workers.providers.base import SmsClient, new_http_client
from notify_workers.providers.firetext import FiretextClient
from notify_workers.providers.mmg import MmgClient
from notify_workers.providers.ses import SesClient
from notify_workers.providers.ses_simulated import SesWithSimulatedReceipts


class EmailClient(Protocol):
    @property
    def name(self) -> str: ...

    async def send_raw_email(
        self, *, source: str, raw_message: bytes, notification_id: str | None = None
    ) -> str: ...


@dataclass
class DeliveryClients:
    sms: Mapping[str, SmsClient]
    email: EmailClient
    http: httpx.AsyncClient  # also posts research-mode receipts to our own API
    chooser: ProviderChooser = field(default_factory=ProviderChooser)

    async def aclose(self) -> None:
        await self.http.aclose()
        close = getattr(self.email, "aclose", None)
        if close is not None:
            await close()


def build_delivery_clients(
    settings: Settings, *, http: httpx.AsyncClient | None = None, email: EmailClient | None = None
) -> DeliveryClients:
    http = http or new_http_client(settings.provider_timeout_seconds)
    mmg = MmgClient(http, url=settings.mmg_url, api_key=settings.mmg_api_key)
    firetext = FiretextClient(
        http,
        url=settings.firetext_url,
        api_key=settings.firetext_api_key,
        international_api_key=settings.firetext_international_api_key,
    )
    if email is None:
        email = SesClient(settings)
        if settings.ses_simulator_url:
            email = SesWithSimulatedReceipts(email, http, settings.ses_simulator_url)
    return DeliveryClients(sms={mmg.name: mmg, firetext.name: firetext}, email=email, http=http)


_clients: DeliveryClients | None = None


def worker_delivery_clients(settings: Settings) -> DeliveryClients:
    global _clients
    if _clients is None:
        _clients = build_delivery_clients(settings)
    return _clients
