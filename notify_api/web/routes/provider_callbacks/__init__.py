"""Provider callbacks: delivery receipts and inbound SMS (no API auth; inbound SMS uses HTTP Basic)."""

from __future__ import annotations

from starlette.routing import BaseRoute

routes: list[BaseRoute] = []
