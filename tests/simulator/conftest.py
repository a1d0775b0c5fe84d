"""Fixtures for the provider simulator tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from notify_dev.simulator import ProviderSimulator
from notify_dev.simulator_receipts import HttpReceiptPoster
from tests.simulator.simulator_fakes import ReceiptReceiver


@pytest.fixture
def receiver() -> ReceiptReceiver:
    return ReceiptReceiver()


@pytest.fixture
async def simulator(receiver: ReceiptReceiver) -> AsyncIterator[ProviderSimulator]:
    receipts_client = httpx.AsyncClient(transport=httpx.ASGITransport(app=receiver))
    poster = HttpReceiptPoster("http://api.internal", client=receipts_client)
    app = ProviderSimulator(receipt_poster=poster, receipt_delay=0.0)
    yield app
    await app.aclose()
    await receipts_client.aclose()


@pytest.fixture
async def client(simulator: ProviderSimulator) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=simulator)
    async with httpx.AsyncClient(transport=transport, base_url="http://simulator") as http:
        yield http
