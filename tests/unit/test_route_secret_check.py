"""``Settings.is_route_secret``: the X-Custom-Forwarder value against every ROUTE_SECRET_KEY_n."""

from __future__ import annotations

from notify_api.settings import Settings


def test_any_configured_route_secret_is_accepted_and_nothing_else() -> None:
    settings = Settings.from_env({"ROUTE_SECRET_KEY_1": "key-one", "ROUTE_SECRET_KEY_2": "key-two"})

    assert settings.is_route_secret("key-one")
    assert settings.is_route_secret("key-two")
    assert not settings.is_route_secret("key-on")
    assert not settings.is_route_secret("")
    assert not settings.is_route_secret(None)


def test_without_route_secrets_nothing_is_accepted() -> None:
    assert not Settings.from_env({}).is_route_secret("")
