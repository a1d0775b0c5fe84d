"""Fixtures for service callback tests: a real HTTP receiver and an HTTP client."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from tests.workers.callbacks.callback_receiver import callback_receiver

__all__ = ["callback_receiver", "http"]


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client
