"""Staging and production refuse to start with development secrets: one line naming every missing setting."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from notify_api.settings import ProductionSettingsError, Settings

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CHECKED = (
    "SECRET_KEY",
    "INTERNAL_CLIENT_API_KEYS",
    "MMG_INBOUND_SMS_USERNAME",
    "MMG_INBOUND_SMS_AUTH",
    "FIRETEXT_INBOUND_SMS_AUTH",
    "ROUTE_SECRET_KEY_1",
    "METRICS_BEARER_TOKEN",
)
PRODUCTION_SECRETS = {
    "SECRET_KEY": "a-real-secret",
    "INTERNAL_CLIENT_API_KEYS": '{"notify-admin": ["a-real-admin-secret"]}',
    "MMG_INBOUND_SMS_USERNAME": '["mmg-real"]',
    "MMG_INBOUND_SMS_AUTH": '["mmg-real-password"]',
    "FIRETEXT_INBOUND_SMS_AUTH": '["firetext-real-password"]',
    "ROUTE_SECRET_KEY_1": "a-real-route-secret",
    "METRICS_BEARER_TOKEN": "a-real-metrics-token",
}


def _named(line: str) -> list[str]:
    """The checked setting names a message mentions, as whole words, in the order of CHECKED."""
    words = set(re.findall(r"[A-Z][A-Z0-9_]+", line))
    return [name for name in CHECKED if name in words]


def _missing(error: ProductionSettingsError) -> str:
    return str(error.code)


@pytest.mark.parametrize("environment", ["staging", "production", "live"])
def test_development_defaults_are_refused_outside_development(environment: str) -> None:
    settings = Settings.from_env({"NOTIFY_ENVIRONMENT": environment})
    with pytest.raises(ProductionSettingsError) as raised:
        settings.check_production_secrets()
    message = _missing(raised.value)
    assert "\n" not in message
    assert _named(message) == list(CHECKED)


@pytest.mark.parametrize("environment", ["development", "test", "preview"])
def test_development_and_test_start_with_the_defaults(environment: str) -> None:
    Settings.from_env({"NOTIFY_ENVIRONMENT": environment}).check_production_secrets()


def test_production_with_its_own_secrets_starts() -> None:
    Settings.from_env({"NOTIFY_ENVIRONMENT": "production", **PRODUCTION_SECRETS}).check_production_secrets()


@pytest.mark.parametrize("name", CHECKED)
def test_each_setting_left_at_its_default_is_named(name: str) -> None:
    environ = {"NOTIFY_ENVIRONMENT": "production", **PRODUCTION_SECRETS}
    del environ[name]
    with pytest.raises(ProductionSettingsError) as raised:
        Settings.from_env(environ).check_production_secrets()
    assert _named(_missing(raised.value)) == [name]


def test_a_development_value_set_explicitly_still_counts_as_missing() -> None:
    development = Settings()
    environ = {
        "NOTIFY_ENVIRONMENT": "production",
        **PRODUCTION_SECRETS,
        "SECRET_KEY": development.secret_key,
        "MMG_INBOUND_SMS_AUTH": '["mmg-real-password", "password"]',
    }
    with pytest.raises(ProductionSettingsError) as raised:
        Settings.from_env(environ).check_production_secrets()
    assert _named(_missing(raised.value)) == ["SECRET_KEY", "MMG_INBOUND_SMS_AUTH"]


@pytest.mark.parametrize(
    "command",
    [
        [sys.executable, "-m", "notify_api.serve"],
        [sys.executable, "-c", "import asgi"],
        [sys.executable, "worker_main.py"],
        [sys.executable, "cli.py", "scheduler"],
    ],
    ids=["api-launcher", "asgi-app", "worker", "scheduler"],
)
def test_each_process_refuses_to_start(command: list[str]) -> None:
    environ = {key: value for key in ("PATH", "HOME", "LANG") if (value := os.environ.get(key)) is not None}
    environ["NOTIFY_ENVIRONMENT"] = "production"
    finished = subprocess.run(
        command, cwd=PROJECT_ROOT, env=environ, capture_output=True, text=True, timeout=60, check=False
    )

    assert finished.returncode != 0
    lines = [line for line in finished.stderr.splitlines() if line.strip()]
    assert "Traceback" not in finished.stderr
    assert len(lines) == 1, finished.stderr
    assert _named(lines[0]) == list(CHECKED)
