"""Walks every route of the app: each endpoint must say which auth guards it, and the groups must match."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import Route

from notify_api.web.auth import AUTH_ATTRIBUTE

# Routes that answer without API auth, by design: health, metrics, provider callbacks, the API description.
OPEN_PREFIXES = ("/_status", "/metrics", "/notifications/", "/v2/openapi.json", "/d/")


def test_every_route_declares_its_auth(app: Starlette) -> None:
    unguarded = []
    for route in app.routes:
        assert isinstance(route, Route), f"unexpected route type {route!r}"
        scheme = getattr(route.endpoint, AUTH_ATTRIBUTE, None)
        path = route.path
        if scheme is None:
            unguarded.append(path)
        elif path.startswith("/v2/") and path != "/v2/openapi.json":
            assert scheme == "service", f"{path} must use service API-key auth, not {scheme}"
        elif scheme in ("none", "provider"):
            assert path == "/" or path.startswith(OPEN_PREFIXES), f"{path} is open but not a public route"
        else:
            assert scheme == "admin", f"{path} must use admin auth, not {scheme}"
    assert unguarded == []


def test_there_are_routes_of_each_group(app: Starlette) -> None:
    schemes = {
        getattr(route.endpoint, AUTH_ATTRIBUTE, None) for route in app.routes if isinstance(route, Route)
    }
    assert schemes == {"service", "admin", "none", "provider"}
