"""The public REST API v2. Every route is guarded by service API-key auth (``service_auth``), except the
API description at /v2/openapi.json."""

from __future__ import annotations

from starlette.routing import BaseRoute

from notify_api.web.routes.public_v2 import (
    bulk,
    get_notifications,
    openapi_document,
    received_texts,
    send_notifications,
    templates,
)

# Each module of this package exposes ``routes``; list them here, in matching order (specific before generic).
routes: list[BaseRoute] = [
    *bulk.routes,
    *send_notifications.routes,
    *get_notifications.routes,
    *templates.routes,
    *received_texts.routes,
    *openapi_document.routes,
]
