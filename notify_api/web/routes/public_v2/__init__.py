"""The public REST API v2. Every route here is guarded by service API-key auth (``service_auth``)."""

from __future__ import annotations

from starlette.routing import BaseRoute

from notify_api.web.routes.public_v2 import send_notifications

# Each module of this package exposes ``routes``; list them here, in matching order (specific before generic).
routes: list[BaseRoute] = [
    *send_notifications.routes,
]
