"""Fixtures for the admin reporting tests (activity, dashboard, facts)."""

from __future__ import annotations

import pytest

from notify_api.settings import Settings
from tests.helpers import admin_headers


@pytest.fixture
def headers(settings: Settings) -> dict[str, str]:
    return admin_headers(settings)
